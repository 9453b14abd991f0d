"""Backpropagation made visible: one neuron with a loss as torch's own computational graph.

The graph a page draws is the one autograd builds: ``neuron_graph`` runs the forward pass on
scalar tensors, calls ``retain_grad()`` on every intermediate and walks ``grad_fn.next_functions``
from the loss to find which value feeds which operation. The chain rule is then done by hand
(local derivatives from closed forms, multiplied from the loss back) and held against the
``.grad`` autograd left on every tensor, never the other way round.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import torch
from torch.nn import functional as F

from core.activations import ACTIVATIONS, as_module, closed_grad

DTYPE = torch.float64
LOSSES = ("mse", "bce")  # bce only after a sigmoid: its input must be a probability
PARAMETERS = ("w1", "w2", "b")  # what gradient descent updates; x1, x2 are data
LEAVES = ("x1", "w1", "x2", "w2", "b")
FD_STEP = 1e-6  # central differences in float64: truncation ~h², rounding ~1e-16/h, both far under FD_TOL
FD_TOL = 1e-6
LIMIT = 1e6  # a value past this is a run that diverged; shown as a message, never as a number


@dataclass(frozen=True)
class Setup:
    """One neuron, its target and its loss: z = w1·x1 + w2·x2 + b, ŷ = f(z), L = loss(ŷ, y)."""

    x1: float = 1.0
    x2: float = 0.5
    w1: float = 0.8
    w2: float = -0.6
    b: float = 0.2
    activation: str = "sigmoid"
    target: float = 1.0
    loss: str = "mse"

    def __post_init__(self):
        ACTIVATIONS[self.activation]  # unknown names fail here, with the known ones listed
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, not {self.loss!r}")
        if self.loss == "bce" and (self.activation != "sigmoid" or not 0.0 <= self.target <= 1.0):
            raise ValueError("binary cross-entropy needs a sigmoid output and a target in [0, 1]")

    def with_params(self, params: dict[str, float]) -> "Setup":
        return Setup(**{**self.__dict__, **params})

    @property
    def params(self) -> dict[str, float]:
        return {p: getattr(self, p) for p in PARAMETERS}


def loss_allowed(activation: str) -> tuple[str, ...]:
    """The losses that fit an output: BCE reads ŷ as a probability, so only after a sigmoid."""
    return LOSSES if activation == "sigmoid" else ("mse",)


@dataclass(frozen=True)
class Node:
    name: str  # x1, w1, p1, z, y_hat, L, y
    kind: str  # "leaf", "const" (the target: no gradient wanted) or the op that made it
    value: float
    grad: float | None  # ∂L/∂node from autograd; None for the target (requires_grad=False)
    torch_fn: str  # the grad_fn's class name, "AccumulateGrad" for a leaf, "" for the target
    level: int  # columns from the left: leaves 0 .. loss last


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    local: float  # ∂dst/∂src, by hand from the op's closed form


@dataclass(frozen=True)
class Graph:
    setup: Setup
    nodes: dict[str, Node]
    edges: tuple[Edge, ...]
    forward_order: tuple[str, ...]  # the op outputs, as the forward pass computes them
    backward_order: tuple[str, ...]  # the nodes with a gradient, from the loss back
    chain: dict[str, float]  # ∂L/∂node by the hand-written chain rule

    def out_edges(self, name: str) -> list[Edge]:
        return [e for e in self.edges if e.src == name]

    def in_edges(self, name: str) -> list[Edge]:
        return [e for e in self.edges if e.dst == name]

    @property
    def loss(self) -> float:
        return self.nodes["L"].value

    @property
    def max_gap(self) -> float:
        """Largest |chain rule by hand − autograd| over every node with a gradient."""
        return max(abs(self.chain[n] - self.nodes[n].grad) for n in self.backward_order)


def _loss(y_hat: torch.Tensor, y: torch.Tensor, kind: str) -> torch.Tensor:
    if kind == "mse":
        return (y_hat - y) ** 2
    # torch clamps log() at -100, so a saturated ŷ of exactly 0 or 1 gives a finite loss, not inf
    return F.binary_cross_entropy(y_hat, y)


def loss_grad(y_hat: float, y: float, kind: str) -> float:
    """∂L/∂ŷ by hand: 2(ŷ − y) for squared error, (ŷ − y) / (ŷ(1 − ŷ)) for BCE."""
    if kind == "mse":
        return 2.0 * (y_hat - y)
    # the same floor torch's backward uses, so a saturated ŷ gives the same finite number
    return (y_hat - y) / max(y_hat * (1.0 - y_hat), 1e-12)


def _forward(s: Setup, leaves: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The forward pass, one named tensor per value: the graph the page draws is this one's."""
    t = dict(leaves)
    t["p1"] = t["w1"] * t["x1"]
    t["p2"] = t["w2"] * t["x2"]
    t["z"] = t["p1"] + t["p2"] + t["b"]  # two AddBackward0 in torch's graph; one sum z on the page
    t["y_hat"] = as_module(s.activation)(t["z"])
    if t["y_hat"] is t["z"]:  # an identity module hands z back: give ŷ its own node, as the formula has
        t["y_hat"] = t["z"].clone()
    t["y"] = torch.tensor(s.target, dtype=DTYPE)
    t["L"] = _loss(t["y_hat"], t["y"], s.loss)
    return t


