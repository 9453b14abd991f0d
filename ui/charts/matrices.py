"""Matrices: a weight matrix as coloured cells with its numbers written in."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import Style, current_style


def matrix_heatmap(
    df: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    col_order: list[str],
    x_title: str,
    y_title: str,
    color_title: str,
    limit: float,
    decimals: int = 2,
    style: Style | None = None,
) -> alt.LayerChart:
    """Cells coloured on a diverging scale fixed to [-limit, limit], so the frames of one run compare;
    equal rows look equal at a glance and the printed values prove it."""
    s = style or current_style()
    limit = max(float(limit), 1e-6)
    cells_height = max(df[row].nunique(), 1) * round(s.font * 2.6)
    # the chart's height includes the axis on top (labels and title): add it so the rows keep their size
    height = cells_height + 3 * s.title + 2 * s.font
    base = alt.Chart(df).encode(
        x=alt.X(f"{col}:N", title=x_title, sort=col_order, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y(f"{row}:O", title=y_title, axis=alt.Axis(labelOverlap=False)),  # every row numbered
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(f"{value}:Q", title=color_title,
                        scale=alt.Scale(scheme="blueorange", domain=[-limit, limit], clamp=True),
                        # no taller than the plot, or its end labels are cut off
                        legend=alt.Legend(orient="right", direction="vertical", gradientLength=max(cells_height - 2 * s.title, 40),
                                          tickCount=5, format=".2~f")),
        tooltip=[f"{row}:O", f"{col}:N", alt.Tooltip(f"{value}:Q", format=f".{decimals + 2}f")],
    )
    text = base.mark_text(fontSize=s.font).encode(
        text=alt.Text(f"{value}:Q", format=f".{decimals}f"),
        color=alt.condition(f"abs(datum.{value}) > {0.6 * limit}", alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, text).properties(height=height)
