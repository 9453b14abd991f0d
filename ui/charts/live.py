"""Live charts: a chart's spec validated once, then only new data each frame.

``altair_chart`` converts and validates the whole chart on every call, and names its data by
a hash of the values, so each frame's spec differs and the browser embeds the chart anew.
A live page instead builds its chart over ``alt.NamedData`` placeholders once per script run
(``freeze``) and sends each frame as that same spec with fresh ``datasets`` (``feed``): the
server skips validation and the browser only swaps the data in the view it already has.
"""
from __future__ import annotations

import copy

import altair as alt
import pandas as pd


def named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def freeze(chart: alt.TopLevelMixin) -> dict:
    """The validated Vega-Lite spec, without the default theme's 300×300 view that Streamlit also drops."""
    spec = chart.to_dict()
    view = spec.get("config", {}).get("view", {})
    for k in ("continuousWidth", "continuousHeight"):
        view.pop(k, None)
    return spec


def feed(spec: dict, **data: pd.DataFrame) -> dict:
    """``spec`` with this frame's tables under the names its layers read."""
    out = copy.copy(spec)
    out["datasets"] = data
    return out
