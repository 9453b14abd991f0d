"""Neurons and networks: one neuron over the input plane, then a small network's forward pass step by step."""
import pandas as pd
import streamlit as st

from core import neuron as N
from core.snippets.neuron import snippet
from ui import neuron_view as V
from ui import tables
from ui.charts import current_style, finish
from ui.charts.heatmaps import plane_heatmap
from ui.charts.networks import network_diagram
from ui.code import show_code
from ui.downloads import Download, csv_of, offer
from ui.i18n import t
from ui.page import header

LIM = V.LIM
RES = 41
STAGE_KEY = "nn_stage"


@st.cache_data(max_entries=128, show_spinner=False)
def plane(w, b, activation, params):
    return N.plane(w, b, activation, lim=LIM, resolution=RES, **dict(params))


@st.cache_resource(max_entries=64, show_spinner=False)
def network(sizes, activation, seed, batch):
    """The model and its trace; cached as a resource since a module is not data (nothing mutates it)."""
    model = N.build_network(sizes, activation, seed=seed)
    return model, N.forward_trace(model, N.network_inputs(sizes[0], batch, seed=seed))


def move_stage(delta, last):
    st.session_state[STAGE_KEY] = min(max(st.session_state.get(STAGE_KEY, 0) + delta, 0), last)


page = header("neuron", V.URL)
style = current_style()
with st.expander(t("neuron.bio_header"), icon=":material/psychology:"):
    st.markdown(t("neuron.bio_table"))

st.header(t("neuron.one_header"))
# a projected slide has no room for a chart beside the sliders: one above the other
controls, view = (st.container(), st.container()) if style.stacked else st.columns([1, 2], gap="large")
with controls:
    a = [st.slider(t("neuron.input", i=i), -LIM, LIM, step=0.1, key=f"n_a{i}") for i in (1, 2)]
    w = [st.slider(t("neuron.weight", i=i), -2.0, 2.0, step=0.05, key=f"n_w{i}") for i in (1, 2)]
    b = st.slider(t("neuron.bias"), -3.0, 3.0, step=0.05, key="n_b")
    act = st.selectbox(t("neuron.activation"), N.activation_names(), format_func=V.activation_label, key="n_act")
    params = {p: st.slider(t("neuron.param", name=p), lo, hi, step=step, key=f"n_{act}_{p}")
              for p, (lo, hi, step) in N.activation_params(act)[1].items()}

out = N.neuron(a, w, b, act, **params)
label = V.activation_label(act)
with view:
    chart_box = st.container(key="main_chart") if style.wide else None  # presenting: the chart first, on the first screen
    # one step per line, so the numbers still fit the column in projector mode
    st.latex(r"\begin{aligned} z &= w_1 x_1 + w_2 x_2 + b \\ &= (%.2f)(%.2f) + (%.2f)(%.2f) + (%.2f) \\ &= %.4f \\"
             r" t &= f(z) = \text{%s}(%.4f) = %.4f \end{aligned}"
             % (w[0], a[0], w[1], a[1], b, out.z, label, out.z, out.y))
    m1, m2, m3 = st.columns([1, 1, 2])
    m1.metric(t("neuron.z"), f"{out.z:.4f}")
    m2.metric(t("neuron.y"), f"{out.y:.4f}")
    m3.latex(N.activation_formula(act))
    grid = plane(tuple(w), b, act, tuple(sorted(params.items())))
    line = N.decision_line(w, b, lim=LIM)
    arrow = pd.DataFrame({"x1": [0.0, w[0]], "x2": [0.0, w[1]], "label": ["", "w"]})
    (st.container(key="main_chart") if chart_box is None else chart_box).altair_chart(finish(plane_heatmap(
        grid, value="y", cell=2 * LIM / (RES - 1), lim=LIM, x_title=t("neuron.x1_axis"), y_title=t("neuron.x2_axis"),
        value_title=t("neuron.y"), line=line, point=pd.DataFrame({"x1": [a[0]], "x2": [a[1]]}), arrow=arrow,
        domain=(float(grid["y"].min()), float(grid["y"].max())),
    ), description=t("chart.neuron_plane")), key="n_plane", width="content")
    if line.empty:
        st.caption(t("neuron.no_line"))
    else:
        st.caption(t("neuron.line_step" if act == N.STEP else "neuron.line_other",
                     f0=float(N.neuron([0.0, 0.0], [0.0, 0.0], 0.0, act, **params).y)))

st.header(t("neuron.net_header"))
st.markdown(t("neuron.net_intro"))
c = st.columns(3) + st.columns(3) if style.stacked else st.columns(6)
n_in = c[0].slider(t("neuron.n_inputs"), 1, N.MAX_INPUTS, key="nn_in")
depth = c[1].slider(t("neuron.n_hidden"), 0, N.MAX_HIDDEN_LAYERS, key="nn_depth")
width = c[2].slider(t("neuron.width"), 1, N.MAX_WIDTH, key="nn_width")
n_out = c[3].slider(t("neuron.n_outputs"), 1, N.MAX_OUTPUTS, key="nn_out")
batch = c[4].slider(t("neuron.batch"), 1, N.MAX_BATCH, key="nn_batch", help=t("neuron.batch_help"))
with c[5].container(key="secondary_nn_seed"):
    seed = st.number_input(t("neuron.seed"), 0, V.MAX_SEED, key="nn_seed")
