"""The regression page's link, presenter mode and downloads: a link reopens the view and its descent,
strangers' URLs are clamped with a notice, the files hold the page's points, path and loss surface."""
import io

import pandas as pd
import pytest

from core import linear
from core.data import make_linear
from core.train import RegressionTrainer
from tests.conftest import click, link_query, metrics, python_code, read_csv, view_link, widget
from tests.test_spiral_links import secondary_of, toasts
from ui.i18n import t
from ui.regression_view import GRID_RES, URL, path_frame, points_frame, surface_frame


def held(at):
    return at.session_state["reg_trainer"]


@pytest.mark.parametrize("param", URL, ids=lambda p: p.name)
def test_every_default_survives_its_own_link(param):
    assert param.kind.parse(param.kind.text(param.default)) == (param.default, True)


def test_the_data_source_is_not_in_the_link_and_spf_is():
    names = {p.name for p in URL}
    assert "source" not in names and {"spf", "lr", "w0", "b0", "mode", "opt"} <= names


def test_a_link_restores_the_view_and_the_url_follows_the_controls(app, duplicate_warnings):
    at = app("regression", "en", lr="0.05", w0="-2.5", b0="1.2", mode="module", opt="adam", spf="20", n="50",
             noise="0.3", seed="5")
    assert not at.exception, [e.value for e in at.exception]
    assert not at.toast and not duplicate_warnings
    expected = {("select_slider", "reg_lr"): 0.05, ("slider", "reg_w0"): -2.5, ("slider", "reg_b0"): 1.2,
                ("radio", "reg_mode"): "module", ("selectbox", "reg_opt"): "adam", ("slider", "reg_spf"): 20,
                ("slider", "reg_n"): 50, ("slider", "reg_noise"): 0.3, ("number_input", "reg_seed"): 5}
    for (kind, key), value in expected.items():
        assert widget(at, kind, key).value == value, key
    config, tr = held(at)
    assert config == ((50, 3.0, 0.8, 0.3, 5), None, 0.05, "module", "adam", -2.5, 1.2)
    assert (tr.w, tr.b) == (-2.5, 1.2) and tr.opt.param_groups[0]["lr"] == 0.05
    assert "torch.optim.Adam" in python_code(at)[0]
    link = view_link(at)
    assert all(p in link for p in ("lr=0.05", "w0=-2.5", "b0=1.2", "mode=module", "opt=adam", "spf=20", "n=50"))

    at.button(key="regression_step").click().run()
    assert metrics(at)[t("regression.step")] == "20"

    at.slider(key="reg_noise").set_value(0.0)
    at.select_slider(key="reg_lr").set_value(0.1).run()
    assert at.query_params["lr"] == "0.1" and "noise" not in at.query_params
    at.radio(key="reg_mode").set_value("manual").run()
    assert "mode" not in at.query_params and "mode=" not in view_link(at)


def test_bad_values_are_clamped_or_ignored_with_a_notice(app, duplicate_warnings):
    at = app("regression", "en", n="999999", lr="-1", spf="1e9", seed="abc", mode="<script>", w="nan", b0="12",
             b="0.8")
    assert not at.exception, [e.value for e in at.exception]
    assert not duplicate_warnings
    notice = toasts(at)
    for name in ("`n`", "`lr`", "`spf`", "`seed`", "`mode`", "`w`", "`b0`"):
        assert name in notice, (name, notice)
    assert "`b`" not in notice
    assert widget(at, "slider", "reg_n").value == 2000
    assert widget(at, "select_slider", "reg_lr").value == 1e-4
    assert widget(at, "slider", "reg_spf").value == 200
    assert widget(at, "number_input", "reg_seed").value == 0
    assert widget(at, "radio", "reg_mode").value == "manual"
    assert widget(at, "slider", "reg_w").value == 3.0
    assert widget(at, "slider", "reg_b0").value == 10.0
    assert held(at)[0][0] == (2000, 3.0, 0.8, 0.0, 0)
    assert {k: at.query_params[k] for k in ("n", "lr", "spf", "b0")} == {"n": "2000", "lr": "0.0001", "spf": "200",
                                                                        "b0": "10"}
    assert not {"seed", "mode", "w", "b"} & set(at.query_params)


