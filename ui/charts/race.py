"""Several series of one quantity against the step, one colour each, optionally dashed by a second field:
the optimizer race's loss curves, and the momentum bowl's distances beside the rates theory predicts."""
from __future__ import annotations

import math

import altair as alt

from ui.charts import Style, _scale, current_style


def log_ticks(domain) -> list[float]:
    """Powers of ten inside a log axis's domain, at most about eight of them."""
    lo, hi = math.floor(math.log10(domain[0])), math.ceil(math.log10(domain[1]))
    every = max(1, math.ceil((hi - lo + 1) / 8))
    return [10.0 ** k for k in range(lo, hi + 1, every) if domain[0] <= 10.0 ** k <= domain[1]]


# Powers of ten from 0.001 to 1000 read as plain numbers; beyond, as 1e+6, 1e-5: "1000000000" is not read at a glance
LOG_LABEL = "datum.value >= 1e4 || datum.value < 1e-3 ? format(datum.value, '.0e') : format(datum.value, '~g')"


def series_lines(
    data,
    *,
    x: str,
    y: str,
    series: list[str],
    x_title: str,
    y_title: str,
    x_domain,
    y_domain,
    log_y: bool = True,
    kinds: list[str] | None = None,
    height: int | None = None,
    legend_columns: int | None = None,
    legend_orient: str = "top",
    style: Style | None = None,
) -> alt.Chart:
    """``data`` (a DataFrame or ``alt.NamedData``) has ``x``, ``y`` and ``series`` (one of ``series``,
    coloured in the palette's order); with ``kinds`` also ``kind``, the first drawn solid, the second dashed.
    Fixed domains, so a live chart never rescales."""
    s = style or current_style()
    legend = alt.Legend(orient=legend_orient, title=None, columns=legend_columns or alt.Undefined)
    enc = {
        "x": alt.X(f"{x}:Q", title=x_title, scale=_scale(x_domain)),
        "y": alt.Y(f"{y}:Q", title=y_title, scale=_scale(y_domain, log_y),
                   axis=alt.Axis(values=log_ticks(y_domain), labelExpr=LOG_LABEL) if log_y else alt.Undefined),
        "color": alt.Color("series:N", scale=alt.Scale(domain=series, range=list(s.palette[:len(series)])), legend=legend),
        "detail": alt.Detail("kind:N") if kinds else alt.Undefined,
        "tooltip": [alt.Tooltip("series:N", title=" "), alt.Tooltip(f"{x}:Q", format=",d"),
                    alt.Tooltip(f"{y}:Q", format=".4g")],
    }
    if kinds:
        # its own legend under the plot: two legends side by side on top run past a narrow chart's edge
        enc["strokeDash"] = alt.StrokeDash("kind:N", scale=alt.Scale(domain=kinds, range=[[1, 0], [6, 4]][:len(kinds)]),
                                           legend=alt.Legend(orient="bottom", title=None))
    return alt.Chart(data).mark_line(strokeWidth=s.stroke, clip=True).encode(**enc).properties(height=height or s.height)
