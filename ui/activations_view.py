"""The activations page's URL table, cached curves, figures and tables.

The page file lays these out. Figures are cached as Vega-Lite dicts (building Altair objects
costs more than the maths, and a control change leaves most figures as they were); figure()
reuses a spec while only its data changes. The signature passed to it names everything a
figure shows but the numbers. The cached builders take the language as an argument: a cache
is shared by every visitor, so a figure must not read the language of whoever runs it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core import activations as A
from ui import limits
from ui.charts import PALETTE
from ui.charts import curves as charts
from ui.charts.live import figure
from ui.downloads import Download, csv_of
from ui.i18n import pick, t
from ui.page import View
from ui.urlstate import Flag, Many, Number, Param, Span, Steps

N_POINTS = 401
N_LOGITS = 5
DEFAULT_LOGITS = (2.0, 1.0, 0.1, -1.0, -2.0)
BIG = 1000.0
THRESHOLDS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)
MAX_DEPTH = limits.ACTIVATIONS_MAX_DEPTH

URL = [
    Param("act", "act_pick", Many(list(A.ACTIVATIONS), len(PALETTE)), ["sigmoid", "tanh", "relu"]),
    Param("x", "act_range", Span(-20.0, 20.0, 0.5), (-6.0, 6.0)),
    Param("thr", "act_threshold", Steps(THRESHOLDS), 0.01),
    Param("x0", "act_x0", Number(-20.0, 20.0, 0.1), 1.0),
    *[Param(f"{n}_{p}", f"act_{n}_{p}", Number(*r), A.ACTIVATIONS[n].params[p])
      for n in A.ACTIVATIONS for p, r in A.ACTIVATIONS[n].ranges.items()],
    Param("depth", "act_depth", Number(1, MAX_DEPTH, 1, integer=True), 10),
    Param("scale", "act_scale", Number(0.1, 5.0, 0.1), 1.0),
    *[Param(f"z{i + 1}", f"act_z{i}", Number(-100.0, 100.0, 0.5, snap=False), v) for i, v in enumerate(DEFAULT_LOGITS)],
    Param("temp", "act_temp", Number(0.05, 10.0, 0.05), 1.0),
    Param("big", "act_big", Flag(), False),
]
ALL_KNOBS = {f"act_{n}_{p}" for n in A.ACTIVATIONS for p in A.ACTIVATIONS[n].ranges}


def knobs(names) -> dict[str, dict[str, float]]:
    """A slider per parameter of each activation chosen, all on one row; returns {activation: {parameter: value}}."""
    specs = [(n, p, r) for n in names for p, r in A.ACTIVATIONS[n].ranges.items()]
    params = {}
    for col, (n, p, (pmin, pmax, step)) in zip(st.columns(max(len(specs), 1)) if specs else [], specs):
        label = t("activations.param", symbol=A.PARAM_SYMBOLS[p], label=A.ACTIVATIONS[n].label)
        params.setdefault(n, {})[p] = col.slider(label, pmin, pmax, step=step, key=f"act_{n}_{p}")
    return params


def frozen(names, params) -> tuple:
    """The knobs as a hashable cache key, one entry per activation chosen (empty for one without knobs)."""
    return tuple((n, tuple(sorted(params.get(n, {}).items()))) for n in names)


def publish(view: View, names) -> None:
    """Mirror only the knobs of the activations on show: a knob of one no longer chosen would
    otherwise stay in the link long after it was left."""
    shown = {f"act_{n}_{p}" for n in names for p in A.ACTIVATIONS[n].ranges}
    view.publish(only=[p for p in URL if p.key not in ALL_KNOBS or p.key in shown])


def _unpack(params):
    return {name: dict(p) for name, p in params}


@st.cache_data(max_entries=256, show_spinner=False)
def curves(names, lo, hi, params):
    return A.curves_frame(names, lo, hi, N_POINTS, _unpack(params))


@st.cache_data(max_entries=256, show_spinner=False)
def depth_table(names, depth, scale, params):
    return A.gradient_through_depth(names, depth, scale, params=_unpack(params))


def labelled(df, names):
    """The frame with a ``series`` column of display labels, in the order the colours follow."""
    return df.assign(series=df["activation"].map({n: A.ACTIVATIONS[n].label for n in names}))


# ---------------------------------------------------------------- figures

def _axes(names, lang):
    # no fixed domains: each axis spans its data, so the cached spec serves every x-range
    return dict(series=[A.ACTIVATIONS[n].label for n in names], x_title=t("activations.x_axis", lang=lang),
                color_title=t("activations.legend", lang=lang))


@st.cache_data(max_entries=64, show_spinner=False)
def f_figure(names, lo, hi, params, thr, x0, lang, style):
    df = labelled(curves(names, lo, hi, params), names)
    points, tangents = (labelled(f, names) for f in
                        A.probes(names, x0, _unpack(params), half_width=0.15 * (hi - lo), bounds=(lo, hi)))
    inside, shade = lo <= x0 <= hi, labelled(A.saturation_frame(df, thr), names)
    signature = ("f", names, len(shade) > 0, inside, lang, style)
    return figure(signature, charts.function_chart(
        df[["series", "x", "y"]], y_title=t("activations.f_axis", lang=lang), shade=shade,
        tangents=tangents if inside else None, points=points if inside else None, style=style,
        **_axes(names, lang),
    ).properties(description=t("chart.act_f", lang=lang, names=_listed(names, lang))), style)


@st.cache_data(max_entries=64, show_spinner=False)
def df_figure(names, lo, hi, params, thr, lang, style):
    df = labelled(curves(names, lo, hi, params), names)
    sources = [t("activations.src_autograd", lang=lang), t("activations.src_formula", lang=lang)]
    derivs = df.melt(id_vars=["series", "x"], value_vars=["dy_autograd", "dy_closed"], var_name="source", value_name="dy")
    derivs["source"] = derivs["source"].map({"dy_autograd": sources[0], "dy_closed": sources[1]})
    shade = labelled(A.saturation_frame(df, thr), names)
    signature = ("df", names, len(shade) > 0, lang, style)
    return figure(signature, charts.derivative_chart(
        derivs, sources=sources, y_title=t("activations.df_axis", lang=lang), threshold=thr, style=style,
        shade=shade, **_axes(names, lang),
    ).properties(description=t("chart.act_df", lang=lang, names=_listed(names, lang))), style)


@st.cache_data(max_entries=64, show_spinner=False)
def depth_figure(names, depth, scale, params, lang, style):
    decay = labelled(depth_table(names, depth, scale, params), names)
    bound = decay[decay["activation"] == names[0]][["layer", "bound"]].rename(columns={"bound": "factor"})
    return figure(("depth", names, lang, style), charts.decay_chart(
        decay, bound, series=[A.ACTIVATIONS[n].label for n in names], x_title=t("activations.depth_x", lang=lang),
        y_title=t("activations.depth_y", lang=lang), color_title=t("activations.legend", lang=lang),
        bound_label=t("activations.bound_label", lang=lang), max_depth=MAX_DEPTH, style=style,
    ).properties(description=t("chart.act_depth", lang=lang, names=_listed(names, lang))), style)


@st.cache_data(max_entries=64, show_spinner=False)
def softmax_figure(z, temperature, lang, style):
    table = A.softmax_compare(list(z), temperature)
    probs = table.assign(label=[t("activations.logit", lang=lang, i=i + 1) for i in range(len(z))], p=table["p_stable"])
    return figure(("softmax", lang, style), charts.probability_bars(
        probs, x_title=t("activations.class", lang=lang), y_title=t("activations.probability", lang=lang), style=style,
    ).properties(description=t("chart.softmax", lang=lang)), style)


def _listed(names, lang) -> str:
    return ("、" if lang == "zh" else ", ").join(A.ACTIVATIONS[n].label for n in names)


def show(spec, key):
    st.vega_lite_chart(spec, key=key, width="stretch")


# ---------------------------------------------------------------- text and tables

def gap_line(df) -> str:
    """Autograd's slope against the formula's, the largest gap per activation: the check that the formulas hold."""
    gaps = (df["dy_autograd"] - df["dy_closed"]).abs().groupby(df["series"], sort=False).max()
    gap_text = t("activations.sep").join(f"{k} **{v:.1e}**" for k, v in gaps.items())
    return t("activations.gap" if gaps.max() < 1e-9 else "activations.gap_bad", n=N_POINTS, gaps=gap_text)


def probe_table(names, x0, params) -> tuple[pd.DataFrame, dict]:
    """(rows, column_config): each activation's value and slope at the probe, both ways."""
    points = labelled(A.probes(names, x0, params)[0], names)
    cols = {"series": "activations.col_activation", "y": "activations.col_f",
            "dy_autograd": "activations.col_df_autograd", "dy_closed": "activations.col_df_formula"}
    return points[list(cols)], {
        k: (st.column_config.TextColumn(t(v)) if k == "series" else st.column_config.NumberColumn(t(v), format="%.6f"))
        for k, v in cols.items()}


