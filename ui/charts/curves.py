"""Curve charts: functions with tangents and shaded regions, paired derivatives, decay with depth, probability bars.

Colours follow the order of ``series`` (the labels the page shows), so one activation keeps
one colour across every chart on the page.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import GREY, Style, _scale, current_style, palette

Y_AXIS = alt.Axis(minExtent=52)  # a fixed label gutter keeps stacked charts' x axes aligned
DASHED = [7, 4]


def _span(domain, padding: float = 0) -> alt.Scale:
    """A fixed domain when given; else the data's own extent (no zero, no rounding), so the spec
    does not change with the numbers and a cached spec serves every range."""
    return _scale(domain) if domain is not None else alt.Scale(zero=False, nice=False, padding=padding)


def _colors(n: int) -> list[str]:
    colours = palette()
    return (list(colours) * (1 + n // len(colours)))[:n]


def _color(series, title: str) -> alt.Color:
    series = list(series)
    # every layer shares this one scale and legend: a layer with legend=None would hide the merged legend
    return alt.Color("series:N", title=title, legend=alt.Legend(symbolType="stroke", symbolOpacity=1),
                     scale=alt.Scale(domain=series, range=_colors(len(series))))


def _shading(regions: pd.DataFrame, series, x_domain, x_title: str, color_title: str) -> alt.Chart:
    """Translucent bands (series, start, end) across the whole height."""
    # same title as the line layer: layered charts join differing axis titles with commas
    # bands of many series stack into a grey wash: thin each one out as the series grow
    opacity = min(0.13, 0.4 / max(len(list(series)), 1))
    return alt.Chart(regions).mark_rect(opacity=opacity, clip=True).encode(
        x=alt.X("start:Q", title=x_title, scale=_span(x_domain)), x2=alt.X2("end"), color=_color(series, color_title),
    )


def function_chart(
    curves: pd.DataFrame, *, series, x_title: str, y_title: str, color_title: str, x_domain=None, y_domain=None,
    tangents: pd.DataFrame | None = None, points: pd.DataFrame | None = None, shade: pd.DataFrame | None = None,
    style: Style | None = None,
) -> alt.LayerChart:
    """f(x) per series (columns series, x, y), with optional tangent segments, probe points and bands."""
    s = style or current_style()
    x = alt.X("x:Q", title=x_title, scale=_span(x_domain))
    y = alt.Y("y:Q", title=y_title, scale=_span(y_domain, 12), axis=Y_AXIS)
    tips = [alt.Tooltip("series:N", title=color_title), alt.Tooltip("x:Q", title=x_title, format=".4g"),
            alt.Tooltip("y:Q", title=y_title, format=".4g")]
    layers = []
    if shade is not None and len(shade):
        layers.append(_shading(shade, series, x_domain, x_title, color_title))
    layers.append(alt.Chart(curves).mark_line(strokeWidth=s.stroke, clip=True).encode(
        x=x, y=y, color=_color(series, color_title), tooltip=tips))
    if tangents is not None and len(tangents):
        layers.append(alt.Chart(tangents).mark_line(strokeWidth=s.stroke * 0.8, strokeDash=DASHED, clip=True).encode(
            x=x, y=y, color=_color(series, color_title), detail=alt.Detail("series", type="nominal")))
    if points is not None and len(points):
        layers.append(alt.Chart(points).mark_point(filled=True, size=s.point * 3, opacity=1, clip=True).encode(
            x=x, y=y, color=_color(series, color_title), tooltip=tips))
    return alt.layer(*layers).properties(height=round(s.height * 1.15))


def derivative_chart(
    derivs: pd.DataFrame, *, series, sources, x_title: str, y_title: str, color_title: str, x_domain=None, y_domain=None,
    threshold: float | None = None, shade: pd.DataFrame | None = None, style: Style | None = None,
) -> alt.LayerChart:
    """f'(x) per series (columns series, source, x, dy): the first source solid, the second dashed over it."""
    s = style or current_style()
    sources = list(sources)
    layers = []
    if shade is not None and len(shade):
        layers.append(_shading(shade, series, x_domain, x_title, color_title))
    if threshold is not None:
        rules = pd.DataFrame({"y": [threshold, -threshold]})
        layers.append(alt.Chart(rules).mark_rule(color=GREY, strokeDash=[2, 3], strokeWidth=1).encode(
            y=alt.Y("y:Q", title=y_title, scale=_span(y_domain, 12))))
    layers.append(alt.Chart(derivs).mark_line(clip=True).encode(
        x=alt.X("x:Q", title=x_title, scale=_span(x_domain)),
        y=alt.Y("dy:Q", title=y_title, scale=_span(y_domain, 12), axis=Y_AXIS),
        color=_color(series, color_title),
        strokeDash=alt.StrokeDash("source:N", title=None, scale=alt.Scale(domain=sources, range=[[1, 0], DASHED])),
        # the dashed line is drawn thinner on top so the solid one shows through its gaps
        strokeWidth=alt.StrokeWidth("source:N", legend=None,
                                    scale=alt.Scale(domain=sources, range=[s.stroke * 1.6, s.stroke * 0.9])),
        tooltip=[alt.Tooltip("series:N", title=color_title), alt.Tooltip("source", type="nominal"),
                 alt.Tooltip("x:Q", title=x_title, format=".4g"), alt.Tooltip("dy:Q", title=y_title, format=".6g")],
    ))
    return alt.layer(*layers).properties(height=s.height)


