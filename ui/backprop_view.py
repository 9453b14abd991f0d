"""The backpropagation page's URL table, cached computations, and the frames its graph charts draw.

Pure helpers (graph and stage in, frames and LaTeX out) so tests can hold what the page draws
against ``core.backprop``; the page itself only places widgets and charts.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core import backprop as B
from core import backprop_net as BN
from core.activations import ACTIVATIONS
from core.autograd_demos import MAX_PASSES, UPDATES
from ui.urlstate import Choice, Flag, Number, Param, Steps

LR_OPTIONS = (0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
MAX_STEPS = 200  # Step presses a page keeps (each replays the run from the sliders: bounded work)
MAX_SEED = 9999
N_LOGITS = 3
FORWARD = len(B.KINDS)
LAST_STAGE = FORWARD + len(B.LEAVES) + len(B.KINDS)  # start, one per op, one per gradient (the target has none)


def _int(lo, hi):
    return Number(lo, hi, 1, integer=True)


def _all_net_params() -> list[str]:
    names = []
    for hidden in range(1, BN.MAX_HIDDEN + 1):
        names += [n for n in BN.parameter_names(BN.build((1.0, 0.5), 1.0, hidden=hidden)) if n not in names]
    return names


NET_PARAMS = _all_net_params()

URL = [
    Param("x1", "bp_x1", Number(-3.0, 3.0, 0.1), 1.0),
    Param("x2", "bp_x2", Number(-3.0, 3.0, 0.1), 0.5),
    Param("w1", "bp_w1", Number(-2.0, 2.0, 0.05), 0.8),
    Param("w2", "bp_w2", Number(-2.0, 2.0, 0.05), -0.6),
    Param("b", "bp_b", Number(-3.0, 3.0, 0.05), 0.2),
    Param("act", "bp_act", Choice(list(ACTIVATIONS)), "sigmoid"),
    Param("y", "bp_y", Number(-2.0, 2.0, 0.1), 1.0),
    Param("loss", "bp_loss", Choice(list(B.LOSSES)), "mse"),
    Param("stage", "bp_stage", _int(0, LAST_STAGE), 0),
    Param("lr", "bp_lr", Steps(LR_OPTIONS), 0.5),
    Param("steps", "bp_steps", _int(0, MAX_STEPS), 0),
    Param("hidden", "bp_hidden", _int(1, BN.MAX_HIDDEN), 2),
    Param("net_act", "bp_net_act", Choice(list(ACTIVATIONS)), "sigmoid"),
    Param("seed", "bp_seed", _int(0, MAX_SEED), 0),
    Param("param", "bp_param", Choice(NET_PARAMS), "W1[1,1]"),
    Param("rg", "bp_rg", Flag(), True),
    Param("passes", "bp_passes", _int(1, MAX_PASSES), 2),
    Param("retain", "bp_retain", Flag(), False),
    Param("update", "bp_update", Choice(list(UPDATES)), "no_grad"),
    *[Param(f"z{k}", f"bp_z{k}", Number(-10.0, 10.0, 0.1), v) for k, v in zip(range(1, N_LOGITS + 1), (2.0, 1.0, 0.1))],
    Param("cls", "bp_cls", _int(0, N_LOGITS - 1), 0),
]


# ---------------------------------------------------------------------------------- cached results
@st.cache_data(max_entries=256, show_spinner=False)
def trajectory(setup: B.Setup, lr: float, steps: int) -> B.Trajectory:
    return B.descend(setup, lr, steps)


@st.cache_data(max_entries=256, show_spinner=False)
def graph(setup: B.Setup) -> B.Graph:
    return B.neuron_graph(setup)


@st.cache_data(max_entries=256, show_spinner=False)
def finite_differences(setup: B.Setup) -> pd.DataFrame:
    return B.finite_differences(setup)


@st.cache_resource(max_entries=64, show_spinner=False)
def network(x: tuple[float, float], target: float, hidden: int, activation: str, seed: int) -> BN.Net:
    """A resource: tensors with .grad are not data to pickle; nothing mutates the net once built."""
    return BN.build(x, target, hidden=hidden, activation=activation, seed=seed)


# ---------------------------------------------------------------------------------- names
NAMES = {"x1": "x₁", "x2": "x₂", "w1": "w₁", "w2": "w₂", "b": "b", "p1": "p₁", "p2": "p₂", "z": "z",
         "y_hat": "ŷ", "y": "y", "L": "L"}
TEX = {"x1": "x_1", "x2": "x_2", "w1": "w_1", "w2": "w_2", "b": "b", "p1": "p_1", "p2": "p_2", "z": "z",
       "y_hat": r"\hat y", "y": "y", "L": "L"}
OP_SYMBOLS = {"mul": "×", "add": "+", "loss": "loss"}


def op_symbol(graph: B.Graph, out: str) -> str:
    kind = graph.nodes[out].kind
    if kind == "act":
        return "f" if graph.setup.activation != "sigmoid" else "σ"
    if kind == "loss":
        return "²" if graph.setup.loss == "mse" else "BCE"
    return OP_SYMBOLS[kind]


def stage_name(graph: B.Graph, k: int, t) -> str:
    if k == 0:
        return f"0 · {t('backprop.stage_start')}"
    if k <= FORWARD:
        return f"{k} · {t('backprop.stage_forward', node=NAMES[graph.forward_order[k - 1]])}"
    return f"{k} · {t('backprop.stage_backward', node=NAMES[graph.backward_order[k - FORWARD - 1]])}"


# ---------------------------------------------------------------------------------- what a stage reveals
def revealed(graph: B.Graph, stage: int) -> tuple[set[str], set[str], str | None]:
    """(values shown, gradients shown, the node this stage just reached)."""
    values = {n for n, node in graph.nodes.items() if node.kind in ("leaf", "const")}
    values |= set(graph.forward_order[:min(stage, FORWARD)])
    grads = set(graph.backward_order[:max(stage - FORWARD, 0)])
    current = None
    if 0 < stage <= FORWARD:
        current = graph.forward_order[stage - 1]
    elif stage > FORWARD:
        current = graph.backward_order[stage - FORWARD - 1]
    return values, grads, current


def _fmt(v: float) -> str:
    return f"{v:.4f}".replace("-", "−")


_LAYOUT = ("y_hat", "z", "p1", "p2", "b", "w1", "x1", "w2", "x2")  # top to bottom among an op's inputs


BOX = 1.45  # a value box's width (the chart builder's default), in the chart's units
ROW = 0.85  # one leaf's share of the height, in the chart's units


def _positions(graph: B.Graph) -> dict[str, tuple[float, float]]:
    """Columns from the graph's levels; rows from the loss back: each input gets a block as tall as the leaves
    under it, so a leaf pair sits around its product and a lone leaf (the bias) takes one row."""
    def ins(name: str) -> list[str]:
        return sorted((e.src for e in graph.in_edges(name)), key=_LAYOUT.index)

    def rows(name: str) -> int:
        return sum(rows(i) for i in ins(name)) if ins(name) else 1

    pos = {}

    def place(name: str, centre: float) -> None:
        pos[name] = (2.0 * graph.nodes[name].level, centre)
        top = centre + rows(name) * ROW / 2
        for src in ins(name):
            height = rows(src) * ROW
            place(src, top - height / 2)
            top -= height

    place("L", 0.0)
    ref = pos["y_hat"]
    pos["y"] = (ref[0], ref[1] - 1.1)  # the target: below ŷ, beside the loss it feeds
    return pos


def graph_frames(graph: B.Graph, stage: int, t) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes and edges ``ui.charts.graphs.computational_graph`` draws for this stage."""
    values, grads, current = revealed(graph, stage)
    pos = _positions(graph)
    rows = []
    for n, node in graph.nodes.items():
        data = _fmt(node.value) if n in values else "?"
        if node.kind == "const":
            grad = t("backprop.no_grad")
        else:
            grad = f"{t('backprop.grad')} {_fmt(node.grad) if n in grads else '?'}"
        state = "current" if n == current else "grad" if n in grads else "value" if n in values else "hidden"
        x, y = pos[n]
        note = "requires_grad=False" if node.kind == "const" else node.torch_fn if n in values else ""
        rows.append({"x": x, "y": y, "shape": "box", "text": f"{NAMES[n]} = {data}\n{grad}",
                     "state": state, "note": note})
        if node.kind not in ("leaf", "const"):
            op_state = "current" if n == current and stage <= FORWARD else "value" if n in values else "hidden"
            rows.append({"x": x - 1.0, "y": y, "shape": "op", "text": op_symbol(graph, n), "state": op_state,
                         "note": ""})
    edges = []
    half = BOX / 2  # edges leave a box at its right side and enter one at its left: labels stay in the open
    for e in graph.edges:
        (sx, sy), (dx, dy) = pos[e.src], pos[e.dst]
        on_path = current in grads and e.src == current
        state = "hot" if on_path else "lit" if e.dst in values else "idle"
        label = f"{e.local:.3g}".replace("-", "−") if e.src in grads else ""
        edges += [{"x": sx + half, "y": sy, "x2": dx - 1.0, "y2": dy, "state": state, "label": label,
                   # a level edge is short: its label rides above the operation's circle, not over it
                   "lx": (sx + half + dx - 1.0) / 2, "ly": (sy + dy) / 2 + (0.17 if abs(sy - dy) < 1e-9 else 0.0)},
                  {"x": dx - 1.0, "y": dy, "x2": dx - half, "y2": dy, "state": "lit" if e.dst in values else "idle",
                   "label": "", "lx": 0.0, "ly": 0.0}]
    tx, ty = pos["y"]
    lx, ly = pos["L"]
    edges.append({"x": tx + half, "y": ty, "x2": lx - 1.0, "y2": ly, "state": "lit" if "L" in values else "idle",
                  "label": "", "lx": 0.0, "ly": 0.0})
    return pd.DataFrame(rows), pd.DataFrame(edges).drop_duplicates()


