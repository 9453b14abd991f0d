"""The initialisation page as a link: a URL restores the view, the controls write the URL, bad values are tamed,
and what a visitor downloads or copies is what the page computed."""
import contextlib
import io
import re

import pytest

from core import init as I
from tests.conftest import link_query, python_code, read_csv, url_query, view_link
from ui import initialization_view as V

SLUG = "initialization"


def _state(at):
    return {"fan_in": at.number_input(key="ini_fan_in").value, "fan_out": at.number_input(key="ini_fan_out").value,
            "seed": at.number_input(key="ini_seed").value, "schemes": list(at.multiselect(key="ini_schemes").value),
            "init": at.selectbox(key="ini_d_init").value, "act": at.selectbox(key="ini_act").value,
            "depth": at.slider(key="ini_depth").value, "width": at.select_slider(key="ini_width").value,
            "sym": at.selectbox(key="ini_s_init").value, "sym_step": at.slider(key="ini_s_step").value}


def _std_column(at):
    table = at.dataframe[0].value
    return [float(v) for v in table[table.columns[3]]]


def test_a_link_restores_the_view(app, duplicate_warnings):
    at = app(SLUG, "en", init="xavier_normal", act="tanh", depth="20", width="64", fan_in="100", fan_out="50",
             seed="7", schemes="normal,uniform", normal_std="0.5", uniform_b="0.2", sym="kaiming_uniform", sym_step="60")
    assert not at.exception and not at.toast and not duplicate_warnings
    assert _state(at) == {"fan_in": 100, "fan_out": 50, "seed": 7, "schemes": ["normal", "uniform"],
                          "init": "xavier_normal", "act": "tanh", "depth": 20, "width": 64,
                          "sym": "kaiming_uniform", "sym_step": 60}
    assert at.number_input(key="ini_l_normal_std").value == 0.5
    assert at.number_input(key="ini_l_uniform_b").value == 0.2
    # the numbers are the ones those settings give
    want = [I.layer_report("normal", 100, 50, seed=7, std=0.5)["stats"]["std"],
            I.layer_report("uniform", 100, 50, seed=7, b=0.2)["stats"]["std"]]
    assert _std_column(at) == pytest.approx(want, rel=1e-3)
    stats = I.propagate("xavier_normal", "tanh", depth=20, width=64, n_samples=V.N_SAMPLES, seed=7)
    assert float(at.metric[1].value) == pytest.approx(stats["std"].iloc[-1], rel=1e-3)
    assert t_story(at, "xavier_tanh")
    link = view_link(at)
    for part in ("init=xavier_normal", "act=tanh", "width=64", "fan_in=100", "fan_out=50", "seed=7",
                 "schemes=normal,uniform", "normal_std=0.5", "uniform_b=0.2", "sym=kaiming_uniform", "sym_step=60"):
        assert part in link, (part, link)
    assert "depth=" not in link  # 20 is the default: a default says nothing


def t_story(at, key):
    from ui.i18n import t

    # the story quotes the chart: the first and last layer's std as the metrics show them, depth and width
    told = t(f"{SLUG}.story_{key}", lang="en", first=at.metric[0].value, last=at.metric[1].value,
             depth=at.slider(key="ini_depth").value, width=at.select_slider(key="ini_width").value)
    return told in [i.value for i in at.info]


def test_controls_write_the_url_and_defaults_leave_it(app, duplicate_warnings):
    at = app(SLUG, "en")
    assert url_query(at) == {"lang": "en"}
    at.slider(key="ini_depth").set_value(35).run()
    at.selectbox(key="ini_act").set_value("tanh").run()
    at.multiselect(key="ini_schemes").set_value(["normal"]).run()
    at.number_input(key="ini_l_normal_std").set_value(0.25).run()
    assert url_query(at) == {"lang": "en", "depth": "35", "act": "tanh", "schemes": "normal", "normal_std": "0.25"}
    at.slider(key="ini_depth").set_value(20).run()  # back to the default: the parameter goes
    at.multiselect(key="ini_schemes").set_value(V.DEFAULT_SCHEMES).run()
    # the normal scheme is no longer shown, so neither is its knob
    assert url_query(at) == {"lang": "en", "act": "tanh"}
    # a preset is set by a callback; the URL follows the widgets it moved
    at.button(key="ini_preset_vanish").click().run()
    assert url_query(at) == {"lang": "en", "act": "tanh", "init": "normal", "init_normal_std": "0.01"}
    assert not at.exception and not duplicate_warnings


