"""Weight initialisation: each scheme against theory, signals through depth, and symmetry."""
import pandas as pd
import streamlit as st

from core import init as I
from core.activations import ACTIVATIONS
from core.snippets.initialization import layer_code
from ui import initialization_view as V
from ui import tables
from ui.charts import current_style
from ui.code import show_code
from ui.downloads import Download, csv_of, offer
from ui.i18n import pick, t
from ui.page import header
from ui.shell import device_info


def resample():
    st.session_state["ini_seed"] = (st.session_state["ini_seed"] + 1) % (V.MAX_SEED + 1)


def apply_preset(key):
    init, act, params = V.PRESETS[key]
    st.session_state["ini_d_init"], st.session_state["ini_act"] = init, act
    for p, spec in I.INITS[init].params.items():
        st.session_state[f"ini_d_{init}_{p}"] = params.get(p, spec.default)


def one_layer(style):
    """Histograms of the chosen schemes against theory; returns the seed the other sections share, and the schemes."""
    st.header(t("initialization.layer_header"))
    # presenting: the sizes and the schemes on one row (seed and resample hidden), so the histograms fit the screen
    c = st.columns([1, 1, 3] if style.wide else 4, vertical_alignment="bottom")
    fan_in = c[0].number_input(t("initialization.fan_in"), 2, V.MAX_FAN, step=1, key="ini_fan_in")
    fan_out = c[1].number_input(t("initialization.fan_out"), 2, V.MAX_FAN, step=1, key="ini_fan_out")
    with c[2].container(key="secondary_ini_seed"):
        seed = st.number_input(t("initialization.seed"), 0, V.MAX_SEED, step=1, key="ini_seed")
    with c[-1].container(key="secondary_ini_resample"):
        st.button(t("initialization.resample"), on_click=resample, key="ini_resample", icon=":material/casino:", width="stretch")
    names = (c[2] if style.wide else st).multiselect(t("initialization.schemes"), list(I.INITS), format_func=V.labeller(),
                           max_selections=V.MAX_SCHEMES, key="ini_schemes", help=t("initialization.schemes_help", n=V.MAX_SCHEMES))
    # four histograms across a projected slide would be too narrow to read: two a row
    per_row = min(len(names), 2) if style.stacked else len(names)
    places = [col for i in range(0, len(names), max(per_row, 1)) for col in st.columns(max(per_row, 1))]
    chosen, reports, rows = [], [], []
    for col, name in zip(places, names):
        with col:
            st.subheader(V.label(name))  # h3 under the section's h2
            box = st.expander(t("initialization.params"))  # always there, so the charts line up across columns
            params = V.knobs(name, V.LAYER, box)
            if not params:
                box.caption(t("initialization.no_params"))
            try:
                r = V.layer_report(name, fan_in, fan_out, seed, V.frozen(params))
            except ValueError:
                st.warning(t("initialization.bad_params"))
                continue
            chosen.append((name, params))
            reports.append((name, r))
            # the first row of histograms is what a presenter's first screen holds
            place = st.container(key=f"main_chart_{name}") if len(chosen) <= per_row else st.container()
            place.altair_chart(V.histogram_figure(r, style), key=f"ini_hist_{name}", width="stretch")
            for part in I.INITS[name].formula.split(r"\quad"):  # one line each: the columns are narrow
                st.latex(part.strip().rstrip(",\\ "))
            st.caption(t("initialization.use_for", text=pick(I.INITS[name].use_for)))
            rows.append(V.stats_row(name, r["stats"]))
    if not names:
        st.info(t("initialization.pick_none"))
    if rows:
        tables.show(pd.DataFrame(rows), hide_index=True, key="ini_table")
        st.caption(t("initialization.table_caption", n=fan_in * fan_out, fan_in=fan_in, fan_out=fan_out))
        offer("initialization", [Download("initialization.dl_weights", "weight_histograms.csv",
                                          csv_of(V.weights_table(reports)))])
        show_code(layer_code(chosen, fan_in, fan_out, seed=seed))
    return seed, names


