"""Backpropagation: one neuron's computational graph forward and backward, the update, a small network's
paths, autograd's mechanics on real tensors, and loss functions with their gradients."""
import pandas as pd
import streamlit as st

from core import backprop as B
from core.activations import ACTIVATIONS
from core.snippets.backprop import snippet
from ui import backprop_view as V
from ui import tables
from ui.backprop_sections import losses_section, mechanics_section, network_section
from ui.charts import PRESENT_KEY, current_style, finish
from ui.charts.graphs import computational_graph
from ui.charts.learning import learning_curve
from ui.code import show_code
from ui.downloads import Download, csv_of, offer
from ui.i18n import current_lang, t
from ui.page import header

STAGE, STEPS = "bp_stage", "bp_steps"


def go(stage: int) -> None:
    st.session_state[STAGE] = min(max(stage, 0), V.LAST_STAGE)


def step_once() -> None:
    st.session_state[STEPS] = min(st.session_state[STEPS] + 1, V.MAX_STEPS)
    st.session_state[STAGE] = V.LAST_STAGE  # the new numbers, forward and backward done


def reset_steps() -> None:
    st.session_state[STEPS] = 0


page = header("backprop", V.URL)
lang = current_lang()  # format_funcs capture it: AppTest calls them outside the script run
style = current_style()
label = {n: a.label for n, a in ACTIVATIONS.items()}

with st.container(key="secondary_bp_header"):  # presenting, the page title says it: the room goes to the graph
    st.header(t("backprop.graph_header"))
with st.container(key="secondary_bp_setup"):  # a presenter prepares these in the link
    c = st.columns(4) + st.columns(4) if style.stacked else st.columns(8)
    x = [c[i - 1].slider(t("backprop.input", i=i), -3.0, 3.0, step=0.1, key=f"bp_x{i}") for i in (1, 2)]
    w = [c[i + 1].slider(t("backprop.weight", i=i), -2.0, 2.0, step=0.05, key=f"bp_w{i}") for i in (1, 2)]
    b = c[4].slider(t("backprop.bias"), -3.0, 3.0, step=0.05, key="bp_b")
    act = c[5].selectbox(t("backprop.activation"), list(ACTIVATIONS), format_func=label.get, key="bp_act")
    target = c[6].slider(t("backprop.target"), -2.0, 2.0, step=0.1, key="bp_y")
    allowed = B.loss_allowed(act)
    if st.session_state["bp_loss"] not in allowed:  # BCE chosen, then the output stopped being a sigmoid
        st.session_state["bp_loss"] = "mse"
    loss = c[7].selectbox(t("backprop.loss"), allowed, format_func=lambda k: t(f"backprop.loss_{k}", lang=lang),
                          key="bp_loss", help=t("backprop.loss_help"))
    if act != "sigmoid":
        st.caption(t("backprop.bce_needs_sigmoid", act=label[act]))
    if loss == "bce" and not 0.0 <= target <= 1.0:
        target = min(max(target, 0.0), 1.0)
        st.caption(t("backprop.bce_target", y=target))

lr = st.session_state["bp_lr"]  # its widget sits under the graph; the graph already needs it
start = B.Setup(x[0], x[1], w[0], w[1], b, act, round(target, 6), loss)
run = V.trajectory(start, lr, st.session_state[STEPS])
setup = start.with_params(run.params[-1])
graph = V.graph(setup)

stage = st.session_state[STAGE]
present = bool(st.session_state.get(PRESENT_KEY))
# presenting: Back, Next and the whole backward pass are what a lecturer presses while talking
if present:
    nav = dict(zip(("prev", "next", "all_backward"), st.columns([1, 2, 1.6], vertical_alignment="bottom")))
elif style.big:  # big type beside the sidebar: five buttons in a row would cut their labels short
    nav = dict(zip(("prev", "next", "restart", "all_forward", "all_backward"), st.columns([1, 2]) + st.columns(3)))
else:
    nav = dict(zip(("restart", "prev", "next", "all_forward", "all_backward"),
                   st.columns([1.1, 1.1, 1.8, 1.6, 1.6], vertical_alignment="bottom")))
if "restart" in nav:
    nav["restart"].button(t("backprop.restart"), key="bp_restart", on_click=go, args=(0,),
                          icon=":material/first_page:", disabled=stage == 0, width="stretch")
nav["prev"].button(t("backprop.prev"), key="bp_prev", on_click=go, args=(stage - 1,), icon=":material/chevron_left:",
                   disabled=stage == 0, width="stretch")
forward = stage < V.FORWARD
nav["next"].button(t("backprop.next_forward" if forward else "backprop.next_backward"), key="bp_next", type="primary",
                   on_click=go, args=(stage + 1,), icon=":material/chevron_right:", disabled=stage >= V.LAST_STAGE,
                   width="stretch")
if "all_forward" in nav:
    nav["all_forward"].button(t("backprop.all_forward"), key="bp_all_forward", on_click=go, args=(V.FORWARD,),
                              icon=":material/fast_forward:", disabled=stage == V.FORWARD, width="stretch")
nav["all_backward"].button(t("backprop.all_backward"), key="bp_all_backward", on_click=go, args=(V.LAST_STAGE,),
                           icon=":material/fast_rewind:", disabled=stage == V.LAST_STAGE, width="stretch")
with st.container(key="secondary_bp_stage"):
    st.select_slider(t("backprop.stage"), list(range(V.LAST_STAGE + 1)), key=STAGE,
                     format_func=lambda k: V.stage_name(graph, k, lambda key, **kw: t(key, lang=lang, **kw)))

