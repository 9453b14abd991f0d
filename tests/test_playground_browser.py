"""The playground's own points and clicks in a real Chromium (AppTest can neither upload a file nor click a chart):
a bad CSV is refused with its reason, a good one is trained on; a click on the plane adds a point of the chosen
class; a click on a neuron's map shows it large."""
import re

from tests.browser import ARTIFACTS, browser, requires_browser, server, wait_until_idle  # noqa: F401 (fixtures)
from tests.conftest import has_cjk
from ui.i18n import t

pytestmark = requires_browser()


def added_caption(page) -> str:
    return page.locator("[data-testid=stCaptionContainer]").filter(has_text=re.compile("of at most|最多")).inner_text()


def test_a_bad_file_is_refused_and_a_good_one_trained_on(server, browser, tmp_path):
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text("x1,x2,label\n0.1,0.2,0\n0.3,0.4,1.5\n")
    rows = [(i / 10 - 1, (i % 7) / 7 - 0.5, i % 2) for i in range(21)]
    good.write_text("x1;x2;label\n" + "\n".join(f"{a};{b};{c}" for a, b, c in rows) + "\n")
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page.goto(f"{server.url}/playground?lang=zh")
        wait_until_idle(page)
        page.get_by_text(t("playground.own_data", lang="zh")).click()
        upload = page.locator("input[type=file]")
        upload.set_input_files(str(bad))
        page.wait_for_selector("[data-testid=stAlertContentError]")
        wait_until_idle(page)
        message = page.locator("[data-testid=stAlertContentError]").inner_text()
        assert "bad.csv" in message and "1.5" in message and "3" in message and has_cjk(message)
        assert page.locator("[data-testid=stException]").count() == 0
        upload.set_input_files(str(good))
        page.wait_for_selector("[data-testid=stAlertContentSuccess]")
        wait_until_idle(page)
        assert "21" in page.locator("[data-testid=stAlertContentSuccess]").inner_text()
        # the training loss on screen is that of the default network on the file's points, before any step
        import torch

        from core.points import read_points_csv
        from core.train import ClassifierTrainer

        X, y = read_points_csv(good.read_bytes(), "classify")
        torch.set_num_threads(1)
        tr = ClassifierTrainer(X, y, hidden=(4, 2), activation="tanh", optimizer="adam", lr=0.03, batch_size=10,
                               test_fraction=0.3, seed=1, weight_decay=0.0, device="cpu")
        assert page.locator("[data-testid=stMetricValue]").nth(2).inner_text() == f"{tr.history[0]['loss']:.4f}"
        assert t("playground.code_own_data", lang="zh") in page.locator("[data-testid=stMain]").inner_text()
        assert page.locator("[data-testid=stException]").count() == 0
        page.screenshot(path=str(ARTIFACTS / "playground-csv-zh.png"))
    finally:
        page.close()


def test_clicks_add_a_point_and_choose_a_neuron(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="en-US")
    try:
        page.goto(f"{server.url}/playground?lang=en")
        wait_until_idle(page)
        page.wait_for_function("() => document.querySelectorAll('[data-testid=stVegaLiteChart] canvas, "
                               "[data-testid=stVegaLiteChart] svg').length >= 2", timeout=30_000)
        page.wait_for_timeout(800)
        assert added_caption(page).startswith("0 added") and "a link does not carry them" in added_caption(page)
        charts = page.locator("[data-testid=stVegaLiteChart]")
        plane = charts.nth(1).bounding_box()
        page.mouse.click(plane["x"] + plane["width"] * 0.55, plane["y"] + plane["height"] * 0.55)
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
                               ".some(c => c.innerText.startsWith('1 added'))", timeout=30_000)
        wait_until_idle(page)
        # a neuron: scan down the first hidden column of the diagram until a map is hit
        chosen = page.locator(".st-key-pg_unit input")
        before = chosen.input_value()
        diagram = charts.nth(0).bounding_box()
        for dy in range(100, int(diagram["height"]), 20):
            page.mouse.click(diagram["x"] + 131, diagram["y"] + dy)
            page.wait_for_timeout(1500)
            wait_until_idle(page)
            now = chosen.input_value()
            if now != before:
                break
        assert now != before and "layer 1, neuron" in now, now
        assert page.locator("[data-testid=stException]").count() == 0
        page.screenshot(path=str(ARTIFACTS / "playground-clicked-en.png"))
    finally:
        page.close()


