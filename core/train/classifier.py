"""A steppable MLP classifier: the course's spiral training, one frame of steps at a time.

Each trainer owns one ``torch.Generator`` (seeded from ``seed``) that draws, in this order,
the train/test split, the initial weights, and every mini-batch shuffle; nothing touches the
process-wide RNG, so visitors training side by side get the results they would get alone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import torch
from torch import nn

from core.data import generator as make_generator
from core.device import pick_device
from core.train.history import thin  # noqa: F401  (pages import it from here)

MAX_HISTORY = 4000  # records; past this, record_every doubles and history keeps every other record
from core.models import PRESETS, build_mlp, clamp_hidden


@dataclass(frozen=True)
class Optimizer:
    make: callable  # (params, lr, weight_decay) -> torch.optim.Optimizer
    label: dict = field(default_factory=dict)


OPTIMIZERS: dict[str, Optimizer] = {
    "sgd": Optimizer(lambda p, lr, wd: torch.optim.SGD(p, lr=lr, weight_decay=wd), {"en": "SGD", "zh": "SGD（随机梯度下降）"}),
    "momentum": Optimizer(lambda p, lr, wd: torch.optim.SGD(p, lr=lr, momentum=0.9, weight_decay=wd),
                          {"en": "SGD + momentum 0.9", "zh": "SGD + 动量 0.9"}),
    "rmsprop": Optimizer(lambda p, lr, wd: torch.optim.RMSprop(p, lr=lr, weight_decay=wd), {"en": "RMSprop", "zh": "RMSprop"}),
    "adam": Optimizer(lambda p, lr, wd: torch.optim.Adam(p, lr=lr, weight_decay=wd), {"en": "Adam", "zh": "Adam"}),
}

SPLITS = ("train", "test", "all")


class ClassifierTrainer:
    """An MLP on 2-D points, trained with cross-entropy; ``step(n)`` runs n optimizer updates."""

    def __init__(
        self,
        X: torch.Tensor,
        y: torch.Tensor,
        *,
        hidden=(100,),
        activation: str = "relu",
        init: str = "torch_default",
        optimizer: str = "adam",
        lr: float = 1e-3,
        weight_decay: float = 1e-5,
        batch_size: int | None = None,
        test_fraction: float = 0.0,
        seed: int,
        device=None,
        activation_params: dict | None = None,
        init_params: dict | None = None,
        record_every: int = 1,
    ):
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, not {optimizer!r}")
        self.device = device if isinstance(device, torch.device) else pick_device(device or "auto")
        self.n_classes = int(y.max()) + 1
        self.hidden = clamp_hidden(hidden)
        self.record_every = max(1, int(record_every))
        self._g = make_generator(seed)

        n = len(y)
        fraction = float(test_fraction) if math.isfinite(float(test_fraction)) else 0.0
        n_test = min(n - 1, round(n * min(max(fraction, 0.0), 0.9)))
        order = torch.randperm(n, generator=self._g) if n_test else torch.arange(n)
        test_idx, train_idx = order[:n_test], order[n_test:]
        X, y = X.float(), y.long()
        self.X_train, self.y_train = X[train_idx].to(self.device), y[train_idx].to(self.device)
        self.X_test, self.y_test = X[test_idx].to(self.device), y[test_idx].to(self.device)
        self.X_all, self.y_all = X.to(self.device), y.to(self.device)
        self.bounds = _square(X)

        self.model = build_mlp(
            X.shape[1], self.hidden, self.n_classes, activation=activation, init=init, generator=self._g,
            activation_params=activation_params, init_params=init_params,
        ).to(self.device)
        self.opt = OPTIMIZERS[optimizer].make(self.model.parameters(), float(lr), float(weight_decay))
        self.loss_fn = nn.CrossEntropyLoss()
        n_train = len(self.y_train)
        self.batch_size = n_train if not batch_size else min(max(1, int(batch_size)), n_train)
        self._order: torch.Tensor | None = None
        self._cursor = 0

        self.steps = 0
        self.diverged = False
        self.diverged_at: int | None = None
        self.history: list[dict] = []
        first = self._metrics(None)
        self.history.append(self._row(0, torch.stack(first[1:]).tolist()))

    # --- training ---------------------------------------------------------------------------
    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self.batch_size >= len(self.y_train):
            return self.X_train, self.y_train
        if self._order is None or self._cursor + self.batch_size > len(self._order):
            # a fresh shuffle each epoch; the last partial batch is dropped so every step sees batch_size points
            self._order = torch.randperm(len(self.y_train), generator=self._g).to(self.device)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return self.X_train[idx], self.y_train[idx]

    def step(self, n: int = 1) -> None:
        """n optimizer updates. A non-finite loss marks the run ``diverged`` and rolls the model back
        to where this call began, so the last good regions can still be drawn."""
        n = int(n)
        if self.diverged or n < 1:
            return
        self.model.train()
        start = self.steps
        snapshot = [p.detach().clone() for p in self.model.parameters()]
        full = self.batch_size >= len(self.y_train)
        losses, rows = [], []
        for _ in range(n):
            Xb, yb = self._batch()
            logits = self.model(Xb)
            loss = self.loss_fn(logits, yb)
            if self._due():
                # full batch: this forward already measures the current state on the whole training set
                seen = (loss, logits) if full else None
                rows.append(self._metrics(seen))
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            self.opt.step()
            losses.append(loss.detach())
            self.steps += 1
        rows.append(self._metrics(None))  # the current state, always the last row
        # one device sync per call rather than per step
        table = torch.stack([torch.stack(r[1:]) for r in rows]).tolist()
        if not (bool(torch.isfinite(torch.stack(losses)).all()) and math.isfinite(table[-1][0])):
            with torch.no_grad():
                for p, saved in zip(self.model.parameters(), snapshot):
                    p.copy_(saved)
            finite = torch.isfinite(torch.stack(losses))
            self.diverged, self.steps = True, start
            self.diverged_at = start + (int((~finite).nonzero()[0]) if not bool(finite.all()) else n) + 1
            return
        if self.history and self.history[-1]["step"] % self.record_every:
            self.history.pop()  # the previous call's provisional last row: keep rows independent of frame size
        for (step, *_), values in zip(rows, table):
            if self.history and self.history[-1]["step"] == step:
                continue
            self.history.append(self._row(step, values))
        h = self.history
        while len(h) > MAX_HISTORY:  # a long run keeps its whole span at half the detail, in bounded memory
            self.record_every *= 2
            h = self.history = [r for r in h[:-1] if r["step"] % self.record_every == 0] + [h[-1]]

    def _due(self) -> bool:
        """Whether the state at ``self.steps`` gets a history row and does not have one yet."""
        return self.steps % self.record_every == 0 and not (self.history and self.history[-1]["step"] == self.steps)

    @torch.no_grad()
    def _metrics(self, seen) -> tuple:
        """(step, loss, accuracy[, test loss, test accuracy]) as device tensors, not synced."""
        if seen is None:
            self.model.eval()
            logits = self.model(self.X_train)
            loss = self.loss_fn(logits, self.y_train)
            self.model.train()
        else:
            loss, logits = seen
        out = [self.steps, loss.detach(), (logits.argmax(1) == self.y_train).float().mean()]
        if len(self.y_test):
            self.model.eval()
            test_logits = self.model(self.X_test)
            self.model.train()
            out += [self.loss_fn(test_logits, self.y_test), (test_logits.argmax(1) == self.y_test).float().mean()]
        return tuple(out)

    def _row(self, step: int, values: list[float]) -> dict:
        row = {"step": step, "loss": values[0], "accuracy": values[1]}
        if len(values) > 2:
            row["test_loss"], row["test_accuracy"] = values[2], values[3]
        return row

    # --- reading the state ------------------------------------------------------------------
    def _split(self, split: str) -> tuple[torch.Tensor, torch.Tensor]:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
        return {"train": (self.X_train, self.y_train), "test": (self.X_test, self.y_test),
                "all": (self.X_all, self.y_all)}[split]

    @torch.no_grad()
    def _evaluate(self, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
        if not len(y):
            return math.nan, math.nan
        self.model.eval()
        logits = self.model(X)
        loss = self.loss_fn(logits, y)
        correct = (logits.argmax(1) == y).float().mean()
        return float(loss), float(correct)

    def loss(self, split: str = "train") -> float:
        return self._evaluate(*self._split(split))[0]

    def accuracy(self, split: str = "train") -> float:
        """Share of correctly classified points; "train" is all the data when there is no test split."""
        return self._evaluate(*self._split(split))[1]

    @torch.no_grad()
    def predict(self, X: torch.Tensor) -> torch.Tensor:
        self.model.eval()
        return self.model(X.to(self.device).float()).argmax(1).cpu()

    @torch.no_grad()
    def confusion(self, split: str = "train") -> torch.Tensor:
        """(C, C) counts: row = true class, column = predicted class."""
        X, y = self._split(split)
        pred = self.predict(X)
        C = self.n_classes
        return torch.bincount(y.cpu() * C + pred, minlength=C * C).reshape(C, C)

    def verdict(self, window: int = 500, rtol: float = 1e-4) -> str | None:
        """What the training loss has done, once ``window`` steps are recorded; None while it still falls.

        - "diverged": it became NaN or infinite (``step`` stopped the run).
        - "rising": it ends above where it started, or well above its lowest point of the last ``window``
          steps (by 5% and at least 0.02): it jumps about or climbs, the mark of a learning rate too high.
        - "stuck": it stopped falling (by less than ``rtol``, relative, over the window) while still above
          half its starting value: a model too small for the data, or a rate too small to get further.
        - "converged": it stopped falling, and at or below half where it started.
        """
        if self.diverged:
            return "diverged"
        h = self.history
        if not h or h[-1]["step"] < window:
            return None
        first, now = h[0]["loss"], h[-1]["loss"]
        then = next(r for r in reversed(h) if r["step"] <= h[-1]["step"] - window)["loss"]
        low = min(r["loss"] for r in h if r["step"] >= h[-1]["step"] - window)
        if now > first or now > low + max(0.05 * low, 0.02):
            return "rising"
        if then - now >= rtol * max(then, 1e-12):
            return None  # still falling
        return "stuck" if now > 0.5 * first else "converged"

    def converged(self, window: int = 500, rtol: float = 1e-4) -> bool:
        """The training loss stopped falling (less than ``rtol`` over ``window`` steps) well below where it
        started, and is not jumping about: ``verdict() == "converged"``."""
        return self.verdict(window, rtol) == "converged"

    def loss_rising(self, window: int = 100, rtol: float = 0.05) -> bool:
        """A sustained rise: for the last half of ``window`` steps the loss has stayed more than ``rtol``
        (and 0.01) above where it was ``window`` steps ago, or above where training started. The page warns
        of the learning rate, before any NaN."""
        h = self.history
        if not h or h[-1]["step"] < window:
            return False
        end = h[-1]["step"]
        then = next(r for r in reversed(h) if r["step"] <= end - window)["loss"]
        recent = [r["loss"] for r in h if r["step"] >= end - window // 2]
        return min(recent) > min(then, h[0]["loss"]) * (1 + rtol) + 0.01

    @torch.no_grad()
    def decision_grid(self, resolution: int = 50) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Class probabilities on a res×res grid over ``bounds``: probs[i, j] is at (xs[j], ys[i])."""
        res = min(max(int(resolution), 2), 400)
        lo, hi = self.bounds
        xs = torch.linspace(lo, hi, res)
        ys = torch.linspace(lo, hi, res)
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        pts = torch.stack((gx.reshape(-1), gy.reshape(-1)), dim=1).to(self.device)
        self.model.eval()
        probs = torch.softmax(self.model(pts), dim=1).reshape(res, res, self.n_classes).cpu()
        return xs, ys, probs