def explain(current: str | None) -> None:
    """What this stage computed: the forward formula, or the chain rule for the node just reached."""
    if stage == 0:
        st.markdown(t("backprop.at_start"))
    elif stage <= V.FORWARD:
        st.latex(V.forward_tex(graph, current))
        if stage == V.FORWARD:
            st.markdown(t("backprop.forward_done", loss=graph.loss))
    elif current == "L":
        st.markdown(t("backprop.seed_grad"))
    else:
        one, path = V.chain_tex(graph, current)
        st.caption(t("backprop.chain_local"))
        st.latex(one)
        if path and not present:  # presenting, the one-step product fits the screen; the full path follows
            st.caption(t("backprop.chain_path"))
            st.latex(path)


_, _, current = V.revealed(graph, stage)
if present:  # the formula the lecturer talks about goes above the graph, so both fit 720 pixels
    explain(current)
nodes, edges = V.graph_frames(graph, stage, t)
if run.steps:
    st.markdown(t("backprop.after_steps", n=run.steps))
with st.container(key="main_chart"):
    st.altair_chart(finish(computational_graph(nodes, edges), description=t("backprop.graph_description")),
                    key="bp_graph", width="stretch")
st.caption(t("backprop.graph_caption"))
if not present:
    explain(current)
st.caption(t("backprop.check", gap=graph.max_gap))

st.header(t("backprop.update_header"))
st.markdown(t("backprop.update_intro"))
u = st.columns([2.2, 1.6, 1.6], vertical_alignment="bottom")
u[0].select_slider(t("backprop.lr"), V.LR_OPTIONS, format_func=lambda v: f"{v:g}", key="bp_lr")
u[1].button(t("backprop.step"), key="bp_step", on_click=step_once, type="primary", icon=":material/skip_next:",
            help=t("backprop.step_help"),
            disabled=run.diverged or st.session_state[STEPS] >= V.MAX_STEPS, width="stretch")
u[2].button(t("backprop.reset"), key="bp_reset", on_click=reset_steps, icon=":material/replay:", width="stretch",
            help=t("backprop.reset_help"))
table = V.update_table(setup, graph, lr)  # the next update, from the gradients the graph already holds
after = float("nan") if run.diverged else B.loss_value(setup.with_params(dict(zip(B.PARAMETERS, table["new"]))))
m = st.columns(3)
m[0].metric(t("backprop.steps_taken"), run.steps)
m[1].metric(t("backprop.loss_now"), f"{graph.loss:.6f}")
m[2].metric(t("backprop.loss_next"), f"{after:.6f}" if B.LIMIT > abs(after) else "—")
if run.diverged:
    st.warning(t("backprop.diverged", steps=run.steps, lr=lr))
elif after > graph.loss:
    st.warning(t("backprop.loss_rose", before=graph.loss, after=after))
if st.session_state[STEPS] >= V.MAX_STEPS:
    st.caption(t("backprop.at_most_steps", n=V.MAX_STEPS))
tables.show(table.rename(columns={"param": t("backprop.col_param"), "value": t("backprop.col_value"),
                                  "grad": t("backprop.col_grad"), "new": t("backprop.col_new")}),
            hide_index=True, key="bp_update_table")
if run.steps:
    with st.container(key="secondary_bp_losses"):
        history = pd.DataFrame({"step": range(run.steps + 1), "loss": run.losses, "set": t("backprop.loss_axis")})
        top = max(max(run.losses), 1e-12) * 1.05
        st.altair_chart(finish(learning_curve(history, "loss", splits=[t("backprop.loss_axis")],
                                              x_title=t("backprop.step_axis"), y_title=t("backprop.loss_axis"),
                                              x_domain=(0, max(run.steps, 10)), y_domain=(0, top),
                                              height=round(style.height * 0.6))), key="bp_loss_chart", width="stretch")

fd = V.finite_differences(setup)
with st.container(key="secondary_bp_fd"):
    st.header(t("backprop.fd_header"))
    st.markdown(t("backprop.fd_intro", h=B.FD_STEP, tol=B.FD_TOL))
    tables.show(fd[["node", "autograd", "finite_difference", "gap"]].assign(node=fd["node"].map(V.NAMES)),
                column_config={"node": st.column_config.TextColumn(t("backprop.col_node")),
                                "autograd": st.column_config.NumberColumn(t("backprop.col_autograd"), format="%.10f"),
                                "finite_difference": st.column_config.NumberColumn(t("backprop.col_fd"), format="%.10f"),
                                "gap": st.column_config.NumberColumn(t("backprop.col_gap"), format="%.1e")},
                hide_index=True, key="bp_fd_table")
    gap = float(fd["gap"].max())
    if bool(fd["kink"].any()):
        st.info(t("backprop.fd_kink", act=label[act]))
    else:
        st.markdown(t("backprop.fd_ok" if gap <= B.FD_TOL else "backprop.fd_bad", gap=gap))

net, paths = network_section((x[0], x[1]), target, label, lang)
mechanics_section(lang)
losses_section(lang)

page.publish()
offer("backprop", [Download("backprop.dl_graph", "backprop_graph.csv", csv_of(B.graph_table(graph))),
                   Download("backprop.dl_fd", "finite_differences.csv", csv_of(fd)),
                   Download("backprop.dl_paths", "network_paths.csv", csv_of(paths))])
show_code(snippet(start, lr=lr, steps=run.steps))
