"""A confusion matrix: true class down, predicted class across, counts written in."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import Style, current_style


def confusion_matrix(
    df: pd.DataFrame,
    *,
    class_names: list[str],
    row_total: int,
    x_title: str,
    y_title: str,
    count_title: str,
    style: Style | None = None,
) -> alt.LayerChart:
    """``df``: columns true, pred (class names) and count. The colour scale is fixed to [0, row_total]
    (the most one row can hold), so frames of a run compare and a perfect model is a dark diagonal."""
    s = style or current_style()
    top = max(int(row_total), 1)
    base = alt.Chart(df).encode(
        x=alt.X("pred:N", title=x_title, sort=class_names, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("true:N", title=y_title, sort=class_names),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("count:Q", title=count_title, scale=alt.Scale(scheme="blues", domain=[0, top], clamp=True),
                        legend=None),
        tooltip=["true:N", "pred:N", "count:Q"],
    )
    text = base.mark_text(fontSize=s.font + 1).encode(
        text="count:Q",
        color=alt.condition(f"datum.count > {0.55 * top}", alt.value("white"), alt.value("black")),
    )
    side = min(max(len(class_names) * round(s.font * 4.4), 150), round(s.font * 22))  # a cell fits "class 0" / "类别 0"
    # "pad": Streamlit's default "fit" squeezes the axes into the size and shrinks the cells
    return alt.layer(cells, text).properties(width=side, height=side,
                                             autosize=alt.AutoSizeParams(type="pad", contains="padding"))
