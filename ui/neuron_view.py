"""The neuron page's URL table and the tables a visitor can download.

The table builders are pure (frames and stages in, frames out) so tests can hold them against
torch; the page captures their frames at script-run time, because a download's data is made on
click, outside the script thread.
"""
from __future__ import annotations

import pandas as pd

from core import neuron as N
from ui.i18n import current_lang
from ui.page import View
from ui.urlstate import Choice, Number, Param

LIM = 3.0
MAX_SEED = 9999
# input, then a Linear and its activation per hidden layer, then the output Linear
MAX_STAGE = 2 * N.MAX_HIDDEN_LAYERS + 1


def activation_params() -> list[Param]:
    """One URL parameter per parameter of every activation, so a new activation needs no change here."""
    out = []
    for name in N.activation_names():
        defaults, ranges = N.activation_params(name)
        out += [Param(f"{name}_{p}", f"n_{name}_{p}", Number(lo, hi, step), defaults[p])
                for p, (lo, hi, step) in ranges.items()]
    return out


def _int(lo, hi):
    return Number(lo, hi, 1, integer=True)


URL = [
    Param("a1", "n_a1", Number(-LIM, LIM, 0.1), 1.0),
    Param("a2", "n_a2", Number(-LIM, LIM, 0.1), 0.5),
    Param("w1", "n_w1", Number(-2.0, 2.0, 0.05), 0.8),
    Param("w2", "n_w2", Number(-2.0, 2.0, 0.05), -0.6),
    Param("b", "n_b", Number(-3.0, 3.0, 0.05), 0.2),
    Param("act", "n_act", Choice(N.activation_names()), "sigmoid"),
    *activation_params(),
    Param("n_in", "nn_in", _int(1, N.MAX_INPUTS), 3),
    Param("depth", "nn_depth", _int(0, N.MAX_HIDDEN_LAYERS), 2),
    Param("width", "nn_width", _int(1, N.MAX_WIDTH), 4),
    Param("n_out", "nn_out", _int(1, N.MAX_OUTPUTS), 2),
    Param("batch", "nn_batch", _int(1, N.MAX_BATCH), 2),
    Param("seed", "nn_seed", _int(0, MAX_SEED), 4),
    Param("net_act", "nn_act", Choice(N.activation_names()[1:]), "relu"),  # the step has no gradient
    Param("stage", "nn_stage", _int(0, MAX_STAGE), 0),
    Param("sample", "nn_sample", _int(0, N.MAX_BATCH - 1), 0),
]


def publish(view: View, act: str) -> None:
    """Mirror only the chosen activation's parameters: another's would stay in the link long after it was
    left (its widget's state is dropped, then seeded again from the link)."""
    hidden = {p.key for p in activation_params()} - {f"n_{act}_{p}" for p in N.activation_params(act)[1]}
    view.publish(only=[p for p in view.params if p.key not in hidden])


def activation_label(name: str) -> str:
    """The activation's name in the visitor's language (the step is 阶跃函数 in Chinese)."""
    return N.activation_label(name, current_lang())


def plane_table(grid: pd.DataFrame) -> pd.DataFrame:
    """The neuron over the input plane as drawn: one row per grid point, its sum z and output y."""
    return grid[["x1", "x2", "z", "y"]].reset_index(drop=True)


def forward_table(stages) -> pd.DataFrame:
    """Every tensor of the forward pass, one row per number: which step made it, the sample (row) and the unit."""
    frames = []
    for s in stages:
        values = s.tensor.detach().to("cpu").double()
        rows, units = values.shape
        frames.append(pd.DataFrame({
            "step": s.index, "kind": s.kind, "layer": s.layer,
            "sample": [r for r in range(rows) for _ in range(units)],
            "unit": [u for _ in range(rows) for u in range(units)],
            "value": values.reshape(-1).numpy(),
        }))
    return pd.concat(frames, ignore_index=True)
