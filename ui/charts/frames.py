"""Frames of a live chart: compile the chart once, then send only its data each frame.

Building and validating an Altair chart costs tens of milliseconds (a layered chart is
deep-copied at every ``configure_*``), far more than a frame may take. A chart built over
``alt.NamedData`` compiles once to a Vega-Lite dict; each frame then hands Streamlit that
same dict with fresh ``datasets``. The spec stays identical between frames, so the browser
swaps the data into the existing view instead of embedding a new chart.
"""
from __future__ import annotations

import altair as alt
import pandas as pd


def slot(name: str) -> alt.NamedData:
    """Where a frame's DataFrame called ``name`` goes; pass it to a builder in place of a DataFrame."""
    return alt.NamedData(name=name)


def compile_chart(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite dict, validated once."""
    return chart.to_dict()


def frame(spec: dict, **data: pd.DataFrame) -> dict:
    """``spec`` with this frame's data; the compiled dict itself is left untouched."""
    return {**spec, "datasets": data}
