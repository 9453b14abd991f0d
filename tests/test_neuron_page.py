"""The neuron page through AppTest, in both languages, with its controls moved: the numbers shown are torch's."""
import contextlib
import io
import re

import pyarrow as pa
import pytest
import torch

from core import neuron as N
from core.snippets.neuron import snippet
from tests.conftest import LANGS, has_cjk, widget


def _metrics(at):
    return [float(m.value) for m in at.metric]


@pytest.mark.parametrize("lang", LANGS)
def test_neuron_numbers_follow_the_sliders(app, lang):
    at = app("neuron", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert has_cjk(at.header[0].value) == (lang == "zh")
    z, y = _metrics(at)
    want = N.neuron([1.0, 0.5], [0.8, -0.6], 0.2, "sigmoid")
    assert (z, y) == (pytest.approx(want.z, abs=1e-4), pytest.approx(want.y, abs=1e-4))
    assert torch.sigmoid(torch.tensor(0.8 * 1.0 - 0.6 * 0.5 + 0.2)).item() == pytest.approx(y, abs=1e-4)

    at.slider(key="n_w1").set_value(-1.5)
    at.slider(key="n_b").set_value(1.0)
    at.selectbox(key="n_act").set_value("tanh")
    at.run()
    assert not at.exception
    z, y = _metrics(at)
    assert z == pytest.approx(-1.5 * 1.0 - 0.6 * 0.5 + 1.0, abs=1e-4)
    assert y == pytest.approx(torch.tanh(torch.tensor(z)).item(), abs=1e-4)
    assert f"= {z:.4f}" in at.latex[0].value and f"= {y:.4f}" in at.latex[0].value


def test_step_and_parameterised_activations(app):
    at = app("neuron", "en")
    at.selectbox(key="n_act").set_value("step").run()
    assert _metrics(at)[1] == 1.0  # z = 0.7 > 0
    at.slider(key="n_b").set_value(-3.0).run()
    assert _metrics(at)[1] == 0.0
    at.selectbox(key="n_act").set_value("leaky_relu").run()
    at.slider(key="n_leaky_relu_alpha").set_value(0.2).run()
    assert not at.exception
    z, y = _metrics(at)
    assert z < 0 and y == pytest.approx(0.2 * z, abs=1e-4)


def _shown_tensor(at):
    # AppTest keeps no key on a display dataframe: the stage tensor is the first on the page
    return torch.tensor(at.dataframe[0].value.iloc[:, 1:].to_numpy(dtype="float64"))  # column 0: the sample number


@pytest.mark.parametrize("lang", LANGS)
def test_forward_pass_steps_through_every_layer(app, lang):
    at = app("neuron", lang)
    model = N.build_network((3, 4, 4, 2), "relu", seed=4)
    X = N.network_inputs(3, 2, seed=4)
    stages = N.forward_trace(model, X)
    assert torch.allclose(_shown_tensor(at), X.double(), atol=1e-6)
    for i in range(1, len(stages)):
        widget(at, "button", "nn_next").click().run()
        assert not at.exception
        assert at.select_slider(key="nn_stage").value == i
        shown = _shown_tensor(at)
        assert shown.shape == stages[i].shape
        assert torch.allclose(shown, stages[i].tensor.double(), atol=1e-6)
    assert torch.allclose(_shown_tensor(at), model(X).detach().double(), atol=1e-6)
    widget(at, "button", "nn_prev").click().run()
    assert at.select_slider(key="nn_stage").value == len(stages) - 2


def test_parameter_count_matches_numel_and_survives_a_smaller_network(app):
    at = app("neuron", "en")
    at.slider(key="nn_depth").set_value(3).run()
    at.slider(key="nn_width").set_value(6).run()
    at.slider(key="nn_in").set_value(4).run()
    model = N.build_network((4, 6, 6, 6, 2), "relu", seed=4)
    total = sum(p.numel() for p in model.parameters())
    text = " ".join(m.value for m in at.markdown)
    assert f"**{total}**" in text and total == 4 * 6 + 6 + 2 * (6 * 6 + 6) + 6 * 2 + 2
    assert at.dataframe[1].value.iloc[:, -1].sum() == total
    at.select_slider(key="nn_stage").set_value(7).run()  # the last step of the deep network
    at.slider(key="nn_depth").set_value(0).run()  # now only input and one Linear: the step is clamped
    assert not at.exception
    assert at.select_slider(key="nn_stage").value == 1
    assert _shown_tensor(at).shape == (2, 2)


def test_snippet_prints_what_the_page_computes():
    a, w, b = [1.2, -0.7], [0.9, 1.4], -0.3
    sizes, seed, batch = (3, 5, 2), 11, 3
    source = snippet(a, w, b, "elu", {"alpha": 0.5}, sizes=sizes, net_activation="tanh", seed=seed, batch=batch)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source, {})
    text = out.getvalue()
    z, y = (float(v) for v in re.search(r"z = (\S+), y = (\S+)", text).groups())
    want = N.neuron(a, w, b, "elu", alpha=0.5)
    assert z == pytest.approx(want.z, abs=1e-6) and y == pytest.approx(want.y, abs=1e-6)
    model = N.build_network(sizes, "tanh", seed=seed)
    assert f"parameters: {sum(p.numel() for p in model.parameters())}" in text
    shown = torch.tensor(eval(re.search(r"output: (.*)", text).group(1)))
    assert torch.allclose(shown, model(N.network_inputs(sizes[0], batch, seed=seed)).detach(), atol=1e-6)
    assert "(3, 5)" in text and "(3, 2)" in text


def test_snippet_step_neuron():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet([1.0, 1.0], [1.0, -0.5], -0.2, "step"), {})
    assert "y = 1.000000" in out.getvalue()


def test_diagram_follows_the_chosen_sample(app):
    at = app("neuron", "en")
    at.select_slider(key="nn_stage").set_value(5).run()
    at.selectbox(key="nn_sample").set_value(1).run()
    assert not at.exception
    chart = [c for c in at.get("vega_lite_chart") if '"rule"' in c.proto.spec][0]
    values = set()  # every unit's value, from the diagram's own data
    for ds in chart.proto.datasets:
        table = pa.ipc.open_stream(ds.data.data).read_all().to_pandas()
        if {"unit", "value"} <= set(table.columns):
            values |= {round(v, 4) for v in table["value"]}
    model = N.build_network((3, 4, 4, 2), "relu", seed=4)
    out = model(N.network_inputs(3, 2, seed=4)).detach()
    assert {round(float(v), 4) for v in out[1]} <= values
    assert not {round(float(v), 4) for v in out[0]} <= values