def _square(X: torch.Tensor, margin: float = 0.1) -> tuple[float, float]:
    """A square (same range on both axes) around the data, with a margin so edge points are not on the border."""
    lo, hi = float(X.min()), float(X.max())
    pad = (hi - lo) * margin or 1.0
    return lo - pad, hi + pad


def region_frame(xs: torch.Tensor, ys: torch.Tensor, probs: torch.Tensor) -> pd.DataFrame:
    """One row per grid cell: its centre (x, y), the predicted class, and that class's probability."""
    p, cls = probs.max(-1)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    return pd.DataFrame({"x": gx.reshape(-1).numpy(), "y": gy.reshape(-1).numpy(),
                         "cls": cls.reshape(-1).numpy(), "p": p.reshape(-1).numpy()})


def points_frame(X: torch.Tensor, y: torch.Tensor, limit: int, split: str = "train") -> pd.DataFrame:
    """At most ``limit`` points, every k-th so each class keeps its share (the data are grouped by class)."""
    k = max(1, math.ceil(len(y) / max(int(limit), 1)))
    X, y = X[::k].cpu(), y[::k].cpu()
    return pd.DataFrame({"x": X[:, 0].numpy(), "y": X[:, 1].numpy(), "cls": y.numpy(), "split": split})


def train_presets(X: torch.Tensor, y: torch.Tensor, *, seed: int, steps: int = 1000, resolution: int = 40,
                  device=None) -> list[dict]:
    """The course's three models trained as the course does (Adam, lr 1e-3, wd 1e-5, full batch):
    per preset its name, final loss and accuracy on all the data, and its decision grid."""
    out = []
    for name, p in PRESETS.items():
        tr = ClassifierTrainer(X, y, hidden=p.hidden, activation=p.activation, seed=seed, device=device,
                               record_every=max(1, steps))
        tr.step(steps)
        xs, ys, probs = tr.decision_grid(resolution)
        out.append({"name": name, "loss": tr.history[-1]["loss"], "accuracy": tr.accuracy(),
                    "course": p.course_accuracy, "grid": (xs, ys, probs)})
    return out