# ---------------------------------------------------------------------------------- the words and formulas
def _num(v: float) -> str:
    return f"({v:.4g})"


def forward_tex(graph: B.Graph, name: str) -> str:
    """The operation that made ``name``, with its numbers: p_1 = w_1 x_1 = (0.8)(1) = 0.8."""
    v = {n: node.value for n, node in graph.nodes.items()}
    s = graph.setup
    if name in ("p1", "p2"):
        i = name[1]
        return rf"p_{i} = w_{i}\,x_{i} = {_num(v['w' + i])}{_num(v['x' + i])} = {v[name]:.4g}"
    if name == "z":
        return rf"z = p_1 + p_2 + b = {_num(v['p1'])} + {_num(v['p2'])} + {_num(v['b'])} = {v['z']:.4g}"
    if name == "y_hat":
        label = ACTIVATIONS[s.activation].label
        return rf"\hat y = f(z) = \text{{{label}}}({v['z']:.4g}) = {v['y_hat']:.4g}"
    if s.loss == "mse":
        return rf"L = (\hat y - y)^2 = ({v['y_hat']:.4g} - {v['y']:.4g})^2 = {v['L']:.4g}"
    return (rf"L = -[y \log \hat y + (1-y)\log(1-\hat y)] = -[{v['y']:.4g}\log {v['y_hat']:.4g} + "
            rf"{1 - v['y']:.4g}\log {1 - v['y_hat']:.4g}] = {v['L']:.4g}")