def notes(a: A.Activation, lang: str | None = None) -> str:
    """The activation's notes as Markdown; a bold label takes the language's colon ("：" in Chinese, no space)."""
    def label(key):
        return f"**{t(key, lang=lang)}**{t('activations.label_colon', lang=lang)}"

    yes_no = {True: t("activations.yes", lang=lang), False: t("activations.no", lang=lang)}
    return (f"- {label('activations.range')}${a.output_range}$ · {label('activations.zero_centred')}"
            f"{yes_no[a.zero_centred]} · {label('activations.saturating')}{yes_no[a.saturating]}\n"
            f"- {label('activations.use_for')}{pick(a.use_for, lang)}\n"
            f"- {label('activations.pros')}{pick(a.pros, lang)}\n"
            f"- {label('activations.cons')}{pick(a.cons, lang)}")


def depth_rows(names, depth, scale, params) -> tuple[pd.DataFrame, dict]:
    """(rows, column_config): each activation's mean slope and the gradient factor left at the last layer."""
    decay = labelled(depth_table(tuple(names), depth, scale, params), names)
    return decay[decay["layer"] == depth][["series", "mean_slope", "factor"]], {
        "series": st.column_config.TextColumn(t("activations.col_activation")),
        "mean_slope": st.column_config.NumberColumn(t("activations.col_mean_slope"), format="%.4f"),
        "factor": st.column_config.NumberColumn(t("activations.col_factor", depth=depth), format="%.3e")}


def naive_table(table) -> pd.DataFrame:
    shown = table.rename(columns={"z": t("activations.col_z"), "exp_naive": t("activations.col_exp"),
                                  "p_naive": t("activations.col_naive"), "p_stable": t("activations.col_stable")})
    # text, so the deliberate overflow reads "inf" and "nan" instead of a blank cell
    return shown.map(lambda v: f"{v:.6g}")


def overflowed(table) -> bool:
    return not table["p_naive"].notna().all() or not (table["exp_naive"] < float("inf")).all()


# ---------------------------------------------------------------- downloads

def curve_downloads(key, depth, scale) -> list[Download]:
    names, _, _, params = key
    return [Download("activations.dl_curves", "activation_curves.csv", csv_of(curves(*key))),
            Download("activations.dl_depth", "gradient_through_depth.csv", csv_of(depth_table(names, depth, scale, params)))]


def softmax_download(table) -> Download:
    return Download("activations.dl_softmax", "softmax.csv", csv_of(table))
