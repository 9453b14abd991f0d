"""A loss bowl over (w, b) as banded colour, with several descent paths across it in the palette's colours,
the optimum and the shared start marked on top."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import Style, current_style
from ui.charts.surfaces import BANDS


def bowl_paths(
    grid: pd.DataFrame,
    paths: pd.DataFrame,
    marks: pd.DataFrame,
    *,
    x_domain,
    y_domain,
    value_domain,
    cell: tuple[float, float],
    series: list[str],
    mark_order: list[str],
    value_title: str,
    height: int | None = None,
    style: Style | None = None,
) -> alt.LayerChart:
    """``grid``: cell centres w, b (cells of size ``cell``) and log10_loss. ``paths``: w, b, step, series (one of
    ``series``). ``marks``: w, b, label (one of ``mark_order``: optimum, start)."""
    s = style or current_style()
    xs = alt.Scale(domain=list(x_domain), nice=False, zero=False)
    ys = alt.Scale(domain=list(y_domain), nice=False, zero=False)
    cells = alt.Chart(grid).transform_calculate(
        x_lo=f"datum.w - {cell[0] / 2!r}", x_hi=f"datum.w + {cell[0] / 2!r}",
        y_lo=f"datum.b - {cell[1] / 2!r}", y_hi=f"datum.b + {cell[1] / 2!r}",
    ).mark_rect().encode(
        x=alt.X("x_lo:Q", title="w", scale=xs), x2="x_hi:Q",
        y=alt.Y("y_lo:Q", title="b", scale=ys), y2="y_hi:Q",
        color=alt.Color("log10_loss:Q", title=value_title, legend=None,
                        scale=alt.Scale(type="quantize", domain=list(value_domain), nice=False,
                                        scheme=alt.SchemeParams("greys", count=BANDS), reverse=True)),
        tooltip=[alt.Tooltip("w:Q", format=".3f"), alt.Tooltip("b:Q", format=".3f"),
                 alt.Tooltip("log10_loss:Q", format=".2f", title=value_title)],
    )
    enc = {"x": alt.X("w:Q", scale=xs), "y": alt.Y("b:Q", scale=ys)}
    colour = alt.Color("series:N", scale=alt.Scale(domain=series, range=list(s.palette[:len(series)])),
                       legend=alt.Legend(orient="top", title=None))
    lines = alt.Chart(paths).mark_line(strokeWidth=s.stroke, clip=True).encode(order="step:Q", color=colour, **enc)
    dots = alt.Chart(paths).mark_circle(size=s.point * 0.6, clip=True, opacity=0.9).encode(
        color=alt.Color("series:N", scale=alt.Scale(domain=series, range=list(s.palette[:len(series)])), legend=None),
        tooltip=["series:N", alt.Tooltip("step:Q"), alt.Tooltip("w:Q", format=".4f"), alt.Tooltip("b:Q", format=".4f")],
        **enc)
    legend = alt.Legend(orient="bottom", title=None)  # the paths' legend is on top: two in one row run past the edge
    points = alt.Chart(marks).mark_point(filled=True, size=s.point * 6, stroke="white", strokeWidth=1.5,
                                         clip=True).encode(
        shape=alt.Shape("label:N", scale=alt.Scale(domain=mark_order, range=["cross", "circle"]), legend=legend),
        fill=alt.Fill("label:N", scale=alt.Scale(domain=mark_order, range=["#000000", "#777777"]), legend=legend),
        tooltip=["label:N", alt.Tooltip("w:Q", format=".4f"), alt.Tooltip("b:Q", format=".4f")],
        **enc,
    )
    return alt.layer(cells, lines, dots, points).resolve_scale(color="independent").properties(height=height or s.height)