@pytest.mark.parametrize("query,names", [
    ({"depth": "1e999", "init": "<script>alert(1)</script>"}, ["depth", "init"]),
    ({"fan_in": "nan", "fan_out": "-5", "seed": "x" * 5000}, ["fan_in", "fan_out", "seed"]),
    ({"width": "7", "schemes": "normal,bogus,normal", "act": "", "normal_std": "inf"}, ["schemes", "width", "act"]),
    ({"sym_step": "3.5", "kaiming_normal_mode": "fan_sideways", "depth": "0x10"}, ["sym_step", "kaiming_normal_mode", "depth"]),
])
def test_bad_values_are_tamed_and_named(app, duplicate_warnings, query, names):
    at = app(SLUG, "en", **query)
    assert not at.exception, [e.value for e in at.exception]
    assert not duplicate_warnings
    toast = " ".join(x.value for x in at.toast)
    for name in names:
        assert f"`{name}`" in toast, (name, toast)
    s = _state(at)
    assert 2 <= s["fan_in"] <= V.MAX_FAN and 2 <= s["fan_out"] <= V.MAX_FAN and 0 <= s["seed"] <= V.MAX_SEED
    assert s["width"] in V.WIDTHS and s["init"] in I.INITS and 1 <= s["depth"] <= V.MAX_DEPTH
    assert all(n in I.INITS for n in s["schemes"]) and len(s["schemes"]) <= V.MAX_SCHEMES
    assert 0 <= s["sym_step"] <= V.SYM_STEPS
    assert "<script>" not in view_link(at)


def test_out_of_range_numbers_are_clamped_not_dropped(app):
    at = app(SLUG, "en", depth="100000", width="5000", fan_in="-5", fan_out="9" * 40, schemes="normal",
             normal_std="99")
    assert not at.exception
    assert (at.slider(key="ini_depth").value, at.select_slider(key="ini_width").value) == (V.MAX_DEPTH, max(V.WIDTHS))
    assert (at.number_input(key="ini_fan_in").value, at.number_input(key="ini_fan_out").value) == (2, V.MAX_FAN)
    assert at.number_input(key="ini_l_normal_std").value == I.INITS["normal"].params["std"].hi


def test_round_trip_through_the_link(app):
    at = app(SLUG, "zh")
    at.number_input(key="ini_fan_in").set_value(300).run()
    at.multiselect(key="ini_schemes").set_value(["trunc_normal", "kaiming_uniform"]).run()
    at.number_input(key="ini_l_trunc_normal_std").set_value(0.3).run()
    at.selectbox(key="ini_l_kaiming_uniform_nonlinearity").set_value("tanh").run()
    at.button(key="ini_resample").click().run()
    at.button(key="ini_preset_saturate").click().run()
    at.select_slider(key="ini_width").set_value(512).run()
    at.selectbox(key="ini_s_init").set_value("ones").run()
    before, stds = _state(at), _std_column(at)
    query = link_query(at)
    assert query["lang"] == "zh"
    again = app(SLUG, query.pop("lang"), **query)
    assert not again.exception and not again.toast
    assert _state(again) == before and _std_column(again) == stds
    assert again.number_input(key="ini_l_trunc_normal_std").value == 0.3
    assert again.selectbox(key="ini_l_kaiming_uniform_nonlinearity").value == "tanh"
    assert again.number_input(key="ini_d_normal_std").value == 1.0
    assert [m.value for m in again.metric] == [m.value for m in at.metric]


