"""Activation functions: curves and derivatives, saturation, vanishing gradients, softmax."""
import streamlit as st

from core import activations as A
from core.snippets.activations import snippet
from ui.charts import PALETTE, current_style
from ui.charts import curves as charts
from ui.charts.live import figure
from ui.code import show_code
from ui.downloads import Download, csv_of, offer
from ui.i18n import current_lang, pick, t
from ui import limits
from ui.page import header
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
    *[Param(f"z{i + 1}", f"act_z{i}", Number(-100.0, 100.0, 0.5), v) for i, v in enumerate(DEFAULT_LOGITS)],
    Param("temp", "act_temp", Number(0.05, 10.0, 0.05), 1.0),
    Param("big", "act_big", Flag(), False),
]
ALL_KNOBS = {f"act_{n}_{p}" for n in A.ACTIVATIONS for p in A.ACTIVATIONS[n].ranges}


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


# Figures are cached as Vega-Lite dicts (building Altair objects costs more than the maths, and a
# control change leaves most figures as they were); figure() reuses a spec while only its data
# changes. The signature passed to it names everything a figure shows but the numbers.
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
    ), style)


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
    ), style)


@st.cache_data(max_entries=64, show_spinner=False)
def depth_figure(names, depth, scale, params, lang, style):
    decay = labelled(depth_table(names, depth, scale, params), names)
    bound = decay[decay["activation"] == names[0]][["layer", "bound"]].rename(columns={"bound": "factor"})
    return figure(("depth", names, lang, style), charts.decay_chart(
        decay, bound, series=[A.ACTIVATIONS[n].label for n in names], x_title=t("activations.depth_x", lang=lang),
        y_title=t("activations.depth_y", lang=lang), color_title=t("activations.legend", lang=lang),
        bound_label=t("activations.bound_label", lang=lang), max_depth=MAX_DEPTH, style=style,
    ), style)


@st.cache_data(max_entries=64, show_spinner=False)
def softmax_figure(z, temperature, lang, style):
    table = A.softmax_compare(list(z), temperature)
    probs = table.assign(label=[t("activations.logit", lang=lang, i=i + 1) for i in range(len(z))], p=table["p_stable"])
    return figure(("softmax", lang, style), charts.probability_bars(
        probs, x_title=t("activations.class", lang=lang), y_title=t("activations.probability", lang=lang), style=style,
    ), style)


def show(spec, key):
    st.vega_lite_chart(spec, key=key, width="stretch")


view = header("activations", URL)
names = st.multiselect(t("activations.pick"), list(A.ACTIVATIONS),
                       format_func=lambda n: A.ACTIVATIONS[n].label, max_selections=len(PALETTE), key="act_pick",
                       help=t("activations.pick_help", n=len(PALETTE)))
c1, c2, c3 = st.columns(3)
lo, hi = c1.slider(t("activations.x_range"), -20.0, 20.0, step=0.5, key="act_range")
if hi - lo < 1.0:  # both handles on one value: widen instead of drawing an empty chart
    lo, hi = lo - 0.5, hi + 0.5
with c2.container(key="secondary_act_threshold"):
    thr = st.select_slider(t("activations.threshold"), THRESHOLDS, key="act_threshold", help=t("activations.threshold_help"))
x0 = c3.slider(t("activations.x0"), -20.0, 20.0, step=0.1, key="act_x0", help=t("activations.x0_help"))

knobs = [(n, p, r) for n in names for p, r in A.ACTIVATIONS[n].ranges.items()]
params = {}
for col, (n, p, (pmin, pmax, step)) in zip(st.columns(max(len(knobs), 1)) if knobs else [], knobs):
    label = t("activations.param", symbol=A.PARAM_SYMBOLS[p], label=A.ACTIVATIONS[n].label)
    params.setdefault(n, {})[p] = col.slider(label, pmin, pmax, step=step, key=f"act_{n}_{p}")
frozen = tuple((n, tuple(sorted(params.get(n, {}).items()))) for n in names)

lang, style = current_lang(), current_style()
key = tuple(names), lo, hi, frozen
if not names:
    st.info(t("activations.pick_none"))
