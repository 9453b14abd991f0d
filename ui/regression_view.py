"""The regression page's URL table and the tables a visitor can take away from a run.

The export functions are pure (tensors and lists in, frames out) so tests can hold them against
``core.linear``; the page captures their inputs at script-run time, because a download's data is
made on click, outside the script thread, while the descent may still be going.
"""
from __future__ import annotations

import pandas as pd

from core import linear
from core.train.regression import MODES, OPTIMIZERS
from ui import limits
from ui.urlstate import Choice, Number, Param, Steps

LRS = tuple(float(f"{m}e{e}") for e in range(-4, 1) for m in (1, 2, 3, 5, 7)) + (10.0,)
GRID_RES = 36  # cells a side of the loss surface, drawn and downloaded alike

# The data source is left out: an uploaded file cannot travel in a link.
URL = [
    Param("n", "reg_n", Number(10, limits.REGRESSION_MAX_POINTS, 10, integer=True), 100),
    Param("w", "reg_w", Number(-5.0, 5.0, 0.1), 3.0),
    Param("b", "reg_b", Number(-5.0, 5.0, 0.1), 0.8),
    Param("noise", "reg_noise", Number(0.0, 2.0, 0.05), 0.0),
    Param("seed", "reg_seed", Number(0, 2**31 - 1, 1, integer=True), 0),
    Param("lr", "reg_lr", Steps(LRS), 0.01),
    Param("w0", "reg_w0", Number(-10.0, 10.0, 0.1), 1.0),
    Param("b0", "reg_b0", Number(-10.0, 10.0, 0.1), 0.0),
    Param("mode", "reg_mode", Choice(list(MODES)), "manual"),
    Param("opt", "reg_opt", Choice(list(OPTIMIZERS)), "sgd"),
    Param("spf", "reg_spf", Number(1, limits.REGRESSION_MAX_STEPS_PER_FRAME, 1, integer=True), 5),
]


def points_frame(x, y) -> pd.DataFrame:
    """Every point the run fits (not the thinned sample the chart shows)."""
    return pd.DataFrame({"x": x.detach().reshape(-1).cpu().numpy(), "y": y.detach().reshape(-1).cpu().numpy()})


def path_frame(history: list[dict]) -> pd.DataFrame:
    """The descent as recorded: step, loss, w, b."""
    return pd.DataFrame(history, columns=["step", "loss", "w", "b"])


def surface_frame(x, y, w_range, b_range, resolution: int = GRID_RES) -> pd.DataFrame:
    """The loss surface's cells in full precision (the chart gets float32 log-losses): w, b, loss."""
    return linear.loss_grid(x, y, w_range, b_range, resolution=resolution)[["w", "b", "loss"]]
