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
from core.features import DEFAULT_FEATURES, check as check_features, expand, grid as plane_grid
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

@dataclass(frozen=True)
class Regularization:
    penalty: callable  # (list of weight tensors) -> scalar tensor; None for no penalty
    label: dict = field(default_factory=dict)


def _l1(weights: list[torch.Tensor]) -> torch.Tensor:
    return torch.stack([w.abs().sum() for w in weights]).sum()


def _l2(weights: list[torch.Tensor]) -> torch.Tensor:
    return 0.5 * torch.stack([(w * w).sum() for w in weights]).sum()


# As TensorFlow Playground: the penalty is on the weights only, never the biases; L1 = Σ|w|, L2 = ½·Σw².
REGULARIZATIONS: dict[str, Regularization] = {
    "none": Regularization(None, {"en": "None", "zh": "无"}),
    "l1": Regularization(_l1, {"en": "L1", "zh": "L1"}),
    "l2": Regularization(_l2, {"en": "L2", "zh": "L2"}),
}

SPLITS = ("train", "test", "all")


class MLPTrainer:
    """What the classifier and the plane regression share: an MLP on feature columns of 2-D points,
    the split, the mini-batches, ``step(n)`` with its divergence rollback, the history and the penalty.

    Subclasses say how targets are stored, which loss is used, and which scores sit beside the loss.

    ``X_train``, ``X_test`` and ``X_all`` stay the raw points (pages draw them); the model sees
    ``expand(X, features)``, so its first layer has ``len(features)`` inputs.

    Regularisation: the training loss is ``data loss + reg_rate · penalty`` with the penalty on the
    weights of every ``nn.Linear`` (biases excluded), L1 = Σ|w| and L2 = ½·Σw², as TensorFlow Playground.
    Weight decay stays the optimizer's own. History rows keep ``loss`` = the data loss alone, so curves
    compare across regularisations; a ``penalty`` column (the unscaled Σ|w| or ½·Σw²) is added when
    ``regularization`` is not "none".
    """

    score_names: tuple[str, ...] = ()  # what each history row holds beside the loss

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
        features=DEFAULT_FEATURES,
        regularization: str = "none",
        reg_rate: float = 0.0,
    ):
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, not {optimizer!r}")
        if regularization not in REGULARIZATIONS:
            raise ValueError(f"regularization must be one of {list(REGULARIZATIONS)}, not {regularization!r}")
        reg_rate = float(reg_rate)
        if not (math.isfinite(reg_rate) and reg_rate >= 0):
            raise ValueError(f"reg_rate must be a finite number >= 0, not {reg_rate!r}")
        self.features = check_features(features)
        self.regularization, self.reg_rate = regularization, reg_rate
        self._penalty = REGULARIZATIONS[regularization].penalty
        self.device = device if isinstance(device, torch.device) else pick_device(device or "auto")
        self.hidden = clamp_hidden(hidden)
        self.record_every = max(1, int(record_every))
        self._g = make_generator(seed)

        n = len(y)
        fraction = float(test_fraction) if math.isfinite(float(test_fraction)) else 0.0
        n_test = min(n - 1, round(n * min(max(fraction, 0.0), 0.9)))
        order = torch.randperm(n, generator=self._g) if n_test else torch.arange(n)
        test_idx, train_idx = order[:n_test], order[n_test:]
        X, y = X.float(), self._targets(y)
        self.X_train, self.y_train = X[train_idx].to(self.device), y[train_idx].to(self.device)
        self.X_test, self.y_test = X[test_idx].to(self.device), y[test_idx].to(self.device)
        self.X_all, self.y_all = X.to(self.device), y.to(self.device)
        # the model's inputs, computed once: every batch and every metric reads these
        self.F_train, self.F_test, self.F_all = (self.expand(v) for v in (self.X_train, self.X_test, self.X_all))
        self.bounds = _square(X)

        self.model = build_mlp(
            len(self.features), self.hidden, self.out_features, activation=activation, init=init,
            generator=self._g, activation_params=activation_params, init_params=init_params,
        ).to(self.device)
        self._weights = [m.weight for m in self.model if isinstance(m, nn.Linear)]
        self.opt = OPTIMIZERS[optimizer].make(self.model.parameters(), float(lr), float(weight_decay))
        n_train = len(self.y_train)
        self.batch_size = n_train if not batch_size else min(max(1, int(batch_size)), n_train)
        self._order: torch.Tensor | None = None
        self._cursor = 0

        self.steps = 0
        self.diverged = False
        self.diverged_at: int | None = None  # the step (updates done) whose loss first was NaN or infinite
        names = ["loss", *self.score_names]
        self.columns = names + ([f"test_{c}" for c in names] if len(self.y_test) else [])
        self.columns += ["penalty"] if self._penalty else []
        self.history: list[dict] = []
        first = self._metrics(None)
        self.history.append(self._row(0, torch.stack(first[1:]).tolist()))

    # --- what a subclass decides -------------------------------------------------------------
    out_features: int = 1
    loss_fn: nn.Module

    def _targets(self, y: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def _fit(self, out: torch.Tensor) -> torch.Tensor:
        """The model's output in the shape the loss takes."""
        return out

    def _scores(self, out: torch.Tensor, y: torch.Tensor) -> list[torch.Tensor]:
        """Scalar tensors beside the loss, in ``score_names`` order."""
        return []

    # --- inputs and penalty -----------------------------------------------------------------
    def expand(self, X: torch.Tensor) -> torch.Tensor:
        """The model's input for raw points X (N, 2), on the trainer's device."""
        return expand(X.to(self.device).float(), self.features)

    def penalty(self) -> float:
        """The regularisation penalty now, unscaled (Σ|w| or ½·Σw² over the weights); 0 for "none"."""
        if not self._penalty:
            return 0.0
        with torch.no_grad():
            return float(self._penalty(self._weights))

    def near_zero(self, tol: float = 1e-3) -> tuple[int, int]:
        """(weights with |w| < tol, all weights) over every layer; biases are not counted."""
        with torch.no_grad():
            small = sum(int((w.abs() < tol).sum()) for w in self._weights)
        return small, sum(w.numel() for w in self._weights)

    @property
    def epochs(self) -> float:
        """Passes over the training set so far: steps · batch_size / training points (Playground's count)."""
        return self.steps * self.batch_size / len(self.y_train)

    # --- training ---------------------------------------------------------------------------
    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self.batch_size >= len(self.y_train):
            return self.F_train, self.y_train
        if self._order is None or self._cursor + self.batch_size > len(self._order):
            # a fresh shuffle each epoch; the last partial batch is dropped so every step sees batch_size points
            self._order = torch.randperm(len(self.y_train), generator=self._g).to(self.device)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return self.F_train[idx], self.y_train[idx]

    def step(self, n: int = 1) -> None:
        """n optimizer updates. A non-finite loss marks the run ``diverged`` and rolls the model back
        to where this call began, so the last good state can still be drawn."""
        n = int(n)
        if self.diverged or n < 1:
            return
        self.model.train()
        start = self.steps
        snapshot = [p.detach().clone() for p in self.model.parameters()]
        full = self.batch_size >= len(self.y_train)
        penalised = self._penalty is not None and self.reg_rate > 0
        losses, rows = [], []
        for _ in range(n):
            Fb, yb = self._batch()
            out = self.model(Fb)
            loss = self.loss_fn(self._fit(out), yb)
            if self._due():
                # full batch: this forward already measures the current state on the whole training set
                seen = (loss, out) if full else None
                rows.append(self._metrics(seen))
            if penalised:
                loss = loss + self.reg_rate * self._penalty(self._weights)
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
            # losses[i] is the loss of the state after start + i updates, as history's step numbers count
            self.diverged_at = start + (int((~finite).nonzero()[0]) if not bool(finite.all()) else n)
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
        """(step, *values in ``columns`` order) with device tensors, not synced."""
        if seen is None:
            self.model.eval()
            out = self.model(self.F_train)
            loss = self.loss_fn(self._fit(out), self.y_train)
            self.model.train()
        else:
            loss, out = seen
        row = [self.steps, loss.detach(), *self._scores(out, self.y_train)]
        if len(self.y_test):
            self.model.eval()
            test_out = self.model(self.F_test)
            self.model.train()
            row += [self.loss_fn(self._fit(test_out), self.y_test), *self._scores(test_out, self.y_test)]
        if self._penalty:
            row.append(self._penalty(self._weights))
        return tuple(row)

    def _row(self, step: int, values: list[float]) -> dict:
        return {"step": step, **dict(zip(self.columns, values))}

    # --- reading the state ------------------------------------------------------------------
    def _split(self, split: str) -> tuple[torch.Tensor, torch.Tensor]:
        """(model inputs, targets) of a split."""
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
        return {"train": (self.F_train, self.y_train), "test": (self.F_test, self.y_test),
                "all": (self.F_all, self.y_all)}[split]

    @torch.no_grad()
    def _evaluate(self, F: torch.Tensor, y: torch.Tensor) -> list[float]:
        """[loss, *scores] on these inputs; NaN for an empty split."""
        if not len(y):
            return [math.nan] * (1 + len(self.score_names))
        self.model.eval()
        out = self.model(F)
        return [float(self.loss_fn(self._fit(out), y)), *(float(s) for s in self._scores(out, y))]

    def loss(self, split: str = "train") -> float:
        """The data loss (no penalty) on a split; "train" is all the data when there is no test split."""
        return self._evaluate(*self._split(split))[0]

    @torch.no_grad()
    def _outputs(self, X: torch.Tensor) -> torch.Tensor:
        self.model.eval()
        return self.model(self.expand(X))

    @torch.no_grad()
    def _grid(self, resolution: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, int]:
        """(xs, ys, model outputs over the grid, res), the grid as ``core.features.grid`` lays it."""
        xs, ys, pts = plane_grid(self.bounds, resolution)
        return xs, ys, self._outputs(pts), len(xs)

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


class ClassifierTrainer(MLPTrainer):
    """An MLP on 2-D points, trained with cross-entropy; ``step(n)`` runs n optimizer updates.

    History rows: step, loss, accuracy[, test_loss, test_accuracy][, penalty] (see ``MLPTrainer``).
    """

    score_names = ("accuracy",)

    def __init__(self, X: torch.Tensor, y: torch.Tensor, **kw):
        self.n_classes = self.out_features = int(y.max()) + 1
        self.loss_fn = nn.CrossEntropyLoss()
        super().__init__(X, y, **kw)

    def _targets(self, y: torch.Tensor) -> torch.Tensor:
        return y.long()

    def _scores(self, out: torch.Tensor, y: torch.Tensor) -> list[torch.Tensor]:
        return [(out.argmax(1) == y).float().mean()]

    def accuracy(self, split: str = "train") -> float:
        """Share of correctly classified points; "train" is all the data when there is no test split."""
        return self._evaluate(*self._split(split))[1]

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        """The predicted class of raw points X (N, 2), on the CPU."""
        return self._outputs(X).argmax(1).cpu()

    @torch.no_grad()
    def confusion(self, split: str = "train") -> torch.Tensor:
        """(C, C) counts: row = true class, column = predicted class."""
        F, y = self._split(split)
        self.model.eval()
        pred = self.model(F).argmax(1).cpu()
        C = self.n_classes
        return torch.bincount(y.cpu() * C + pred, minlength=C * C).reshape(C, C)

    def decision_grid(self, resolution: int = 50) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Class probabilities on a res×res grid over ``bounds``: probs[i, j] is at (xs[j], ys[i])."""
        xs, ys, out, res = self._grid(resolution)
        return xs, ys, torch.softmax(out, dim=1).reshape(res, res, self.n_classes).cpu()


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
                  device=None, features=DEFAULT_FEATURES) -> list[dict]:
    """The course's three models trained as the course does (Adam, lr 1e-3, wd 1e-5, full batch):
    per preset its name, final loss and accuracy on all the data, and its decision grid."""
    out = []
    for name, p in PRESETS.items():
        tr = ClassifierTrainer(X, y, hidden=p.hidden, activation=p.activation, seed=seed, device=device,
                               features=features, record_every=max(1, steps))
        tr.step(steps)
        xs, ys, probs = tr.decision_grid(resolution)
        out.append({"name": name, "loss": tr.history[-1]["loss"], "accuracy": tr.accuracy(),
                    "course": p.course_accuracy, "grid": (xs, ys, probs)})
    return out
