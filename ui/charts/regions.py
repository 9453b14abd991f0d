"""Decision regions: each grid cell in its predicted class's colour, as strong as the model is sure,
with the data points on top."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import PALETTE, Style, _scale, current_style

SHAPES = {"train": "circle", "test": "triangle-up"}


def class_scale(names: list[str]) -> alt.Scale:
    return alt.Scale(domain=names, range=[PALETTE[i % len(PALETTE)] for i in range(len(names))])


def region_data(grid: pd.DataFrame, points: pd.DataFrame, class_names: list[str],
                split_names: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The two tables the chart reads: ``grid`` (x, y, p, name) and ``points`` (x, y, name, part),
    from cells with an integer ``cls`` and points with ``cls`` and ``split`` ("train"/"test")."""
    names = pd.Series(class_names)
    return {
        "grid": pd.DataFrame({"x": grid["x"], "y": grid["y"], "p": grid["p"], "name": names.iloc[grid["cls"]].to_numpy()}),
        "points": pd.DataFrame({"x": points["x"].to_numpy(), "y": points["y"].to_numpy(),
                                "name": names.iloc[points["cls"]].to_numpy(),
                                "part": points["split"].map(split_names).to_numpy()}),
    }


def decision_regions(
    grid,
    points,
    *,
    class_names: list[str],
    domain: tuple[float, float],
    resolution: int,
    x_title: str,
    y_title: str,
    parts: list[str],
    legend_title: str = "",
    size: int | None = None,
    legend: bool = True,
    style: Style | None = None,
) -> alt.LayerChart:
    """``grid`` and ``points`` as ``region_data`` makes them (DataFrames, or ``alt.NamedData`` for a
    live chart); the cells lie on a ``resolution``² lattice spanning ``domain`` on both axes and
    ``parts`` lists the point kinds present (their shapes follow ``SHAPES`` order). Opacity runs
    from clear at chance level (1/C) to strong at certainty, so boundaries read as pale bands."""
    s = style or current_style()
    C = len(class_names)
    half = (domain[1] - domain[0]) / (max(resolution, 2) - 1) / 2 * 1.02  # a hair of overlap hides the seams
    x_scale, y_scale = _scale(domain), _scale(domain)
    color = alt.Color("name:N", title=legend_title, scale=class_scale(class_names),
                      legend=alt.Legend(orient="top") if legend else None)
    cells = alt.Chart(grid).transform_calculate(
        x0=f"datum.x - {half!r}", x1=f"datum.x + {half!r}", y0=f"datum.y - {half!r}", y1=f"datum.y + {half!r}",
    ).mark_rect().encode(
        x=alt.X("x0:Q", title=x_title, scale=x_scale), x2="x1:Q",
        y=alt.Y("y0:Q", title=y_title, scale=y_scale), y2="y1:Q",
        color=color,
        opacity=alt.Opacity("p:Q", scale=alt.Scale(domain=[1 / C, 1.0], range=[0.04, 0.6], clamp=True), legend=None),
        tooltip=[alt.Tooltip("name:N", title=legend_title), alt.Tooltip("p:Q", format=".2f")],
    )
    dots = alt.Chart(points).mark_point(filled=True, stroke="#222222", strokeWidth=0.6, opacity=0.95,
                                        size=s.point * 0.9, clip=True).encode(
        x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), color=color,
        shape=alt.Shape("part:N", title=None, scale=alt.Scale(domain=parts, range=list(SHAPES.values())[:len(parts)]),
                        legend=alt.Legend(orient="top") if legend and len(parts) > 1 else None),
    )
    side = size or min(round(s.height * 1.45), 460)
    return alt.layer(cells, dots).properties(width=side, height=side,
                                             autosize=alt.AutoSizeParams(type="pad", contains="padding"))
