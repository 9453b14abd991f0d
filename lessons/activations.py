"""Activation functions: curves and derivatives, saturation, vanishing gradients, softmax."""
import streamlit as st

from core import activations as A
from core.snippets.activations import snippet
from ui.charts import PALETTE, finish
from ui.charts import curves as charts
from ui.code import show_code
from ui.i18n import pick, t
from ui.page import header

N_POINTS = 401
N_LOGITS = 5
DEFAULT_LOGITS = (2.0, 1.0, 0.1, -1.0, -2.0)
BIG = 1000.0
THRESHOLDS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)


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


def domain(values, pad=0.08):
    lo, hi = float(values.min()), float(values.max())
    span = max(hi - lo, 0.5)
    return lo - pad * span, hi + pad * span


header("activations")
names = st.multiselect(t("activations.pick"), list(A.ACTIVATIONS), default=["sigmoid", "tanh", "relu"],
                       format_func=lambda n: A.ACTIVATIONS[n].label, max_selections=len(PALETTE), key="act_pick",
                       help=t("activations.pick_help", n=len(PALETTE)))
c1, c2, c3 = st.columns(3)
lo, hi = c1.slider(t("activations.x_range"), -20.0, 20.0, (-6.0, 6.0), 0.5, key="act_range")
if hi - lo < 1.0:  # both handles on one value: widen instead of drawing an empty chart
    lo, hi = lo - 0.5, hi + 0.5
thr = c2.select_slider(t("activations.threshold"), THRESHOLDS, value=0.01, key="act_threshold",
                       help=t("activations.threshold_help"))
x0 = c3.slider(t("activations.x0"), -20.0, 20.0, 1.0, 0.1, key="act_x0", help=t("activations.x0_help"))

knobs = [(n, p, r) for n in names for p, r in A.ACTIVATIONS[n].ranges.items()]
params = {}
for col, (n, p, (pmin, pmax, step)) in zip(st.columns(max(len(knobs), 1)) if knobs else [], knobs):
    label = t("activations.param", symbol=A.PARAM_SYMBOLS[p], label=A.ACTIVATIONS[n].label)
    params.setdefault(n, {})[p] = col.slider(label, pmin, pmax, A.ACTIVATIONS[n].params[p], step, key=f"act_{n}_{p}")
frozen = tuple((n, tuple(sorted(params.get(n, {}).items()))) for n in names)

if not names:
    st.info(t("activations.pick_none"))