net_act = st.selectbox(t("neuron.net_activation"), N.activation_names()[1:], format_func=V.activation_label, key="nn_act")
sizes = (n_in, *[width] * depth, n_out)
model, stages = network(sizes, net_act, int(seed), batch)
last = len(stages) - 1
# the network got shorter or the batch smaller (or the link asked for a step or sample they lack)
st.session_state[STAGE_KEY] = min(st.session_state[STAGE_KEY], last)
st.session_state["nn_sample"] = min(st.session_state["nn_sample"], batch - 1)


def stage_name(i):
    if i == 0:
        return t("neuron.stage_input")
    module = model[i - 1]
    kind = f"Linear({module.in_features}→{module.out_features})" if stages[i].kind == "linear" else type(module).__name__
    return f"{i} · {kind}"


b1, b2, b3, b4 = st.columns([1.4, 1.4, 4.2, 1.4], vertical_alignment="bottom")
b1.button(t("neuron.prev"), key="nn_prev", on_click=move_stage, args=(-1, last), disabled=st.session_state.get(STAGE_KEY, 0) == 0,
          icon=":material/skip_previous:", width="stretch")
b2.button(t("neuron.next"), key="nn_next", on_click=move_stage, args=(1, last), type="primary",
          disabled=st.session_state.get(STAGE_KEY, 0) >= last, icon=":material/skip_next:", width="stretch")
upto = b3.select_slider(t("neuron.stage"), list(range(last + 1)), format_func=stage_name, key=STAGE_KEY)

sample = b4.selectbox(t("neuron.sample"), range(batch), key="nn_sample", help=t("neuron.sample_help"))

stage = stages[upto]
nodes, links = N.diagram(model, stages, upto=upto, sample=sample)
nodes["text"] = [f"{v:.2f}" if r else "" for v, r in zip(nodes["value"], nodes["reached"])]
links["sign"] = [t("neuron.positive") if v >= 0 else t("neuron.negative") for v in links["weight"]]
n_layers = len(sizes)
labels = pd.DataFrame({"x": [float(i) for i in range(n_layers)], "y": [-0.75] * n_layers, "text": [
    t("neuron.col_input") if i == 0 else t("neuron.col_output") if i == n_layers - 1 else t("neuron.col_hidden", i=i)
    for i in range(n_layers)]})
st.altair_chart(finish(network_diagram(
    nodes, links, labels, weight_title=t("neuron.weight_legend"), value_title=t("neuron.value"),
    sign_labels=(t("neuron.positive"), t("neuron.negative")),
), description=t("chart.neuron_network", sample=sample)), key="nn_diagram", width="stretch")
st.caption(t("neuron.diagram_caption", sample=sample))

left, right = (st.container(), st.container()) if style.stacked else st.columns(2, gap="large")
with left:
    st.markdown(f"**{t('neuron.stage_header', name=stage_name(upto))}**")
    if stage.kind == "input":
        st.markdown(t("neuron.explain_input", batch=batch, n=sizes[0]))
    elif stage.kind == "linear":
        lin = model[upto - 1]
        st.markdown(t("neuron.explain_linear", batch=batch, n_in=lin.in_features, n_out=lin.out_features))
    else:
        st.markdown(t("neuron.explain_activation", name=V.activation_label(net_act)))
    frame = pd.DataFrame(stage.tensor.numpy(), columns=[f"{j}" for j in range(stage.shape[1])])
    frame.insert(0, t("neuron.col_sample"), range(len(frame)))  # the row number as a column with a header
    tables.show(frame.style.format("{:.4f}", subset=list(frame.columns[1:])), key="nn_tensor", hide_index=True)
    st.markdown(t("neuron.shape_line", shape=str(stage.tensor.shape)))
with right:
    st.markdown(f"**{t('neuron.params_header')}**")
    table = N.parameter_table(model)
    tables.show(table.assign(weight_shape=table["weight_shape"].astype(str), bias_shape=table["bias_shape"].astype(str))
                 .drop(columns="module").rename(columns={
                     "layer": t("neuron.col_layer"), "weight_shape": t("neuron.col_wshape"), "bias_shape": t("neuron.col_bshape"),
                     "weights": t("neuron.col_weights"), "biases": t("neuron.col_biases"), "parameters": t("neuron.col_params")}),
                 hide_index=True, key="nn_params")
    total = sum(p.numel() for p in model.parameters())
    st.markdown(t("neuron.total", total=total, table=int(table["parameters"].sum())))
    st.markdown(t("neuron.shapes_header"))
    tables.show(pd.DataFrame({t("neuron.col_stage"): [stage_name(s.index) for s in stages],
                               t("neuron.col_shape"): [str(s.shape) for s in stages]}), hide_index=True, key="nn_shapes")

V.publish(page, act)
offer("neuron", [Download("neuron.dl_plane", "neuron_plane.csv", csv_of(V.plane_table(grid))),
                 Download("neuron.dl_forward", "forward_pass.csv", csv_of(V.forward_table(stages)))])
show_code(snippet(a, w, b, act, params, sizes=sizes, net_activation=net_act, seed=int(seed), batch=batch))
