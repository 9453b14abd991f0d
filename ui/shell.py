"""The app shell: page table, language switch, projector and presenter modes, device panel."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import torch

from core import device as core_device
from ui import urlstate
from ui.charts import PRESENT_KEY, PROJECTOR_KEY
from ui.i18n import LANG_KEY, LANGS, lang_from_locale, t


ICON = Path(__file__).parent / "assets" / "icon.svg"  # the favicon, sent inline as a data: URL
# <html lang>: screen readers pick their voice, browsers their fonts and hyphenation, by it
HTML_LANG = {"en": "en", "zh": "zh-CN"}


@dataclass(frozen=True)
class PageSpec:
    slug: str  # url_path, i18n key suffix, and file name under lessons/
    # Not "pages/": Streamlit runs a folder of that name beside the script as a legacy (v1)
    # multipage app on a server's first run, executing a deep-linked page without explainer.py.
    icon: str
    default: bool = False

    @property
    def path(self) -> str:
        return f"lessons/{self.slug}.py"


PAGES = (
    PageSpec("home", ":material/home:", default=True),
    PageSpec("neuron", ":material/hub:"),
    PageSpec("backprop", ":material/account_tree:"),
    PageSpec("tensors", ":material/grid_on:"),
    PageSpec("activations", ":material/show_chart:"),
    PageSpec("initialization", ":material/bar_chart:"),
    PageSpec("regression", ":material/trending_down:"),
    PageSpec("spiral", ":material/scatter_plot:"),
    PageSpec("playground", ":material/toys:"),
    PageSpec("optimizers", ":material/sports_score:"),
)


@st.cache_resource
def configure_server() -> int:
    """Once per server process: fix torch's thread count for every visitor."""
    return core_device.configure_threads()


@st.cache_resource
def device_info() -> core_device.DeviceInfo:
    return core_device.describe()


def browser_lang() -> str:
    try:
        return lang_from_locale(st.context.locale)
    except Exception:
        return "en"


