"""The spiral page's URL table and what a visitor can take away from a run: tables and weights.

The export functions are pure (tensors and lists in, frames and bytes out) so tests can hold
them against the trainer; the page captures their inputs at script-run time, because a
download's data is made on click, outside the script thread, while a run may still be going.
"""
from __future__ import annotations

import io

import pandas as pd
import torch

from core.activations import ACTIVATIONS
from core.data import DATASETS
from core.init import INITS
from core.models import PRESETS
from core.train.classifier import OPTIMIZERS
from ui import limits
from ui.urlstate import Choice, Number, Param, Steps

LRS = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
WDS = (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1)
BATCHES = (0, 8, 16, 32, 64, 128, 256, 512)  # 0: the whole training set
WIDTHS = tuple(w for w in (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100, 128, 256, 512) if w <= limits.SPIRAL_MAX_WIDTH)
SPFS = tuple(n for n in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500) if n <= limits.SPIRAL_MAX_STEPS_PER_FRAME)  # 0: auto
ARCHS = (*PRESETS, "custom")

URL = [
    Param("ds", "sp_ds", Choice(list(DATASETS)), "spiral"),
    Param("classes", "sp_classes", Number(2, limits.SPIRAL_MAX_CLASSES, 1, integer=True), 3),
    Param("n", "sp_n", Number(20, limits.SPIRAL_MAX_PER_CLASS, 10, integer=True), 1000),
    Param("noise", "sp_noise", Number(0.0, 1.0, 0.01), 0.2),
    Param("seed", "sp_seed", Number(0, 2**31 - 1, 1, integer=True), 12345),
    Param("test", "sp_test", Number(0.0, 0.5, 0.05), 0.0),
    Param("model", "sp_preset", Choice(ARCHS), "one_hidden"),
    Param("layers", "sp_depth", Number(0, limits.SPIRAL_MAX_LAYERS, 1, integer=True), 2),
    *[Param(f"w{i + 1}", f"sp_w{i}", Steps(WIDTHS), 100) for i in range(limits.SPIRAL_MAX_LAYERS)],
    Param("act", "sp_act", Choice(list(ACTIVATIONS)), "relu"),
    Param("init", "sp_init", Choice(list(INITS)), "torch_default"),
    Param("opt", "sp_opt", Choice(list(OPTIMIZERS)), "adam"),
    Param("lr", "sp_lr", Steps(LRS), 1e-3),
    Param("wd", "sp_wd", Steps(WDS), 1e-5),
    Param("batch", "sp_batch", Steps(BATCHES), 0),
    Param("spf", "sp_spf", Steps(SPFS), 0),
]

HISTORY_COLUMNS = ("step", "loss", "accuracy", "test_loss", "test_accuracy")


def history_frame(history: list[dict]) -> pd.DataFrame:
    """One row per recorded step; the test columns only when a share of the points is held out."""
    frame = pd.DataFrame(history)
    return frame[[c for c in HISTORY_COLUMNS if c in frame.columns]]


def data_frame(X_train: torch.Tensor, y_train: torch.Tensor, X_test: torch.Tensor, y_test: torch.Tensor) -> pd.DataFrame:
    """Every point (not the thinned sample the chart shows): x1, x2, label, split."""
    parts = []
    for X, y, split in ((X_train, y_train, "train"), (X_test, y_test, "test")):
        X, y = X.detach().cpu(), y.detach().cpu()
        parts.append(pd.DataFrame({"x1": X[:, 0].numpy(), "x2": X[:, 1].numpy(), "label": y.numpy(), "split": split}))
    return pd.concat(parts, ignore_index=True)


def grid_frame(xs: torch.Tensor, ys: torch.Tensor, probs: torch.Tensor) -> pd.DataFrame:
    """One row per cell of ``decision_grid``: centre, predicted class, its probability, and every class's."""
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    flat = probs.reshape(-1, probs.shape[-1])
    p, cls = flat.max(-1)
    frame = pd.DataFrame({"x": gx.reshape(-1).numpy(), "y": gy.reshape(-1).numpy(),
                          "predicted": cls.numpy(), "p_max": p.numpy()})
    for c in range(flat.shape[1]):
        frame[f"p_{c}"] = flat[:, c].numpy()
    return frame


def weights(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """A copy of the parameters, detached and on the CPU: the live model keeps training meanwhile."""
    return {k: v.detach().clone().cpu() for k, v in model.state_dict().items()}


def state_bytes(state: dict[str, torch.Tensor]) -> bytes:
    buf = io.BytesIO()
    torch.save(state, buf)
    return buf.getvalue()


def model_file_name(hidden: tuple[int, ...], n_classes: int, activation: str, step: int) -> str:
    """The architecture in the name, since a state_dict alone does not say which activation to rebuild."""
    widths = "-".join(str(w) for w in (2, *hidden, n_classes))
    return f"spiral_model_{widths}_{activation}_step{step}.pt"