def _d(num: str, den: str) -> str:
    return rf"\frac{{\partial {TEX[num]}}}{{\partial {TEX[den]}}}"


def chain_tex(graph: B.Graph, name: str) -> tuple[str, str | None]:
    """(one chain-rule step, the whole path's product): for w_1,
    ∂L/∂w₁ = ∂L/∂p₁ · ∂p₁/∂w₁ = (…)(…) = …, and ∂L/∂ŷ · ∂ŷ/∂z · … · ∂p₁/∂w₁ = (…)(…)… = …"""
    value = graph.chain[name]
    if name == "L":
        return r"\frac{\partial L}{\partial L} = 1", None
    outs = graph.out_edges(name)
    step = " + ".join(rf"{_d('L', e.dst)}\,{_d(e.dst, name)}" for e in outs)
    nums = " + ".join(f"{_num(graph.chain[e.dst])}{_num(e.local)}" for e in outs)
    one = rf"{_d('L', name)} = {step} = {nums} = {value:.4g}"
    terms = B.chain_terms(graph, name)
    if len(terms) < 2:
        return one, None
    factors = r"\,".join(_d(e.dst, e.src) for e in terms)
    numbers = "".join(_num(e.local) for e in terms)
    return one, rf"{_d('L', name)} = {factors} = {numbers} = {value:.4g}"