def _mirror(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


def _persistent_widget(state_key: str) -> dict:
    """Widget kwargs that keep its value in a plain session key.

    Widget state is dropped when a page switch stops rendering it; a plain key survives,
    so the choice holds across pages however navigation happens.
    """
    widget_key = f"{state_key}_widget"
    st.session_state[widget_key] = st.session_state[state_key]
    return {"key": widget_key, "on_change": _mirror, "args": (widget_key, state_key)}


_PRESENT = urlstate.Param(PRESENT_KEY, PRESENT_KEY, urlstate.Flag(), False)


def seed_state() -> None:
    """A new session starts from ``?lang=`` / ``?projector=`` / ``?present=`` when valid, else the browser's locale."""
    urlstate.restore([urlstate.Param(LANG_KEY, LANG_KEY, urlstate.Choice(list(LANGS)), browser_lang()),
                      urlstate.Param(PROJECTOR_KEY, PROJECTOR_KEY, urlstate.Flag(), False), _PRESENT])


def sidebar_state() -> str:
    """A presenter's link opens with the sidebar folded: the slides get the whole 1280 pixels."""
    present, _ = urlstate.read(_PRESENT, st.query_params.get(PRESENT_KEY, ""))
    return "collapsed" if present else "auto"


def language_switch() -> str:
    """Sidebar switch mirrored to ``?lang=`` (kept across pages)."""
    st.sidebar.segmented_control(
        "Language · 语言", options=list(LANGS), format_func=LANGS.get, required=True, **_persistent_widget(LANG_KEY)
    )
    urlstate.write_to_url(LANG_KEY, st.session_state[LANG_KEY])
    document_language(st.session_state[LANG_KEY])
    return st.session_state[LANG_KEY]


def document_language(lang: str) -> None:
    """Streamlit's page says <html lang="en"> whatever the app's language (set_page_config has no
    language in 1.67): a one-line script in the sidebar sets it, again whenever the language changes."""
    code = HTML_LANG.get(lang, "en")
    st.sidebar.html(f"<script>document.documentElement.lang = '{code}';</script>", unsafe_allow_javascript=True)


def navigation() -> st.Page:
    pages = [
        st.Page(p.path, title=t(f"nav.{p.slug}"), icon=p.icon, url_path=None if p.default else p.slug, default=p.default)
        for p in PAGES
    ]
    return st.navigation(pages, position="sidebar")


# The metric rule needs !important: the value's inner paragraph would otherwise take the
# paragraph rule and shrink below its label. No HTML-like text inside the CSS, not even in a
# comment: st.html's sanitiser then drops the whole style element.
_PROJECTOR_CSS = """
<style>
  html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.25rem; }
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.4rem !important; line-height: 1.2; }
  h1 { font-size: 3rem !important; }
  [data-testid="stSliderThumbValue"] p, [data-testid="stSliderTickBar"] p { font-size: 1rem; line-height: 1.3; }
  [data-testid="stSliderThumbValue"] { top: auto; bottom: calc(100% + 0.25rem); line-height: 1.3; }
  [data-testid="stNumberInput"] input, [data-testid="stSelectbox"] input, [data-testid="stTextInput"] input,
  [data-testid="stMultiSelect"] input, [data-testid="stMultiSelect"] [data-tag] span, [role="option"],
  [data-testid="stTable"] th, [data-testid="stTable"] td, [data-testid="stCode"] code { font-size: 1rem !important; }
  [data-testid="stMultiSelect"] [data-tag] { height: auto; }
  [data-testid="stMultiSelectTagsContainer"] { flex-wrap: wrap; overflow: visible; }
  [data-testid="stMultiSelect"] .react-aria-ComboBox > div { max-height: none; height: auto; }
</style>
"""


# Presenter mode hides what a class does not need to read from afar: captions, expanders (notes,
# code), the link box, and the controls a page puts in a container keyed "secondary_...". Hidden,
# not removed: those widgets keep their values, so a prepared link shows exactly its view. The
# wrapper of each hidden element goes too (":has"), else its empty slot keeps its gap, and so
# do the CSS elements' own slots at the top of the page. A lesson keys its main chart's
# container "main_chart..." and draws it right after the controls that drive it: the browser
# test holds every such container inside the first 720 pixels of a 1280x720 screen.
_PRESENTER_CSS = """
<style>
  [data-testid="stCaptionContainer"], [data-testid="stExpander"], [class*="st-key-secondary"],
  [class*="st-key-share"], [data-testid="stDownloadButton"], [class*="st-key-downloads"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stMain"] * { color: #000000; }
  [data-testid="stMain"] { background: #ffffff; }
  :is([data-testid="stElementContainer"], [data-testid="stLayoutWrapper"]):has(> :is([data-testid="stExpander"],
    [class*="st-key-secondary"], [class*="st-key-share"], [class*="st-key-downloads"])),
  [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"], [data-testid="stDownloadButton"],
    [data-testid="stHtml"] style) { display: none !important; }
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.7rem; }
  [data-testid="stMainBlockContainer"] { padding: 3.2rem 2rem 2rem; max-width: 100%; }
  h1 { font-size: 2.1rem !important; padding: 0 !important; }
  h2, h3 { padding: 0.25rem 0 0 !important; }
  [data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2rem !important; }
  [data-testid="stMetricLabel"] p { font-size: 1rem; }
  [data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important; overflow: visible !important;
    text-overflow: clip !important; }
  h1 { line-height: 1.25 !important; margin: 0 !important; }
  [data-testid="stHeading"]:has(h1) [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
  [data-testid="stHeader"] { background: transparent; }
</style>
"""


def _flag_switch(key: str, label: str, help_key: str) -> bool:
    on = st.sidebar.toggle(t(label), help=t(help_key), **_persistent_widget(key))
    urlstate.write_to_url(key, "1" if on else None)
    return on


# Streamlit's own Stop (beside "Running…") ends a live page's loop without a rerun, so its Pause button
# would stay drawn over a run that no longer exists. Pause is the way to stop playing; every other run
# on these pages is short and bounded.
_BASE_CSS = """
<style>
  [data-testid="stStatusWidget"] button { display: none !important; }
</style>
"""


def projector_switch() -> bool:
    """Projector mode: big type. Presenter mode: big type, high contrast, the secondary parts hidden."""
    projector = _flag_switch(PROJECTOR_KEY, "sidebar.projector", "sidebar.projector_help")
    present = _flag_switch(PRESENT_KEY, "sidebar.present", "sidebar.present_help")
    st.html(_BASE_CSS)
    if projector or present:
        st.html(_PROJECTOR_CSS)
    if present:
        st.html(_PRESENTER_CSS)
    return projector or present


def device_panel() -> None:
    info = device_info()
    box = st.sidebar.container(border=True)
    box.caption(t("sidebar.device"))
    box.markdown(t("sidebar.device_line", name=info.name, torch=torch.__version__.split("+")[0]))
    box.caption(t("sidebar.threads", n=torch.get_num_threads()))
    if info.fallback:
        box.warning(t(f"device.{info.fallback}"))
