"""Traces: one quantity per training step, such as the loss on a log scale."""
from __future__ import annotations

import altair as alt

from ui.charts import PALETTE, Style, current_style


def trace(data, x: str, y: str, *, x_title: str, y_title: str, x_domain, y_domain, log_y: bool = True,
          height: int | None = None, style: Style | None = None) -> alt.Chart:
    """A line of ``y`` against ``x`` over fixed domains (marks outside are clamped to the edge).

    ``data`` may be a DataFrame or ``alt.NamedData`` (a live frame fills it), so every field
    carries its type here rather than leaving Altair to infer it from the data.
    """
    s = style or current_style()
    y_scale = alt.Scale(domain=list(y_domain), nice=False, clamp=True, **({"type": "log"} if log_y else {}))
    return alt.Chart(data).mark_line(strokeWidth=s.stroke, color=PALETTE[0], clip=True).encode(
        x=alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(domain=list(x_domain), nice=False, clamp=True)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=y_scale, axis=alt.Axis(format="~g", tickCount=6)),
        tooltip=[alt.Tooltip(f"{x}:Q", format=",d"), alt.Tooltip(f"{y}:Q", format=".4g")],
    ).properties(height=height or s.height)
