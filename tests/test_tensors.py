"""core.tensors against torch itself: every creation, every operation, every shape rule, every refusal."""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from core import tensors as T

X23 = torch.tensor([[1, 2, 3], [4, 5, 6]])


def _g(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


# What each creator should equal, written with torch directly (not through the table).
DIRECT_CREATE = {
    "tensor": lambda: torch.tensor([[1, 2, 3], [4, 5, 6]]),
    "arange": lambda: torch.arange(0, 12, 1),
    "linspace": lambda: torch.linspace(0.0, 1.0, 5),
    "zeros": lambda: torch.zeros(2, 3),
    "ones": lambda: torch.ones(2, 3),
    "eye": lambda: torch.eye(3, 3),
    "rand": lambda: torch.rand(2, 3, generator=_g(0)),
    "randn": lambda: torch.randn(2, 3, generator=_g(0)),
    "randint": lambda: torch.randint(0, 10, (2, 3), generator=_g(0)),
    "from_numpy": lambda: torch.from_numpy(np.arange(6).reshape(2, 3)),
}


def test_every_creator_is_checked_here():
    assert set(DIRECT_CREATE) | {"empty"} == set(T.CREATORS)


@pytest.mark.parametrize("name", sorted(DIRECT_CREATE))
def test_creator_defaults_equal_torch(name):
    made = T.create(name)
    want = DIRECT_CREATE[name]()
    assert made.ok, made.error
    assert made.tensor.dtype == want.dtype and made.tensor.shape == want.shape
    assert torch.equal(made.tensor, want)


def test_empty_has_shape_and_dtype_but_no_promised_values():
    made = T.create("empty", shape=(3, 2), dtype="int64")
    assert made.tensor.shape == (3, 2) and made.tensor.dtype == torch.int64


@pytest.mark.parametrize("name", sorted(T.CREATORS))
def test_creator_code_runs_and_gives_the_same_tensor(name):
    made = T.create(name)
    scope = {"torch": torch, "np": np}
    exec(made.code, scope)
    assert scope["x"].shape == made.tensor.shape and scope["x"].dtype == made.tensor.dtype
    if name != "empty":
        assert torch.equal(scope["x"], made.tensor)


def test_random_creators_follow_the_seed_and_leave_the_global_rng_alone():
    before = torch.random.get_rng_state()
    a, b, c = (T.create("randn", shape=(4, 4), seed=s).tensor for s in (7, 7, 8))
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert torch.equal(torch.random.get_rng_state(), before)


def test_dtype_argument_and_inference():
    assert T.create("zeros", shape=(2,), dtype="bool").tensor.dtype == torch.bool
    assert T.create("tensor", dtype="float32").tensor.dtype == torch.float32  # from 1.0, 2.0, ...
    assert T.create("tensor", rows=3, cols=1).tensor.tolist() == [[1], [2], [3]]


@pytest.mark.parametrize("name,args,fragment", [
    ("arange", {"start": 5, "end": 2, "step": 1}, "inconsistent with step sign"),
    ("arange", {"step": 0}, "step must be nonzero"),
    ("randint", {"low": 5, "high": 5}, "from"),
])
def test_creation_errors_carry_torch_message(name, args, fragment):
    made = T.create(name, **args)
    assert not made.ok and made.tensor is None
    with pytest.raises(RuntimeError) as raised:
        exec(made.code, {"torch": torch, "np": np})
    assert made.error == str(raised.value) and fragment in made.error


def test_shapes_are_clamped_to_drawable_sizes():
    assert T.clamp_shape((100,)) == (16,)
    assert T.clamp_shape((0, 9)) == (1, 8)
    assert T.clamp_shape((9, 9, 9, 9)) == (4, 4, 4)
    assert T.create("ones", shape=(50, 50)).tensor.shape == (8, 8)


# --- operations against torch ---------------------------------------------------------------

# The page's number box gives floats; a whole number is written (and passed) as an int, as people write it.
AS_WRITTEN = lambda s: int(s) if float(s).is_integer() else float(s)  # noqa: E731
B_OF = lambda shape, dtype: (10 * torch.arange(1, math.prod(shape) + 1)).reshape(shape).to(dtype)  # noqa: E731

DIRECT_OPS = {
    "view": lambda x, a: x.view(*a["shape"]),
    "reshape": lambda x, a: x.reshape(*a["shape"]),
    "t_view": lambda x, a: x.t().view(*a["shape"]),
    "t_reshape": lambda x, a: x.t().reshape(*a["shape"]),
    "transpose": lambda x, a: x.transpose(a["dim0"], a["dim1"]),
    "permute": lambda x, a: x.permute(*a["dims"]),
    "cat": lambda x, a: torch.cat([x, B_OF(a["other"], x.dtype)], a["dim"]),
    "stack": lambda x, a: torch.stack([x, B_OF(a["other"], x.dtype)], a["dim"]),
    "matmul": lambda x, a: torch.matmul(x, B_OF(a["other"], x.dtype)),
    "mul": lambda x, a: torch.mul(x, B_OF(a["other"], x.dtype)),
    "broadcast": lambda x, a: torch.add(x, B_OF(a["other"], x.dtype)),
    "add": lambda x, a: torch.add(x, AS_WRITTEN(a["s"])),
    "add_": lambda x, a: x.clone().add_(AS_WRITTEN(a["s"])),
    "to_dtype": lambda x, a: x.to(T.DTYPES[a["dtype"]]),
    "to_device": lambda x, a: x.to(a["device"]),
    "sum": lambda x, a: torch.sum(x, a["dim"], keepdim=a["keepdim"]),
    "unsqueeze": lambda x, a: torch.unsqueeze(x, a["dim"]),
}

CASES = [
    ("view", X23, {"shape": (3, 2)}), ("view", X23, {"shape": (-1,)}), ("view", X23, {"shape": (4, -1)}),
    ("reshape", X23, {"shape": (1, 6)}), ("reshape", X23, {"shape": (5,)}),
    ("t_view", X23, {"shape": (-1,)}), ("t_view", X23, {"shape": (3, 2)}), ("t_reshape", X23, {"shape": (-1,)}),
    ("transpose", X23, {"dim0": 0, "dim1": 1}), ("transpose", X23, {"dim0": 0, "dim1": 2}),
    ("permute", torch.zeros(2, 3, 4), {"dims": (2, 0, 1)}), ("permute", X23, {"dims": (0, 0)}),
    ("cat", X23, {"other": (2, 3), "dim": 1}), ("cat", X23, {"other": (3, 3), "dim": 1}),
    ("cat", X23, {"other": (2, 3), "dim": 2}), ("cat", X23, {"other": (3, 3), "dim": 0}),
    ("stack", X23, {"other": (2, 3), "dim": 2}), ("stack", X23, {"other": (3, 2), "dim": 0}),
    ("matmul", X23, {"other": (3, 4)}), ("matmul", X23, {"other": (2, 2)}), ("matmul", X23, {"other": (3,)}),
    ("matmul", X23.float(), {"other": (3, 2)}),
    ("mul", X23, {"other": (2, 3)}), ("mul", X23, {"other": (3, 2)}),
    ("broadcast", X23, {"other": (2, 1)}), ("broadcast", X23, {"other": (2,)}),
    ("add", X23, {"s": 0.5}), ("add", X23, {"s": 2.0}),
    ("add_", X23, {"s": 2.0}), ("add_", X23, {"s": 0.5}), ("add_", X23.float(), {"s": 0.5}),
    ("to_dtype", X23.float() / 4, {"dtype": "int64"}), ("to_dtype", X23 - 3, {"dtype": "bool"}),
    ("to_dtype", X23, {"dtype": "float16"}),
    ("to_device", X23, {"device": "cpu"}), ("to_device", X23, {"device": "cuda"}),
    ("sum", X23, {"dim": 1, "keepdim": True}), ("sum", X23, {"dim": -1, "keepdim": False}),
    ("sum", X23, {"dim": 3, "keepdim": False}),
    ("unsqueeze", X23, {"dim": 1}), ("unsqueeze", X23, {"dim": -4}),
]


def test_every_op_is_checked_here():
    assert set(DIRECT_OPS) == set(T.OPS) == {name for name, _, _ in CASES}


def _torch_says(name, x, args):
    try:
        return DIRECT_OPS[name](x.clone(), args), None
    except (RuntimeError, IndexError, AssertionError, TypeError, ValueError) as e:
        return None, str(e)


@pytest.mark.parametrize("name,x,args", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_op_equals_torch_or_carries_its_message(name, x, args):
    out = T.apply(name, x, **args)
    want, message = _torch_says(name, x, args)
    if message is not None:
        assert not out.ok and out.y is None
        assert out.error == message
    else:
        assert out.ok, out.error
        assert out.y.shape == want.shape and out.y.dtype == want.dtype
        assert torch.equal(out.y.cpu(), want.cpu())
    assert torch.equal(out.x, x)  # the caller's x is never changed, even by add_


@pytest.mark.parametrize("name,x,args", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_code_line_does_what_apply_does(name, x, args):
    out = T.apply(name, x, **args)
    scope = {"torch": torch, "x": x.clone()}
    try:
        exec(out.code, scope)
    except (RuntimeError, IndexError, AssertionError) as e:
        assert out.error == str(e)
    else:
        assert out.ok and torch.equal(scope["y"].cpu(), out.y.cpu())


def test_some_cases_really_fail_and_show_the_teaching_message():
    assert "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x2)" == T.apply("matmul", X23, other=(2, 2)).error
    assert "invalid for input of size 6" in T.apply("view", X23, shape=(4, -1)).error
    assert "Use .reshape" in T.apply("t_view", X23, shape=(-1,)).error
    assert "Dimension out of range" in T.apply("cat", X23, other=(2, 3), dim=2).error
    assert "can't be cast" in T.apply("add_", X23, s=0.5).error


def test_inplace_changes_x_and_out_of_place_does_not():
    inplace = T.apply("add_", X23, s=2.0)
    assert torch.equal(inplace.x_after, X23 + 2) and inplace.same_storage
    out = T.apply("add", X23, s=0.5)
    assert out.x_after is None and not out.same_storage and out.y.dtype == torch.float32


def test_views_share_storage_and_copies_do_not():
    assert T.apply("view", X23, shape=(3, 2)).same_storage
    assert T.apply("transpose", X23).same_storage
    assert not T.apply("t_reshape", X23, shape=(-1,)).same_storage  # had to copy
    assert not T.apply("to_dtype", X23, dtype="float32").same_storage


def test_defaults_follow_x():
    x = torch.zeros(3, 4)
    assert T.apply("matmul", x).B.shape == (4, 2)
    assert T.apply("cat", x).B.shape == (3, 4)
    assert T.apply("permute", torch.zeros(2, 3, 4)).y.shape == (4, 3, 2)


# --- the shape rules, held against torch ----------------------------------------------------

shapes = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)
dims = st.integers(-4, 3)
targets = st.lists(st.integers(-1, 8), min_size=1, max_size=3).map(tuple)


def _agrees(name, x_shape, **args):
    x = torch.arange(math.prod(x_shape)).reshape(x_shape)
    predicted = T.predicted_shape(name, x_shape, **args)
    out = T.apply(name, x, **args)
    assert (predicted is None) == (not out.ok), (name, x_shape, args, predicted, out.error)
    if out.ok:
        assert predicted == tuple(out.y.shape)


@settings(max_examples=60, deadline=None)
@given(shapes, shapes, dims)
def test_join_rules(a, b, dim):
    _agrees("cat", a, other=b, dim=dim)
    _agrees("stack", a, other=b, dim=dim)


@settings(max_examples=60, deadline=None)
@given(shapes, shapes)
def test_product_and_broadcast_rules(a, b):
    _agrees("matmul", a, other=b)
    _agrees("mul", a, other=b)
    _agrees("broadcast", a, other=b)


@settings(max_examples=60, deadline=None)
@given(shapes, targets, dims, dims)
def test_reshaping_rules(a, target, d0, d1):
    _agrees("view", a, shape=target)
    _agrees("reshape", a, shape=target)
    _agrees("transpose", a, dim0=d0, dim1=d1)
    _agrees("sum", a, dim=d0, keepdim=bool(d1 % 2))
    _agrees("unsqueeze", a, dim=d0)


@pytest.mark.parametrize("dims_", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (0, 0, 1), (0, 1)])
def test_permute_rule(dims_):
    _agrees("permute", (2, 3, 4), dims=dims_)


def test_permutation_choices():
    assert len(T.permutation_choices(3)) == 6 and T.permutation_choices(1) == [(0,)]


# --- the grid the page draws ----------------------------------------------------------------


def test_grid_frame_has_one_cell_per_element_in_order():
    x = torch.arange(24).reshape(2, 3, 4)
    df = T.grid_frame(x)
    assert len(df) == 24 and df["value"].tolist() == list(range(24))
    assert df["panel"].unique().tolist() == ["[0, :, :]", "[1, :, :]"]
    assert df.loc[5, ["row", "col"]].tolist() == [1, 1]


def test_value_range_is_over_finite_values_of_all():
    assert T.value_range(torch.tensor([1.0, float("inf")]), torch.tensor([[-2, 5]])) == (-2.0, 5.0)
    assert T.value_range(torch.tensor([True, False])) == (0.0, 1.0)
    assert T.value_range(torch.zeros(0), None) is None


def test_grid_frame_of_an_empty_tensor_is_empty():
    assert T.grid_frame(torch.arange(5, 5)).empty and T.grid_frame(torch.zeros(2, 0)).empty


@pytest.mark.parametrize("x,texts", [
    (torch.tensor(3.5), ["3.5"]),
    (torch.tensor([True, False]), ["T", "F"]),
    (torch.tensor([0.25, 1234.0, 0.001]), ["0.25", "1.23e+03", "0.001"]),
    (torch.tensor([-2, 7]), ["-2", "7"]),
])
def test_grid_frame_text(x, texts):
    assert T.grid_frame(x)["text"].tolist() == texts


def test_attributes_are_torch_own():
    got = T.attributes(X23)
    assert got == {expr: str(eval(expr, {"x": X23})) for expr in got}
    assert got["x.shape"] == "torch.Size([2, 3])" and got["x.dtype"] == "torch.int64"
