"""Tables that grow with projector and presenter mode.

``st.dataframe`` draws its cells on a canvas (glide-data-grid) at the theme's font size, which no
page CSS reaches: in front of a class its text stays at ~13 px while the prose is 22 px. In those
modes a lesson's (small) tables are drawn with ``st.table`` instead, plain HTML that the mode's CSS
scales; the numbers are formatted as the dataframe's ``column_config`` would show them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from ui.charts import current_style


def _printf(fmt: str):
    return lambda v: fmt % v if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def as_styler(data, column_config: dict | None = None, hide_index: bool = False) -> Styler:
    """``data`` (a frame or a Styler) with ``column_config``'s labels and printf formats applied."""
    styler = data if isinstance(data, Styler) else data.style
    renames = {}
    for col, cfg in (column_config or {}).items():
        cfg = dict(cfg) if cfg is not None else {}
        fmt = (cfg.get("type_config") or {}).get("format")
        if fmt and col in styler.data.columns:
            styler = styler.format(_printf(fmt), subset=[col])
        if cfg.get("label") and col in styler.data.columns:
            renames[col] = cfg["label"]
    if renames:
        styler = styler.relabel_index([renames.get(c, c) for c in styler.data.columns], axis="columns")
    if hide_index:
        styler = styler.hide(axis="index")
    return styler


def show(data: pd.DataFrame | Styler, *, key: str | None = None, column_config: dict | None = None,
         hide_index: bool | None = None, **kwargs) -> None:
    """``st.dataframe`` on a laptop; ``st.table`` (scaled by the mode's CSS) in projector and presenter mode."""
    if current_style().big:
        st.table(as_styler(data, column_config, bool(hide_index)))
    else:
        st.dataframe(data, key=key, column_config=column_config, hide_index=hide_index, **kwargs)
