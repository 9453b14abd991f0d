"""The tensors page as a link: a URL restores the view, the controls write the URL, bad values are tamed,
and what a visitor downloads or copies is what the page computed."""
import contextlib
import io
import re

import pytest
import torch

from core import tensors as T
from tests.conftest import link_query, python_code, read_csv, url_query, view_link
from tests.test_tensors_page import flat, grids
from ui import tensors_view as V

SLUG = "tensors"


def _inputs(at):
    """Every argument widget's value, by key (the page's whole state)."""
    return {w.key: w.value for kind in ("selectbox", "number_input", "toggle") for w in at.get(kind)
            if w.key and w.key.startswith(("tc_", "to_"))}


def test_a_link_restores_creator_operation_and_arguments(app, duplicate_warnings):
    at = app(SLUG, "en", make="randn", randn_shape="2,3,4", randn_seed="5", op="permute", permute_dims="1,2,0")
    assert not at.exception and not at.toast and not duplicate_warnings
    assert at.selectbox(key="tc_name").value == "randn" and at.selectbox(key="to_name").value == "permute"
    assert at.selectbox(key="tc_randn_shape_n").value == 3
    assert [at.number_input(key=f"tc_randn_shape_{i}").value for i in range(3)] == [2, 3, 4]
    assert at.selectbox(key="to_permute_dims_2x3x4").value == (1, 2, 0)
    x = torch.randn(2, 3, 4, generator=torch.Generator().manual_seed(5))
    drawn = grids(at)
    assert drawn[0] == flat(x) and drawn[-1] == flat(x.permute(1, 2, 0))
    link = view_link(at)
    for part in ("make=randn", "randn_shape=2,3,4", "randn_seed=5", "op=permute", "permute_dims=1,2,0"):
        assert part in link, (part, link)


def test_a_link_with_view_sizes_and_a_second_operand(app, duplicate_warnings):
    at = app(SLUG, "en", make="arange", arange_end="8", op="view", view_shape="2,-1,2")
    assert not at.exception and not at.toast and not duplicate_warnings
    assert grids(at)[-1] == flat(torch.arange(0, 8).view(2, -1, 2))
    at = app(SLUG, "zh", op="cat", cat_other="2,1", cat_dim="1")
    assert not at.exception and not at.toast
    want = torch.cat((torch.tensor([[1, 2, 3], [4, 5, 6]]), T.other_tensor((2, 1), torch.int64)), dim=1)
    assert grids(at)[-1] == flat(want)
    assert [at.number_input(key=f"to_cat_other_2x3_{i}").value for i in range(2)] == [2, 1]


def test_controls_write_the_url_and_defaults_leave_it(app, duplicate_warnings):
    at = app(SLUG, "en")
    assert url_query(at) == {"lang": "en"}
    at.selectbox(key="tc_name").set_value("linspace").run()
    at.number_input(key="tc_linspace_steps").set_value(6).run()
    at.selectbox(key="to_name").set_value("matmul").run()
    at.number_input(key="to_matmul_other_6_1").set_value(3).run()
    assert url_query(at) == {"lang": "en", "make": "linspace", "linspace_steps": "6", "op": "matmul", "matmul_other": "6,3"}
    at.number_input(key="to_matmul_other_6_1").set_value(2).run()  # (6, 2) is what matmul offers a (6,) x
    at.number_input(key="tc_linspace_steps").set_value(5).run()
    assert url_query(at) == {"lang": "en", "make": "linspace", "op": "matmul"}
    at.selectbox(key="to_name").set_value("sum").run()  # another operation: matmul's arguments leave the link
    at.toggle(key="to_sum_keepdim").set_value(True).run()
    at.selectbox(key="tc_name").set_value("tensor").run()
    assert url_query(at) == {"lang": "en", "op": "sum", "sum_keepdim": "1"}
    assert not at.exception and not duplicate_warnings


