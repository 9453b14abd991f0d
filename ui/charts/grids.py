"""Tensors as coloured grids of labelled cells: the last dim across, the one before down, leading dims as panels."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import Style, current_style

# pale ends so black numbers read on every cell
NEG, ZERO, POS = "#f4a582", "#ffffff", "#92c5de"
NONE = "#dddddd"


def tensor_grid(cells: pd.DataFrame, *, title: str = "", cell: int | None = None, show_text: bool = True,
                domain: tuple[float, float] | None = None, style: Style | None = None) -> alt.Chart:
    """cells: panel, row, col, value, text (``core.tensors.grid_frame``). Cells keep one size whatever the shape,
    so side-by-side grids compare at a glance; values colour from pale orange (negative) through white to pale blue,
    over ``domain`` (lo, hi) when grids must share a scale, else over their own values."""
    s = style or current_style()
    size = cell or round(s.font * 2.6)
    vals = cells["value"].dropna()
    lo, hi = domain or ((float(vals.min()), float(vals.max())) if len(vals) else (0.0, 1.0))
    if lo < 0 < hi:
        m = max(-lo, hi)
        scale = alt.Scale(domain=[-m, 0, m], range=[NEG, ZERO, POS])
    elif hi <= 0 and lo < 0:
        scale = alt.Scale(domain=[lo, 0], range=[NEG, ZERO])
    else:
        scale = alt.Scale(domain=[0, max(hi, 1e-9)], range=[ZERO, POS])
    base = alt.Chart(cells).encode(
        x=alt.X("col:O", title=None, axis=alt.Axis(orient="top", labelAngle=0, ticks=False, domain=False)),
        y=alt.Y("row:O", title=None, axis=alt.Axis(ticks=False, domain=False)),
    )
    rect = base.mark_rect(stroke="#666666", strokeWidth=1).encode(
        color=alt.condition("isValid(datum.value) && isFinite(datum.value)",
                            alt.Color("value:Q", scale=scale, legend=None), alt.value(NONE)),
        tooltip=[alt.Tooltip("row:O"), alt.Tooltip("col:O"), alt.Tooltip("text:N", title="value")],
    )
    layers = [rect]
    if show_text:
        layers.append(base.mark_text(fontSize=max(9, s.font - 2), color="black").encode(text="text:N"))
    chart = alt.layer(*layers).properties(width=alt.Step(size), height=alt.Step(size))
    if cells["panel"].astype(bool).any():
        chart = chart.facet(column=alt.Column("panel:N", title=None, sort=None, header=alt.Header(labelFontSize=s.font)),
                            spacing=10)
    return chart.properties(title=title) if title else chart
