"""The neuron page as a link: a URL restores the view, the controls write the URL, bad values are tamed,
and what a visitor downloads or copies is what the page computed."""
import contextlib
import io
import re

import pytest
import torch

from core import neuron as N
from tests.conftest import link_query, python_code, read_csv, url_query, view_link
from ui import neuron_view as V

SLUG = "neuron"
KEYS = {"a1": ("slider", "n_a1"), "a2": ("slider", "n_a2"), "w1": ("slider", "n_w1"), "w2": ("slider", "n_w2"),
        "b": ("slider", "n_b"), "act": ("selectbox", "n_act"), "n_in": ("slider", "nn_in"),
        "depth": ("slider", "nn_depth"), "width": ("slider", "nn_width"), "n_out": ("slider", "nn_out"),
        "batch": ("slider", "nn_batch"), "seed": ("number_input", "nn_seed"), "net_act": ("selectbox", "nn_act"),
        "stage": ("select_slider", "nn_stage"), "sample": ("selectbox", "nn_sample")}


def _state(at):
    return {name: getattr(at, kind)(key=key).value for name, (kind, key) in KEYS.items()}


def _metrics(at):
    return [float(m.value) for m in at.metric]


LINKED = {"a1": "-1.5", "a2": "2", "w1": "1.25", "w2": "0.35", "b": "-0.4", "act": "elu", "elu_alpha": "0.5",
          "n_in": "2", "depth": "3", "width": "5", "n_out": "3", "batch": "4", "seed": "17", "net_act": "tanh",
          "stage": "6", "sample": "3"}


def test_a_link_restores_the_view(app, duplicate_warnings):
    at = app(SLUG, "en", **LINKED)
    assert not at.exception and not at.toast and not duplicate_warnings
    assert _state(at) == {"a1": -1.5, "a2": 2.0, "w1": 1.25, "w2": 0.35, "b": -0.4, "act": "elu", "n_in": 2,
                          "depth": 3, "width": 5, "n_out": 3, "batch": 4, "seed": 17, "net_act": "tanh",
                          "stage": 6, "sample": 3}
    assert at.slider(key="n_elu_alpha").value == 0.5
    z = 1.25 * -1.5 + 0.35 * 2.0 - 0.4
    assert _metrics(at) == [pytest.approx(z, abs=1e-4), pytest.approx(torch.nn.functional.elu(torch.tensor(z), 0.5).item(), abs=1e-4)]
    model = N.build_network((2, 5, 5, 5, 3), "tanh", seed=17)
    stages = N.forward_trace(model, N.network_inputs(2, 4, seed=17))
    shown = torch.tensor(at.dataframe[0].value.iloc[:, 1:].to_numpy(dtype="float64"))  # column 0: the sample number
    assert torch.allclose(shown, stages[6].tensor.double(), atol=1e-4)
    link = view_link(at)
    for name, value in LINKED.items():
        assert f"{name}={value}" in link, (name, link)


def test_controls_write_the_url_and_defaults_leave_it(app, duplicate_warnings):
    at = app(SLUG, "en")
    assert url_query(at) == {"lang": "en"}
    at.slider(key="n_w1").set_value(-1.0).run()
    at.selectbox(key="n_act").set_value("leaky_relu").run()
    at.slider(key="n_leaky_relu_alpha").set_value(0.2).run()
    at.slider(key="nn_batch").set_value(3).run()
    at.button(key="nn_next").click().run()
    assert url_query(at) == {"lang": "en", "w1": "-1", "act": "leaky_relu", "leaky_relu_alpha": "0.2", "batch": "3", "stage": "1"}
    at.slider(key="n_w1").set_value(0.8).run()  # the defaults again: their parameters go
    at.selectbox(key="n_act").set_value("sigmoid").run()  # and the parameter of an activation no longer shown
    at.button(key="nn_prev").click().run()
    assert url_query(at) == {"lang": "en", "batch": "3"}
    assert not at.exception and not duplicate_warnings


