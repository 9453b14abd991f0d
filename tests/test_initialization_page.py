"""The initialisation page through AppTest, in both languages, every control moved and every button pressed."""
import json
import re

import pytest

from core import init as I
from tests.conftest import has_cjk, python_code
from ui.i18n import t

SLUG = "initialization"


def _texts(at):
    return " ".join(e.value for kind in ("markdown", "caption", "info", "success", "warning", "header", "subheader")
                    for e in at.get(kind))


def _table(at):
    return at.dataframe[0].value


def _no_error(at):
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_shows_each_scheme_against_theory(app, lang):
    at = app(SLUG, lang)
    _no_error(at)
    assert at.title[0].value == t(f"{SLUG}.title", lang=lang)
    assert all(has_cjk(h.value) == (lang == "zh") for h in at.header)
    table = _table(at)
    names = at.multiselect(key="ini_schemes").value
    assert list(table[t(f"{SLUG}.col_scheme", lang=lang)]) == [I.INITS[n].label[lang] for n in names]
    fan_in, fan_out = at.number_input(key="ini_fan_in").value, at.number_input(key="ini_fan_out").value
    for name, sampled, theory in zip(names, table[t(f"{SLUG}.col_std", lang=lang)], table[t(f"{SLUG}.col_theory_std", lang=lang)]):
        assert float(theory) == pytest.approx(I.expected_std(name, fan_in, fan_out), rel=1e-3)
        assert float(sampled) == pytest.approx(float(theory), rel=0.03)
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")]
    assert len(specs) == len(names) + 3  # histograms, then depth, distributions, heatmap
    assert '"log"' in specs[len(names)] and t(f"{SLUG}.std_axis", lang=lang) in specs[len(names)]
    captions = [c.value for c in at.caption]
    assert all(t(f"{SLUG}.use_for", lang=lang, text=I.INITS[n].use_for[lang]) in captions for n in names)
    code = python_code(at)[0]
    assert "nn.init.xavier_uniform_(layer.weight" in code and f"fan_in, fan_out = {fan_in}, {fan_out}" in code
    # the symmetry demo starts from a constant: identical rows, said in the visitor's language
    assert at.success and has_cjk(at.success[0].value) == (lang == "zh")
    assert float(re.search(r"\d\.\de[-+]\d\d", at.success[0].value).group()) < 1e-5


