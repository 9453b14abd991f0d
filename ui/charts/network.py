"""The playground's network as one picture: every unit drawn as a small map of its output over the plane,
links between them coloured by the weight's sign and as wide as its size; and the maps' colours.

One layered chart over a pixel grid (the page lays the units out, ``ui/playground_view.layout``): each map is
a small PNG (``map_image``), so a frame sends one short row per unit and one per link, never a cell per pixel.
"""
from __future__ import annotations

import base64

import altair as alt
import numpy as np

from ui.charts import GREY, PALETTE, Style, current_style
from ui.charts.live import pictures as live_pictures
from ui.charts.regions import _png

# Links and maps share one pair, the app's Okabe–Ito blue and vermillion: positive blue, negative vermillion
# (told apart by the common colour-vision deficiencies), white at zero.
POSITIVE, NEGATIVE, ZERO = PALETTE[0], PALETTE[3], "#ffffff"
UNIT_KEY = "unit"  # the field a click on a map selects


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


def map_colours(values: np.ndarray, scale: float) -> np.ndarray:
    """(h, w, 3) uint8: white at 0, blue towards +scale, vermillion towards -scale (clipped past it)."""
    v = np.clip(np.nan_to_num(values / max(scale, 1e-12)), -1.0, 1.0)[..., None]
    white, pos, neg = _rgb(ZERO), _rgb(POSITIVE), _rgb(NEGATIVE)
    out = np.where(v >= 0, white + (pos - white) * v, white + (neg - white) * -v)
    return np.round(out).astype(np.uint8)


def map_image(values: np.ndarray, scale: float) -> str:
    """A data URL of one map: ``values`` (res, res), row i at the i-th y from the bottom, as the picture's
    rows go top down."""
    rgb = map_colours(np.asarray(values, dtype=np.float64)[::-1], scale)
    rgba = np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), 255, np.uint8)], axis=-1)
    return "data:image/png;base64," + base64.b64encode(_png(np.ascontiguousarray(rgba))).decode()


def network_picture(
    maps, links, notes, chosen, *, width: int, height: int, sign_labels: tuple[str, str], weight_title: str,
    selectable: bool = False, style: Style | None = None,
) -> alt.LayerChart:
    """maps (unit, x, x2, y, y2, url, name, layer): one per drawn unit; links (x, y, x2, y2, sign, px, alpha,
    weight, src, dst); notes (x, y, text): column titles and "+N more"; chosen (x, x2, y, y2): a frame round
    the unit shown large. Coordinates are pixels from the top left of a ``width`` x ``height`` picture.
    ``selectable``: a click on a map selects its ``unit`` (the page's ``on_select``)."""
    s = style or current_style()
    x_scale = alt.Scale(domain=[0, width], nice=False, zero=False)
    y_scale = alt.Scale(domain=[height, 0], nice=False, zero=False)  # pixels count down from the top
    x, y = alt.X("x:Q", axis=None, scale=x_scale), alt.Y("y:Q", axis=None, scale=y_scale)
    # aria=False: no screen-reader text per link, map and cell (the chart's description says what it shows); on
    # the clickable plane that is 625 labelled squares the browser would otherwise build each run
    edge = alt.Chart(links).mark_rule(aria=False).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        # the title beside its two entries, not above them: a line of height the first screen lacks when presenting
        color=alt.Color("sign:N", title=weight_title, scale=alt.Scale(domain=list(sign_labels),
                                                                      range=[POSITIVE, NEGATIVE]),
                        legend=alt.Legend(orient="top", titleOrient="left")),
        strokeWidth=alt.StrokeWidth("px:Q", scale=None, legend=None),
        opacity=alt.Opacity("alpha:Q", scale=None, legend=None),
        tooltip=[alt.Tooltip("weight:Q", format=".4f", title=weight_title), alt.Tooltip("src:N"), alt.Tooltip("dst:N")],
    )
    def picture(source):
        return alt.Chart(source).mark_image(aspect=False, aria=False).encode(
            x=x, x2="x2:Q", y=y, y2="y2:Q", url="url:N",
            tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("layer:N", title="  ")],
        )

    # live (named data): last frame's maps beneath this frame's (ui.charts.live.Alternate), so maps the browser
    # is still decoding never leave blank squares
    pictures = live_pictures(picture, maps)
    frame = alt.Chart(maps).mark_rect(filled=False, stroke=GREY, strokeWidth=0.8, aria=False).encode(
        x=x, x2="x2:Q", y=y, y2="y2:Q")
    if selectable:
        pick = alt.selection_point(name="pick", fields=[UNIT_KEY], on="click", clear=False)
        frame = frame.mark_rect(fill="#ffffff", fillOpacity=0.001, stroke=GREY, strokeWidth=0.8, cursor="pointer",
                                aria=False) \
            .encode(tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("layer:N", title="  ")]).add_params(pick)
    ring = alt.Chart(chosen).mark_rect(filled=False, stroke="#000000", strokeWidth=2.5, aria=False).encode(
        x=x, x2="x2:Q", y=y, y2="y2:Q")
    text = alt.Chart(notes).mark_text(fontSize=s.font - 1, color=s.ink or "#555555", baseline="middle", aria=False).encode(
        x=x, y=y, text="text:N")
    return alt.layer(edge, *pictures, frame, ring, text).properties(
        width=width, height=height, autosize=alt.AutoSizeParams(type="pad", contains="padding"))


