"""Presenter mode on a 1280x720 projector, every lesson in both languages (issue #13).

A lesson marks what the first screen must hold: its main chart sits in a container keyed
``main_chart`` (or ``main_chart_<anything>`` when a row of charts is the main one), drawn right
after the controls that drive it; a live page's Play/Pause and Step buttons (``ui.player.controls``:
``<key>_toggle`` and its ``<key>_step``) must be on that screen too. Parts a class need not read go in containers keyed
``secondary_<anything>``, which presenter mode hides. A new lesson in ``ui.shell.PAGES`` is held
to the same rules without touching this file.
"""

import pytest

from tests.browser import ARTIFACTS, browser, requires_browser, server, wait_until_idle  # noqa: F401 (fixtures)
from tests.conftest import LANGS, PAGES

pytestmark = requires_browser()

LESSONS = [slug for slug in PAGES if slug != "home"]
WIDTH, HEIGHT = 1280, 720
MIN_FONT_PX = 20  # prose is 22 px in presenter mode; nothing a lesson shows may be much smaller
MAX_TITLE_GAP_PX = 60  # hidden parts must not leave an empty band under the title

# Everything measured in one evaluation, in CSS pixels from the top of the page (not scrolled).
MEASURE = r"""
() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const all = sel => [...document.querySelectorAll(sel)].filter(shown);
  const keyed = re => all('[class*="st-key-"]').filter(e => [...e.classList].some(c => re.test(c)));
  const fonts = {};
  for (const [name, sel] of Object.entries({
      table: '[data-testid=stTable] td, [data-testid=stTable] th',
      input: '[data-testid=stNumberInput] input, [data-testid=stTextInput] input, [data-testid=stSelectbox] input',
      chip: '[data-testid=stMultiSelect] [data-tag] span',
      slider_value: '[data-testid=stSliderThumbValue] p',
      widget_label: '[data-testid=stWidgetLabel] p',
      metric_label: '[data-testid=stMetricLabel] p',
      button: '[data-testid=stMain] button p'})) {
    const sizes = all('[data-testid=stMain] ' + sel.split(', ').join(', [data-testid=stMain] '))
      .map(e => parseFloat(getComputedStyle(e).fontSize));
    if (sizes.length) fonts[name] = Math.min(...sizes);
  }
  const h1 = document.querySelector('[data-testid=stMain] h1');
  const h1Bottom = h1.getBoundingClientRect().bottom;
  const below = all('[data-testid=stMain] [data-testid=stElementContainer]')
    .map(e => e.getBoundingClientRect().top).filter(t => t > h1Bottom);
  return {
    main: keyed(/^st-key-main_chart/).map(e => ({...box(e),
      charts: [...e.querySelectorAll('[data-testid=stVegaLiteChart]')].filter(shown).length})),
    // ui/player.controls: <key>_toggle (Play/Pause) and, beside it, <key>_step
    player: keyed(/^st-key-.+_toggle$/).flatMap(e => {
      const key = [...e.classList].find(c => /^st-key-.+_toggle$/.test(c)).slice(0, -'_toggle'.length);
      return [e, ...all('.' + key + '_step')];
    }).filter(e => e.querySelector('[data-testid=stButton] button')).map(e => ({...box(e), text: e.innerText.trim()})),
    fonts,
    canvas_tables: all('[data-testid=stDataFrame]').length,
    cut: [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')]
      .map(e => e.textContent).filter(s => s.includes('…')),
    clipped: all('[data-testid=stVegaLiteChart] svg.marks').flatMap(svg => {  // text past its chart's edge is cut off
      const r = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].filter(e => e.textContent.trim()).filter(e => {
        const t = e.getBoundingClientRect();
        // 5 px of slack: a rotated title's box reaches a few pixels past the glyphs it holds
        return t.top < r.top - 5 || t.bottom > r.bottom + 5 || t.left < r.left - 5 || t.right > r.right + 5;
      }).map(e => e.textContent);
    }),
    wide_charts: all('[data-testid=stVegaLiteChart]').map(box).filter(b => b.right > innerWidth + 1).length,
    page_width: document.documentElement.scrollWidth,
    title_gap: below.length ? Math.min(...below) - h1Bottom : 0,
    on_track: all('[data-testid=stSliderThumbValue]').filter(v => {
      const thumb = v.parentElement.getBoundingClientRect();
      return v.querySelector('p').getBoundingClientRect().bottom > thumb.top + 1;
    }).map(v => v.innerText),
  };
}
"""


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-US")
    yield page
    page.close()