else:
    labels = [A.ACTIVATIONS[n].label for n in names]
    df = labelled(curves(*key), names)
    inside = lo <= x0 <= hi

    st.subheader(t("activations.curves_header"))
    show(f_figure(*key, thr, x0, lang, style), "act_f")
    st.caption(t("activations.f_caption", x0=x0) if inside else t("activations.probe_outside"))
    show(df_figure(*key, thr, lang, style), "act_df")
    st.caption(t("activations.df_caption", thr=thr))
    gaps = (df["dy_autograd"] - df["dy_closed"]).abs().groupby(df["series"], sort=False).max()
    gap_text = t("activations.sep").join(f"{k} **{v:.1e}**" for k, v in gaps.items())
    st.markdown(t("activations.gap" if gaps.max() < 1e-9 else "activations.gap_bad", n=N_POINTS, gaps=gap_text))
    saturated = bool((df["dy_closed"].abs() < thr).any())
    st.caption(t("activations.shade_caption" if saturated else "activations.no_saturation", thr=thr))

    st.markdown(f"**{t('activations.probe_header', x0=x0)}**")
    points = labelled(A.probes(names, x0, params)[0], names)
    cols = {"series": "activations.col_activation", "y": "activations.col_f",
            "dy_autograd": "activations.col_df_autograd", "dy_closed": "activations.col_df_formula"}
    st.dataframe(points[list(cols)], hide_index=True, key="act_probe_table", column_config={
        k: (st.column_config.TextColumn(t(v)) if k == "series" else st.column_config.NumberColumn(t(v), format="%.6f"))
        for k, v in cols.items()})

    st.subheader(t("activations.notes_header"))
    yes_no = {True: t("activations.yes"), False: t("activations.no")}
    for tab, n in zip(st.tabs(labels), names):
        a = A.ACTIVATIONS[n]
        with tab:
            st.latex(a.formula)
            st.latex(a.derivative)
            st.markdown(
                f"- **{t('activations.range')}**: ${a.output_range}$ · **{t('activations.zero_centred')}**: "
                f"{yes_no[a.zero_centred]} · **{t('activations.saturating')}**: {yes_no[a.saturating]}\n"
                f"- **{t('activations.use_for')}**: {pick(a.use_for)}\n"
                f"- **{t('activations.pros')}**: {pick(a.pros)}\n"
                f"- **{t('activations.cons')}**: {pick(a.cons)}"
            )

    st.subheader(t("activations.depth_header"))
    st.markdown(t("activations.depth_intro"))
    d1, d2 = st.columns(2)
    depth = d1.slider(t("activations.depth"), 1, MAX_DEPTH, key="act_depth")
    scale = d2.slider(t("activations.scale"), 0.1, 5.0, step=0.1, key="act_scale", help=t("activations.scale_help"))
    show(depth_figure(tuple(names), depth, scale, frozen, lang, style), "act_depth_chart")
    decay = labelled(depth_table(tuple(names), depth, scale, frozen), names)
    st.dataframe(decay[decay["layer"] == depth][["series", "mean_slope", "factor"]], hide_index=True,
                 key="act_depth_table", column_config={
                     "series": st.column_config.TextColumn(t("activations.col_activation")),
                     "mean_slope": st.column_config.NumberColumn(t("activations.col_mean_slope"), format="%.4f"),
                     "factor": st.column_config.NumberColumn(t("activations.col_factor", depth=depth), format="%.3e")})
    st.markdown(t("activations.bound_note", depth=depth, bound=0.25 ** depth))
    if "relu" in names:
        st.caption(t("activations.relu_note"))

st.subheader(t("activations.softmax_header"))
st.markdown(t("activations.softmax_intro"))
logits = [col.number_input(t("activations.logit", i=i + 1), -100.0, 100.0, step=0.5, key=f"act_z{i}")
          for i, col in enumerate(st.columns(N_LOGITS))]
s1, s2 = st.columns(2)
temperature = s1.slider(t("activations.temperature"), 0.05, 10.0, step=0.05, key="act_temp",
                        help=t("activations.temperature_help"))
big = s2.toggle(t("activations.big"), key="act_big", help=t("activations.big_help"))
z = tuple(v + BIG if big else v for v in logits)
show(softmax_figure(z, temperature, lang, style), "act_softmax")
table = A.softmax_compare(z, temperature)
st.markdown(t("activations.sum", total=float(table["p_stable"].sum())))
st.markdown(f"**{t('activations.naive_header')}**")
shown = table.rename(columns={"z": t("activations.col_z"), "exp_naive": t("activations.col_exp"),
                              "p_naive": t("activations.col_naive"), "p_stable": t("activations.col_stable")})
# text, so the deliberate overflow reads "inf" and "nan" instead of a blank cell
st.dataframe(shown.map(lambda v: f"{v:.6g}"), hide_index=True, key="act_naive_table")
overflowed = not table["p_naive"].notna().all() or not (table["exp_naive"] < float("inf")).all()
(st.warning if overflowed else st.caption)(t("activations.overflow") if overflowed else t("activations.naive_ok"))

shown = {f"act_{n}_{p}" for n, p, _ in knobs}
view.publish(only=[p for p in URL if p.key not in ALL_KNOBS or p.key in shown])
offer("activations", ([
    Download("activations.dl_curves", "activation_curves.csv", csv_of(curves(*key))),
    Download("activations.dl_depth", "gradient_through_depth.csv", csv_of(depth_table(tuple(names), depth, scale, frozen))),
] if names else []) + [Download("activations.dl_softmax", "softmax.csv", csv_of(table))])
show_code(snippet(names, params, x_min=lo, x_max=hi, x0=x0, logits=z, temperature=temperature))
