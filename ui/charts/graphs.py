"""Computational graphs in the style of micrograd's ``draw_dot``: value boxes, operation circles, edges
labelled with local derivatives. The page lays the graph out; this builder only draws it."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import NORMAL, Style, current_style

# fill of a value box by what the visitor has seen of it
FILLS = {"hidden": "#f2f2f2", "value": "#ffffff", "grad": "#fde9c9", "current": "#ffd166", "path": "#cfe3f3"}
EDGE = {"idle": "#bbbbbb", "lit": "#444444", "hot": "#D55E00"}


def computational_graph(nodes: pd.DataFrame, edges: pd.DataFrame, *, box: tuple[float, float] = (1.45, 0.62),
                        lines_per_box: int = 2, style: Style | None = None) -> alt.LayerChart:
    """nodes: x, y, shape ("box" or "op"), text (lines split by \\n), state (a FILLS key), note (small grey text
    under a box: torch's grad_fn). edges: x, y, x2, y2, state (an EDGE key), label, lx, ly (where the label sits).
    ``box``: a value box's (width, height) in data units; the chart is as tall as its boxes' text needs."""
    s = style or current_style()
    xs = pd.concat([nodes["x"], edges["x"], edges["x2"]]) if len(edges) else nodes["x"]
    ys = pd.concat([nodes["y"], edges["y"], edges["y2"]]) if len(edges) else nodes["y"]
    x_scale = alt.Scale(domain=[float(xs.min()) - box[0] / 2 - 0.1, float(xs.max()) + box[0] / 2 + 0.1], nice=False)
    lo, hi = float(ys.min()) - box[1] / 2 - 0.3, float(ys.max()) + box[1] / 2 + 0.05
    y_scale = alt.Scale(domain=[lo, hi], nice=False)
    line = s.font + 3
    height = round((hi - lo) * (lines_per_box * line + 14) / box[1])  # so a box holds its lines at this font
    x = alt.X("x:Q", axis=None, scale=x_scale)
    y = alt.Y("y:Q", axis=None, scale=y_scale)
    # colours as data with scale=None: the layers' two "state" fields would otherwise share one colour scale
    edges = edges.assign(ink=edges["state"].map(EDGE))
    nodes = nodes.assign(ink=nodes["state"].map(FILLS))
    lines = alt.Chart(edges).mark_rule(strokeWidth=s.stroke).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", color=alt.Color("ink:N", scale=None),
        strokeDash=alt.condition("datum.state == 'idle'", alt.value([4, 3]), alt.value([1, 0])),
    )
    # a white halo under each label keeps it readable where it crosses a line or an operation's circle
    shown = edges[edges["label"] != ""]
    where = {"x": alt.X("lx:Q", scale=x_scale, axis=None), "y": alt.Y("ly:Q", scale=y_scale, axis=None), "text": "label:N"}
    halo = alt.Chart(shown).mark_text(fontSize=s.font - 1, fontWeight="bold", baseline="bottom", dy=-2, color="white",
                                      stroke="white", strokeWidth=4).encode(**where)
    labels = alt.Chart(shown).mark_text(fontSize=s.font - 1, fontWeight="bold", baseline="bottom", dy=-2,
                                        color="#D55E00").encode(**where)
    boxes = nodes[nodes["shape"] == "box"].assign(
        x0=lambda d: d["x"] - box[0] / 2, x1=lambda d: d["x"] + box[0] / 2,
        y0=lambda d: d["y"] - box[1] / 2, y1=lambda d: d["y"] + box[1] / 2)
    rects = alt.Chart(boxes).mark_rect(stroke="#333333", strokeWidth=1.2, cornerRadius=4).encode(
        x=alt.X("x0:Q", scale=x_scale, axis=None), x2="x1:Q", y=alt.Y("y0:Q", scale=y_scale, axis=None), y2="y1:Q",
        color=alt.Color("ink:N", scale=None),
    )
    ops = nodes[nodes["shape"] == "op"]
    circles = alt.Chart(ops).mark_circle(size=s.point * 28, stroke="#333333", strokeWidth=1.2, opacity=1).encode(
        x=x, y=y, color=alt.Color("ink:N", scale=None),
    )
    # vega puts a block's first line at y: lift the block by half its extra lines to centre it in the box
    text = alt.Chart(nodes[nodes["shape"] == "box"]).mark_text(fontSize=s.font, color="black", lineBreak="\n", lineHeight=line,
                                      dy=-(lines_per_box - 1) * line / 2).encode(x=x, y=y, text="text:N")
    symbols = alt.Chart(ops).mark_text(fontSize=s.font, color="black").encode(x=x, y=y, text="text:N")
    notes = alt.Chart(boxes.assign(under=boxes["y0"])).mark_text(
        # torch's names are long: laptop size in every mode, or they run into their neighbours
        fontSize=NORMAL.font - 2, color="#555555", baseline="top", dy=2,
    ).encode(x=x, y=alt.Y("under:Q", scale=y_scale, axis=None), text="note:N")
    return alt.layer(lines, rects, circles, text, symbols, notes, halo, labels).properties(height=height)
