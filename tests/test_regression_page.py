"""The regression page through AppTest in both languages, and the CSV upload in a real browser."""
import json
import math

import pytest

from core import linear
from core.data import make_linear
from core.snippets.regression import source
from core.train import RegressionTrainer
from tests.conftest import LANGS, has_cjk, python_code, widget
from ui.i18n import t


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def shown(at, lang) -> tuple[int, float, float, float]:
    m = metrics(at)
    return (int(m[t("regression.step", lang=lang)].replace(",", "")), float(m[t("regression.w", lang=lang)]),
            float(m[t("regression.b", lang=lang)]), float(m[t("regression.loss", lang=lang)]))


def text(at) -> str:
    return " ".join(e.value for kind in ("markdown", "caption", "info", "warning", "error", "success")
                    for e in getattr(at, kind))


@pytest.fixture
def page(app):
    def open_page(lang):
        at = app("regression", lang)
        at.session_state["dlve_play_frames"] = 3
        return at

    return open_page


@pytest.mark.parametrize("lang", LANGS)
def test_defaults_are_the_course_and_the_numbers_are_core(page, lang):
    at = page(lang)
    assert not at.exception, [e.value for e in at.exception]
    x, y = make_linear(100, 3.0, 0.8, seed=0)
    step, w, b, loss = shown(at, lang)
    assert (step, w, b) == (0, 1.0, 0.0)
    assert loss == pytest.approx(linear.mse(x, y, 1.0, 0.0), rel=1e-3)
    words = text(at)
    assert f"{linear.max_stable_lr(x):.4g}" in words and "3.0000" in words and "0.8000" in words
    assert has_cjk(words) == (lang == "zh")
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("vega_lite_chart")]
    assert len(specs) == 3 and t("regression.loss_axis", lang=lang) in specs[2]
    assert t("regression.mark_opt", lang=lang) in specs[1] and t("regression.line_true", lang=lang) in specs[0]


@pytest.mark.parametrize("lang", LANGS)
def test_play_step_reset(page, lang):
    at = page(lang)
    at.button(key="regression_toggle").click().run()
    assert not at.exception
    assert shown(at, lang)[0] == 15  # 3 frames of 5 steps
    assert t("player.paused_budget", lang=lang, seconds=0)[:6] in text(at)
    at.button(key="regression_step").click().run()
    assert shown(at, lang)[0] == 20
    expected = RegressionTrainer(*make_linear(100, seed=0), lr=0.01, w0=1.0, b0=0.0, device="cpu").step(20)
    assert shown(at, lang)[1:3] == (round(expected.w, 4), round(expected.b, 4))
    at.button(key="regression_reset").click().run()
    assert shown(at, lang)[:3] == (0, 1.0, 0.0)


def test_the_course_run_on_the_page(page):
    at = page("en")
    at.slider(key="reg_spf").set_value(100).run()
    at.session_state["dlve_play_frames"] = 5
    at.button(key="regression_toggle").click().run()
    step, w, b, _ = shown(at, "en")
    assert step == 500 and w == pytest.approx(2.3745, abs=2e-4) and b == pytest.approx(1.1279, abs=2e-4)
    code = python_code(at)[0]
    assert "range(500)" in code and "lr = 0.01" in code
    assert "w = 2.374" in text(at)


@pytest.mark.parametrize("lang", LANGS)
def test_too_fast_warns_then_diverges_with_a_plain_message_and_reset_recovers(page, lang):
    at = page(lang)
    at.select_slider(key="reg_lr").set_value(1.0).run()
    bound = f"{linear.max_stable_lr(make_linear(100, seed=0)[0]):.4g}"
    assert any(bound in w.value for w in at.warning)
    at.slider(key="reg_spf").set_value(50).run()
    at.button(key="regression_toggle").click().run()
    assert not at.exception
    step, w, b, loss = shown(at, lang)
    assert 0 < step < 150 and all(math.isfinite(v) for v in (w, b, loss)) and loss > 1e5
    assert any(bound in e.value and str(step) in e.value for e in at.error)
    assert t("regression.stopped_diverged", lang=lang) in text(at)
    at.button(key="regression_reset").click().run()
    assert shown(at, lang)[0] == 0 and not at.error


@pytest.mark.parametrize("lang", LANGS)
def test_every_control_moves_the_start(page, lang):
    at = page(lang)
    for key, value in [("reg_n", 50), ("reg_w", -2.0), ("reg_b", 1.5), ("reg_noise", 0.3), ("reg_w0", -3.0),
                       ("reg_b0", 2.0), ("reg_spf", 7)]:
        at.slider(key=key).set_value(value)
    at.number_input(key="reg_seed").set_value(5).run()
    assert not at.exception
    x, y = make_linear(50, -2.0, 1.5, 0.3, seed=5)
    step, w, b, loss = shown(at, lang)
    assert (step, w, b) == (0, -3.0, 2.0) and loss == pytest.approx(linear.mse(x, y, -3.0, 2.0), rel=1e-3)
    assert f"{linear.least_squares(x, y)[0]:.4f}" in text(at)
    assert at.selectbox(key="reg_opt").disabled  # the hand-written loop is plain GD
    at.radio(key="reg_mode").set_value("module").run()
    for opt in ("momentum", "adam", "sgd"):
        at.selectbox(key="reg_opt").set_value(opt).run()
        at.button(key="regression_step").click().run()
        assert not at.exception and shown(at, lang)[0] == 7, opt
    widget(at, "button_group", "reg_source").set_value("csv").run()
    assert not at.exception and t("regression.upload_wait", lang=lang) in text(at)
    assert shown(at, lang)[0] == 7  # no file yet: the same points, so the run goes on


