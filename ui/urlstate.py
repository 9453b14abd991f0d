"""Widget values mirrored into the URL, so a view can be shared or bookmarked.

A URL value is only a suggestion: it is parsed and validated, and a bad one falls back
to the default (the URL is typed by strangers on the public demo).
"""
from __future__ import annotations

from typing import Any, Callable

import streamlit as st


def seed_from_url(key: str, parse: Callable[[str], Any], default: Any) -> None:
    """On a session's first run, start the widget ``key`` from ``?key=`` when that parses."""
    if key in st.session_state:
        return
    raw = st.query_params.get(key)
    value = None
    if raw is not None:
        try:
            value = parse(raw)
        except (TypeError, ValueError):
            value = None
    st.session_state[key] = default if value is None else value


def write_to_url(key: str, text: str | None) -> None:
    """Put ``text`` in the URL under ``key`` (None removes it); only touches the URL on change."""
    if text is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != text:
        st.query_params[key] = text


def parse_choice(options) -> Callable[[str], Any]:
    def parse(raw: str):
        return raw if raw in options else None

    return parse


def parse_flag(raw: str) -> bool | None:
    return {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}.get(raw.strip().lower())