# within a column, the order a student is walked through: the bias, then each weight's product and the weight
_BACK_RANK = ("L", "y_hat", "z", "b", "p1", "p2", "w1", "w2", "x1", "x2")
KINDS = {"p1": "mul", "p2": "mul", "z": "add", "y_hat": "act", "L": "loss"}


def _leaves(s: Setup) -> dict[str, torch.Tensor]:
    return {n: torch.tensor(float(getattr(s, n)), dtype=DTYPE, requires_grad=True) for n in LEAVES}


def loss_value(s: Setup) -> float:
    with torch.no_grad():
        return float(_forward(s, _leaves(s))["L"])


def _walk(t: dict[str, torch.Tensor]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(input, output) pairs of named tensors, read off autograd's graph from the loss back.

    A grad_fn that is no named tensor's (the two inside a softsign, say) is walked through, so
    its inputs count as inputs of the named output above it; its name joins that output's label.
    """
    owner = {id(v.grad_fn): n for n, v in t.items() if v.grad_fn is not None}
    leaf_of = {id(v): n for n, v in t.items() if v.is_leaf and v.requires_grad}
    pairs, fns = [], {}
    for name, tensor in t.items():
        if tensor.grad_fn is None:
            continue
        chain, stack = [], [tensor.grad_fn]
        while stack:
            fn = stack.pop()
            chain.append(type(fn).__name__)
            for nxt, _ in fn.next_functions:
                if nxt is None:
                    continue
                if type(nxt).__name__ == "AccumulateGrad":
                    pairs.append((leaf_of[id(nxt.variable)], name))
                elif id(nxt) in owner:
                    pairs.append((owner[id(nxt)], name))
                else:
                    stack.append(nxt)
        fns[name] = " ∘ ".join(chain)
    return list(dict.fromkeys(pairs)), fns


def _local(edge_src: str, dst: str, v: dict[str, float], s: Setup) -> float:
    """∂dst/∂src from the op's closed form (the numbers the chain-rule products show)."""
    kind = KINDS[dst]
    if kind == "mul":  # p = w·x: ∂p/∂w = x, ∂p/∂x = w
        other = {"w1": "x1", "x1": "w1", "w2": "x2", "x2": "w2"}[edge_src]
        return v[other]
    if kind == "add":
        return 1.0
    if kind == "act":
        return float(closed_grad(s.activation, torch.tensor(v["z"], dtype=DTYPE)))
    return loss_grad(v["y_hat"], s.target, s.loss)


def _levels(pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Columns: an op's output one past its furthest input; a leaf just left of its consumer."""
    inputs: dict[str, list[str]] = {}
    for a, b in pairs:
        inputs.setdefault(b, []).append(a)
    level: dict[str, int] = {}

    def of(n: str) -> int:
        if n not in level:
            level[n] = 1 + max((of(i) for i in inputs[n] if i in inputs), default=0) if n in inputs else 0
        return level[n]

    for n in inputs:
        of(n)
    for a, b in pairs:
        if a not in inputs:
            level[a] = min(level.get(a, 99), level[b] - 1)
    return level


def neuron_graph(s: Setup) -> Graph:
    """Forward, backward by autograd, the graph as torch built it, and the chain rule by hand beside it."""
    t = _forward(s, _leaves(s))
    for tensor in t.values():
        if not tensor.is_leaf:
            tensor.retain_grad()
    t["L"].backward()
    pairs, fns = _walk(t)
    v = {n: float(x.detach()) for n, x in t.items()}
    level = _levels(pairs + [("y", "L")])
    nodes = {}
    for n, x in t.items():
        const = n == "y"
        nodes[n] = Node(n, "const" if const else "leaf" if x.is_leaf else KINDS[n], v[n],
                        None if const else float(x.grad), "" if const else fns.get(n, "AccumulateGrad"), level[n])
    edges = tuple(Edge(a, b, _local(a, b, v, s)) for a, b in pairs)
    forward = tuple(sorted(KINDS, key=lambda n: (level[n], list(KINDS).index(n))))
    backward = tuple(sorted((n for n in nodes if n != "y"), key=lambda n: (-level[n], _BACK_RANK.index(n))))
    chain = {"L": 1.0}
    for n in backward[1:]:  # every node a value feeds comes before it in this order
        chain[n] = sum(chain[e.dst] * e.local for e in edges if e.src == n)
    return Graph(s, nodes, edges, forward, backward, chain)


def paths_to_loss(graph: Graph, name: str) -> list[list[Edge]]:
    """Every path of edges from a node to the loss (one for each node of a single neuron)."""
    if name == "L":
        return [[]]
    return [[e, *rest] for e in graph.out_edges(name) for rest in paths_to_loss(graph, e.dst)]


def chain_terms(graph: Graph, name: str) -> list[Edge]:
    """The factors of ∂L/∂name along its one path, from the loss side: ∂L/∂ŷ, ∂ŷ/∂z, …, ∂(first op)/∂name."""
    (path,) = paths_to_loss(graph, name)  # one neuron: one path from every node
    return list(reversed(path))


# ------------------------------------------------------------------- gradient descent
@dataclass(frozen=True)
class Trajectory:
    params: tuple[dict[str, float], ...]  # before step 0, after step 1, ...
    losses: tuple[float, ...]
    diverged: bool  # stopped early: a value left [-LIMIT, LIMIT] or was not finite

    @property
    def steps(self) -> int:
        return len(self.params) - 1


def gradients(s: Setup) -> dict[str, float]:
    """∂L/∂w1, ∂L/∂w2, ∂L/∂b from autograd."""
    g = neuron_graph(s)
    return {p: g.nodes[p].grad for p in PARAMETERS}


def update(s: Setup, lr: float) -> dict[str, float]:
    """One step of gradient descent, w ← w − lr·∂L/∂w, done as the course's loop does it in torch."""
    t = _leaves(s)
    _forward(s, t)["L"].backward()
    with torch.no_grad():
        for p in PARAMETERS:
            t[p] -= lr * t[p].grad
    return {p: float(t[p].detach()) for p in PARAMETERS}


def _sane(values) -> bool:
    return all(math.isfinite(v) and abs(v) <= LIMIT for v in values)


def descend(s: Setup, lr: float, steps: int) -> Trajectory:
    """``steps`` updates from ``s``'s parameters; stops at the last sane point if it diverges."""
    params, losses = [s.params], [loss_value(s)]
    for _ in range(steps):
        nxt = update(s.with_params(params[-1]), lr)
        if not _sane(nxt.values()):
            return Trajectory(tuple(params), tuple(losses), True)
        loss = loss_value(s.with_params(nxt))
        if not _sane([loss]):
            return Trajectory(tuple(params), tuple(losses), True)
        params.append(nxt)
        losses.append(loss)
    return Trajectory(tuple(params), tuple(losses), False)


def finite_differences(s: Setup, h: float = FD_STEP) -> pd.DataFrame:
    """Central differences (L(θ+h) − L(θ−h)) / 2h for every leaf, beside autograd's gradient.

    ``kink``: z sits within h of a point where f′ jumps (ReLU at 0): there the difference quotient
    averages the two slopes while autograd takes one side, so the two may disagree by design.
    """
    grads = neuron_graph(s)
    near_kink = any(abs(grads.nodes["z"].value - k) <= 2 * h * (abs(s.x1) + abs(s.x2) + 1)
                    for k in ACTIVATIONS[s.activation].kinks)
    rows = []
    for leaf in LEAVES:
        up = loss_value(s.with_params({leaf: getattr(s, leaf) + h}))
        down = loss_value(s.with_params({leaf: getattr(s, leaf) - h}))
        fd = (up - down) / (2 * h)
        auto = grads.nodes[leaf].grad
        rows.append({"node": leaf, "autograd": auto, "finite_difference": fd, "gap": abs(fd - auto),
                     "kink": near_kink})
    return pd.DataFrame(rows)


def graph_table(graph: Graph) -> pd.DataFrame:
    """The graph's values and gradients, one row per node: what the page's download holds."""
    return pd.DataFrame([{
        "node": n.name, "kind": n.kind, "torch_grad_fn": n.torch_fn, "value": n.value,
        "grad_autograd": n.grad, "grad_chain_rule": graph.chain.get(n.name),
        "inputs": ",".join(e.src for e in graph.in_edges(n.name)),
    } for n in graph.nodes.values()])
