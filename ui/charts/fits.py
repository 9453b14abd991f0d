"""Fits: data points with the lines a model draws through them."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import GREY, PALETTE, Style, current_style


def points_and_lines(
    points: pd.DataFrame,
    lines: pd.DataFrame,
    *,
    x_domain,
    y_domain,
    x_title: str,
    y_title: str,
    line_order: list[str],
    height: int | None = None,
    style: Style | None = None,
) -> alt.LayerChart:
    """``points``: columns x, y. ``lines``: x, y, ``line`` (one of ``line_order``: the first is
    drawn dashed in grey as the reference, the others in palette colours). Domains are fixed."""
    s = style or current_style()
    xs = alt.Scale(domain=list(x_domain), nice=False, zero=False)
    ys = alt.Scale(domain=list(y_domain), nice=False, zero=False)
    dots = alt.Chart(points).mark_circle(size=s.point, color=PALETTE[0], opacity=0.55, clip=True).encode(
        x=alt.X("x:Q", title=x_title, scale=xs), y=alt.Y("y:Q", title=y_title, scale=ys),
        tooltip=[alt.Tooltip("x:Q", format=".3f"), alt.Tooltip("y:Q", format=".3f")],
    )
    colours = [GREY] + [PALETTE[3], PALETTE[2], PALETTE[4]][: max(len(line_order) - 1, 0)]
    drawn = alt.Chart(lines).mark_line(strokeWidth=s.stroke * 1.3, clip=True).encode(
        x=alt.X("x:Q", scale=xs), y=alt.Y("y:Q", scale=ys),
        color=alt.Color("line:N", title=None, scale=alt.Scale(domain=line_order, range=colours),
                        legend=alt.Legend(orient="top")),
        strokeDash=alt.StrokeDash("line:N", title=None, legend=None,
                                  scale=alt.Scale(domain=line_order, range=[[6, 4]] + [[1, 0]] * (len(line_order) - 1))),
    )
    return alt.layer(dots, drawn).properties(height=height or s.height)
