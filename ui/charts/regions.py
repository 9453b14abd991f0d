"""Decision regions: each grid cell in its predicted class's colour, as strong as the model is sure,
with the data points on top."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import PALETTE, Style, _scale, current_style


def class_scale(names: list[str]) -> alt.Scale:
    return alt.Scale(domain=names, range=[PALETTE[i % len(PALETTE)] for i in range(len(names))])


def decision_regions(
    grid: pd.DataFrame,
    points: pd.DataFrame | None,
    *,
    class_names: list[str],
    domain: tuple[float, float],
    x_title: str,
    y_title: str,
    legend_title: str = "",
    split_names: dict[str, str] | None = None,
    size: int | None = None,
    legend: bool = True,
    style: Style | None = None,
) -> alt.LayerChart:
    """``grid``: columns x, y (cell centres on a square lattice), cls (int), p (its probability);
    ``points``: x, y, cls, split ("train"/"test"). Opacity runs from clear at chance level (1/C)
    to strong at certainty, so the boundaries read as pale bands."""
    s = style or current_style()
    C = len(class_names)
    step = _lattice_step(grid, domain)
    half = step / 2 * 1.02  # a hair of overlap hides the seams between cells
    names = pd.Series(class_names)
    x_scale, y_scale = _scale(domain), _scale(domain)
    color = alt.Color("name:N", title=legend_title, scale=class_scale(class_names),
                      legend=alt.Legend(orient="top") if legend else None)
    cells = alt.Chart(grid.assign(name=names.iloc[grid["cls"]].to_numpy())).transform_calculate(
        x0=f"datum.x - {half!r}", x1=f"datum.x + {half!r}", y0=f"datum.y - {half!r}", y1=f"datum.y + {half!r}",
    ).mark_rect().encode(
        x=alt.X("x0:Q", title=x_title, scale=x_scale), x2="x1:Q",
        y=alt.Y("y0:Q", title=y_title, scale=y_scale), y2="y1:Q",
        color=color,
        opacity=alt.Opacity("p:Q", scale=alt.Scale(domain=[1 / C, 1.0], range=[0.04, 0.6], clamp=True), legend=None),
        tooltip=[alt.Tooltip("name:N", title=legend_title), alt.Tooltip("p:Q", format=".2f")],
    )
    layers = [cells]
    if points is not None and len(points):
        split_names = split_names or {"train": "train", "test": "test"}
        shown = [split_names[k] for k in ("train", "test") if k in set(points["split"])]
        pts = points.assign(name=names.iloc[points["cls"]].to_numpy(), part=points["split"].map(split_names))
        layers.append(alt.Chart(pts).mark_point(filled=True, stroke="#222222", strokeWidth=0.6, opacity=0.95,
                                                size=s.point * 0.9, clip=True).encode(
            x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), color=color,
            shape=alt.Shape("part:N", title=None, scale=alt.Scale(domain=shown, range=["circle", "triangle-up"][:len(shown)]),
                            legend=alt.Legend(orient="top") if legend and len(shown) > 1 else None),
        ))
    side = size or min(round(s.height * 1.45), 460)
    return alt.layer(*layers).properties(width=side, height=side,
                                         autosize=alt.AutoSizeParams(type="pad", contains="padding"))


def _lattice_step(grid: pd.DataFrame, domain: tuple[float, float]) -> float:
    n = max(int(round(len(grid) ** 0.5)), 2)
    return (domain[1] - domain[0]) / (n - 1)