def through_depth(seed, style):
    st.header(t("initialization.depth_header"))
    st.markdown(t("initialization.depth_intro"))
    st.caption(t("initialization.presets"))
    for col, key in zip(st.columns(len(V.PRESETS)), V.PRESETS):
        col.button(t(f"initialization.preset_{key}"), on_click=apply_preset, args=(key,), key=f"ini_preset_{key}", width="stretch")
    c = st.columns(4)
    init = c[0].selectbox(t("initialization.init"), list(I.INITS), format_func=V.labeller(), key="ini_d_init")
    act = c[1].selectbox(t("initialization.activation"), list(ACTIVATIONS), format_func=lambda n: ACTIVATIONS[n].label, key="ini_act")
    depth = c[2].slider(t("initialization.depth"), 1, V.MAX_DEPTH, key="ini_depth")
    width = c[3].select_slider(t("initialization.width"), V.WIDTHS, key="ini_width")
    d_params = V.knobs(init, V.DEPTH, st.columns(4))
    try:
        with st.spinner(t("initialization.computing", depth=depth, width=width)):
            stats, values = V.depth_run(init, act, depth, width, seed, V.frozen(d_params), str(device_info().device))
    except ValueError:
        st.warning(t("initialization.bad_params"))
        return init
    story = V.story_of(init, act, d_params)
    if story:
        # the figures of this chart: at finite width the theory holds only in expectation
        st.info(t(f"initialization.story_{story}", first=V.fmt(stats["std"].iloc[0]), last=V.fmt(stats["std"].iloc[-1]),
                  depth=depth, width=width))
    m = st.columns(3)
    last, first = stats.iloc[-1], stats.iloc[0]
    m[0].metric(t("initialization.metric_act", layer=1), V.fmt(first["std"]) if first["finite"] else "∞")
    m[1].metric(t("initialization.metric_act", layer=depth), V.fmt(last["std"]) if last["finite"] else "∞")
    m[2].metric(t("initialization.metric_grad"), V.fmt(first["grad_std"]) if first["grad_finite"] else "∞")
    chart = V.depth_figure(stats, depth, style)
    if chart is not None:
        st.altair_chart(chart, key="ini_depth_chart", width="stretch")
    if not stats["finite"].all():
        st.warning(t("initialization.overflow", layer=int(stats.loc[~stats["finite"], "layer"].min())))
    elif (stats["std"] == 0).any():
        st.warning(t("initialization.dead", layer=int(stats.loc[stats["std"] == 0, "layer"].min())))
    offer("initialization_depth", [Download("initialization.dl_depth", "signals_through_depth.csv",
                                            csv_of(V.depth_table(stats)))])
    st.subheader(t("initialization.dist_header"))
    default = sorted({1, *(round(depth * k / 4) for k in (1, 2, 3)), depth} - {0})
    layers = st.multiselect(t("initialization.layers"), list(range(1, depth + 1)), default=default, max_selections=6,
                            key=f"ini_layers_{depth}")
    picked = values[values["layer"].isin(layers) & values["layer"].isin(stats.loc[stats["finite"], "layer"])]
    if len(picked):
        st.altair_chart(V.layers_figure(picked, style), key="ini_ridge")
        st.caption(t("initialization.dist_caption", n=V.N_SAMPLES))
    return init


def symmetry(style):
    st.header(t("initialization.sym_header"))
    st.markdown(t("initialization.sym_intro"))
    c = st.columns(2)
    s_init = c[0].selectbox(t("initialization.init"), list(I.INITS), format_func=V.labeller(), key="ini_s_init")
    step = c[1].slider(t("initialization.sym_step"), 0, V.SYM_STEPS, key="ini_s_step")
    s_params = V.knobs(s_init, V.SYM, st.columns(4))
    try:
        run = V.symmetry_run(s_init, V.frozen(s_params))
    except ValueError:
        st.warning(t("initialization.bad_params"))
        return s_init
    frame = run[run["step"] == step]
    st.altair_chart(V.symmetry_figure(frame, run, style), key="ini_sym", width="stretch")
    spread = I.row_spread(frame)
    st.caption(t("initialization.sym_cols"))
    (st.success if spread < 1e-5 else st.info)(t("initialization.sym_same" if spread < 1e-5 else "initialization.sym_differ",
                                                 spread=spread, step=step, loss=float(frame["loss"].iloc[0])))
    st.latex(r"h_i = h_j,\ w_i = w_j \ \Rightarrow\ \frac{\partial L}{\partial w_i} = \frac{\partial L}{\partial w_j}"
             r"\ \Rightarrow\ w_i - \eta\,\frac{\partial L}{\partial w_i} = w_j - \eta\,\frac{\partial L}{\partial w_j}")
    return s_init


view = header("initialization", V.URL)
style = current_style()
seed, schemes = one_layer(style)
init = through_depth(seed, style)
s_init = symmetry(style)
V.publish(view, schemes, init, s_init)