def test_projector_mode_folds_the_settings_and_still_plays(app):
    at = app("regression", "zh", projector="1")
    at.session_state["dlve_play_frames"] = 2
    assert t("regression.settings", lang="zh") in [e.label for e in at.expander]
    at.slider(key="reg_spf").set_value(20).run()
    at.button(key="regression_toggle").click().run()
    assert not at.exception and shown(at, "zh")[0] == 40


def test_play_stops_by_itself_once_converged(page):
    at = page("zh")
    at.select_slider(key="reg_lr").set_value(0.5).run()
    at.slider(key="reg_spf").set_value(200).run()
    at.session_state["dlve_play_frames"] = 20
    at.button(key="regression_toggle").click().run()
    step, w, b, _ = shown(at, "zh")
    assert step < 20 * 200 and (w, b) == (3.0, 0.8)
    assert t("player.finished", lang="zh") in text(at)


@pytest.mark.parametrize("mode,opt", [("manual", "sgd"), ("module", "sgd"), ("module", "momentum"), ("module", "adam")])
def test_the_code_snippet_runs_and_prints_the_trainers_numbers(mode, opt):
    settings = dict(n=60, w=-1.0, b=2.0, noise=0.2, seed=3, lr=0.05, n_steps=120, w0=0.5, b0=-0.5)
    ns = {}
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(source(**settings, mode=mode, optimizer=opt), ns)
    x, y = make_linear(60, -1.0, 2.0, 0.2, seed=3)
    tr = RegressionTrainer(x, y, lr=0.05, mode=mode, optimizer=opt, w0=0.5, b0=-0.5, device="cpu").step(120)
    assert torch_equal(ns["x"], x) and torch_equal(ns["y"], y)
    assert out.getvalue().strip() == f"w = {tr.w:.6f}, b = {tr.b:.6f}, loss = {tr.loss:.6g}"


def test_the_snippet_with_uploaded_points_is_self_contained():
    x, y = [0.0, 0.5, 1.0], [0.8, 2.3, 3.8]
    ns = {}
    exec(source(lr=0.5, n_steps=400, w0=0.0, b0=0.0, data=(x, y, "mine.csv")), ns)
    assert ns["w"].item() == pytest.approx(3.0, abs=1e-3) and ns["b"].item() == pytest.approx(0.8, abs=1e-3)


def torch_equal(a, b) -> bool:
    import torch

    return torch.equal(a, b)


# ---- the CSV upload, in a real browser (AppTest cannot upload to st.file_uploader) -------------

def test_csv_upload_bad_then_good_in_chromium(tmp_path):
    import os

    from tests.browser import ARTIFACTS, Server, chromium_missing_reason, launch, wait_until_idle

    reason = chromium_missing_reason()
    if reason:
        if os.environ.get("DLVE_REQUIRE_BROWSER") == "1":
            raise RuntimeError(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text("x,y\n1,2\n3,abc\n")
    good.write_text("x;y\n0;1\n1;3\n2;5.2\n3;6.9\n4;9.1\n")
    server = Server()
    try:
        server.wait_healthy()
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server.url}/regression?lang=zh")
            wait_until_idle(page)
            page.get_by_text(t("regression.source_csv", lang="zh")).click()
            wait_until_idle(page)
            upload = page.locator("input[type=file]")
            upload.set_input_files(str(bad))
            page.wait_for_selector("[data-testid=stAlertContentError]")
            wait_until_idle(page)
            message = page.locator("[data-testid=stAlertContentError]").inner_text()
            assert "bad.csv" in message and "abc" in message and has_cjk(message)
            assert page.locator("[data-testid=stMetricValue]").nth(3).inner_text() == "3.501"  # generated points
            upload.set_input_files(str(good))
            page.wait_for_selector("[data-testid=stAlertContentSuccess]")
            wait_until_idle(page)
            assert "5" in page.locator("[data-testid=stAlertContentSuccess]").inner_text()
            x, y = linear.read_xy_csv(good.read_bytes())
            assert page.locator("[data-testid=stMetricValue]").nth(3).inner_text() == f"{linear.mse(x, y, 1.0, 0.0):.4g}"
            w_opt, b_opt = linear.least_squares(x, y)
            assert f"w = {w_opt:.4f}" in page.locator("[data-testid=stExpanderDetails]").first.inner_text()
            assert page.locator("[data-testid=stException]").count() == 0
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "regression-csv-zh.png"))
            browser.close()
    finally:
        server.stop()
