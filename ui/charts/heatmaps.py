"""Heatmaps of a function over the plane, with a line and a point drawn on top."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import PALETTE, Style, _scale, current_style

# light ends so the black line and point stay visible on every cell
LOW, MID, HIGH = PALETTE[0], "#f7f7f7", PALETTE[1]


def color_scale(lo: float, hi: float) -> alt.Scale:
    """Blue for low, orange for high; white at 0 when the values straddle it, else at the middle."""
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    mid = 0.0 if lo < 0 < hi else (lo + hi) / 2
    return alt.Scale(domain=[lo, mid, hi], range=[LOW, MID, HIGH], clamp=True)


def plane_heatmap(
    grid: pd.DataFrame, *, value: str, cell: float, lim: float, x_title: str, y_title: str, value_title: str,
    line: pd.DataFrame | None = None, point: pd.DataFrame | None = None, arrow: pd.DataFrame | None = None,
    domain: tuple[float, float], style: Style | None = None,
) -> alt.LayerChart:
    """``value`` over the grid (columns x1, x2, value) as square cells ``cell`` wide.

    ``line``: two rows (x1, x2) drawn dashed; ``point``: one row (x1, x2) marked;
    ``arrow``: two rows (x1, x2, label) from the origin, labelled at its tip.
    """
    s = style or current_style()
    half = cell / 2 * 1.02  # a hair of overlap hides the seams between cells
    x = alt.X("x1:Q", title=x_title, scale=_scale((-lim, lim)))
    y = alt.Y("x2:Q", title=y_title, scale=_scale((-lim, lim)))
    tips = [alt.Tooltip("x1:Q", format=".2f", title=x_title), alt.Tooltip("x2:Q", format=".2f", title=y_title),
            alt.Tooltip(f"{value}:Q", format=".4f", title=value_title)]
    layers = [alt.Chart(grid).transform_calculate(
        a="datum.x1 - " + repr(half), b="datum.x1 + " + repr(half), c="datum.x2 - " + repr(half), d="datum.x2 + " + repr(half),
    ).mark_rect().encode(
        x=alt.X("a:Q", title=x_title, scale=_scale((-lim, lim))), x2="b:Q",
        y=alt.Y("c:Q", title=y_title, scale=_scale((-lim, lim))), y2="d:Q",
        color=alt.Color(f"{value}:Q", title=value_title, scale=color_scale(*domain),
                        legend=alt.Legend(orient="right", gradientLength=max(120, s.height - 80))),
        tooltip=tips,
    )]
    if line is not None and len(line):
        layers.append(alt.Chart(line).mark_line(color="black", strokeWidth=s.stroke * 1.3, strokeDash=[8, 5],
                                                clip=True).encode(x=x, y=y))
    if arrow is not None and len(arrow):
        layers.append(alt.Chart(arrow).mark_line(color="black", strokeWidth=s.stroke, clip=True).encode(x=x, y=y))
        tip = arrow.iloc[[-1]]
        layers.append(alt.Chart(tip).mark_point(shape="triangle", filled=True, color="black", size=s.point * 3,
                                                clip=True).encode(x=x, y=y))
        layers.append(alt.Chart(tip).mark_text(dx=12, dy=-10, fontSize=s.font + 2, fontWeight="bold",
                                               clip=True).encode(x=x, y=y, text="label:N"))
    if point is not None and len(point):
        layers.append(alt.Chart(point).mark_point(filled=True, color="black", stroke="white", strokeWidth=2,
                                                  size=s.point * 6, opacity=1, clip=True).encode(x=x, y=y))
    size = min(round(s.height * (1.2 if s.wide else 1.3)), 420)  # a square plot that still fits a two-thirds column
    # "pad": Streamlit's default "fit" squeezes axes and legend into the size, and the square stops being square
    return alt.layer(*layers).properties(width=size, height=size, autosize=alt.AutoSizeParams(type="pad", contains="padding"))
