"""The backpropagation lesson's later sections: a small network's paths, autograd's mechanics, loss functions.

Each draws its own controls and results; the lesson calls them in order.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core import autograd_demos as D
from core import backprop_net as BN
from core import losses as LS
from core.activations import ACTIVATIONS
from ui import backprop_view as V
from ui import tables
from ui.charts import current_style, finish
from ui.charts.curves import function_chart
from ui.charts.graphs import computational_graph
from ui.i18n import t


def network_section(x: tuple[float, float], target: float, label: dict, lang: str) -> tuple[BN.Net, pd.DataFrame]:
    """The 2-2-1 or 2-2-2-1 network on the neuron's inputs; returns the net and the chosen gradient's paths."""
    st.header(t("backprop.net_header"))
    st.markdown(t("backprop.net_intro"))
    c = st.columns([1, 1.4, 1, 1.4], vertical_alignment="bottom")
    hidden = c[0].segmented_control(t("backprop.hidden"), list(range(1, BN.MAX_HIDDEN + 1)), key="bp_hidden",
                                    required=True)
    act = c[1].selectbox(t("backprop.net_activation"), list(ACTIVATIONS), format_func=label.get, key="bp_net_act")
    with c[2].container(key="secondary_bp_seed"):
        seed = st.number_input(t("backprop.seed"), 0, V.MAX_SEED, key="bp_seed")
    net = V.network(tuple(x), float(target), int(hidden), act, int(seed))
    names = BN.parameter_names(net)
    if st.session_state["bp_param"] not in names:  # a third layer's weight, and the network lost a layer
        st.session_state["bp_param"] = names[0]
    name = c[3].selectbox(t("backprop.param"), names, key="bp_param")
    nodes, edges = V.network_frames(net, name)
    st.altair_chart(finish(computational_graph(nodes, edges, box=(V.NET_BOX, 0.62)),
                           description=t("backprop.net_description")), key="bp_net_graph", width="stretch")
    st.caption(t("backprop.net_caption", sizes="-".join(map(str, net.sizes)), name=name))
    paths = BN.path_table(net, name)
    tables.show(paths.rename(columns={"path": t("backprop.col_path"), "factors": t("backprop.col_factors"),
                                      "numbers": t("backprop.col_numbers"), "product": t("backprop.col_product")}),
                hide_index=True, key="bp_paths")
    total, auto = float(paths["product"].sum()), BN.autograd_grad(net, name)
    st.markdown(t("backprop.path_sum", n=len(paths), total=total, auto=auto, gap=abs(total - auto)))
    return net, paths


def _demo(code: str, text_key: str) -> None:
    result = D.run(code)
    left, right = st.columns([3, 2], gap="medium")
    left.code(result.code, language="python")
    right.markdown(f"**{t('backprop.output')}**")
    right.code("\n".join(result.lines), language="text")
    right.markdown(t(text_key))


def mechanics_section(lang: str) -> None:
    st.header(t("backprop.mech_header"))
    st.markdown(t("backprop.mech_intro"))
    tabs = st.tabs([t(f"backprop.tab_{k}") for k in ("requires_grad", "accumulate", "leaves", "update", "detach")])
    with tabs[0]:
        on = st.toggle(t("backprop.rg_toggle"), key="bp_rg")
        _demo(D.requires_grad(on), "backprop.rg_text")
    with tabs[1]:
        passes = st.slider(t("backprop.passes"), 1, D.MAX_PASSES, key="bp_passes")
        _demo(D.accumulate(passes), "backprop.acc_text")
    with tabs[2]:
        retain = st.toggle(t("backprop.retain_toggle"), key="bp_retain")
        _demo(D.leaves(retain), "backprop.leaves_text")
    with tabs[3]:
        how = st.radio(t("backprop.update_way"), D.UPDATES, key="bp_update", horizontal=True,
                       format_func=lambda k: t(f"backprop.way_{k}", lang=lang))
        _demo(D.update(how), f"backprop.update_{how}")
    with tabs[4]:
        _demo(D.detach(), "backprop.detach_text")


def _curves(lang: str) -> pd.DataFrame:
    names = {"mse": t("backprop.loss_mse", lang=lang), "bce": t("backprop.loss_bce", lang=lang)}
    frame = LS.loss_curves()
    frame["series"] = [t("backprop.curve_series", lang=lang, loss=names[n], y=y)
                       for n, y in zip(frame["loss"], frame["target"])]
    return frame


def losses_section(lang: str) -> None:
    st.header(t("backprop.loss_header"))
    st.markdown(t("backprop.loss_intro"))
    st.markdown(t("backprop.pairing_table"))
    frame = _curves(lang)
    series = list(dict.fromkeys(frame["series"]))
    # big type: four legend entries no longer fit half the width, so the two charts stack
    left, right = (st.container(), st.container()) if current_style().big else st.columns(2)
    common = {"series": series, "x_title": t("backprop.yhat_axis"), "color_title": t("backprop.curve_legend"),
              "x_domain": (0.0, 1.0)}
    left.altair_chart(finish(function_chart(frame.assign(x=frame["y_hat"], y=frame["value"]), **common,
                                            y_title=t("backprop.lossval_axis"), y_domain=(0.0, 5.0))),
                      key="bp_loss_values", width="stretch")
    steep = frame[frame["grad"].abs() <= 10]  # drawn to the chart's edge, not flattened along it
    right.altair_chart(finish(function_chart(steep.assign(x=steep["y_hat"], y=steep["grad"]), **common,
                                             y_title=t("backprop.lossgrad_axis"), y_domain=(-10.0, 10.0))),
                       key="bp_loss_grads", width="stretch")
    st.caption(t("backprop.curves_caption"))

    st.subheader(t("backprop.softmax_header"))
    c = st.columns(V.N_LOGITS + 1)
    logits = [c[k - 1].number_input(t("backprop.logit", k=k), -10.0, 10.0, step=0.1, key=f"bp_z{k}")
              for k in range(1, V.N_LOGITS + 1)]
    cls = c[-1].selectbox(t("backprop.class"), list(range(V.N_LOGITS)), key="bp_cls")
    result = LS.softmax_ce(logits, cls)
    table = LS.softmax_table(result)
    number = {c: st.column_config.NumberColumn(t(f"backprop.col_{k}"), format="%.4f")
              for c, k in (("p", "p"), ("y", "y"), ("p_minus_y", "pmy"), ("grad_autograd", "auto"))}
    tables.show(table, column_config={"class": st.column_config.NumberColumn(t("backprop.col_class")), **number},
                hide_index=True, key="bp_softmax")
    st.markdown(t("backprop.softmax_check", k=cls, loss=result.loss, gap=result.max_gap))
