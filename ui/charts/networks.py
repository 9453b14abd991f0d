"""A fully connected network as a diagram: units in columns, links coloured by the weight's sign
and as wide as its size, units filled by their value."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import GREY, PALETTE, Style, current_style
from ui.charts.grids import NEG, POS, ZERO

POSITIVE, NEGATIVE = PALETTE[0], PALETTE[3]


def network_diagram(
    nodes: pd.DataFrame, links: pd.DataFrame, labels: pd.DataFrame, *, weight_title: str, value_title: str,
    sign_labels: tuple[str, str], style: Style | None = None,
) -> alt.LayerChart:
    """nodes (x, y, value, reached, text), links (x, y, x2, y2, weight, magnitude, sign, reached),
    labels (x, y, text) under each column. Units and links not reached yet are faded."""
    s = style or current_style()
    top = float(max(nodes["y"].max(), 0))
    x_scale = alt.Scale(domain=[-0.5, float(nodes["x"].max()) + 0.5])
    y_scale = alt.Scale(domain=[-1.3, top + 0.6])
    x = alt.X("x:Q", axis=None, scale=x_scale)
    y = alt.Y("y:Q", axis=None, scale=y_scale)
    biggest = max(float(links["magnitude"].max()) if len(links) else 1.0, 1e-6)
    edge = alt.Chart(links).mark_rule().encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("sign:N", title=weight_title,
                        scale=alt.Scale(domain=list(sign_labels), range=[POSITIVE, NEGATIVE])),
        strokeWidth=alt.StrokeWidth("magnitude:Q", legend=None,
                                    scale=alt.Scale(domain=[0, biggest], range=[0.4, 7 * s.stroke / 2])),
        opacity=alt.condition("datum.reached", alt.value(0.85), alt.value(0.12)),
        tooltip=[alt.Tooltip("weight:Q", format=".4f", title=weight_title), "src:O", "dst:O"],
    )
    vals = nodes.loc[nodes["reached"], "value"].dropna()
    m = max(float(vals.abs().max()) if len(vals) else 1.0, 1e-6)
    # units not reached have no value; Vega-Lite would drop a null-valued mark, so they get a 0 and a white fill
    shown = nodes.assign(value=nodes["value"].fillna(0.0))
    unit = alt.Chart(shown).mark_circle(size=s.point * 40, stroke="black", strokeWidth=1.2, opacity=1).encode(
        x=x, y=y,
        color=alt.condition("datum.reached", alt.Color("value:Q", title=value_title, legend=None,
                                                       scale=alt.Scale(domain=[-m, 0, m], range=[NEG, ZERO, POS])),
                            alt.value("#ffffff")),
        tooltip=[alt.Tooltip("layer:O"), alt.Tooltip("unit:O"), alt.Tooltip("value:Q", format=".4f", title=value_title)],
    )
    text = alt.Chart(nodes).mark_text(fontSize=s.font - 1, color="black").encode(x=x, y=y, text="text:N")
    under = alt.Chart(labels).mark_text(fontSize=s.font, fontWeight="bold", color=GREY, baseline="top").encode(
        x=x, y=y, text="text:N")
    return alt.layer(edge, unit, text, under).properties(height=round(s.height * 1.25))
