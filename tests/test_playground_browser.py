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
