"""One catalogue of every string a person reads, in English and Chinese.

Each page keeps its strings in its own module here (``ui/i18n/<page>.py`` with a
``STRINGS`` dict of ``key -> {"en": ..., "zh": ...}``); ``CATALOGUE`` merges them and
refuses duplicate keys. ``t(key)`` looks a key up in the visitor's language.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
from typing import Mapping

LANGS: dict[str, str] = {"en": "English", "zh": "中文"}
DEFAULT_LANG = "en"
LANG_KEY = "lang"  # session-state key and URL parameter


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        strings = importlib.import_module(f"{__name__}.{mod.name}").STRINGS
        clash = merged.keys() & strings.keys()
        if clash:
            raise ValueError(f"i18n keys defined twice: {sorted(clash)}")
        merged.update(strings)
    return merged


CATALOGUE: dict[str, dict[str, str]] = _load()


def lang_from_locale(locale: str | None) -> str:
    """'zh', 'zh-CN', 'zh_TW' ... choose Chinese; anything else English."""
    tag = (locale or "").strip().lower().replace("_", "-")
    for code in LANGS:
        if tag == code or tag.startswith(code + "-"):
            return code
    return DEFAULT_LANG


def normalise(lang: object) -> str:
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG


def current_lang() -> str:
    """The visitor's language; English outside a Streamlit run (tests, core)."""
    try:
        import streamlit as st

        return normalise(st.session_state.get(LANG_KEY))
    except Exception:  # no script run context
        return DEFAULT_LANG


def _strict() -> bool:
    return os.environ.get("DLVE_I18N_STRICT") == "1"


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The text for ``key`` in ``lang`` (default: the visitor's), formatted with ``fmt``.

    A missing key raises under DLVE_I18N_STRICT=1 (the tests) and shows the key otherwise,
    so a typo is caught in CI but never takes a public page down.
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        if _strict():
            raise KeyError(f"i18n key missing: {key!r}")
        return key
    text = entry[normalise(lang or current_lang())]
    return text.format(**fmt) if fmt else text


def pick(texts: Mapping[str, str], lang: str | None = None) -> str:
    """Choose from a bilingual dict that lives in a core table (``{"en": ..., "zh": ...}``)."""
    lang = normalise(lang or current_lang())
    return texts.get(lang) or texts.get(DEFAULT_LANG, "")
