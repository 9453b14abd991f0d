"""One artificial neuron, t = f(Wᵀa + b), and a small fully connected network traced layer by layer.

The neuron's activation comes from ``core.activations.ACTIVATIONS`` plus the perceptron's
step, which that table leaves out because it has no useful derivative; here only the
forward value matters, and the step is what makes the line z = 0 a decision line.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn
from torch.nn.utils import skip_init

from core.activations import ACTIVATIONS, as_module
from core.data import generator

STEP = "step"
STEP_LABEL = {"en": "Step (Heaviside)", "zh": "阶跃函数（Heaviside）"}
STEP_FORMULA = r"f(z) = \begin{cases} 1 & z \ge 0 \\ 0 & z < 0 \end{cases}"

MAX_INPUTS = 4
MAX_HIDDEN_LAYERS = 3
MAX_WIDTH = 6
MAX_OUTPUTS = 4
MAX_BATCH = 4


def activation_names() -> list[str]:
    """Every activation the neuron offers: the step first, then the whole activation table."""
    return [STEP, *ACTIVATIONS]


def activation_label(name: str, lang: str = "en") -> str:
    """The name people write; the step is named in ``lang`` (the table's names read the same in both)."""
    return STEP_LABEL.get(lang, STEP_LABEL["en"]) if name == STEP else ACTIVATIONS[name].label


def activation_formula(name: str, var: str = "z") -> str:
    """The activation's LaTeX written in ``var`` (the table writes x; a neuron applies f to its sum z)."""
    if name == STEP:
        return STEP_FORMULA
    # a lone x only: \max and \approx keep theirs
    return re.sub(r"(?<![\\A-Za-z])x(?![A-Za-z])", var, ACTIVATIONS[name].formula)


def activation_params(name: str) -> tuple[dict[str, float], dict[str, tuple[float, float, float]]]:
    """(defaults, slider ranges) of an activation's own parameters, e.g. Leaky ReLU's alpha."""
    if name == STEP:
        return {}, {}
    act = ACTIVATIONS[name]
    return dict(act.params), dict(act.ranges)


def activate(name: str, z: torch.Tensor, **params) -> torch.Tensor:
    if name == STEP:
        return torch.heaviside(z, torch.ones((), dtype=z.dtype))
    act = ACTIVATIONS[name]
    return act.fn(z, **act.resolve(**params))


@dataclass(frozen=True)
class NeuronOutput:
    z: float  # the weighted sum Wᵀa + b
    y: float  # f(z)
    products: tuple[float, ...]  # w_i · a_i, the terms of the sum


def neuron(inputs, weights, bias: float, activation: str = "sigmoid", **params) -> NeuronOutput:
    """The neuron's weighted sum and output for one input vector, in double precision."""
    a = torch.as_tensor(inputs, dtype=torch.float64).reshape(-1)
    w = torch.as_tensor(weights, dtype=torch.float64).reshape(-1)
    if a.shape != w.shape:
        raise ValueError(f"{a.numel()} inputs but {w.numel()} weights")
    products = w * a
    # inputs are slider values with a few decimals: rounding drops the float noise that would put an
    # exact 0 (0.5·1 − 0.3·2 + 0.1) on either side of the step at random
    z = torch.round(products.sum() + float(bias), decimals=12)
    y = activate(activation, z, **params)
    return NeuronOutput(float(z), float(y), tuple(float(p) for p in products))


def plane(weights, bias: float, activation: str = "sigmoid", *, lim: float = 3.0, resolution: int = 41,
          **params) -> pd.DataFrame:
    """The two-input neuron over the square [-lim, lim]²: one row per grid point (x1, x2, z, y)."""
    n = max(2, min(int(resolution), 121))
    # grid and sums rounded as in neuron(): a point on the line z = 0 (say 0.15·(-2) + 0.3·1) would
    # otherwise come out as -5e-17 and land on the step's 0 side, against the page's f(0) = 1
    axis = torch.round(torch.linspace(-lim, lim, n, dtype=torch.float64), decimals=12)
    x1, x2 = torch.meshgrid(axis, axis, indexing="xy")
    w = torch.as_tensor(weights, dtype=torch.float64).reshape(-1)
    # one matrix product over the whole grid instead of a loop over points
    z = torch.round(torch.stack((x1.reshape(-1), x2.reshape(-1)), dim=1) @ w + float(bias), decimals=12) + 0.0
    y = activate(activation, z, **params)
    return pd.DataFrame({"x1": x1.reshape(-1).numpy(), "x2": x2.reshape(-1).numpy(), "z": z.numpy(), "y": y.numpy()})


def decision_line(weights, bias: float, *, lim: float = 3.0) -> pd.DataFrame:
    """Where w1·x1 + w2·x2 + b = 0 crosses the square [-lim, lim]²: two rows (x1, x2), or none."""
    w1, w2 = (float(v) for v in torch.as_tensor(weights, dtype=torch.float64).reshape(-1)[:2])
    b = float(bias)
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return pd.DataFrame({"x1": [], "x2": []})  # z = b everywhere: no line
    points = []
    if abs(w2) > 1e-12:  # crossings of the left and right edges
        points += [(x, -(w1 * x + b) / w2) for x in (-lim, lim)]
    if abs(w1) > 1e-12:  # crossings of the bottom and top edges
        points += [(-(w2 * y + b) / w1, y) for y in (-lim, lim)]
    eps = 1e-9
    inside = sorted({(round(x, 12), round(y, 12)) for x, y in points if abs(x) <= lim + eps and abs(y) <= lim + eps})
    if len(inside) < 2:
        return pd.DataFrame({"x1": [], "x2": []})
    (xa, ya), (xb, yb) = inside[0], inside[-1]
    return pd.DataFrame({"x1": [xa, xb], "x2": [ya, yb]})


# --- a small fully connected network ---------------------------------------------------------


def clamp_sizes(sizes) -> tuple[int, ...]:
    """Layer widths (inputs, hidden..., outputs) kept small enough to draw every unit and link."""
    sizes = [max(1, int(s)) for s in sizes]
    if len(sizes) < 2:
        raise ValueError("a network needs at least an input and an output layer")
    hidden = [min(s, MAX_WIDTH) for s in sizes[1:-1]][:MAX_HIDDEN_LAYERS]
    return (min(sizes[0], MAX_INPUTS), *hidden, min(sizes[-1], MAX_OUTPUTS))


def build_network(sizes, activation: str = "relu", *, seed: int = 0, **params) -> nn.Sequential:
    """Linear layers with ``activation`` between them (none after the last), weights drawn from ``seed``.

    Weights and biases are drawn like ``nn.Linear`` draws them, U(-1/√fan_in, 1/√fan_in), but
    from a private generator, layer by layer, weight before bias.
    """
    sizes = clamp_sizes(sizes)
    g = generator(seed)
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        # skip_init: nn.Linear's own initialisation would draw from the global RNG that visitors share
        linear = skip_init(nn.Linear, n_in, n_out)
        bound = 1.0 / math.sqrt(n_in)
        with torch.no_grad():
            linear.weight.uniform_(-bound, bound, generator=g)
            linear.bias.uniform_(-bound, bound, generator=g)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(_module(activation, **params))
    return nn.Sequential(*layers)


def _module(name: str, **params) -> nn.Module:
    if name == STEP:
        raise ValueError("the step has no gradient; a network uses a smooth activation")
    return as_module(name, **params)


def network_inputs(n_inputs: int, batch: int = 1, *, seed: int = 0) -> torch.Tensor:
    """A batch of inputs X (batch, n_inputs) ~ N(0, 1), drawn after the network's weights' seed."""
    g = generator(int(seed) + 1)  # a different stream from the weights, so changing widths keeps X
    return torch.randn(max(1, min(int(batch), MAX_BATCH)), int(n_inputs), generator=g)


@dataclass(frozen=True)
class Stage:
    """One tensor in the forward pass: the input, then the output of every module in turn."""

    index: int  # 0 is the input
    kind: str  # "input", "linear" or "activation"
    layer: int  # the column of units it belongs to in the diagram (0: inputs)
    module: str  # repr of the module that produced it ("" for the input)
    tensor: torch.Tensor

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.tensor.shape)