OVERLAPS = r"""
() => {
  const chart = document.querySelector('[class*=st-key-main_chart] [data-testid=stVegaLiteChart]');
  const boxes = [...chart.querySelectorAll('svg text')].filter(e => e.textContent.trim())
    .map(e => { const r = e.getBoundingClientRect(); return {t: e.textContent, l: r.left, r: r.right, top: r.top, b: r.bottom}; });
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.l < b.r - 1 && b.l < a.r - 1 && a.top < b.b - 1 && b.top < a.b - 1) out.push([a.t, b.t]);
  }
  return out;
}
"""


def test_presenting_keeps_the_diagram_and_regions_side_by_side_on_the_first_screen_at_any_depth(server, browser):
    """Issue #16: the diagram and the regions on a 1280x720 projector's first screen, also for the deepest and widest
    network (4 layers of 128, whose "+120 more" counts must not run into each other) with 6 classes; before, from
    3 hidden layers on, the regions fell below the diagram, off the screen."""
    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="en-US")
    try:
        for lang, query in (("en", "layers=3"), ("zh", "layers=4"),
                            ("en", "layers=4&w1=128&w2=128&w3=128&w4=128&classes=6"),
                            ("zh", "layers=4&w1=128&w2=128&w3=128&w4=128&classes=6"),
                            ("en", "task=regress&target=gaussians&layers=4&w1=128&w2=128&w3=128&w4=128"
                                   "&feat=x1,x2,x1sq,x2sq,x1x2,sin_x1,sin_x2")):
            page.goto(f"{server.url}/playground?lang={lang}&present=1&{query}")
            wait_until_idle(page, timeout_ms=120_000)
            page.wait_for_function("() => document.querySelectorAll('[class*=st-key-main_chart] "
                                   "[data-testid=stVegaLiteChart] svg').length >= 2", timeout=60_000)
            page.wait_for_timeout(800)
            main = page.locator("[class*=st-key-main_chart]").first.bounding_box()
            charts = page.locator("[class*=st-key-main_chart] [data-testid=stVegaLiteChart]")
            diagram, regions = charts.nth(0).bounding_box(), charts.nth(1).bounding_box()
            assert main["y"] >= 0 and main["y"] + main["height"] <= 720, (query, lang, main)
            assert regions["x"] >= diagram["x"] + diagram["width"] - 1, (query, lang, diagram, regions)  # side by side
            assert regions["x"] + regions["width"] <= 1280 and regions["y"] + regions["height"] <= 720
            assert page.evaluate(OVERLAPS) == [], (query, lang)
            assert page.locator("[data-testid=stException]").count() == 0
            page.screenshot(path=str(ARTIFACTS / f"playground-present-{lang}-{query.split('&')[0]}.png"))
    finally:
        page.close()


WIDEST_FIGURES = {"Step": "99,999", "Epoch": "9,999.9", "Training loss": "0.0000", "Test loss": "0.0000",
                  "Test accuracy": "100.0%", "Weights ≈ 0": "100%"}
FITS = r"""
(widest) => [...document.querySelectorAll('[data-testid=stMetric]')].map(m => {
  const label = m.querySelector('[data-testid=stMetricLabel]').innerText.trim();
  const value = m.querySelector('[data-testid=stMetricValue] > div') || m.querySelector('[data-testid=stMetricValue]');
  if (widest[label]) value.textContent = widest[label];
  return [label, value.textContent, value.scrollWidth <= value.clientWidth + 1];
})
"""


def test_the_figures_fit_their_columns_with_their_widest_values(server, browser):
    """While playing, "Test accuracy" read "100.…" at 1440x900: each figure, given its widest value, fits."""
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="en-US")
    try:
        page.goto(f"{server.url}/playground?lang=en")
        wait_until_idle(page)
        page.wait_for_selector("[data-testid=stMetric]")
        fits = page.evaluate(FITS, WIDEST_FIGURES)
        assert len(fits) == 6 and all(ok for _, _, ok in fits), fits
    finally:
        page.close()
