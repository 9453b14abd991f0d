"""Gradient descent on y = w x + b, one step at a time, in the course's two ways.

"manual" is the course's first loop as written: w and b are tensors with requires_grad,
loss = mean squared error, ``loss.backward()``, ``w.data -= lr * w.grad``, grads zeroed.
"module" is ``nn.Linear(1, 1)`` with ``torch.optim``. From the same start, manual and
module-SGD follow the same trajectory; they may differ in the last bit of float32 because
``torch.optim.SGD`` updates with one fused multiply-add where the course rounds ``lr * grad``
first.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

from core.device import pick_device
from core.train.history import thin  # noqa: F401  (pages import it from here)


@dataclass(frozen=True)
class Optimizer:
    make: Callable[[list, float], torch.optim.Optimizer]
    label: dict  # {"en": ..., "zh": ...}


OPTIMIZERS: dict[str, Optimizer] = {
    "sgd": Optimizer(lambda p, lr: torch.optim.SGD(p, lr=lr), {"en": "SGD", "zh": "SGD（全批量梯度下降）"}),
    "momentum": Optimizer(lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
                          {"en": "SGD + momentum 0.9", "zh": "SGD + 动量 0.9"}),
    "adam": Optimizer(lambda p, lr: torch.optim.Adam(p, lr=lr), {"en": "Adam", "zh": "Adam"}),
}
MODES: dict[str, dict] = {
    "manual": {"en": "By hand: w.data -= lr * w.grad", "zh": "手写更新：w.data -= lr * w.grad"},
    "module": {"en": "nn.Linear + torch.optim", "zh": "nn.Linear + torch.optim"},
}
EXPLODE = 1e6  # a loss this many times the larger of the start's loss and E[y²] counts as diverged
MAX_HISTORY = 4000  # past this, history keeps every other record (the latest always stays)


class RegressionTrainer:
    def __init__(self, x, y, *, lr: float, mode: str = "manual", optimizer: str = "sgd", w0: float = 1.0,
                 b0: float = 0.0, device=None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {list(MODES)}, not {mode!r}")
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {list(OPTIMIZERS)}, not {optimizer!r}")
        if mode == "manual" and optimizer != "sgd":
            raise ValueError("the manual loop is plain gradient descent; use mode='module' for other optimizers")
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"lr must be a positive number, not {lr!r}")
        self.device = torch.device(device) if device is not None else pick_device()
        self.x = torch.as_tensor(x, dtype=torch.float32).reshape(-1, 1).to(self.device)
        self.y = torch.as_tensor(y, dtype=torch.float32).reshape(-1, 1).to(self.device)
        self.lr, self.mode, self.optimizer_name = float(lr), mode, optimizer
        if mode == "manual":
            self._w = torch.tensor([[float(w0)]], device=self.device, requires_grad=True)
            self._b = torch.tensor([float(b0)], device=self.device, requires_grad=True)
        else:
            self.model = nn.Linear(1, 1).to(self.device)
            with torch.no_grad():
                self.model.weight.fill_(float(w0))
                self.model.bias.fill_(float(b0))
            self._w, self._b = self.model.weight, self.model.bias
            self.opt = OPTIMIZERS[optimizer].make(list(self.model.parameters()), self.lr)
        self.steps = 0
        self.diverged = False
        start = self._current_loss()
        self._limit = EXPLODE * max(start, float((self.y ** 2).mean()), 1e-6)
        self.history: list[dict] = [self._record(0, start, float(w0), float(b0))]
        self._stride = 1

    # -- reading the state --------------------------------------------------------------------
    @property
    def w(self) -> float:
        return self.history[-1]["w"]

    @property
    def b(self) -> float:
        return self.history[-1]["b"]

    @property
    def loss(self) -> float:
        """The loss at the current (w, b)."""
        return self.history[-1]["loss"]

    @staticmethod
    def _record(step: int, loss: float, w: float, b: float) -> dict:
        return {"step": step, "loss": loss, "w": w, "b": b}

    def _forward(self) -> torch.Tensor:
        if self.mode == "manual":
            return ((torch.matmul(self.x, self._w) + self._b - self.y) ** 2).mean()
        return nn.functional.mse_loss(self.model(self.x), self.y)

    def _current_loss(self) -> float:
        with torch.no_grad():
            return float(self._forward())

    def _one_step(self) -> torch.Tensor:
        loss = self._forward()
        if self.mode == "manual":
            loss.backward()
            self._w.data -= self.lr * self._w.grad
            self._b.data -= self.lr * self._b.grad
            self._w.grad.zero_()
            self._b.grad.zero_()
        else:
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
        return loss.detach()

    # -- training -----------------------------------------------------------------------------
    def step(self, n: int = 1) -> "RegressionTrainer":
        """Take up to ``n`` steps; stops early (and sets ``diverged``) when the loss blows up."""
        n = int(n)
        if self.diverged or n <= 0:
            return self
        # Row i: the loss at the parameters before step i+1, and those parameters. Kept on the
        # device and copied once, so a GPU is not stopped for a sync at every step.
        rec = torch.empty(n + 1, 3, dtype=torch.float64, device=self.device)
        for i in range(n):
            rec[i, 1], rec[i, 2] = self._w.detach().reshape(()), self._b.detach().reshape(())
            rec[i, 0] = self._one_step()
        with torch.no_grad():
            rec[n] = torch.stack((self._forward(), self._w.reshape(()), self._b.reshape(()))).double()
        rows = rec.cpu()
        ok = torch.isfinite(rows).all(dim=1) & (rows[:, 0] <= self._limit)
        if not ok.all():
            # Keep the path up to the first blown-up state, and the parameters where it stood.
            bad = int((~ok).nonzero()[0])
            rows = rows[:bad + 1] if bool(torch.isfinite(rows[bad]).all()) else rows[:bad]
            self.diverged = True
            last = rows[-1] if len(rows) else torch.tensor([self.loss, self.w, self.b], dtype=torch.float64)
            with torch.no_grad():
                self._w.fill_(float(last[1]))
                self._b.fill_(float(last[2]))
        # rows[0] is the state history already ends with
        for i, (loss, w, b) in enumerate(rows[1:].tolist(), start=1):
            self._append(self._record(self.steps + i, loss, w, b))
        self.steps += max(len(rows) - 1, 0)
        return self

    def _append(self, rec: dict) -> None:
        h = self.history
        if len(h) >= 2 and (h[-1]["step"] % self._stride):
            h.pop()  # the previous latest was only kept for being the latest
        h.append(rec)
        if len(h) > MAX_HISTORY:
            self._stride *= 2
            self.history = [r for r in h[:-1] if r["step"] % self._stride == 0] + [h[-1]]
