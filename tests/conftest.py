import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# A missing i18n key raises instead of showing the key, so page tests catch it.
os.environ["DLVE_I18N_STRICT"] = "1"

from ui.shell import PAGES as _SPECS

PAGES = [p.slug for p in _SPECS]
LANGS = ["en", "zh"]


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def app():
    """An AppTest of the whole app opened at a page in a language: ``app("spiral", "zh")``."""
    from streamlit.testing.v1 import AppTest

    def open_page(slug: str = "home", lang: str = "en", **query):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["lang"] = lang
        for k, v in query.items():
            at.query_params[k] = v
        if slug != "home":  # opened directly, as a link would: the page's own URL values reach it
            at.switch_page(f"lessons/{slug}.py")
        at.run()
        return at

    return open_page


def widget(at, kind: str, key: str):
    """The widget of a kind with a key (AppTest has no keyed accessor for every kind)."""
    found = [w for w in at.get(kind) if getattr(w, "key", None) == key]
    assert found, f"no {kind} with key {key!r}"
    return found[0]


def python_code(at) -> list[str]:
    """The page's PyTorch code blocks (the link box is a code block too, in plain text)."""
    return [c.value for c in at.code if c.language == "python"]


def view_link(at) -> str:
    """What the page's "link to this view" box shows."""
    links = [c.value for c in at.code if c.language != "python"]
    assert len(links) == 1, links
    return links[0]
