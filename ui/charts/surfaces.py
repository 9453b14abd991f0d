"""Loss surfaces: a loss over two parameters as banded colour (filled contours), with the
path an optimiser took across it and the points that matter marked on top."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import GREY, PALETTE, Style, current_style

BANDS = 12  # a quantized colour scale: each band is one contour interval of log10(loss)


def loss_surface(
    grid: pd.DataFrame,
    path: pd.DataFrame,
    marks: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    x_domain,
    y_domain,
    value_domain,
    x_title: str,
    y_title: str,
    value_title: str,
    mark_order: list[str],
    cell: tuple[float, float],
    height: int | None = None,
    style: Style | None = None,
) -> alt.LayerChart:
    """``grid``: cell centres ``x``, ``y`` of cells ``cell`` = (width, height), coloured by ``value``.
    ``path``: ``x``, ``y``, ``step`` in order. ``marks``: ``x``, ``y``, ``label`` (one of
    ``mark_order``; shapes are fixed by that order: optimum, start, now). Every domain is fixed
    so a live chart never rescales; the cell size lives in the spec so a frame's grid is small."""
    s = style or current_style()
    xs = alt.Scale(domain=list(x_domain), nice=False, zero=False)
    ys = alt.Scale(domain=list(y_domain), nice=False, zero=False)
    cells = alt.Chart(grid).transform_calculate(
        x_lo=f"datum.{x} - {cell[0] / 2!r}", x_hi=f"datum.{x} + {cell[0] / 2!r}",
        y_lo=f"datum.{y} - {cell[1] / 2!r}", y_hi=f"datum.{y} + {cell[1] / 2!r}",
    ).mark_rect().encode(
        x=alt.X("x_lo:Q", title=x_title, scale=xs),
        x2="x_hi:Q",
        y=alt.Y("y_lo:Q", title=y_title, scale=ys),
        y2="y_hi:Q",
        color=alt.Color(f"{value}:Q", title=value_title,
                        scale=alt.Scale(type="quantize", domain=list(value_domain), nice=False,
                                        scheme=alt.SchemeParams("yellowgreenblue", count=BANDS), reverse=True),
                        # presenting, the plot is short: a default-length (200 px) scale would run past its foot
                        legend=alt.Legend(orient="right", direction="vertical", format=".1f", labelOverlap=True,
                                          gradientLength=round((height or s.height) * 0.4) if s.wide else 200,
                                          type="gradient", tickCount=4 if s.wide else alt.Undefined)),
        tooltip=[alt.Tooltip(f"{x}:Q", format=".3f"), alt.Tooltip(f"{y}:Q", format=".3f"),
                 alt.Tooltip(f"{value}:Q", format=".2f")],
    )
    enc = {"x": alt.X(f"{x}:Q", scale=xs), "y": alt.Y(f"{y}:Q", scale=ys)}
    line = alt.Chart(path).mark_line(color=PALETTE[3], strokeWidth=s.stroke * 1.2, clip=True).encode(
        order="step:Q", **enc)
    dots = alt.Chart(path).mark_circle(color=PALETTE[3], size=s.point * 0.5, clip=True, opacity=0.8).encode(**enc)
    # fill, not color: the cells own the colour scale, and fill + shape on one field make one legend
    legend = alt.Legend(orient="top", title=None, columns=2 if s.wide else alt.Undefined)  # presenting: big type, half a screen
    points = alt.Chart(marks).mark_point(filled=True, size=s.point * 6, stroke="white", strokeWidth=1.5,
                                         clip=True).encode(
        shape=alt.Shape("label:N", scale=alt.Scale(domain=mark_order, range=["cross", "circle", "diamond"]),
                        legend=legend),
        fill=alt.Fill("label:N", scale=alt.Scale(domain=mark_order, range=["black", GREY, PALETTE[3]]),
                      legend=legend),
        tooltip=["label:N", alt.Tooltip(f"{x}:Q", format=".4f"), alt.Tooltip(f"{y}:Q", format=".4f")],
        **enc,
    )
    return alt.layer(cells, line, dots, points).properties(
        height=height or s.height)