# ---------------------------------------------------------------------------------- the network picture
COL, NET_BOX = 3.0, 1.4  # the network's column spacing and box width, in the chart's units


def network_frames(net: BN.Net, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Units as boxes (value and grad) in columns, weights as edges; the paths from ``name`` to the loss lit."""
    units = BN.units(net)
    links = BN.links(net)
    hot = _hot_edges(net, name)
    depth = len(net.sizes)

    def ypos(layer: int, unit: int) -> float:
        n = net.sizes[layer]
        return ((n - 1) / 2 - unit) * 1.5

    rows = [{"x": COL * r.layer, "y": ypos(r.layer, r.unit), "shape": "box", "note": "",
             "text": f"{r.name} = {r.value:.4f}\n∂ {r.grad:.4f}".replace("-", "−"),
             "state": "current" if r.name == name else "path" if (r.layer, r.unit) in hot["units"] else "value"}
            for r in units.itertuples()]
    rows.append({"x": COL * depth, "y": 0.0, "shape": "box", "note": "", "state": "path",
                 "text": f"L = {net.loss:.4f}\n∂ 1".replace("-", "−")})
    edges = []
    for r in links.itertuples():
        on = (r.layer, r.src, r.dst) in hot["links"]
        x, y, x2, y2 = COL * (r.layer - 1), ypos(r.layer - 1, r.src), COL * r.layer, ypos(r.layer, r.dst)
        at = (NET_BOX / 2 + 0.25) / (x2 - x)  # just past the source box, before the lines cross
        edges.append({"x": x, "y": y, "x2": x2, "y2": y2, "state": "hot" if on else "lit",
                      "label": f"{r.weight:.3g}".replace("-", "−") if on else "",
                      "lx": x + (x2 - x) * at, "ly": y + (y2 - y) * at})
    edges.append({"x": COL * (depth - 1), "y": 0.0, "x2": COL * depth, "y2": 0.0, "state": "hot", "label": "",
                  "lx": 0.0, "ly": 0.0})
    return pd.DataFrame(rows), pd.DataFrame(edges)


def _hot_edges(net: BN.Net, name: str) -> dict[str, set]:
    """The units and weights on some path from ``name`` to the loss."""
    kind, layer, j, i = BN.parse_name(name)
    start = (0, j) if kind == "x" else (layer, j)
    units, links_on, frontier = {start}, set(), [start]
    last = len(net.sizes) - 1
    while frontier:
        lay, unit = frontier.pop()
        if lay == last:
            continue
        for k in range(net.sizes[lay + 1]):
            links_on.add((lay + 1, unit, k))
            if (lay + 1, k) not in units:
                units.add((lay + 1, k))
                frontier.append((lay + 1, k))
    if kind == "W":
        links_on.add((layer, i, j))
    return {"units": units, "links": links_on}


def update_table(setup: B.Setup, graph: B.Graph, lr: float) -> pd.DataFrame:
    return pd.DataFrame([{"param": NAMES[p], "value": setup.params[p], "grad": graph.nodes[p].grad,
                          "new": setup.params[p] - lr * graph.nodes[p].grad} for p in B.PARAMETERS])
