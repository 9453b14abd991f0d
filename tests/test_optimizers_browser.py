"""The optimizer race in Chromium: Play moves all four maps and the loss chart, Pause stops it, and a diverging
racer's message appears while the other three go on."""
import pytest

from tests.browser import ARTIFACTS, browser, requires_browser, server, wait_until_idle  # noqa: F401 (fixtures)
from tests.conftest import LANGS
from ui.i18n import t

pytestmark = requires_browser()

TOGGLE = ".st-key-optimizers_toggle button"


@pytest.mark.parametrize("lang", LANGS)
def test_play_races_four_maps_and_pause_stops(server, browser, lang):  # noqa: F811
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        # projector mode draws the standings as an HTML table, whose cells a test can read
        page.goto(f"{server.url}/optimizers?lang={lang}&projector=1&n=50&lr_sgd=10&act=identity")
        wait_until_idle(page)
        maps = page.locator(".st-key-main_chart [data-testid=stVegaLiteChart]")
        assert maps.count() == 5  # four maps and the loss chart
        page.locator(TOGGLE).first.click()
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stTable] td')]"
                               ".some(td => /^[1-9][0-9,]*$/.test(td.innerText.trim()))", timeout=60_000)
        page.wait_for_selector("[data-testid=stAlertContentError]", timeout=60_000)  # plain SGD at 10 diverges
        page.wait_for_timeout(1500)
        page.locator(TOGGLE).first.click()  # Pause
        page.wait_for_function(f"() => document.querySelector('{TOGGLE}').innerText.includes('{t('player.play', lang=lang)}')",
                               timeout=30_000)
        wait_until_idle(page)
        assert page.locator("[data-testid=stException]").count() == 0
        error = page.locator("[data-testid=stAlertContentError]").first.inner_text()
        head, tail = t("optimizers.diverged", lang=lang).split("{step}")[0], t("optimizers.diverged", lang=lang, step=0, lr=10)[-6:]
        assert error.startswith(head) and error.endswith(tail)
        cells = page.locator("[data-testid=stMain] [data-testid=stTable] tbody tr").all_inner_texts()
        assert len(cells) >= 4
        running = [c for c in cells[:4] if t("optimizers.state_running", lang=lang) in c]
        assert len(running) == 3  # the other three go on
        page.screenshot(path=str(ARTIFACTS / f"optimizers-race-{lang}.png"))
    finally:
        page.close()
