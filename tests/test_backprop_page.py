"""The backpropagation page through AppTest, both languages, every button: the numbers on screen are torch's."""
import re

import pytest

from core import backprop as B
from core import backprop_net as BN
from tests.conftest import LANGS, click, has_cjk, link_query, metrics, python_code, read_csv, widget
from ui import backprop_view as V
from ui.i18n import t


def _latex_numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", text.split("=")[-1])]


@pytest.mark.parametrize("lang", LANGS)
def test_forward_then_backward_stage_by_stage(app, lang):
    at = app("backprop", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert has_cjk(at.header[0].value) == (lang == "zh")
    graph = B.neuron_graph(B.Setup())
    for k in range(1, V.LAST_STAGE + 1):
        at.button(key="bp_next").click().run()
        assert not at.exception
        assert at.select_slider(key="bp_stage").value == k
        _, _, current = V.revealed(graph, k)
        if k <= V.FORWARD:  # the value just computed, as the last number of its formula
            assert _latex_numbers(at.latex[0].value)[-1] == pytest.approx(graph.nodes[current].value, abs=5e-4)
        elif current != "L":  # the chain rule's result is autograd's gradient of that node
            for tex in at.latex:
                assert _latex_numbers(tex.value)[-1] == pytest.approx(graph.nodes[current].grad, rel=1e-3, abs=1e-4)
    assert at.button(key="bp_next").disabled
    label = t("backprop.next_backward", lang=lang)
    assert at.button(key="bp_next").label == label
    at.button(key="bp_restart").click().run()
    assert at.select_slider(key="bp_stage").value == 0
    at.button(key="bp_all_forward").click().run()
    assert at.select_slider(key="bp_stage").value == V.FORWARD
    assert t("backprop.forward_done", lang=lang, loss=graph.loss) in [m.value for m in at.markdown]
    at.button(key="bp_prev").click().run()
    assert at.select_slider(key="bp_stage").value == V.FORWARD - 1
    at.button(key="bp_all_backward").click().run()
    assert at.select_slider(key="bp_stage").value == V.LAST_STAGE
    assert link_query(at)["stage"] == str(V.LAST_STAGE)


def test_the_graph_shows_autograds_numbers():
    """What the chart's boxes say, parsed back, equals autograd's value and gradient of every node."""
    graph = B.neuron_graph(B.Setup(activation="tanh", target=-0.5))
    nodes, _ = V.graph_frames(graph, V.LAST_STAGE, lambda key, **kw: t(key, lang="en", **kw))
    boxes = nodes[nodes["shape"] == "box"]
    for text in boxes["text"]:
        first, second = text.replace("−", "-").split("\n")
        name = {v: k for k, v in V.NAMES.items()}[first.split(" = ")[0]]
        assert float(first.split(" = ")[1]) == pytest.approx(graph.nodes[name].value, abs=5e-5)
        if name != "y":
            assert float(second.split()[-1]) == pytest.approx(graph.nodes[name].grad, abs=5e-5)
    start, _ = V.graph_frames(graph, 0, lambda key, **kw: t(key, lang="en", **kw))
    assert start.loc[start["shape"] == "box", "text"].str.contains("grad ?", regex=False).sum() == len(B.LEAVES) + len(B.KINDS)


def test_step_and_reset_follow_gradient_descent(app):
    at = app("backprop", "en")
    at.select_slider(key="bp_lr").set_value(1.0).run()
    for _ in range(3):
        at.button(key="bp_step").click().run()
    run = B.descend(B.Setup(), 1.0, 3)
    shown = metrics(at)
    assert shown[t("backprop.steps_taken", lang="en")] == "3"
    assert float(shown[t("backprop.loss_now", lang="en")]) == pytest.approx(run.losses[-1], abs=1e-6)
    after = B.loss_value(B.Setup().with_params(B.update(B.Setup().with_params(run.params[-1]), 1.0)))
    assert float(shown[t("backprop.loss_next", lang="en")]) == pytest.approx(after, abs=1e-6)
    assert after < run.losses[-1] < run.losses[0]
    table = at.dataframe[0].value
    assert table.iloc[0, 1] == pytest.approx(run.params[-1]["w1"], abs=1e-12)
    assert link_query(at)["steps"] == "3"
    at.button(key="bp_reset").click().run()
    assert metrics(at)[t("backprop.steps_taken", lang="en")] == "0"
    assert "steps" not in at.query_params


def test_a_diverging_rate_says_so_and_shows_no_nan(app):
    at = app("backprop", "en", act="identity", lr="10", steps="60")
    assert not at.exception
    run = B.descend(B.Setup(activation="identity"), 10.0, 60)
    assert run.diverged
    assert any(f"after {run.steps} steps" in w.value for w in at.warning)
    assert at.button(key="bp_step").disabled
    assert not any("nan" in m.value.lower() or "inf" in m.value.lower() for m in at.metric)


def test_a_rate_that_overshoots_warns():
    at = _open(act="identity", lr="2")
    assert any("went up" in w.value for w in at.warning)


def _open(**query):
    from tests.conftest import open_app

    return open_app("backprop", {"lang": "en", **query})


def test_bce_only_after_a_sigmoid_and_with_a_probability_target(app):
    at = app("backprop", "en", loss="bce", y="1.5")
    assert not at.exception
    assert at.selectbox(key="bp_loss").value == "bce"
    assert any("target used is 1" in c.value for c in at.caption)
    at.selectbox(key="bp_act").set_value("tanh").run()
    assert not at.exception
    assert at.selectbox(key="bp_loss").value == "mse" and at.selectbox(key="bp_loss").options == ["(ŷ − y)²"]
    assert "loss" not in at.query_params


def test_network_paths_sum_to_autograd(app):
    at = app("backprop", "zh")
    widget(at, "selectbox", "bp_param").set_value("x[1]").run()
    net = BN.build((1.0, 0.5), 1.0, hidden=2, activation="sigmoid", seed=0)
    paths = at.dataframe[2].value
    assert len(paths) == 4
    assert paths.iloc[:, -1].sum() == pytest.approx(BN.autograd_grad(net, "x[1]"), abs=1e-9)
    widget(at, "button_group", "bp_hidden").set_value(1).run()  # a 2-2-1 network: its first-layer weight, one path
    assert not at.exception
    widget(at, "selectbox", "bp_param").set_value("W1[1,1]").run()
    assert len(at.dataframe[2].value) == 1


def test_mechanics_panels_run_the_code_shown(app):
    at = app("backprop", "en")
    outputs = {c.value for c in at.code if c.language == "text"}
    assert any("w.grad = tensor(2.)" in o for o in outputs)
    at.toggle(key="bp_rg").set_value(False).run()
    widget(at, "slider", "bp_passes").set_value(3).run()
    at.radio(key="bp_update").set_value("inplace").run()
    assert not at.exception
    outputs = [c.value for c in at.code if c.language == "text"]
    assert any("w.grad = None" in o for o in outputs)
    assert any("number 3: w.grad = -24.0000" in o for o in outputs)
    assert any(o.endswith("in-place operation.") for o in outputs)
    assert link_query(at)["rg"] == "0" and link_query(at)["update"] == "inplace"


def test_softmax_panel(app):
    at = app("backprop", "en", z1="-3", z2="4", cls="2")
    table = at.dataframe[-1].value
    assert (table["p_minus_y"] - table["grad_autograd"]).abs().max() < 1e-12
    assert table["p"].sum() == pytest.approx(1.0)


def test_downloads_are_the_graph_and_checks(app, downloads):
    at = app("backprop", "en", act="gelu", steps="2")
    assert not at.exception
    setup = B.Setup(activation="gelu")
    graph = B.neuron_graph(setup.with_params(B.descend(setup, 0.5, 2).params[-1]))
    got = read_csv(B.graph_table(graph))
    served = __import__("pandas").read_csv(__import__("io").StringIO(click(downloads["backprop_graph.csv"][0])))
    assert served.equals(got)
    fd = __import__("pandas").read_csv(__import__("io").StringIO(click(downloads["finite_differences.csv"][0])))
    assert fd["gap"].max() <= B.FD_TOL
    assert "network_paths.csv" in downloads


def test_link_restores_the_view_and_the_code_follows(app):
    query = {"x1": "-1.5", "w2": "1.25", "act": "softsign", "stage": "9", "lr": "0.3", "steps": "5", "hidden": "1",
             "param": "b2[1]"}
    at = app("backprop", "en", **query)
    assert not at.exception and not at.toast
    assert {k: link_query(at)[k] for k in query} == query
    code = python_code(at)[-1]
    assert "nn.Softsign()" in code and "range(5)" in code and "lr = 0.3" in code
