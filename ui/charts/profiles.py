"""Profiles through depth: one quantity per layer, on a log scale, one line per series."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import Style, _scale, current_style


def layer_profile(
    df: pd.DataFrame,
    *,
    series: list[str],
    x_title: str,
    y_title: str,
    x_domain: tuple[float, float],
    y_domain: tuple[float, float],
    style: Style | None = None,
) -> alt.LayerChart:
    """``value`` per ``layer`` for each ``series`` (lines with a dot per layer), log y.

    Colours follow the order of ``series``, not the alphabet, so a series keeps its colour in
    every language.
    """
    s = style or current_style()
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=list(s.palette[: len(series)])), sort=series,
                      legend=alt.Legend(labelLimit=0))  # whole labels, also at projector sizes
    base = alt.Chart(df).encode(
        x=alt.X("layer:Q", title=x_title, scale=_scale(x_domain), axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("value:Q", title=y_title, scale=_scale(y_domain, log=True)),
        color=color,
        tooltip=["series:N", alt.Tooltip("layer:Q", format="d"), alt.Tooltip("value:Q", format=".4g")],
    )
    return alt.layer(base.mark_line(strokeWidth=s.stroke, clip=True), base.mark_circle(size=s.point, clip=True)).properties(height=s.height)