def forward_trace(model: nn.Sequential, X: torch.Tensor) -> list[Stage]:
    """The input and each module's output, in order: what a step-through of the forward pass shows."""
    stages = [Stage(0, "input", 0, "", X.detach().clone())]
    h, layer = X, 0
    with torch.no_grad():
        for i, module in enumerate(model, start=1):
            h = module(h)
            if isinstance(module, nn.Linear):
                layer += 1
                kind = "linear"
            else:
                kind = "activation"
            stages.append(Stage(i, kind, layer, repr(module), h.detach().clone()))
    return stages


def parameter_table(model: nn.Sequential) -> pd.DataFrame:
    """One row per linear layer: weight and bias shapes and counts, out·in + out."""
    rows = []
    layer = 0
    for module in model:
        if isinstance(module, nn.Linear):
            layer += 1
            rows.append({
                "layer": layer, "module": repr(module), "weight_shape": tuple(module.weight.shape),
                "bias_shape": tuple(module.bias.shape), "weights": module.weight.numel(),
                "biases": module.bias.numel(), "parameters": module.weight.numel() + module.bias.numel(),
            })
    return pd.DataFrame(rows, columns=["layer", "module", "weight_shape", "bias_shape", "weights", "biases", "parameters"])


def diagram(model: nn.Sequential, stages: list[Stage] | None = None, *, upto: int | None = None,
            sample: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (layer, unit, x, y, value, reached) and links (layer, src, dst, x, y, x2, y2, weight, magnitude, reached).

    Units sit in columns, centred vertically. With ``stages`` (a forward trace), a unit shows
    sample ``sample``'s latest value among the stages up to ``upto`` (all of them when None):
    a hidden unit's weighted sum until the step-through passes its activation, then f of it.
    Units and links the step-through has not reached yet have ``reached`` False and no value.
    """
    linears = [m for m in model if isinstance(m, nn.Linear)]
    sizes = [linears[0].in_features, *(m.out_features for m in linears)]
    tallest = max(sizes)
    last = len(stages) - 1 if stages else 0
    upto = last if upto is None else upto

    def y_of(unit: int, width: int) -> float:
        return (tallest - 1) / 2 - (unit - (width - 1) / 2)

    def reached(layer: int) -> bool:
        if not stages:
            return True
        first = next((s.index for s in stages if s.layer == layer), None)
        return first is not None and first <= upto

    nodes = []
    for layer, width in enumerate(sizes):
        seen = [s for s in stages or [] if s.layer == layer and s.index <= upto]
        for unit in range(width):
            value = float(seen[-1].tensor[sample][unit]) if seen else float("nan")
            nodes.append({"layer": layer, "unit": unit, "x": float(layer), "y": y_of(unit, width),
                          "value": value, "reached": reached(layer)})
    links = []
    for layer, lin in enumerate(linears, start=1):
        w = lin.weight.detach()
        for dst in range(w.shape[0]):
            for src in range(w.shape[1]):
                weight = float(w[dst, src])
                links.append({
                    "layer": layer, "src": src, "dst": dst, "x": float(layer - 1), "y": y_of(src, w.shape[1]),
                    "x2": float(layer), "y2": y_of(dst, w.shape[0]), "weight": weight, "magnitude": abs(weight),
                    "reached": reached(layer),
                })
    return pd.DataFrame(nodes), pd.DataFrame(links)
