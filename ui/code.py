"""The "show the PyTorch code" expander every page ends with."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from ui.i18n import t

# One key on every page: a visitor who opened the code keeps seeing it from lesson to lesson.
OPEN_KEY = "show_code"


def show_code(source: str | Callable[[], str], *, expanded: bool = False) -> None:
    """The code, rendered only once the expander is open (``source`` may be a callable, made then).

    Streamlit sends a closed expander's children all the same, and one ``st.code`` on a page makes the
    browser fetch and run its 1.5 MB syntax highlighter before the page settles: with ``on_change="rerun"``
    the expander reports whether it is open and the code waits for the visitor who asks for it (#15).
    """
    box = st.expander(t("code.show"), expanded=expanded, icon=":material/code:", key=OPEN_KEY, on_change="rerun")
    if box.open:
        with box:
            st.caption(t("code.caption"))
            st.code(source() if callable(source) else source, language="python")
