"""The backpropagation lesson in Chromium: a student presses Backward until the gradient reaches every weight."""
import pytest

from core import backprop as B
from tests.browser import ARTIFACTS, browser, requires_browser, server, wait_until_idle  # noqa: F401 (fixtures)
from tests.conftest import LANGS
from ui import backprop_view as V
from ui.i18n import t

pytestmark = requires_browser()


@pytest.mark.parametrize("lang", LANGS)
def test_pressing_backward_reaches_every_weight(server, browser, lang):  # noqa: F811
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server.url}/backprop?lang={lang}&stage={V.FORWARD}")
        wait_until_idle(page)
        nxt = page.locator(".st-key-bp_next button")
        assert t("backprop.next_backward", lang=lang) in nxt.inner_text()
        graph = B.neuron_graph(B.Setup())
        for k in range(V.FORWARD + 1, V.LAST_STAGE + 1):
            nxt.click()
            page.wait_for_function(f"() => new URL(location).searchParams.get('stage') === '{k}'", timeout=30_000)
            wait_until_idle(page)
        assert page.locator("[data-testid=stException]").count() == 0
        assert nxt.is_disabled()
        # the last gradient reached is x2's; the chain rule printed ends in autograd's number
        katex = page.locator("[data-testid=stMarkdownContainer] .katex-html").first.inner_text()
        assert f"{graph.nodes['x2'].grad:.4g}" in katex.replace("−", "-")
        assert page.locator(".st-key-main_chart [data-testid=stVegaLiteChart]").is_visible()
        page.screenshot(path=str(ARTIFACTS / f"backprop-backward-{lang}.png"))
    finally:
        page.close()