@pytest.mark.parametrize("query,names", [
    ({"make": "<script>alert(1)</script>", "op": "1e999"}, ["make", "op"]),
    ({"make": "randn", "randn_shape": "99,99,99,99", "randn_seed": "nan"}, ["randn_shape", "randn_seed"]),
    ({"make": "ones", "ones_shape": "99,0,3", "ones_dtype": "complex128", "op": "view", "view_shape": "x" * 5000},
     ["ones_shape", "ones_dtype", "view_shape"]),
    ({"op": "permute", "permute_dims": "0,0,1", "sum_keepdim": "maybe", "tensor_rows": "1e999"},
     ["permute_dims", "sum_keepdim", "tensor_rows"]),
])
def test_bad_values_are_tamed_and_named(app, duplicate_warnings, query, names):
    at = app(SLUG, "en", **query)
    assert not at.exception, [e.value for e in at.exception]
    assert not duplicate_warnings
    toast = " ".join(x.value for x in at.toast)
    for name in names:
        assert f"`{name}`" in toast, (name, toast)
    assert at.selectbox(key="tc_name").value in T.CREATORS
    for box in at.number_input:  # every widget holds a value it could have been given by hand
        assert box.min <= box.value <= box.max, (box.key, box.value)
    for box in at.selectbox:
        assert box.value in box.options or box.format_func(box.value) in box.options, (box.key, box.value)
    assert "<script>" not in view_link(at)


def test_an_oversized_shape_is_clamped(app):
    at = app(SLUG, "en", make="ones", ones_shape="99,0,3")
    assert [at.number_input(key=f"tc_ones_shape_{i}").value for i in range(3)] == [T.SHAPE_MAX[3], 1, 3]
    assert "ones_shape=4,1,3" in view_link(at)


def test_round_trip_through_the_link(app):
    at = app(SLUG, "zh")
    at.selectbox(key="tc_name").set_value("randint").run()
    at.number_input(key="tc_randint_high").set_value(15).run()
    at.selectbox(key="tc_randint_shape_n").set_value(3).run()
    at.number_input(key="tc_randint_shape_2").set_value(3).run()
    at.number_input(key="tc_randint_seed").set_value(42).run()
    at.selectbox(key="to_name").set_value("stack").run()
    at.number_input(key="to_stack_dim").set_value(-1).run()
    before, drawn = _inputs(at), grids(at)
    query = link_query(at)
    again = app(SLUG, query.pop("lang"), **query)
    assert not again.exception and not again.toast
    assert _inputs(again) == before and grids(again) == drawn


@pytest.mark.parametrize("x", [
    torch.arange(24).reshape(2, 3, 4), torch.randn(3, 5, generator=torch.Generator().manual_seed(1)),
    torch.tensor([True, False, True]), torch.tensor(3.5), torch.linspace(0, 1, 4).to(torch.float16),
])
def test_tensor_download_puts_every_value_at_its_index(x):
    got = read_csv(V.tensor_table(x))
    assert list(got.columns) == [*(f"dim{d}" for d in range(x.dim())), "value"] and len(got) == x.numel()
    rebuilt = torch.zeros(x.shape, dtype=torch.float64)
    for row in got.itertuples(index=False):
        rebuilt[tuple(int(i) for i in row[:-1])] = row[-1]
    assert torch.allclose(rebuilt, x.double(), atol=1e-6)


def test_page_offers_x_and_y_and_only_x_when_torch_refuses(app):
    at = app(SLUG, "en")
    assert len(at.get("download_button")) == 2
    at = app(SLUG, "en", op="view", view_shape="4,-1")  # 6 elements do not make rows of 4
    assert "is invalid for input of size 6" in " ".join(w.value for w in at.warning)
    assert len(at.get("download_button")) == 1


def test_code_for_a_linked_view_runs_and_prints_what_the_page_shows(app):
    at = app(SLUG, "en", make="randint", randint_shape="2,4", randint_seed="3", op="sum", sum_dim="1", sum_keepdim="1")
    assert not at.exception and not at.toast
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(python_code(at)[-1], {})
    text = out.getvalue()
    x = torch.tensor(eval(re.search(r"^x = (.*)$", text, re.MULTILINE).group(1)))
    y = torch.tensor(eval(re.search(r"^y = (.*)$", text, re.MULTILINE).group(1)))
    drawn = grids(at)
    assert flat(x) == drawn[0] and flat(y) == drawn[-1]
    assert y.shape == (2, 1) and "y.shape: (2, 1)" in text


def test_presenter_mode_keeps_the_view_and_the_link(app):
    at = app(SLUG, "en", present="1", op="transpose")
    assert not at.exception
    assert grids(at)[-1] == flat(torch.tensor([[1, 2, 3], [4, 5, 6]]).transpose(0, 1))
    assert "present=1" in view_link(at) and "op=transpose" in view_link(at)
