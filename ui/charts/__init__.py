"""Altair chart builders shared by every page.

Builders take tidy DataFrames and return Altair charts; they never compute. One palette
(Okabe–Ito, safe for the common colour-vision deficiencies) and one ``Style`` that
projector mode scales up. New chart kinds get a builder here (or in a module beside
this one) rather than a copy inside a page.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import altair as alt

# Okabe & Ito (2008), "Color Universal Design"; black moved last so series 0 is coloured.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# Presenter mode: the same hues, the pale ones (orange, sky blue, yellow: under 3:1 on white) darkened
# and moved back, so the first series read from the back of a room and on washed-out projectors.
HIGH_CONTRAST = ["#0072B2", "#D55E00", "#007A5A", "#000000", "#B0508A", "#A86F00", "#2A7FB8", "#7A7000"]
GREY = "#999999"


@dataclass(frozen=True)
class Style:
    font: int = 13
    title: int = 15
    stroke: float = 2.0
    point: float = 30.0
    height: int = 300
    palette: tuple[str, ...] = tuple(PALETTE)
    grid: float = 0.5  # gridline opacity
    ink: str | None = None  # axis and legend text; None leaves Streamlit's theme grey

    wide: bool = False  # the page has the whole screen (presenter mode folds the sidebar)

    @property
    def big(self) -> bool:
        """Type this size needs the page's full width (pages stack what sits side by side)."""
        return self.font > NORMAL.font

    @property
    def stacked(self) -> bool:
        """Big type beside an open sidebar: two columns of controls and charts no longer fit."""
        return self.big and not self.wide

    def scaled(self, k: float) -> "Style":
        return replace(self, font=round(self.font * k), title=round(self.title * k), stroke=self.stroke * k,
                       point=self.point * k * k, height=round(self.height * k))


NORMAL = Style()
PROJECTOR = NORMAL.scaled(1.6)
# Presenter charts are shorter than projector ones: a lesson's main chart and the controls that drive
# it share the first screen of a 1280x720 projector.
PRESENTER = replace(PROJECTOR, stroke=NORMAL.stroke * 2.2, palette=tuple(HIGH_CONTRAST), grid=0.8, ink="#000000",
                    wide=True, height=320)
PROJECTOR_KEY = "projector"
PRESENT_KEY = "present"


def current_style() -> Style:
    """The visitor's style: presenter mode, else projector mode, when their sidebar toggle is on."""
    try:
        import streamlit as st

        if st.session_state.get(PRESENT_KEY):
            return PRESENTER
        return PROJECTOR if st.session_state.get(PROJECTOR_KEY) else NORMAL
    except Exception:  # outside a script run
        return NORMAL


def palette() -> tuple[str, ...]:
    return current_style().palette


def finish(chart: alt.Chart, style: Style | None = None, *, description: str | None = None) -> alt.Chart:
    """Fonts, sizes and palette every chart shares, and the chart's text alternative.

    ``description`` is what a screen reader says for the chart (Vega's aria-label on the SVG): what the
    chart shows, in the visitor's language. Without one, a chart would be read as "Vega visualization";
    finish then says at least which quantities it plots, from its axis titles (``auto_description``).
    """
    s = style or current_style()
    # One copy with the whole config: each chained configure_* call deep-copies the chart.
    out = chart.copy(deep=False)
    text = description or (None if _has(chart.description) else auto_description(chart))
    if text:
        out.description = text
    ink = {"labelColor": s.ink, "titleColor": s.ink} if s.ink else {}
    out.config = alt.Config(
        # no length limits: Vega's defaults (legend labels 160 px, titles 180 px, an axis title the axis's
        # length) cut big type short ("least-squares o…", "loss (log scale")
        axis=alt.AxisConfig(labelFontSize=s.font, titleFontSize=s.title, gridOpacity=s.grid, titleLimit=0,
                            labelLimit=0, **ink),
        legend=alt.LegendConfig(labelFontSize=s.font, titleFontSize=s.title, orient="top", symbolStrokeWidth=s.stroke,
                                labelLimit=0, titleLimit=0,
                                **ink),
        title=alt.TitleConfig(fontSize=s.title + 2, anchor="start"),
        header=alt.HeaderConfig(labelFontSize=s.font, titleFontSize=s.title),
        range=alt.RangeConfig(category=list(s.palette)),
        view=alt.ViewConfig(strokeWidth=0),
    )
    return out


def _has(value) -> bool:
    return value is not None and value is not alt.Undefined and value != ""


def _titles(chart) -> list[str]:
    """The x, y and colour titles of a chart and its layers, in order, each once."""
    found: list[str] = []
    for part in [chart, *getattr(chart, "layer", [])]:
        enc = getattr(part, "encoding", alt.Undefined)
        if not _has(enc):
            continue
        for channel in ("x", "y", "color"):
            ch = getattr(enc, channel, alt.Undefined)
            title = getattr(ch, "title", alt.Undefined) if _has(ch) else alt.Undefined
            if _has(title) and isinstance(title, str) and title not in found:
                found.append(title)
    return found


AUTO = {"en": ("Chart of {y} against {x}", "Chart of {x}", "Chart"),
        "zh": ("图表：{y} 随 {x} 的变化", "图表：{x}", "图表")}


def auto_description(chart, lang: str | None = None) -> str:
    """A fallback text alternative from the axis titles, in the visitor's language."""
    from ui.i18n import current_lang, normalise

    both, one, none = AUTO[normalise(lang or current_lang())]
    titles = _titles(chart)
    if len(titles) >= 2:
        return both.format(x=titles[0], y=titles[1])
    return one.format(x=titles[0]) if titles else none


def _scale(domain, log: bool = False) -> alt.Scale:
    kwargs = {"type": "log"} if log else {}
    if domain is not None:
        kwargs["domain"] = list(domain)
        kwargs["nice"] = False
    # clamp keeps marks inside fixed domains so live charts never rescale between frames
    return alt.Scale(clamp=domain is not None, **kwargs)