else:
    labels = [A.ACTIVATIONS[n].label for n in names]
    df = labelled(curves(tuple(names), lo, hi, frozen), names)
    shade = labelled(A.saturation_frame(df, thr), names)
    points, tangents = (labelled(f, names) for f in A.probes(names, x0, params, half_width=0.15 * (hi - lo)))
    inside = lo <= x0 <= hi
    axes = dict(series=labels, x_title=t("activations.x_axis"), color_title=t("activations.legend"), x_domain=(lo, hi))

    st.subheader(t("activations.curves_header"))
    st.altair_chart(finish(charts.function_chart(
        df, y_title=t("activations.f_axis"), y_domain=domain(df["y"]), shade=shade,
        tangents=tangents if inside else None, points=points if inside else None, **axes,
    )), key="act_f", width="stretch")
    st.caption(t("activations.f_caption", x0=x0) if inside else t("activations.probe_outside"))
    sources = [t("activations.src_autograd"), t("activations.src_formula")]
    derivs = df.melt(id_vars=["series", "x"], value_vars=["dy_autograd", "dy_closed"], var_name="source", value_name="dy")
    derivs["source"] = derivs["source"].map({"dy_autograd": sources[0], "dy_closed": sources[1]})
    st.altair_chart(finish(charts.derivative_chart(
        derivs, sources=sources, y_title=t("activations.df_axis"), threshold=thr, shade=shade,
        y_domain=domain(derivs["dy"]), **axes,
    )), key="act_df", width="stretch")
    st.caption(t("activations.df_caption", thr=thr))
    gaps = (df["dy_autograd"] - df["dy_closed"]).abs().groupby(df["series"], sort=False).max()
    gap_text = t("activations.sep").join(f"{k} **{v:.1e}**" for k, v in gaps.items())
    st.markdown(t("activations.gap" if gaps.max() < 1e-9 else "activations.gap_bad", n=N_POINTS, gaps=gap_text))
    st.caption(t("activations.shade_caption", thr=thr) if len(shade) else t("activations.no_saturation", thr=thr))

    st.markdown(f"**{t('activations.probe_header', x0=x0)}**")
    st.dataframe(points[["series", "y", "dy_autograd", "dy_closed"]].rename(columns={
        "series": t("activations.col_activation"), "y": t("activations.col_f"),
        "dy_autograd": t("activations.col_df_autograd"), "dy_closed": t("activations.col_df_formula"),
    }).style.format(precision=6), hide_index=True, key="act_probe_table")

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
    depth = d1.slider(t("activations.depth"), 1, 30, 10, key="act_depth")
    scale = d2.slider(t("activations.scale"), 0.1, 5.0, 1.0, 0.1, key="act_scale", help=t("activations.scale_help"))
    decay = labelled(depth_table(tuple(names), depth, scale, frozen), names)
    bound = decay[decay["activation"] == names[0]][["layer", "bound"]].rename(columns={"bound": "factor"})
    st.altair_chart(finish(charts.decay_chart(
        decay, bound, series=labels, x_title=t("activations.depth_x"), y_title=t("activations.depth_y"),
        color_title=t("activations.legend"), bound_label=t("activations.bound_label"), depth=depth,
    )), key="act_depth_chart", width="stretch")
    last = decay[decay["layer"] == depth]
    st.dataframe(last[["series", "mean_slope", "factor"]].rename(columns={
        "series": t("activations.col_activation"), "mean_slope": t("activations.col_mean_slope"),
        "factor": t("activations.col_factor", depth=depth),
    }).style.format("{:.3e}", subset=[t("activations.col_factor", depth=depth)]).format(
        "{:.4f}", subset=[t("activations.col_mean_slope")]), hide_index=True, key="act_depth_table")
    st.markdown(t("activations.bound_note", depth=depth, bound=0.25 ** depth))
    if "relu" in names:
        st.caption(t("activations.relu_note"))

st.subheader(t("activations.softmax_header"))
st.markdown(t("activations.softmax_intro"))
logits = [col.number_input(t("activations.logit", i=i + 1), -100.0, 100.0, DEFAULT_LOGITS[i], 0.5, key=f"act_z{i}")
          for i, col in enumerate(st.columns(N_LOGITS))]
s1, s2 = st.columns(2)
temperature = s1.slider(t("activations.temperature"), 0.05, 10.0, 1.0, 0.05, key="act_temp",
                        help=t("activations.temperature_help"))
big = s2.toggle(t("activations.big"), key="act_big", help=t("activations.big_help"))
z = [v + BIG if big else v for v in logits]
table = A.softmax_compare(z, temperature)
probs = table.assign(label=[t("activations.logit", i=i + 1) for i in range(N_LOGITS)], p=table["p_stable"])
st.altair_chart(finish(charts.probability_bars(probs, x_title=t("activations.class"),
                                               y_title=t("activations.probability"))), key="act_softmax", width="stretch")
st.markdown(t("activations.sum", total=float(table["p_stable"].sum())))
st.markdown(f"**{t('activations.naive_header')}**")
shown = table.rename(columns={"z": t("activations.col_z"), "exp_naive": t("activations.col_exp"),
                              "p_naive": t("activations.col_naive"), "p_stable": t("activations.col_stable")})
# text, so the deliberate overflow reads "inf" and "nan" instead of a blank cell
st.dataframe(shown.map(lambda v: f"{v:.6g}"), hide_index=True, key="act_naive_table")
overflowed = not table["p_naive"].notna().all() or not (table["exp_naive"] < float("inf")).all()
(st.warning if overflowed else st.caption)(t("activations.overflow") if overflowed else t("activations.naive_ok"))

show_code(snippet(names, params, x_min=lo, x_max=hi, x0=x0, logits=z, temperature=temperature))
