"""Decision regions: the plane painted in each predicted class's colour, as strong as the model is
sure, with the data points on top.

The regions are one PNG stretched over the square rather than a rectangle per grid cell: Vega
redraws 2,500 rectangles slowly enough to cap a live chart at a few frames per second in the
browser, while one image costs the same at any resolution (and is smoothed between cells).
"""
from __future__ import annotations

import base64
import struct
import zlib

import altair as alt
import numpy as np
import pandas as pd

from ui.charts import Style, _scale, current_style, palette
from ui.charts.live import pictures as live_pictures

SHAPES = {"train": "circle", "test": "triangle-up"}
ALPHA = (0.04, 0.6)  # opacity at chance level (1/C) and at certainty


def class_scale(names: list[str]) -> alt.Scale:
    return alt.Scale(domain=names, range=[palette()[i % len(palette())] for i in range(len(names))])


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def _png(rgba: np.ndarray) -> bytes:
    """A minimal RGBA PNG (no dependency beyond zlib)."""
    h, w, _ = rgba.shape
    raw = b"".join(b"\x00" + rgba[i].tobytes() for i in range(h))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")


def region_image(grid: pd.DataFrame, n_classes: int) -> str:
    """A data URL of the regions: one pixel per cell of ``grid`` (x, y, cls, p on a square lattice,
    rows of equal y in increasing order), top row = largest y.

    Each cell is its class colour laid over white with an opacity from ``ALPHA`` (chance level to certainty),
    mixed here into an opaque pixel: a live chart stacks two copies of the picture (ui.charts.live.Alternate),
    and two see-through copies would look twice as sure."""
    res = int(round(len(grid) ** 0.5))
    colours = np.array([_rgb(palette()[i % len(palette())]) for i in range(n_classes)], dtype=np.float64)
    cls = grid["cls"].to_numpy().reshape(res, res)[::-1]
    sure = np.clip((grid["p"].to_numpy().reshape(res, res)[::-1] - 1 / n_classes) / (1 - 1 / n_classes), 0, 1)
    opacity = (ALPHA[0] + (ALPHA[1] - ALPHA[0]) * sure)[..., None]
    rgb = np.round(255 + (colours[cls] - 255) * opacity).astype(np.uint8)
    rgba = np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), 255, np.uint8)], axis=-1)
    return "data:image/png;base64," + base64.b64encode(_png(np.ascontiguousarray(rgba))).decode()


def image_row(grid: pd.DataFrame, n_classes: int) -> dict[str, list]:
    """The regions' picture and the square it covers (pixels centred on the cells), as columns of one row:
    a live page converts them straight to Arrow (ui.charts.live.arrow), without a DataFrame in between."""
    res = int(round(len(grid) ** 0.5))
    lo, hi = float(grid["x"].min()), float(grid["x"].max())
    half = (hi - lo) / max(res - 1, 1) / 2
    return {"x": [lo - half], "x2": [hi + half], "y": [lo - half], "y2": [hi + half], "url": [region_image(grid, n_classes)]}


def image_table(grid: pd.DataFrame, n_classes: int) -> pd.DataFrame:
    """``image_row`` as a one-row DataFrame, for charts drawn once."""
    return pd.DataFrame(image_row(grid, n_classes))


def points_table(points: pd.DataFrame, class_names: list[str], split_names: dict[str, str]) -> pd.DataFrame:
    """x, y, name, part from points with an integer ``cls`` and a ``split`` ("train"/"test")."""
    return pd.DataFrame({"x": points["x"].to_numpy(), "y": points["y"].to_numpy(),
                         "name": pd.Series(class_names).iloc[points["cls"]].to_numpy(),
                         "part": points["split"].map(split_names).to_numpy()})


def region_data(grid: pd.DataFrame, points: pd.DataFrame, class_names: list[str],
                split_names: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Both tables the chart reads, ``image`` and ``points``. A live page makes the points table once
    per run and only the image each frame."""
    return {"image": image_table(grid, len(class_names)), "points": points_table(points, class_names, split_names)}


def decision_regions(
    image,
    points,
    *,
    class_names: list[str],
    domain: tuple[float, float],
    x_title: str,
    y_title: str,
    parts: list[str],
    legend_title: str = "",
    size: int | None = None,
    legend: bool = True,
    style: Style | None = None,
) -> alt.LayerChart:
    """``image`` and ``points`` as ``region_data`` makes them (DataFrames, or ``alt.NamedData`` for a
    live chart), on a square ``domain``; ``parts`` lists the point kinds present (shapes in
    ``SHAPES`` order)."""
    s = style or current_style()
    x_scale, y_scale = _scale(domain), _scale(domain)
    side_legend = alt.Legend(orient="right" if s.wide else "top")  # presenting: the height goes to the square
    color = alt.Color("name:N", title=legend_title, scale=class_scale(class_names),
                      legend=side_legend if legend else None)
    def picture(source):
        return alt.Chart(source).mark_image(aspect=False, clip=True).encode(
            x=alt.X("x:Q", title=x_title, scale=x_scale), x2="x2:Q",
            y=alt.Y("y:Q", title=y_title, scale=y_scale), y2="y2:Q", url="url:N",
        )

    # live (named data): a copy beneath, fed in turn with the top one, so a picture still decoding
    # never leaves the square blank (ui.charts.live.Alternate)
    pictures = live_pictures(picture, image)
    dots = alt.Chart(points).mark_point(filled=True, stroke="#222222", strokeWidth=0.6, opacity=0.95,
                                        size=s.point * 0.9, clip=True).encode(
        x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), color=color,
        shape=alt.Shape("part:N", title=None, scale=alt.Scale(domain=parts, range=list(SHAPES.values())[:len(parts)]),
                        legend=side_legend if legend and len(parts) > 1 else None),
        tooltip=[alt.Tooltip("name:N", title=legend_title), alt.Tooltip("x:Q", format=".2f"),
                 alt.Tooltip("y:Q", format=".2f")],
    )
    side = size or min(round(s.height * 1.45), 460)
    # "pad": Streamlit's default "fit" squeezes the axes into the size, and the square stops being square
    return alt.layer(*pictures, dots).properties(width=side, height=side,
                                               autosize=alt.AutoSizeParams(type="pad", contains="padding"))