@pytest.mark.parametrize("query,names", [
    ({"a1": "1e999", "act": "<script>alert(1)</script>", "b": "nan"}, ["a1", "act", "b"]),
    ({"w1": "5", "depth": "-3", "seed": "x" * 5000, "net_act": "step"}, ["w1", "depth", "seed", "net_act"]),
    ({"batch": "0.5", "stage": "99", "sample": "inf", "elu_alpha": "100"}, ["batch", "stage", "sample", "elu_alpha"]),
])
def test_bad_values_are_tamed_and_named(app, duplicate_warnings, query, names):
    at = app(SLUG, "en", **query)
    assert not at.exception, [e.value for e in at.exception]
    assert not duplicate_warnings
    toast = " ".join(x.value for x in at.toast)
    for name in names:
        assert f"`{name}`" in toast, (name, toast)
    s = _state(at)
    assert -V.LIM <= s["a1"] <= V.LIM and -2 <= s["w1"] <= 2 and -3 <= s["b"] <= 3
    assert s["act"] in N.activation_names() and s["net_act"] in N.activation_names()[1:]
    assert 0 <= s["depth"] <= N.MAX_HIDDEN_LAYERS and 1 <= s["batch"] <= N.MAX_BATCH
    assert 0 <= s["stage"] <= 2 * s["depth"] + 1 and 0 <= s["sample"] < s["batch"]
    assert "<script>" not in view_link(at)


def test_a_step_or_sample_the_network_lacks_is_brought_inside_it(app):
    at = app(SLUG, "en", depth="1", batch="2", stage="7", sample="3")
    assert not at.exception
    assert at.select_slider(key="nn_stage").value == 3 and at.selectbox(key="nn_sample").value == 1


def test_round_trip_through_the_link(app):
    at = app(SLUG, "zh")
    at.slider(key="n_a2").set_value(-2.3).run()
    at.slider(key="n_b").set_value(1.15).run()
    at.selectbox(key="n_act").set_value("softplus").run()
    at.slider(key="n_softplus_beta").set_value(3.5).run()
    at.slider(key="nn_depth").set_value(1).run()
    at.slider(key="nn_out").set_value(4).run()
    at.number_input(key="nn_seed").set_value(123).run()
    at.selectbox(key="nn_act").set_value("gelu").run()
    at.button(key="nn_next").click().run()
    at.button(key="nn_next").click().run()
    at.selectbox(key="nn_sample").set_value(1).run()
    before, metrics = _state(at), _metrics(at)
    query = link_query(at)
    again = app(SLUG, query.pop("lang"), **query)
    assert not again.exception and not again.toast
    assert _state(again) == before and _metrics(again) == metrics
    assert again.slider(key="n_softplus_beta").value == 3.5
    assert again.dataframe[0].value.equals(at.dataframe[0].value)


def test_plane_download_is_the_neuron_computed_by_torch():
    w, b = (0.7, -1.3), 0.25
    got = read_csv(V.plane_table(N.plane(w, b, "tanh", lim=V.LIM, resolution=41)))
    assert list(got.columns) == ["x1", "x2", "z", "y"] and len(got) == 41 * 41
    x = torch.tensor(got[["x1", "x2"]].to_numpy())
    assert x[:, 0].min().item() == -V.LIM and x[:, 1].max().item() == V.LIM
    want = torch.tanh(x @ torch.tensor(w, dtype=torch.float64) + b)
    assert torch.allclose(torch.tensor(got["y"].to_numpy()), want, atol=1e-8)


def test_forward_download_holds_every_tensor_of_the_pass():
    model = N.build_network((3, 4, 2), "relu", seed=9)
    X = N.network_inputs(3, 2, seed=9)
    got = read_csv(V.forward_table(N.forward_trace(model, X)))
    assert sorted(got["step"].unique()) == [0, 1, 2, 3]
    for step, want in [(0, X), (1, model[0](X)), (3, model(X))]:
        part = got[got["step"] == step].pivot(index="sample", columns="unit", values="value")
        assert torch.allclose(torch.tensor(part.to_numpy()), want.detach().double(), atol=1e-6)
    assert set(got.loc[got["step"] == 2, "kind"]) == {"activation"}


def test_page_offers_both_downloads(app):
    assert len(app(SLUG, "en").get("download_button")) == 2


def test_code_for_a_linked_view_runs_and_prints_what_the_page_shows(app):
    at = app(SLUG, "en", **LINKED)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(python_code(at)[0], {})
    text = out.getvalue()
    z, y = (float(v) for v in re.search(r"z = (\S+), y = (\S+)", text).groups())
    assert [z, y] == [pytest.approx(v, abs=1e-4) for v in _metrics(at)]
    model = N.build_network((2, 5, 5, 5, 3), "tanh", seed=17)
    printed = torch.tensor(eval(re.search(r"output: (.*)", text).group(1)))
    assert torch.allclose(printed, model(N.network_inputs(2, 4, seed=17)).detach(), atol=1e-6)


def test_presenter_mode_keeps_the_view_and_the_link(app):
    at = app(SLUG, "en", present="1", w1="-1", depth="1")
    assert not at.exception
    assert _metrics(at)[0] == pytest.approx(-1 * 1.0 - 0.6 * 0.5 + 0.2, abs=1e-4)
    assert "present=1" in view_link(at) and "w1=-1" in view_link(at)