def test_weights_download_holds_the_sampled_histogram():
    fan_in, fan_out, seed = 400, 300, 3
    reports = [(n, I.layer_report(n, fan_in, fan_out, seed=seed, **p))
               for n, p in [("kaiming_normal", {}), ("uniform", {"a": -0.2, "b": 0.3}), ("xavier_uniform", {"gain": 2.0})]]
    got = read_csv(V.weights_table(reports))
    assert list(got["scheme"].unique()) == ["kaiming_normal", "uniform", "xavier_uniform"]
    for (name, r), (_, part) in zip(reports, got.groupby("scheme", sort=False)):
        theory = I.expected_std(name, fan_in, fan_out, **({"a": -0.2, "b": 0.3} if name == "uniform" else
                                                          {"gain": 2.0} if name == "xavier_uniform" else {}))
        assert part["theory_std"].unique() == pytest.approx([theory])
        assert int(part["count"].sum()) == fan_in * fan_out  # every weight is in a bar
        mid = (part["left"] + part["right"]) / 2
        mean = (mid * part["count"]).sum() / part["count"].sum()
        std = (((mid - mean) ** 2 * part["count"]).sum() / part["count"].sum()) ** 0.5
        assert std == pytest.approx(theory, rel=0.03)  # 120,000 draws, 60 bars: well inside 3 %
        assert (part["density"] * (part["right"] - part["left"])).sum() == pytest.approx(1.0, rel=1e-6)


def test_depth_download_is_core_propagate():
    stats, _ = I.propagate_detail("xavier_normal", "tanh", depth=12, width=64, n_samples=V.N_SAMPLES, seed=5,
                                  keep=range(1, 13), max_values=2000)
    got = read_csv(V.depth_table(stats))
    want = I.propagate("xavier_normal", "tanh", depth=12, width=64, n_samples=V.N_SAMPLES, seed=5)
    assert list(got.columns) == ["layer", "mean", "std", "grad_mean", "grad_std"]
    assert got["layer"].tolist() == list(range(1, 13))
    for col in ("mean", "std", "grad_mean", "grad_std"):
        assert got[col].to_numpy() == pytest.approx(want[col].to_numpy(), rel=1e-6, abs=1e-12)


def test_page_offers_both_downloads(app):
    at = app(SLUG, "en", schemes="normal")
    assert len(at.get("download_button")) == 2
    at.multiselect(key="ini_schemes").set_value([]).run()
    assert len(at.get("download_button")) == 1  # no histogram, nothing to take; the depth table stays


def test_code_for_a_linked_view_runs_and_prints_the_table(app):
    at = app(SLUG, "en", fan_in="64", fan_out="32", seed="11", schemes="normal,kaiming_uniform,torch_default",
             normal_std="0.2", normal_mean="0.1", kaiming_uniform_mode="fan_out")
    code = python_code(at)[0]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    printed = dict(re.findall(r"^(\w+) mean=\S+ std=(\S+)$", out.getvalue(), re.MULTILINE))
    assert set(printed) == {"normal", "kaiming_uniform", "torch_default"}
    for name, params in [("normal", {"std": 0.2, "mean": 0.1}), ("kaiming_uniform", {"mode": "fan_out"})]:
        assert float(printed[name]) == pytest.approx(float(I.sample(name, 64, 32, seed=11, **params).std()), abs=1e-5)
    assert float(printed["normal"]) == pytest.approx(_std_column(at)[0], rel=1e-3)


def test_presenter_mode_keeps_the_view_and_the_link(app):
    at = app(SLUG, "en", present="1", schemes="normal,uniform,ones", depth="30")
    assert not at.exception
    # presenting, tables are st.table (ui/tables.show: CSS scales them), not canvas dataframes
    assert not at.dataframe and len(at.table[0].value) == 3 and at.slider(key="ini_depth").value == 30
    assert "present=1" in view_link(at) and "depth=30" in view_link(at)