def unit_panel(image, scale, *, domain: tuple[float, float], size: int, x_title: str, y_title: str,
               value_title: str, style: Style | None = None) -> alt.LayerChart:
    """One unit's map, large: image (x, x2, y, y2, url) over the plane ``domain``; scale (value): the two ends
    of its colour scale, -m and m, so the legend says what the colours mean."""
    s = style or current_style()
    sq = alt.Scale(domain=list(domain), nice=False, zero=False)

    def picture(source):
        return alt.Chart(source).mark_image(aspect=False, clip=True).encode(
            x=alt.X("x:Q", title=x_title, scale=sq), x2="x2:Q", y=alt.Y("y:Q", title=y_title, scale=sq), y2="y2:Q",
            url="url:N")

    # live: a copy beneath, fed in turn (ui.charts.live.Alternate), so the map never blinks while it decodes
    pictures = live_pictures(picture, image)
    key = alt.Chart(scale).mark_point(opacity=0).encode(
        x=alt.X("x:Q", scale=sq), y=alt.Y("y:Q", scale=sq),
        color=alt.Color("value:Q", title=value_title, scale=alt.Scale(range=[NEGATIVE, ZERO, POSITIVE],
                                                                      domainMid=0, interpolate="rgb"),
                        legend=alt.Legend(orient="top", gradientLength=min(size, 200), format=".2g")))
    return alt.layer(*pictures, key).properties(width=size, height=size,
                                              autosize=alt.AutoSizeParams(type="pad", contains="padding"))


def value_plane(image, points, *, domain: tuple[float, float], value_domain: tuple[float, float], x_title: str,
                y_title: str, value_title: str, parts: list[str], size: int, selectable: bool = False,
                cells=None, style: Style | None = None, legend_orient: str = "top") -> alt.LayerChart:
    """Regression on the plane: the model's output as a picture (image, as ``unit_panel``), the points coloured
    by their target on the same scale, ``parts`` the point kinds present (train, test).
    ``selectable`` with ``cells`` (x, y): a click on the plane selects the nearest cell's centre."""
    from ui.charts.regions import SHAPES

    s = style or current_style()
    sq = alt.Scale(domain=list(domain), nice=False, zero=False)
    m = max(abs(value_domain[0]), abs(value_domain[1]), 1e-9)
    colour = alt.Scale(domain=[-m, 0, m], range=[NEGATIVE, ZERO, POSITIVE], interpolate="rgb")
    def picture(source):
        return alt.Chart(source).mark_image(aspect=False, clip=True).encode(
            x=alt.X("x:Q", title=x_title, scale=sq), x2="x2:Q", y=alt.Y("y:Q", title=y_title, scale=sq), y2="y2:Q",
            url="url:N")

    pictures = live_pictures(picture, image)
    dots = alt.Chart(points).mark_point(filled=True, stroke="#222222", strokeWidth=0.6, opacity=0.95,
                                        size=s.point * 0.9, clip=True).encode(
        x=alt.X("x:Q", scale=sq), y=alt.Y("y:Q", scale=sq),
        color=alt.Color("value:Q", title=value_title, scale=colour,
                        legend=alt.Legend(orient=legend_orient, format=".2g")),
        shape=alt.Shape("part:N", title=None, scale=alt.Scale(domain=parts, range=list(SHAPES.values())[:len(parts)]),
                        legend=alt.Legend(orient=legend_orient) if len(parts) > 1 else None),
        tooltip=[alt.Tooltip("value:Q", format=".3f", title=value_title), alt.Tooltip("x:Q", format=".2f"),
                 alt.Tooltip("y:Q", format=".2f")])
    layers = [*pictures, dots]
    if selectable and cells is not None:
        layers.append(click_cells(cells, sq))
    return alt.layer(*layers).properties(width=size, height=size,
                                         autosize=alt.AutoSizeParams(type="pad", contains="padding"))


def click_cells(cells, square: alt.Scale) -> alt.Chart:
    """Invisible squares over the plane (cells: x, y, x2, y2 and the centre cx, cy): a click selects one,
    and the page reads its centre as the clicked point."""
    pick = alt.selection_point(name="spot", fields=["cx", "cy"], on="click", clear=False)
    return alt.Chart(cells).mark_rect(fill="#000000", fillOpacity=0.001, strokeOpacity=0, cursor="crosshair",
                                      aria=False).encode(
        x=alt.X("x:Q", scale=square), x2="x2:Q", y=alt.Y("y:Q", scale=square), y2="y2:Q",
        tooltip=alt.value(None)).add_params(pick)
