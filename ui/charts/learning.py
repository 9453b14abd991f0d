"""Learning curves: a metric against the step, one line per data split, on fixed axes for live drawing."""
from __future__ import annotations

import math

import altair as alt

from ui.charts import Style, _scale, current_style


def learning_curve(
    df,
    value: str,
    *,
    splits: list[str],
    x_title: str,
    y_title: str,
    x_domain: tuple[float, float],
    y_domain: tuple[float, float],
    log_y: bool = False,
    height: int | None = None,
    style: Style | None = None,
) -> alt.Chart:
    """``df`` (a DataFrame, or ``alt.NamedData`` for a live chart) has columns step, ``value`` and set
    (one of ``splits``); every field is typed, so the chart needs no data to be specified."""
    s = style or current_style()
    legend = alt.Legend(orient="top") if len(splits) > 1 else None  # one line needs no key
    # a log axis labelled at the powers of ten, not at whatever 1-2-5 values vega picks
    ticks = [10.0 ** k for k in range(math.floor(math.log10(y_domain[0])), math.ceil(math.log10(y_domain[1])) + 1)
             if y_domain[0] <= 10.0 ** k <= y_domain[1]] if log_y else None
    return alt.Chart(df).mark_line(strokeWidth=s.stroke, clip=True).encode(
        x=alt.X("step:Q", title=x_title, scale=_scale(x_domain)),
        y=alt.Y(f"{value}:Q", title=y_title, scale=_scale(y_domain, log_y), axis=alt.Axis(values=ticks) if ticks else alt.Undefined),
        color=alt.Color("set:N", title=None, scale=alt.Scale(domain=splits, range=list(s.palette[:len(splits)])), legend=legend),
        strokeDash=alt.StrokeDash("set:N", title=None, legend=legend,
                                  scale=alt.Scale(domain=splits, range=[[1, 0], [6, 4]][:len(splits)])),
        tooltip=[alt.Tooltip("step:Q"), alt.Tooltip(f"{value}:Q", format=".4g"), alt.Tooltip("set:N", title=" ")],
    ).properties(height=height or s.height)
