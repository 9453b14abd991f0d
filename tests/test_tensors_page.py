"""The tensors page through AppTest, in both languages: the grids drawn hold torch's numbers, refusals show torch's words."""
import contextlib
import io
import re

import pyarrow as pa
import pytest
import torch

from core import tensors as T
from core.snippets.tensors import snippet
from tests.conftest import LANGS, has_cjk, python_code
from tests.test_tensors import DIRECT_CREATE, DIRECT_OPS
from ui.i18n import CATALOGUE

X23 = torch.tensor([[1, 2, 3], [4, 5, 6]])


def grids(at):
    """The values each grid on the page draws, in page order, as flat float lists."""
    out = []
    for chart in at.get("vega_lite_chart"):
        table = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().to_pandas()
        out.append(table["value"].tolist())
    return out


def flat(x):
    return x.detach().cpu().to(torch.float64).reshape(-1).tolist()


def warnings(at):
    return " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("lang", LANGS)
def test_default_view_draws_torch_numbers(app, lang):
    at = app("tensors", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert has_cjk(at.header[0].value) == (lang == "zh")
    assert "torch.Size([2, 3])" in " ".join(m.value for m in at.markdown)
    x, x_again, y = grids(at)
    assert x == x_again == flat(X23)
    assert y == flat(X23.view(3, -1))
    assert python_code(at)[0] == "x = torch.tensor([[1, 2, 3], [4, 5, 6]])"
    assert python_code(at)[1] == "y = x.view(3, -1)"


def test_every_operation_on_the_page_matches_torch(app):
    at = app("tensors", "en")
    for name, op in T.OPS.items():
        at.selectbox(key="to_name").set_value(name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        args = op.defaults(tuple(X23.shape))
        try:
            want = DIRECT_OPS[name](X23.clone(), args)
        except (RuntimeError, IndexError, AssertionError) as e:
            assert str(e) in warnings(at), name
            continue
        drawn = grids(at)
        assert drawn[-1] == flat(want), name
        if op.binary:
            assert drawn[2] == flat(T.other_tensor(args["other"], X23.dtype)), name


@pytest.mark.parametrize("lang", LANGS)
def test_refusals_show_torch_message(app, lang):
    at = app("tensors", lang)
    at.selectbox(key="to_name").set_value("matmul").run()
    at.number_input(key="to_matmul_other_2x3_0").set_value(2).run()  # B (2, 2): inner sizes 3 and 2 differ
    assert not at.exception
    assert "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x2)" in warnings(at)
    assert len(grids(at)) == 3  # x above, then x and B; no y
    at.selectbox(key="to_name").set_value("view").run()
    at.number_input(key="to_view_shape_0").set_value(4).run()
    assert "shape '[4, -1]' is invalid for input of size 6" in warnings(at)


def test_every_creator_draws_its_tensor(app):
    at = app("tensors", "zh")
    for name in T.CREATORS:
        at.selectbox(key="tc_name").set_value(name).run()
        assert not at.exception, (name, [e.value for e in at.exception])
        if name in DIRECT_CREATE:
            assert grids(at)[0] == flat(DIRECT_CREATE[name]()), name


def test_creation_refusal_and_shape_widgets(app):
    at = app("tensors", "en")
    at.selectbox(key="tc_name").set_value("arange").run()
    at.number_input(key="tc_arange_step").set_value(0).run()
    assert not at.exception and "step must be nonzero" in warnings(at)
    assert not grids(at)  # nothing to draw, and no operation without an x

    at.selectbox(key="tc_name").set_value("randn").run()
    at.selectbox(key="tc_randn_shape_n").set_value(3).run()
    for i, size in enumerate((2, 3, 4)):
        at.number_input(key=f"tc_randn_shape_{i}").set_value(size)
    at.number_input(key="tc_randn_seed").set_value(5).run()
    x = torch.randn(2, 3, 4, generator=torch.Generator().manual_seed(5))
    at.selectbox(key="to_name").set_value("permute").run()
    assert not at.exception
    drawn = grids(at)
    assert drawn[0] == flat(x) and drawn[-1] == flat(x.permute(2, 1, 0))
    at.selectbox(key="to_permute_dims_2x3x4").set_value((1, 2, 0)).run()
    assert grids(at)[-1] == flat(x.permute(1, 2, 0))


def test_inplace_shows_x_after(app):
    at = app("tensors", "en")
    at.selectbox(key="to_name").set_value("add_").run()
    at.number_input(key="to_add__s").set_value(2.0).run()
    x_top, x_before, x_after, y = grids(at)
    assert x_before == flat(X23) and x_after == y == flat(X23 + 2)
    at.number_input(key="to_add__s").set_value(0.5).run()
    assert "can't be cast to the desired output type Long" in warnings(at)


def test_every_argument_has_a_label_in_both_languages():
    names = {a.name for table in (T.CREATORS, T.OPS) for entry in table.values() for a in entry.args}
    missing = sorted(n for n in names if f"tensors.arg.{n}" not in CATALOGUE)
    assert not missing


def _run(source):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, {})
    return out.getvalue()


@pytest.mark.parametrize("creator,cargs,op,oargs", [
    ("tensor", {}, "view", {"shape": (3, -1)}),
    ("randn", {"shape": (3, 4), "seed": 9}, "matmul", {}),
    ("linspace", {"steps": 6}, "unsqueeze", {"dim": 1}),
    ("from_numpy", {"rows": 3, "cols": 2}, "add_", {"s": 3.0}),
    ("randint", {"shape": (2, 4), "seed": 1}, "sum", {"dim": 1, "keepdim": True}),
    ("eye", {"n": 2, "m": 3}, "cat", {"other": (2, 2), "dim": 1}),
])
def test_snippet_prints_what_the_page_shows(creator, cargs, op, oargs):
    text = _run(snippet(creator, cargs, op, oargs))
    made = T.create(creator, **cargs)
    out = T.apply(op, made.tensor, **oargs)
    x_printed = eval(re.search(r"^x = (.*)$", text, re.M).group(1))
    y_printed = eval(re.search(r"^y = (.*)$", text, re.M).group(1))
    assert torch.allclose(torch.tensor(x_printed, dtype=torch.float64), made.tensor.double())
    assert torch.allclose(torch.tensor(y_printed, dtype=torch.float64), out.y.double())
    assert f"y.shape: {tuple(out.y.shape)}" in text


@pytest.mark.parametrize("creator,cargs,op,oargs", [
    ("tensor", {}, "view", {"shape": (4, -1)}),
    ("tensor", {}, "t_view", {"shape": (-1,)}),
    ("arange", {"start": 5, "end": 1}, None, None),
])
def test_snippet_of_a_refusal_runs_and_prints_torch_message(creator, cargs, op, oargs):
    text = _run(snippet(creator, cargs, op, oargs))
    made = T.create(creator, **cargs)
    error = made.error if op is None else T.apply(op, made.tensor, **oargs).error
    assert error and f"RuntimeError: {error}" in text


def test_fewer_or_more_dims_keep_sizes_drawable(app):
    at = app("tensors", "en")
    at.selectbox(key="tc_name").set_value("ones").run()
    at.number_input(key="tc_ones_shape_0").set_value(8).run()
    at.selectbox(key="tc_ones_shape_n").set_value(3).run()  # 8 is too big for a 3-d tensor (at most 4 a dim)
    assert not at.exception, [e.value for e in at.exception]
    # the sizes' limits changed, so the widgets start again from the table's default, a new dim at 2
    assert "torch.Size([2, 3, 2])" in " ".join(m.value for m in at.markdown)
    size_boxes = [w for w in at.number_input if w.key and w.key.startswith("tc_ones_shape_")]
    assert [w.max for w in size_boxes] == [4, 4, 4]
    at.selectbox(key="tc_ones_shape_n").set_value(1).run()
    assert not at.exception and len(grids(at)[0]) == at.number_input(key="tc_ones_shape_0").value


def test_an_empty_tensor_is_shown_as_such(app):
    at = app("tensors", "en")
    at.selectbox(key="tc_name").set_value("arange").run()
    at.number_input(key="tc_arange_start").set_value(5).run()
    at.number_input(key="tc_arange_end").set_value(5).run()  # torch.arange(5, 5, 1): shape (0,)
    assert not at.exception, [e.value for e in at.exception]
    assert "torch.Size([0])" in " ".join(m.value for m in at.markdown)
    # x above, x beside y, and y = x.view(3, -1) of shape (3, 0): each says so instead of a grid
    assert len(at.info) == 3 and not grids(at)
    assert "**y** · `(3, 0)` · `int64`" in [m.value for m in at.markdown]


def test_grids_of_one_operation_share_a_colour_scale(app):
    import json

    at = app("tensors", "en")
    at.selectbox(key="to_name").set_value("cat").run()

    def domain(chart):
        return json.loads(chart.proto.spec)["layer"][0]["encoding"]["color"]["condition"]["scale"]["domain"]

    top, x, B, y = at.get("vega_lite_chart")
    assert domain(x) == domain(B) == domain(y) == [0, 60.0]  # x's 1..6 and B's 10..60, one scale
    assert domain(top) == [0, 6.0]
