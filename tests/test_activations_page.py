"""The activations page through AppTest, in both languages, with every control moved."""
import json
import math
import re

import pytest

from core import activations as A
from tests.conftest import LANGS, has_cjk, python_code, widget
from ui.i18n import t

SLUG = "activations"


def texts(at):
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [c.value for c in at.info]
                    + [w.value for w in at.warning])


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def titles(spec):
    """Every axis title anywhere in a (layered) Vega-Lite spec."""
    found = re.findall(r'"title": "([^"]*)"', json.dumps(spec, ensure_ascii=False))
    return set(found)


def x_extent(at, i):
    """The x range the data of chart ``i`` spans (its axes follow the data)."""
    import pyarrow as pa

    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in at.get("vega_lite_chart")[i].proto.datasets]
    xs = [f["x"] for f in frames if "x" in f]
    return min(x.min() for x in xs), max(x.max() for x in xs)


def table(at, i):
    return at.dataframe[i].value


def numbers(df):
    return [float(v) for v in df.select_dtypes("number").to_numpy().ravel()]


@pytest.mark.parametrize("lang", LANGS)
def test_default_view_shows_right_numbers(app, lang):
    at = app(SLUG, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("activations.title", lang=lang)
    body = texts(at)
    assert has_cjk(body) == (lang == "zh")
    specs = charts(at)
    assert len(specs) == 4  # f, f', depth, softmax
    assert t("activations.f_axis", lang=lang) in titles(specs[0])
    assert t("activations.depth_y", lang=lang) in titles(specs[2])
    assert not any("," in title for spec in specs for title in titles(spec) if title)  # no merged layer titles

    probe = table(at, 0)  # sigmoid, tanh, relu at x0 = 1
    assert list(probe.iloc[:, 0]) == ["Sigmoid", "Tanh", "ReLU"]
    assert probe.iloc[0, 1] == pytest.approx(1 / (1 + math.exp(-1)))
    assert probe.iloc[0, 2] == pytest.approx(probe.iloc[0, 1] * (1 - probe.iloc[0, 1]))
    assert probe.iloc[1, 2] == pytest.approx(1 - math.tanh(1) ** 2)
    assert list(probe.iloc[:, 2]) == pytest.approx(list(probe.iloc[:, 3]), abs=1e-12)
    assert "Sigmoid **0.0e+00**" in body

    depth = table(at, 1)
    mean_sigmoid, left_sigmoid = depth.iloc[0, 1], depth.iloc[0, 2]
    assert mean_sigmoid < 0.25 and left_sigmoid == pytest.approx(mean_sigmoid ** 10)
    assert "0.25^10 = 9.54e-07" in body
    assert A.ACTIVATIONS["sigmoid"].formula in at.get("latex")[0].value

    soft = table(at, 2)
    assert sum(float(v) for v in soft.iloc[:, 3]) == pytest.approx(1.0, abs=1e-5)
    assert "Σ p = 1.000000" in body
    assert not at.warning  # no overflow with the default logits
    assert "nn.Sigmoid()" in python_code(at)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_every_control_moved(app, lang):
    at = app(SLUG, lang)
    at.multiselect(key="act_pick").set_value(["leaky_relu", "elu", "softplus", "gelu"]).run()
    at.slider(key="act_leaky_relu_alpha").set_value(0.3)
    at.slider(key="act_elu_alpha").set_value(2.0)
    at.slider(key="act_softplus_beta").set_value(4.0)
    at.slider(key="act_range").set_value((-3.0, 3.0))
    at.select_slider(key="act_threshold").set_value(0.1)
    at.slider(key="act_x0").set_value(-2.0)
    at.slider(key="act_depth").set_value(30)
    at.slider(key="act_scale").set_value(3.0)
    for i, v in enumerate((5.0, -5.0, 0.0, 0.0, 0.0)):
        at.number_input(key=f"act_z{i}").set_value(v)
    at.slider(key="act_temp").set_value(0.05)
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    probe = table(at, 0)
    assert list(probe.iloc[:, 0]) == ["Leaky ReLU", "ELU", "Softplus", "GELU"]
    assert probe.iloc[0, 1] == pytest.approx(-0.6) and probe.iloc[0, 2] == pytest.approx(0.3)
    assert probe.iloc[1, 1] == pytest.approx(2.0 * math.expm1(-2.0))
    assert probe.iloc[2, 2] == pytest.approx(1 / (1 + math.exp(8.0)))  # sigmoid(beta * x0)
    assert list(probe.iloc[:, 2]) == pytest.approx(list(probe.iloc[:, 3]), abs=1e-12)
    assert all(math.isfinite(v) for v in numbers(probe) + numbers(table(at, 1)))

    assert x_extent(at, 0) == (-3.0, 3.0) and x_extent(at, 1) == (-3.0, 3.0)
    body = texts(at)
    assert t("activations.shade_caption", lang=lang, thr=0.1) in body  # softplus(β=4) is flat for x < −0.6
    assert t("activations.bound_note", lang=lang, depth=30, bound=0.25 ** 30) in body
    assert len(at.tabs) == 4

    soft = table(at, 2)
    assert float(soft.iloc[0, 3]) == pytest.approx(1.0)  # T = 0.05: all weight on the largest logit
    assert at.warning[0].value == t("activations.overflow", lang=lang)  # 5 / 0.05 = 100 > 88.7 overflows too
    at.slider(key="act_temp").set_value(1.0).run()
    assert not at.warning

    at.toggle(key="act_big").set_value(True).run()
    assert not at.exception
    naive = table(at, 2)
    assert set(naive.iloc[:, 2]) == {"nan"} and "inf" in set(naive.iloc[:, 1])
    # the stable column ignores the shift: e^5 / (e^5 + e^-5 + 3)
    assert float(naive.iloc[0, 3]) == pytest.approx(math.exp(5) / (math.exp(5) + math.exp(-5) + 3), abs=1e-6)
    assert at.warning[0].value == t("activations.overflow", lang=lang)
    code = python_code(at)[0]
    assert "nn.LeakyReLU(negative_slope=0.3)" in code and "nn.Softplus(beta=4.0" in code and "1005.0" in code


def test_probe_outside_range_and_collapsed_range(app):
    at = app(SLUG, "en")
    at.slider(key="act_x0").set_value(15.0)
    at.slider(key="act_range").set_value((2.0, 2.0)).run()
    assert not at.exception
    assert t("activations.probe_outside", lang="en") in texts(at)
    assert x_extent(at, 0) == (1.5, 2.5)
    probe = table(at, 0)
    assert probe.iloc[2, 1] == pytest.approx(15.0)  # ReLU(15), reported even though not drawn


@pytest.mark.parametrize("lang", LANGS)
def test_empty_selection_keeps_softmax(app, lang):
    at = app(SLUG, lang)
    at.multiselect(key="act_pick").set_value([]).run()
    assert not at.exception
    assert at.info[0].value == t("activations.pick_none", lang=lang)
    assert len(charts(at)) == 1 and len(at.dataframe) == 1
    assert "activations = {\n}" in python_code(at)[0]


def test_every_activation_at_once_renders(app):
    at = app(SLUG, "zh")
    every = list(A.ACTIVATIONS)[:8]
    at.multiselect(key="act_pick").set_value(every)
    at.slider(key="act_range").set_value((-20.0, 20.0))
    at.slider(key="act_scale").set_value(5.0)
    at.run()
    assert not at.exception
    assert len(table(at, 0)) == 8
    assert all(math.isfinite(v) and v > 0 for v in table(at, 1).iloc[:, 2])
    assert widget(at, "button_group", "lang_widget").value == "zh"


def test_chart_builders_keep_one_colour_per_activation():
    import pandas as pd

    from ui.charts import GREY, PALETTE
    from ui.charts import curves as builders

    series = ["Tanh", "ReLU"]
    df = pd.DataFrame({"series": ["Tanh", "ReLU"], "x": [0.0, 1.0], "y": [0.0, 1.0]})
    f = builders.function_chart(df, series=series, x_title="x", y_title="f", color_title="c", x_domain=(-1, 1),
                                y_domain=(-1, 1), shade=pd.DataFrame({"series": ["ReLU"], "start": [-1.0], "end": [0.0]}))
    decay = pd.DataFrame({"series": series, "layer": [0, 0], "factor": [1.0, 1.0]})
    d = builders.decay_chart(decay, pd.DataFrame({"layer": [0, 1], "factor": [1.0, 0.25]}), series=series,
                             x_title="L", y_title="g", color_title="c", bound_label="bound", max_depth=1)
    scales = [layer["encoding"]["color"]["scale"] for layer in f.to_dict()["layer"] + d.to_dict()["layer"]]
    assert all(sc["domain"][:2] == series and sc["range"][:2] == PALETTE[:2] for sc in scales)
    assert scales[-1]["domain"][-1] == "bound" and scales[-1]["range"][-1] == GREY


def test_cached_figures_match_figures_built_from_scratch(app):
    """The figure caches key a spec by what it shows; after every kind of change, a cold rebuild must agree."""
    import streamlit as st

    import pyarrow as pa

    def table_of(arrow_bytes):  # compared as tables: a cached copy may encode the same strings differently
        return pa.ipc.open_stream(arrow_bytes).read_all().to_pandas().to_dict("list")

    def drawn(at):
        return [(c.proto.spec, [(d.name, table_of(d.data.data)) for d in c.proto.datasets])
                for c in at.get("vega_lite_chart")]

    at = app(SLUG, "en")
    steps = [
        lambda: at.slider(key="act_x0").set_value(-2.5),
        lambda: at.select_slider(key="act_threshold").set_value(0.3),
        lambda: at.slider(key="act_range").set_value((-2.0, 2.0)),  # x0 = -2.5 now lies outside: no tangent
        lambda: at.slider(key="act_x0").set_value(0.5),  # back inside: the tangent layers return
        lambda: at.slider(key="act_x0").set_value(9.0),
        lambda: at.select_slider(key="act_threshold").set_value(0.001),
        lambda: at.multiselect(key="act_pick").set_value(["identity", "relu"]),  # nothing saturates
        lambda: at.slider(key="act_depth").set_value(3),
        lambda: at.number_input(key="act_z0").set_value(9.0),
        lambda: widget(at, "button_group", "lang_widget").set_value("zh"),
        lambda: at.toggle(key="projector_widget").set_value(True),
    ]
    for step in steps:
        step()
        at.run()
        warm = drawn(at)
        st.cache_data.clear()
        at.run()
        assert not at.exception
        assert drawn(at) == warm