def decay_chart(
    factors: pd.DataFrame, bound: pd.DataFrame, *, series, x_title: str, y_title: str, color_title: str,
    bound_label: str, max_depth: int, style: Style | None = None,
) -> alt.LayerChart:
    """Log-scale factor by layer per series (columns series, layer, factor), with a grey dashed bound (layer, factor).

    The layer axis is fixed at [0, max_depth], so deepening the stack extends the lines on a steady axis."""
    s = style or current_style()
    x = alt.X("layer:Q", title=x_title, scale=alt.Scale(domain=[0, max_depth], nice=False), axis=alt.Axis(tickMinStep=1))
    y = alt.Y("factor:Q", title=y_title, scale=alt.Scale(type="log"), axis=alt.Axis(minExtent=52, format=".0e"))
    series = list(series)
    # the bound joins the legend as a grey entry, where no label can collide with a curve
    color = alt.Color("series:N", title=color_title, legend=alt.Legend(symbolType="stroke", symbolOpacity=1),
                      scale=alt.Scale(domain=series + [bound_label], range=_colors(len(series)) + [GREY]))
    lines_ = alt.Chart(factors).mark_line(strokeWidth=s.stroke, point=True).encode(
        x=x, y=y, color=color,
        tooltip=[alt.Tooltip("series:N", title=color_title), alt.Tooltip("layer:Q", title=x_title),
                 alt.Tooltip("factor:Q", title=y_title, format=".3e")])
    ref = alt.Chart(bound.assign(series=bound_label)).mark_line(strokeDash=DASHED, strokeWidth=s.stroke).encode(
        x=x, y=y, color=color)
    # presenting, the log-scale axis title is longer than a 320 px chart is tall: room for it
    return alt.layer(ref, lines_).properties(height=round(s.height * 1.5) if s.wide else s.height)


def probability_bars(probs: pd.DataFrame, *, x_title: str, y_title: str, style: Style | None = None) -> alt.LayerChart:
    """Bars (columns label, p) on a fixed [0, 1] axis with the value printed on each bar."""
    s = style or current_style()
    x = alt.X("label:N", title=x_title, sort=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("p:Q", title=y_title, scale=alt.Scale(domain=[0, 1], nice=False, clamp=True), axis=Y_AXIS)
    bars = alt.Chart(probs).mark_bar(color=palette()[0]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("label:N", title=x_title), alt.Tooltip("p:Q", title=y_title, format=".6f")])
    text = alt.Chart(probs).mark_text(dy=-8, fontSize=s.font).encode(x=x, y=y, text=alt.Text("p:Q", format=".3f"))
    return alt.layer(bars, text).properties(height=round(s.height * 0.85))
