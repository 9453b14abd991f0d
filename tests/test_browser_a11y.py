"""Readable by everyone, in Chromium (#13): the document's language follows the app's, headings go down one
level at a time, every chart's text alternative says what it shows (not "Vega visualization"), and nothing is
fetched from outside the server (the page icon ships with the app: a classroom may be offline)."""

import pytest

from tests.browser import browser, requires_browser, server, wait_until_idle  # noqa: F401 (fixtures)
from tests.conftest import LANGS, PAGES, has_cjk

pytestmark = requires_browser()

HEADINGS = "Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1]))"
CHARTS = """Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart]')).map(c => {
    const root = c.matches('[aria-roledescription=visualization]') ? c : c.querySelector('[aria-roledescription=visualization]');
    return root ? root.getAttribute('aria-label') : null; })"""


@pytest.fixture(scope="module")
def served(server, browser):  # noqa: F811
    return server, browser


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", PAGES)
def test_page_is_readable_by_everyone(served, slug, lang):
    server, browser = served
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
    outside = []
    page.on("request", lambda r: None if r.url.startswith((server.url, "data:", "blob:")) else outside.append(r.url))
    try:
        page.goto(f"{server.url}/{'' if slug == 'home' else slug}?lang={lang}")
        wait_until_idle(page)
        page.wait_for_function("document.documentElement.lang.startsWith(%r)" % lang, timeout=20_000)
        assert page.evaluate("document.documentElement.lang").split("-")[0] == lang

        levels = page.evaluate(HEADINGS)
        assert levels and levels[0] == 1, levels
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (slug, lang, levels)

        # Vega embeds each chart after the script run, a busy machine later than others: wait for every label
        # Vega embeds each chart after the script run, a busy machine later than others: wait for every label,
        # and on a lesson for at least one chart (an empty list would pass the every() at once)
        lesson = slug != "home"
        page.wait_for_function(f"(labels => labels.length >= {int(lesson)} && labels.every(label => label !== null))"
                               f"({CHARTS})", timeout=60_000)
        labels = page.evaluate(CHARTS)
        for label in labels:
            assert label and label != "Vega visualization", (slug, lang, labels)
            assert has_cjk(label) == (lang == "zh"), label
        if lesson:
            assert labels, f"{slug}: no chart drawn"

        icon = page.evaluate("(document.querySelector(\"link[rel='shortcut icon']\") || {}).href || ''")
        assert icon.startswith("data:image/svg+xml"), icon[:80]
        assert not outside, outside  # no font host, no CDN: the app works with the network cut
    finally:
        page.close()


def test_switching_language_in_the_sidebar_switches_the_document_language(served):
    server, browser = served
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page.goto(f"{server.url}/neuron?lang=zh")
        wait_until_idle(page)
        page.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=20_000)
        page.locator("[data-testid=stSidebar] button", has_text="English").first.click()
        page.wait_for_function("document.documentElement.lang === 'en'", timeout=30_000)
        page.locator("[data-testid=stSidebar] button", has_text="中文").first.click()
        page.wait_for_function("document.documentElement.lang === 'zh-CN'", timeout=30_000)
    finally:
        page.close()
