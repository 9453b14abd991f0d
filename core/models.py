"""Multilayer perceptrons from a few numbers, their torchsummary-style table, and the course's presets.

``build_mlp`` draws every weight from the caller's ``torch.Generator`` (through the init table),
so two visitors building the same model never touch each other's random state.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import torch
from torch import nn

from core.activations import as_module
from core.init import init_linear_

MAX_LAYERS = 6
MAX_WIDTH = 512


@dataclass(frozen=True)
class Preset:
    """A model from the course: hidden widths, the activation between layers, what it reaches."""

    hidden: tuple[int, ...]
    activation: str
    course_accuracy: float  # the figure the course reports after 1000 Adam steps (lr 1e-3, wd 1e-5)
    label: dict = field(default_factory=dict)  # {"en": ..., "zh": ...}


PRESETS: dict[str, Preset] = {
    # Linear(2,100) → Linear(100,3): without a nonlinearity the two layers collapse into one linear map.
    "linear": Preset((100,), "identity", 0.50, {"en": "Linear (no activation)", "zh": "线性（无激活）"}),
    "one_hidden": Preset((100,), "relu", 0.95, {"en": "1 hidden layer, ReLU", "zh": "1 个隐藏层，ReLU"}),
    "two_hidden": Preset((100, 100), "relu", 0.999, {"en": "2 hidden layers, ReLU", "zh": "2 个隐藏层，ReLU"}),
}


def clamp_hidden(hidden) -> tuple[int, ...]:
    """Widths a visitor typed, made safe: at most MAX_LAYERS layers, each 1..MAX_WIDTH units."""
    return tuple(min(MAX_WIDTH, max(1, int(w))) for w in tuple(hidden)[:MAX_LAYERS])


def build_mlp(
    in_features: int,
    hidden,
    out_features: int,
    *,
    activation: str = "relu",
    init: str = "torch_default",
    generator: torch.Generator,
    activation_params: dict | None = None,
    init_params: dict | None = None,
) -> nn.Sequential:
    """Linear → activation → … → Linear, weights drawn from ``generator`` in layer order."""
    widths = [in_features, *clamp_hidden(hidden), out_features]
    layers: list[nn.Module] = []
    for i, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:])):
        # skip_init: nn.Linear's own init would draw from the process-wide RNG, shared by all visitors
        linear = nn.utils.skip_init(nn.Linear, fan_in, fan_out)
        init_linear_(linear, init, generator=generator, **(init_params or {}))
        layers.append(linear)
        if i < len(widths) - 2:
            layers.append(as_module(activation, **(activation_params or {})))
    return nn.Sequential(*layers)


def summary(model: nn.Sequential, in_features: int) -> pd.DataFrame:
    """One row per layer like torchsummary: layer ("Linear-1"), output shape ("[-1, 100]"), parameters."""
    rows = []
    width = in_features
    for i, layer in enumerate(model, start=1):
        if isinstance(layer, nn.Linear):
            width = layer.out_features
        rows.append({
            "layer": f"{type(layer).__name__}-{i}",
            "output_shape": f"[-1, {width}]",
            "params": sum(p.numel() for p in layer.parameters()),
        })
    return pd.DataFrame(rows, columns=["layer", "output_shape", "params"])


def param_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