def test_one_layer_controls(app):
    at = app(SLUG, "en")
    before = _table(at)[t(f"{SLUG}.col_std", lang="en")].tolist()
    at.button(key="ini_resample").click().run()
    _no_error(at)
    assert at.number_input(key="ini_seed").value == 1
    assert _table(at)[t(f"{SLUG}.col_std", lang="en")].tolist() != before  # new draw, new numbers
    at.number_input(key="ini_seed").set_value(0).run()
    assert _table(at)[t(f"{SLUG}.col_std", lang="en")].tolist() == before  # same seed, same weights
    at.number_input(key="ini_fan_in").set_value(1000).run()
    at.number_input(key="ini_fan_out").set_value(24).run()
    at.multiselect(key="ini_schemes").set_value(["constant", "uniform", "trunc_normal", "orthogonal"]).run()
    _no_error(at)
    table = _table(at)
    assert len(table) == 4
    assert table[t(f"{SLUG}.col_std", lang="en")].iloc[0] == "0"  # a constant has no spread
    assert "nn.init.orthogonal_" in python_code(at)[0] and "nn.init.constant_" in python_code(at)[0]
    # every parameter widget of the four schemes moves without breaking the page
    at.number_input(key="ini_l_constant_value").set_value(-0.7).run()
    at.number_input(key="ini_l_orthogonal_gain").set_value(2.0).run()
    at.number_input(key="ini_l_trunc_normal_std").set_value(0.02).run()
    _no_error(at)
    at.number_input(key="ini_l_trunc_normal_a").set_value(-5.0).run()
    at.number_input(key="ini_l_trunc_normal_b").set_value(0.0).run()
    at.number_input(key="ini_l_trunc_normal_mean").set_value(1.0).run()  # the window is now far in the tail
    _no_error(at)
    assert [w.value for w in at.warning] == [t(f"{SLUG}.bad_params", lang="en")]
    at.number_input(key="ini_l_trunc_normal_mean").set_value(0.0).run()
    assert _table(at)[t(f"{SLUG}.col_mean", lang="en")].iloc[0] == "-0.7"
    # a > b describes no distribution: a plain message, the other schemes still drawn
    at.number_input(key="ini_l_uniform_a").set_value(1.5).run()
    _no_error(at)
    assert [w.value for w in at.warning] == [t(f"{SLUG}.bad_params", lang="en")]
    assert len(_table(at)) == 3
    at.multiselect(key="ini_schemes").set_value([]).run()
    _no_error(at)
    assert t(f"{SLUG}.pick_none", lang="en") in [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presets_tell_their_story(app, lang):
    at = app(SLUG, lang)
    metrics = lambda: [m.value for m in at.metric]  # noqa: E731
    for key in ["vanish", "saturate", "xavier_tanh", "xavier_relu", "kaiming_relu"]:
        at.button(key=f"ini_preset_{key}").click().run()
        _no_error(at)
        told = t(f"{SLUG}.story_{key}", lang=lang, first=metrics()[0], last=metrics()[1],
                 depth=at.slider(key="ini_depth").value, width=at.select_slider(key="ini_width").value)
        assert told in [i.value for i in at.info]  # the story quotes the chart's own first and last std
        first, last, grad = (float(v) for v in metrics())
        if key == "vanish":
            assert last < 1e-10 and grad < 1e-10
        if key == "xavier_relu":
            assert last < 1e-2 * first
        if key in ("kaiming_relu", "xavier_tanh"):
            assert 0.05 < last < 2 and 0.05 < grad < 5
    assert at.selectbox(key="ini_d_init").value == "kaiming_normal" and at.selectbox(key="ini_act").value == "relu"


def test_depth_controls_and_overflow(app):
    at = app(SLUG, "en")
    at.slider(key="ini_depth").set_value(50).run()
    at.select_slider(key="ini_width").set_value(64).run()
    _no_error(at)
    at.multiselect(key="ini_layers_50").set_value([1, 10, 50]).run()
    at.selectbox(key="ini_act").set_value("tanh").run()
    at.selectbox(key="ini_d_init").set_value("normal").run()
    at.number_input(key="ini_d_normal_std").set_value(3.0).run()
    at.selectbox(key="ini_act").set_value("relu").run()
    _no_error(at)
    # std 3 at width 64 multiplies the signal by ~17 a layer: float32 overflows, said plainly
    warning = " ".join(w.value for w in at.warning)
    assert "overflowed float32" in warning
    assert at.metric[1].value == "∞"
    at.selectbox(key="ini_d_init").set_value("zeros").run()
    _no_error(at)
    assert t(f"{SLUG}.dead", lang="en", layer=1) in [w.value for w in at.warning]
    assert at.query_params["depth"] in ("50", ["50"]) and at.query_params["init"] in ("zeros", ["zeros"])


def test_symmetry_controls(app):
    at = app(SLUG, "zh")
    at.slider(key="ini_s_step").set_value(60).run()
    assert at.success and "6" in at.success[0].value
    at.number_input(key="ini_s_constant_value").set_value(-0.3).run()
    assert at.success
    at.selectbox(key="ini_s_init").set_value("kaiming_uniform").run()
    _no_error(at)
    assert not at.success
    differ = [i.value for i in at.info if "最大差异" in i.value]
    assert differ and has_cjk(differ[0])
    spread = float(re.search(r"最大差异 ([0-9.]+)", differ[0]).group(1))
    assert spread > 0.1
    at.selectbox(key="ini_s_kaiming_uniform_nonlinearity").set_value("tanh").run()
    at.selectbox(key="ini_s_kaiming_uniform_mode").set_value("fan_out").run()
    at.slider(key="ini_s_step").set_value(0).run()
    _no_error(at)


def test_hostile_url_values_are_clamped(app):
    at = app(SLUG, "en", depth="100000", width="7", fan_in="-5", fan_out="9" * 40,
             init="__import__('os')", act="nope", seed="x")
    _no_error(at)
    assert at.slider(key="ini_depth").value == 50
    assert at.select_slider(key="ini_width").value == 16  # the nearest width
    assert at.number_input(key="ini_fan_in").value == 2
    assert at.number_input(key="ini_fan_out").value == 1024
    assert at.selectbox(key="ini_d_init").value == "kaiming_normal"
    assert at.selectbox(key="ini_act").value == "relu"
    assert at.number_input(key="ini_seed").value == 0


# ---------------------------------------------------------------- chart builders

def _spec(chart):
    from ui.charts import finish

    return json.loads(finish(chart).to_json())


def test_weight_histogram_draws_bars_theory_and_bounds_on_a_fixed_axis():
    from ui.charts import PALETTE
    from ui.charts.histograms import weight_histogram

    r = I.layer_report("xavier_uniform", 100, 50, seed=0, bins=30)
    marks = r["marks"].assign(label=["lo", "hi"])
    spec = _spec(weight_histogram(r["bars"], curve=r["curve"], marks=marks, x_title="权重值", y_title="密度",
                                  x_domain=r["range"]))
    kinds = [layer["mark"]["type"] for layer in spec["layer"]]
    assert kinds == ["bar", "line", "rule"]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "权重值"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == pytest.approx(list(r["range"]))
    assert spec["layer"][0]["mark"]["color"] == PALETTE[0]
    assert len(spec["datasets"]) == 3  # the bars, the curve and the two bounds travel with the chart


def test_layer_histograms_one_panel_per_layer():
    from ui.charts.histograms import layer_histograms

    _, values = I.propagate_detail("xavier_normal", "tanh", depth=6, width=32, n_samples=32, seed=0, keep=(1, 3, 6))
    df = I.layer_histograms(values, bins=20)
    assert sorted(df["layer"].unique()) == [1, 3, 6] and (df.groupby("layer").size() == 20).all()
    spec = _spec(layer_histograms(df, x_title="a", y_title="d", layer_title="层"))
    assert spec["facet"]["field"] == "layer" and spec["facet"]["title"] == "层"
    assert spec["spec"]["encoding"]["y"]["scale"]["type"] == "sqrt"


def test_layer_profile_colours_follow_the_given_order_not_the_alphabet():
    import pandas as pd

    from ui.charts import PALETTE
    from ui.charts.profiles import layer_profile

    df = pd.DataFrame({"layer": [1, 2, 1, 2], "value": [1.0, 0.5, 2.0, 3.0], "series": ["z", "z", "a", "a"]})
    spec = _spec(layer_profile(df, series=["z", "a"], x_title="layer", y_title="std", x_domain=(1, 2), y_domain=(0.1, 10)))
    color = spec["layer"][0]["encoding"]["color"]
    assert color["scale"]["domain"] == ["z", "a"] and color["scale"]["range"] == PALETTE[:2]
    assert spec["layer"][0]["encoding"]["y"]["scale"]["type"] == "log"


def test_matrix_heatmap_has_a_fixed_symmetric_colour_scale():
    from ui.charts.matrices import matrix_heatmap

    frame = I.symmetry_run("constant", steps=1).query("step == 1")
    spec = _spec(matrix_heatmap(frame, row="unit", col="weight", value="value", col_order=["in1", "in2"], x_title="w",
                                y_title="n", color_title="v", limit=0.8))
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == [-0.8, 0.8]
    assert spec["layer"][1]["mark"]["type"] == "text"