def open_presenting(page, server, slug: str, lang: str) -> dict:
    page.goto(f"{server.url}/{slug}?lang={lang}&present=1")
    wait_until_idle(page, timeout_ms=120_000)
    # the mode's styles and the main chart's picture arrive with the page's elements, a moment after the run
    page.wait_for_function("() => [...document.querySelectorAll('style')]"
                           ".some(s => s.textContent.includes('st-key-main_chart') || s.textContent.includes(':has('))",
                           timeout=20_000)
    page.wait_for_function("() => [...document.querySelectorAll('[class*=st-key-main_chart] [data-testid=stVegaLiteChart]')]"
                           ".some(c => c.querySelector('svg, canvas'))", timeout=30_000)
    page.wait_for_timeout(800)  # Vega lays out its legends and titles after the first paint
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", LESSONS)
def test_presenter_first_screen(server, page, slug, lang):
    m = open_presenting(page, server, slug, lang)
    page.screenshot(path=str(ARTIFACTS / f"present-layout-{slug}-{lang}-{WIDTH}x{HEIGHT}.png"))
    assert page.locator("[data-testid=stException]").count() == 0

    assert m["main"], f"{slug}: no container keyed main_chart (see this file's docstring)"
    for b in m["main"]:
        assert b["charts"] >= 1, f"{slug}: the main_chart container holds no chart"
        assert 0 <= b["top"] and b["bottom"] <= HEIGHT, f"{slug}/{lang}: main chart at {b['top']:.0f}–{b['bottom']:.0f} px"
    for b in m["player"]:
        assert 0 <= b["top"] and b["bottom"] <= HEIGHT, f"{slug}/{lang}: {b['text']!r} at {b['top']:.0f}–{b['bottom']:.0f} px"

    small = {k: v for k, v in m["fonts"].items() if v < MIN_FONT_PX}
    assert not small, f"{slug}/{lang}: text smaller than {MIN_FONT_PX}px: {small}"
    assert m["canvas_tables"] == 0, f"{slug}: a st.dataframe (canvas text no CSS scales): use ui.tables.show"
    assert not m["cut"], f"{slug}/{lang}: chart text cut short: {m['cut']}"
    assert not m["clipped"], f"{slug}/{lang}: chart text past its chart's edge: {m['clipped']}"
    assert m["wide_charts"] == 0 and m["page_width"] <= WIDTH, f"{slug}/{lang}: something runs off the right edge"
    assert m["title_gap"] <= MAX_TITLE_GAP_PX, f"{slug}/{lang}: {m['title_gap']:.0f} px empty under the title"
    assert not m["on_track"], f"{slug}/{lang}: slider values on the track: {m['on_track']}"


def test_presenter_full_hd_spiral(server, browser):
    """1920x1080 holds the same first screen, with room to spare."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="en-US")
    try:
        m = open_presenting(page, server, "spiral", "zh")
        page.screenshot(path=str(ARTIFACTS / "present-layout-spiral-zh-1920x1080.png"))
        assert m["main"] and all(b["bottom"] <= 1080 for b in m["main"] + m["player"])
        assert not m["cut"] and not m["clipped"] and m["wide_charts"] == 0 and m["canvas_tables"] == 0
        assert min(m["fonts"].values()) >= MIN_FONT_PX
    finally:
        page.close()
