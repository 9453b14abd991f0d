"""Histograms: sampled values as density bars, with the theory drawn over them."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import GREY, PALETTE, Style, current_style

BAR = PALETTE[0]
THEORY = PALETTE[3]  # vermillion: stands out against the blue bars for every colour vision


def weight_histogram(
    bars: pd.DataFrame,
    *,
    curve: pd.DataFrame | None = None,
    marks: pd.DataFrame | None = None,
    x_title: str,
    y_title: str,
    x_domain: tuple[float, float],
    height: int | None = None,
    style: Style | None = None,
) -> alt.LayerChart:
    """Density bars (``left``, ``right``, ``density``), the theoretical density (``x``, ``density``) as a
    line, and vertical dashed rules at ``marks`` (``x``, ``label``): bounds, or a constant's value."""
    s = style or current_style()
    x_scale = alt.Scale(domain=list(x_domain), nice=False, clamp=True)
    layers = [
        alt.Chart(bars).mark_bar(color=BAR, opacity=0.55, clip=True).encode(
            x=alt.X("left:Q", title=x_title, scale=x_scale),
            x2="right:Q",
            y=alt.Y("density:Q", title=y_title),
            y2=alt.datum(0),
            tooltip=[alt.Tooltip("left:Q", format=".4g"), alt.Tooltip("right:Q", format=".4g"),
                     alt.Tooltip("density:Q", format=".4g"), alt.Tooltip("count:Q", format=",.0f")],
        )
    ]
    if curve is not None and len(curve):
        layers.append(alt.Chart(curve).mark_line(color=THEORY, strokeWidth=s.stroke, clip=True).encode(
            x=alt.X("x:Q", scale=x_scale), y="density:Q"))
    if marks is not None and len(marks):
        layers.append(alt.Chart(marks).mark_rule(color=GREY, strokeDash=[5, 4], strokeWidth=s.stroke * 0.75).encode(
            x=alt.X("x:Q", scale=x_scale), tooltip=["label:N", alt.Tooltip("x:Q", format=".5g")]))
    return alt.layer(*layers).properties(height=height or round(s.height * 0.8))


def layer_histograms(
    df: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    layer_title: str,
    columns: int | None = None,
    style: Style | None = None,
) -> alt.FacetChart:
    """One density histogram per ``layer`` as small multiples over a shared x axis, so a distribution
    that narrows, spreads or piles up at the ends reads from panel to panel. A square-root y axis keeps
    the rest visible beside a spike (ReLU puts half its outputs at exactly 0)."""
    s = style or current_style()
    # about 800 px of panels in all, the width of the page's main column at 1400 px; fewer, wider
    # panels at projector sizes so the bigger labels still fit
    columns = columns or (3 if s.font <= 13 else 2)
    width = 780 // columns - 40
    bars = alt.Chart(df).mark_bar(color=BAR, opacity=0.8).encode(
        x=alt.X("left:Q", title=x_title, scale=alt.Scale(nice=False, zero=False)),
        x2="right:Q",
        y=alt.Y("density:Q", title=y_title, scale=alt.Scale(type="sqrt"), axis=alt.Axis(labels=False, ticks=False)),
        y2=alt.datum(0),
        tooltip=[alt.Tooltip("layer:O"), alt.Tooltip("left:Q", format=".4g"), alt.Tooltip("right:Q", format=".4g"),
                 alt.Tooltip("count:Q", format=",.0f")],
    ).properties(width=width, height=round(s.height * 0.45))
    # Vega-Lite cannot stretch a faceted chart to its container, so the panels have a fixed size
    return bars.facet(facet=alt.Facet("layer:O", title=layer_title), columns=columns).resolve_scale(y="independent")
