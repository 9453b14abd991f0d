"""Backpropagation through a small network: a weight's gradient is the sum over the paths it feeds.

A 2-2-1 (or 2-2-2-1) network of scalar units: z = W a + b per layer, a hidden activation f,
an identity output ŷ and the squared error L = (ŷ − y)². Every path from a parameter (or an
input) to the loss is listed with its factors; their products add up to what autograd puts in
``.grad``, which is the oracle.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import torch

from core.activations import ACTIVATIONS, closed_grad
from core.data import generator

DTYPE = torch.float64
WIDTH = 2  # two units per hidden layer: the smallest width where paths can fork
MAX_HIDDEN = 2  # with two hidden layers a first-layer weight already feeds two paths


@dataclass(frozen=True)
class Net:
    sizes: tuple[int, ...]
    activation: str
    weights: tuple[torch.Tensor, ...]  # W per layer, (out, in), with .grad after backward
    biases: tuple[torch.Tensor, ...]
    x: torch.Tensor
    pre: tuple[torch.Tensor, ...]  # z per layer (retain_grad)
    post: tuple[torch.Tensor, ...]  # a per hidden layer (retain_grad); the output is pre[-1]
    target: float
    loss: float

    @property
    def y_hat(self) -> float:
        return float(self.pre[-1].detach()[0])


def sizes_for(hidden: int) -> tuple[int, ...]:
    hidden = min(max(int(hidden), 1), MAX_HIDDEN)
    return (2, *[WIDTH] * hidden, 1)


def build(x: tuple[float, float], target: float, *, hidden: int = 1, activation: str = "sigmoid",
          seed: int = 0) -> Net:
    """Weights as nn.Linear draws them, U(±1/√fan_in), from a private generator; then forward and backward."""
    ACTIVATIONS[activation]
    sizes = sizes_for(hidden)
    g = generator(seed)
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / n_in ** 0.5
        weights.append(((torch.rand(n_out, n_in, generator=g, dtype=DTYPE) * 2 - 1) * bound).requires_grad_(True))
        biases.append(((torch.rand(n_out, generator=g, dtype=DTYPE) * 2 - 1) * bound).requires_grad_(True))
    xt = torch.tensor([float(v) for v in x], dtype=DTYPE, requires_grad=True)
    act = ACTIVATIONS[activation]
    a, pre, post = xt, [], []
    for i, (W, b) in enumerate(zip(weights, biases)):
        z = W @ a + b
        z.retain_grad()
        pre.append(z)
        if i < len(weights) - 1:
            a = act.fn(z)
            a.retain_grad()
            post.append(a)
    loss = (pre[-1][0] - float(target)) ** 2
    loss.backward()
    return Net(sizes, activation, tuple(weights), tuple(biases), xt, tuple(pre), tuple(post), float(target),
               float(loss.detach()))


def parameter_names(net: Net) -> list[str]:
    """W1[1,2]-style names, 1-based as a textbook writes them: layer, then unit j ← input i."""
    names = []
    for layer, W in enumerate(net.weights, start=1):
        names += [f"W{layer}[{j + 1},{i + 1}]" for j in range(W.shape[0]) for i in range(W.shape[1])]
        names += [f"b{layer}[{j + 1}]" for j in range(W.shape[0])]
    return names + [f"x[{i + 1}]" for i in range(net.sizes[0])]


def parse_name(name: str) -> tuple[str, int, int, int]:
    """('W', layer, j, i), ('b', layer, j, 0) or ('x', 0, i, 0), 0-based."""
    kind, rest = name[0], name[1:]
    layer, _, idx = rest.partition("[")
    parts = [int(p) - 1 for p in idx.rstrip("]").split(",")]
    return kind, int(layer or 0), parts[0], parts[1] if len(parts) > 1 else 0


def _d(net: Net, layer: int, j: int) -> float:
    """f′ at hidden unit j of layer ``layer`` (1-based), by the hand-written closed form."""
    return float(closed_grad(net.activation, net.pre[layer - 1].detach()[j]))


def _from_unit(net: Net, layer: int, j: int) -> list[list[tuple[str, float]]]:
    """Every path from pre-activation z[layer][j] to the loss, as (factor label, value) lists."""
    last = len(net.weights)
    if layer == last:
        return [[("∂L/∂ŷ", 2.0 * (net.y_hat - net.target))]]
    fprime = (f"f′(z{layer}[{j + 1}])", _d(net, layer, j))
    W = net.weights[layer].detach()  # the next layer's weights
    return [[fprime, (f"W{layer + 1}[{k + 1},{j + 1}]", float(W[k, j])), *rest]
            for k in range(W.shape[0]) for rest in _from_unit(net, layer + 1, k)]


def paths(net: Net, name: str) -> list[list[tuple[str, float]]]:
    """Paths from a parameter or an input to the loss; each a list of factors, the first one local to it."""
    kind, layer, j, i = parse_name(name)
    if kind == "x":
        W = net.weights[0].detach()
        return [[(f"W1[{k + 1},{j + 1}]", float(W[k, j])), *rest] for k in range(W.shape[0])
                for rest in _from_unit(net, 1, k)]
    first = ((f"a{layer - 1}[{i + 1}]" if layer > 1 else f"x[{i + 1}]"),
             float((net.post[layer - 2] if layer > 1 else net.x).detach()[i])) if kind == "W" else ("1", 1.0)
    return [[first, *rest] for rest in _from_unit(net, layer, j)]


def autograd_grad(net: Net, name: str) -> float:
    kind, layer, j, i = parse_name(name)
    if kind == "x":
        return float(net.x.grad[j])
    if kind == "W":
        return float(net.weights[layer - 1].grad[j, i])
    return float(net.biases[layer - 1].grad[j])


def path_table(net: Net, name: str) -> pd.DataFrame:
    """One row per path: its factors written out and their product; the products add up to ∂L/∂name."""
    rows = []
    for k, path in enumerate(paths(net, name), start=1):
        product = 1.0
        for _, v in path:
            product *= v
        rows.append({"path": k, "factors": " · ".join(label for label, _ in reversed(path)),
                     "numbers": " · ".join(f"({v:.4g})" for _, v in reversed(path)), "product": product})
    return pd.DataFrame(rows)


def units(net: Net) -> pd.DataFrame:
    """Every unit's value and gradient: inputs, each hidden layer's z and a, the output ŷ."""
    rows = [{"layer": 0, "unit": i, "name": f"x[{i + 1}]", "value": float(net.x.detach()[i]), "grad": float(net.x.grad[i])}
            for i in range(net.sizes[0])]
    for layer, z in enumerate(net.pre, start=1):
        out = layer == len(net.pre)
        for j in range(z.shape[0]):
            a = z if out else net.post[layer - 1]
            rows.append({"layer": layer, "unit": j, "name": "ŷ" if out else f"a{layer}[{j + 1}]",
                         "value": float(a.detach()[j]), "grad": float(a.grad[j]),
                         "z": float(z.detach()[j]), "z_grad": float(z.grad[j])})
    return pd.DataFrame(rows)


def links(net: Net) -> pd.DataFrame:
    """Every weight with its value and autograd's ∂L/∂w."""
    return pd.DataFrame([{"layer": layer, "src": i, "dst": j, "name": f"W{layer}[{j + 1},{i + 1}]",
                          "weight": float(W.detach()[j, i]), "grad": float(W.grad[j, i])}
                         for layer, W in enumerate(net.weights, start=1)
                         for j in range(W.shape[0]) for i in range(W.shape[1])])
