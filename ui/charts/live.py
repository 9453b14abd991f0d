"""Live charts: a chart's spec validated once, then only new data each frame.

``altair_chart`` converts and validates the whole chart on every call, and names its data by
a hash of the values, so each frame's spec differs and the browser embeds the chart anew.
A live page instead builds its chart over ``alt.NamedData`` placeholders once per script run
(``freeze``) and sends each frame as that same spec with fresh ``datasets`` (``feed``): the
server skips validation and the browser only swaps the data in the view it already has.
"""
from __future__ import annotations

import copy
import math
import time
from collections.abc import Mapping

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from ui.charts import Style, finish


def named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


def freeze(chart: alt.TopLevelMixin) -> dict:
    """The validated Vega-Lite spec, without the default theme's 300×300 view that Streamlit also drops."""
    spec = chart.to_dict()
    view = spec.get("config", {}).get("view", {})
    for k in ("continuousWidth", "continuousHeight"):
        view.pop(k, None)
    return spec


Table = pd.DataFrame | Mapping | bytes


def arrow(table: Table) -> bytes:
    """A table (a DataFrame, or a mapping of column names to values) as the Arrow IPC bytes a chart's
    dataset travels in; bytes are returned as they are.

    Streamlit sends a dataset that is already bytes unchanged (``vega_charts._marshall_chart_data``), so a
    table that stays the same for a whole run (the points, a loss surface's grid) is converted once, not every
    frame. Column by column, because pandas' own conversion spends most of its time on metadata that a chart
    never reads (a 300-point table: 0.3 ms instead of 2.1). ``NaN`` becomes null, as in Streamlit's conversion.
    """
    if isinstance(table, bytes):
        return table
    if isinstance(table, pd.DataFrame) and not isinstance(table.index, pd.RangeIndex):
        return dataframe_util.convert_anything_to_arrow_bytes(table)  # an index Streamlit would send as a column
    columns = table.items() if isinstance(table, Mapping) else ((name, table[name]) for name in table.columns)
    try:
        converted = pa.table({str(name): pa.array(values, from_pandas=True) for name, values in columns})
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):  # a column of mixed types: Streamlit's own fixes
        return dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(table))
    return dataframe_util.convert_arrow_table_to_arrow_bytes(converted)


def feed(spec: dict, **data: Table) -> dict:
    """``spec`` with this frame's tables, as Arrow bytes (``arrow``), under the names its layers read."""
    out = copy.copy(spec)
    out["datasets"] = {name: arrow(table) for name, table in data.items()}
    return out


def under(name: str) -> str:
    """The name of the copy of a live picture drawn beneath it (see ``Alternate``)."""
    return f"{name}_under"


def pictures(layer, image) -> list:
    """``layer(image)`` for a picture's table; for a live chart's named data, a copy beneath it first,
    ``layer(named(under(name)))``, which ``Alternate`` feeds in turn with the top one."""
    if isinstance(image, alt.NamedData):
        return [layer(named(under(image.name))), layer(image)]
    return [layer(image)]


class Alternate:
    """A live picture's table, fed to two identical image layers in turn, at most ``1 / every`` times a second.

    The browser decodes a new picture (a data: URL) asynchronously, and Vega draws an image item
    with nothing until its picture has loaded: a chart whose only image is replaced each frame shows
    a blank square for part of every frame (measured in Chromium: the spiral's regions were empty in
    about a third of samples while playing, the race's four maps in half). With two layers, ``name``
    over ``under(name)``, and one of them replaced at a time, the other still holds a loaded picture.
    Streamlit replaces only the datasets whose bytes changed, so the layer left alone keeps its picture.
    A browser that falls behind the frames (the playground's page, the heaviest) still replaced both
    before either had loaded, so a new picture goes out at most every ``every`` seconds: each layer then
    stays at least twice that long. While playing, the picture may trail the numbers by that much; the
    run's last frame is drawn afresh (the player reruns the page when a run stops), with both layers
    showing it. One per Board (per script run): it remembers the last tables.

    Between pictures the chart's data do not change, so a page asks ``due()`` first and, when no picture is
    due, neither makes one (a decision grid, a PNG) nor sends the chart again: its placeholder keeps it.
    """

    def __init__(self, name: str = "image", every: float = 0.1, clock=time.monotonic):
        self.name, self.every, self.clock = name, every, clock
        self.tables, self.turns, self.sent = {}, 0, -math.inf

    def due(self) -> bool:
        """Whether a call now takes a new picture (always the first)."""
        return not self.tables or self.clock() - self.sent >= self.every

    def __call__(self, table: pd.DataFrame) -> dict[str, pd.DataFrame]:
        now = self.clock()
        if not self.tables:  # a first draw: both layers show it
            self.tables = {self.name: table, under(self.name): table}
            self.sent = now
        elif now - self.sent >= self.every:
            self.tables[self.name if self.turns % 2 == 0 else under(self.name)] = table
            self.turns, self.sent = self.turns + 1, now
        return dict(self.tables)


def _frames(chart: alt.TopLevelMixin) -> list:
    """The chart's own data and each layer's, in drawing order (what ``datasets`` names by position)."""
    layers = list(chart.layer) if isinstance(chart, alt.LayerChart) else []
    return [chart, *layers]


def datasets(chart: alt.TopLevelMixin) -> dict[str, pd.DataFrame]:
    """The chart's DataFrames named by position ("data-0", ...), as ``to_spec`` names them.

    A spec depends only on what a figure shows, not on the numbers, so a page can convert a
    chart once and pair that spec with fresh ``datasets`` while only the data changes; the
    browser then updates the chart in place instead of drawing it anew.
    """
    frames = [c.data for c in _frames(chart) if isinstance(c.data, pd.DataFrame)]
    return {f"data-{i}": df for i, df in enumerate(frames)}


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """A Vega-Lite dict for ``st.vega_lite_chart``: the chart's spec, its DataFrames under ``datasets``.

    Streamlit sends those datasets as Arrow, as ``st.altair_chart`` would; converting once lets a
    page cache the dict, sparing each rerun Altair's copying and validation, which cost more
    than the maths.
    """
    data = datasets(chart)
    names = iter(data)

    def renamed(c):
        if not isinstance(c.data, pd.DataFrame):
            return c
        c = c.copy(deep=False)
        c.data = alt.NamedData(name=next(names))
        return c

    bare = renamed(chart)
    if isinstance(bare, alt.LayerChart):
        bare = bare.copy(deep=False)
        bare.layer = [renamed(layer) for layer in bare.layer]
    return feed(freeze(bare), **data)


@st.cache_data(max_entries=256, show_spinner=False)
def _skeleton(signature, _chart, _style):
    spec = to_spec(finish(_chart, _style))
    del spec["datasets"]
    return spec


def figure(signature, chart: alt.TopLevelMixin, style: Style) -> dict:
    """``to_spec(finish(chart, style))``, with the spec (not the data) cached under ``signature``.

    ``signature`` must name everything the finished spec depends on apart from the DataFrames
    (series, titles, domains, which optional layers are present, style); moving a probe or a
    threshold then costs a build of the chart but no conversion, and the browser updates the
    chart in place because the spec is unchanged.
    """
    return {**_skeleton(signature, chart, style), "datasets": {k: arrow(v) for k, v in datasets(chart).items()}}
