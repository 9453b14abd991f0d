"""The data behind a page's main charts, as files a visitor can take away."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import streamlit as st

from ui.i18n import t


@dataclass(frozen=True)
class Download:
    label: str  # i18n key
    file_name: str
    data: Callable[[], bytes | str]  # called on click only, outside the script run: no st.* inside
    mime: str = "text/csv"


def lazy_csv(build: Callable[..., pd.DataFrame], *args) -> Callable[[], str]:
    """CSV of ``build(*args)``, frame and text both made on click: for data a live run keeps changing,
    or too big to tabulate on every rerun."""
    return lambda: build(*args).to_csv(index=False, float_format="%.9g")


def csv_of(frame: pd.DataFrame) -> Callable[[], str]:
    """The frame as CSV, made when someone asks for it (the page keeps the frame, not the text)."""
    return lazy_csv(lambda: frame)


def offer(slug: str, items: list[Download]) -> None:
    """One row of download buttons; clicking one neither reruns the page nor pauses a live run."""
    with st.container(key=f"downloads_{slug}"):
        st.markdown(f"**{t('downloads.header')}**")
        for col, item in zip(st.columns(max(len(items), 3)), items):
            # keyed by label, not file name: a name may carry the step, and a key must not change per frame
            col.download_button(t(item.label), data=item.data, file_name=item.file_name, mime=item.mime,
                                on_click="ignore", icon=":material/download:", key=f"dl_{item.label}", width="stretch")
