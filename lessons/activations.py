"""Activation functions: curves and derivatives, saturation, vanishing gradients, softmax."""
import streamlit as st

from core import activations as A
from core.snippets.activations import snippet
from ui import activations_view as V
from ui import tables
from ui.charts import PALETTE, current_style
from ui.code import show_code
from ui.downloads import offer
from ui.i18n import current_lang, t
from ui.page import header

view = header("activations", V.URL)
present = current_style().wide
# presenting: the picker and the two sliders on one row, so the curves fit on the first screen
top = st.columns([2, 1, 1], gap="medium") if present else None
names = (st if top is None else top[0]).multiselect(t("activations.pick"), list(A.ACTIVATIONS),
                       format_func=lambda n: A.ACTIVATIONS[n].label, max_selections=len(PALETTE), key="act_pick",
                       help=t("activations.pick_help", n=len(PALETTE)))
c1, c2, c3 = st.columns(3) if top is None else (top[1], top[2], top[2])
lo, hi = c1.slider(t("activations.x_range"), -20.0, 20.0, step=0.5, key="act_range")
if hi - lo < 1.0:  # both handles on one value: widen instead of drawing an empty chart
    lo, hi = lo - 0.5, hi + 0.5
with c2.container(key="secondary_act_threshold"):
    thr = st.select_slider(t("activations.threshold"), V.THRESHOLDS, key="act_threshold", help=t("activations.threshold_help"))
x0 = c3.slider(t("activations.x0"), -20.0, 20.0, step=0.1, key="act_x0", help=t("activations.x0_help"))
params = V.knobs(names)
frozen = V.frozen(names, params)

lang, style = current_lang(), current_style()
key = tuple(names), lo, hi, frozen
if not names:
    st.info(t("activations.pick_none"))
else:
    df = V.labelled(V.curves(*key), names)

    if not present:
        st.header(t("activations.curves_header"))
    with st.container(key="main_chart"):
        V.show(V.f_figure(*key, thr, x0, lang, style), "act_f")
    st.caption(t("activations.f_caption", x0=x0) if lo <= x0 <= hi else t("activations.probe_outside"))
    V.show(V.df_figure(*key, thr, lang, style), "act_df")
    st.caption(t("activations.df_caption", thr=thr))
    st.markdown(V.gap_line(df))
    saturated = bool((df["dy_closed"].abs() < thr).any())
    st.caption(t("activations.shade_caption" if saturated else "activations.no_saturation", thr=thr))

    st.markdown(f"**{t('activations.probe_header', x0=x0)}**")
    probes, probe_columns = V.probe_table(names, x0, params)
    tables.show(probes, hide_index=True, key="act_probe_table", column_config=probe_columns)

    st.header(t("activations.notes_header"))
    for tab, n in zip(st.tabs([A.ACTIVATIONS[n].label for n in names]), names):
        with tab:
            st.latex(A.ACTIVATIONS[n].formula)
            st.latex(A.ACTIVATIONS[n].derivative)
            st.markdown(V.notes(A.ACTIVATIONS[n]))

    st.header(t("activations.depth_header"))
    st.markdown(t("activations.depth_intro"))
    d1, d2 = st.columns(2)
    depth = d1.slider(t("activations.depth"), 1, V.MAX_DEPTH, key="act_depth")
    scale = d2.slider(t("activations.scale"), 0.1, 5.0, step=0.1, key="act_scale", help=t("activations.scale_help"))
    V.show(V.depth_figure(tuple(names), depth, scale, frozen, lang, style), "act_depth_chart")
    rows, row_columns = V.depth_rows(names, depth, scale, frozen)
    tables.show(rows, hide_index=True, key="act_depth_table", column_config=row_columns)
    st.markdown(t("activations.bound_note", depth=depth, bound=0.25 ** depth))
    if "relu" in names:
        st.caption(t("activations.relu_note"))

st.header(t("activations.softmax_header"))
st.markdown(t("activations.softmax_intro"))
logits = [col.number_input(t("activations.logit", i=i + 1), -100.0, 100.0, step=0.5, key=f"act_z{i}")
          for i, col in enumerate(st.columns(V.N_LOGITS))]
s1, s2 = st.columns(2)
temperature = s1.slider(t("activations.temperature"), 0.05, 10.0, step=0.05, key="act_temp",
                        help=t("activations.temperature_help"))
big = s2.toggle(t("activations.big"), key="act_big", help=t("activations.big_help"))
z = tuple(v + V.BIG if big else v for v in logits)
V.show(V.softmax_figure(z, temperature, lang, style), "act_softmax")
table = A.softmax_compare(z, temperature)
st.markdown(t("activations.sum", total=float(table["p_stable"].sum())))
st.markdown(f"**{t('activations.naive_header')}**")
tables.show(V.naive_table(table), hide_index=True, key="act_naive_table")
overflowed = V.overflowed(table)
(st.warning if overflowed else st.caption)(t("activations.overflow") if overflowed else t("activations.naive_ok"))

V.publish(view, names)
offer("activations", (V.curve_downloads(key, depth, scale) if names else []) + [V.softmax_download(table)])
show_code(snippet(names, params, x_min=lo, x_max=hi, x0=x0, logits=z, temperature=temperature))