def test_a_copied_link_reopens_the_same_view_and_descends_the_same_way(app):
    at = app("regression", "zh")
    for key, value in [("reg_n", 70), ("reg_w", -1.3), ("reg_b", 2.1), ("reg_noise", 0.45), ("reg_w0", 4.2),
                       ("reg_b0", -0.7), ("reg_spf", 9)]:
        at.slider(key=key).set_value(value)
    at.number_input(key="reg_seed").set_value(42)
    at.select_slider(key="reg_lr").set_value(0.2)
    at.radio(key="reg_mode").set_value("module").run()
    at.selectbox(key="reg_opt").set_value("momentum").run()
    assert not at.exception

    query = link_query(at)
    lang = query.pop("lang")
    again = app("regression", lang, **query)
    assert lang == "zh" and not again.exception and not again.toast
    for kind, key in [("slider", k) for k in ("reg_n", "reg_w", "reg_b", "reg_noise", "reg_w0", "reg_b0", "reg_spf")] + [
            ("number_input", "reg_seed"), ("select_slider", "reg_lr"), ("radio", "reg_mode"), ("selectbox", "reg_opt")]:
        assert widget(again, kind, key).value == widget(at, kind, key).value, key
    assert held(again)[0] == held(at)[0]
    for page in (at, again):
        page.button(key="regression_step").click().run()
    assert metrics(again) == metrics(at) and metrics(at)[t("regression.step", lang="zh")] == "9"


def test_presenter_mode_keeps_rate_and_optimizer_in_the_open(app):
    at = app("regression", "zh", present="1")
    assert not at.exception, [e.value for e in at.exception]
    assert t("regression.settings", lang="zh") not in [e.label for e in at.expander]  # expanders are hidden there
    where = secondary_of(at)
    for key in ("reg_lr", "reg_mode", "reg_opt", "regression_toggle", "regression_step", "regression_reset"):
        assert where[key] is None, key
    for key in ("reg_source", "reg_n", "reg_w", "reg_b", "reg_noise", "reg_seed", "reg_w0", "reg_b0", "reg_spf"):
        assert where[key] and where[key].startswith("secondary_"), key
    at.session_state["dlve_play_frames"] = 2
    at.button(key="regression_toggle").click().run()
    assert not at.exception and metrics(at)[t("regression.step", lang="zh")] == "10"


# ---- downloads ---------------------------------------------------------------------------

def test_points_and_path_csv_read_back_as_the_data_and_the_trainers_history():
    x, y = make_linear(30, -1.0, 2.0, 0.2, seed=3)
    tr = RegressionTrainer(x, y, lr=0.05, w0=0.5, b0=-0.5, device="cpu").step(17)
    points = read_csv(points_frame(x, y))
    assert points.to_numpy() == pytest.approx(pd.DataFrame({"x": x.reshape(-1), "y": y.reshape(-1)}).to_numpy(), rel=1e-7)
    path = read_csv(path_frame(tr.history))
    assert list(path.columns) == ["step", "loss", "w", "b"] and path["step"].tolist() == list(range(18))
    for col in ("loss", "w", "b"):
        assert path[col].tolist() == pytest.approx([r[col] for r in tr.history], rel=1e-7)


def test_surface_csv_cells_are_the_loss_at_their_w_and_b():
    x, y = make_linear(40, 2.0, -0.5, 0.3, seed=8)
    frame = read_csv(surface_frame(x, y, (-1.0, 5.0), (-3.0, 2.0)))
    assert list(frame.columns) == ["w", "b", "loss"] and len(frame) == GRID_RES ** 2
    assert frame["w"].min() > -1.0 and frame["w"].max() < 5.0 and frame["b"].min() > -3.0 and frame["b"].max() < 2.0
    for i in (0, 101, len(frame) - 1):
        w, b, loss = frame.iloc[i]
        assert loss == pytest.approx(linear.mse(x, y, w, b), rel=1e-5)


def test_the_page_offers_three_files_that_hold_its_run(app, downloads):
    at = app("regression", "en", n="60", noise="0.2", seed="4", spf="12")
    at.button(key="regression_step").click().run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == [
        t(f"regression.dl_{k}") for k in ("points", "path", "surface")]
    tr = held(at)[1]
    x, y = make_linear(60, 3.0, 0.8, 0.2, seed=4)
    points = pd.read_csv(io.StringIO(click(downloads["regression_points.csv"][0])))
    assert len(points) == 60 and points["x"].to_numpy() == pytest.approx(x.reshape(-1).numpy(), rel=1e-7)
    path = pd.read_csv(io.StringIO(click(downloads["regression_path.csv"][0])))
    assert path["step"].tolist() == list(range(13)) and path["w"].iloc[-1] == pytest.approx(tr.w, rel=1e-7)
    surface = pd.read_csv(io.StringIO(click(downloads["regression_loss_surface.csv"][0])))
    assert len(surface) == GRID_RES ** 2
    w, b, loss = surface.iloc[500]
    assert loss == pytest.approx(linear.mse(x, y, w, b), rel=1e-5)
    before = downloads["regression_path.csv"][0]
    at.button(key="regression_step").click().run()
    # a button drawn before the last steps (as while playing) serves the path as far as it has gone
    assert len(pd.read_csv(io.StringIO(click(before)))) == 25
    assert len(pd.read_csv(io.StringIO(click(downloads["regression_path.csv"][0])))) == 25
