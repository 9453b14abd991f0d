"""Regression on the plane, TensorFlow Playground's second problem type: 2-D points, a real-valued target.

The same machinery as ``ClassifierTrainer`` (``MLPTrainer``: one private generator drawing the split, the
weights and the shuffles in that order; features; penalty; divergence rollback), with one output and the
mean squared error. History rows: step, loss[, test_loss][, penalty].
"""
from __future__ import annotations

import torch
from torch import nn

from core.train.classifier import MLPTrainer


class PlaneRegressionTrainer(MLPTrainer):
    """An MLP from (features of) 2-D points to one number, trained on ``MSELoss`` (the mean of (ŷ - y)²)."""

    out_features = 1

    def __init__(self, X: torch.Tensor, y: torch.Tensor, *, hidden=(8,), activation: str = "tanh",
                 optimizer: str = "adam", lr: float = 0.01, weight_decay: float = 0.0, **kw):
        self.loss_fn = nn.MSELoss()
        super().__init__(X, y, hidden=hidden, activation=activation, optimizer=optimizer, lr=lr,
                         weight_decay=weight_decay, **kw)

    def _targets(self, y: torch.Tensor) -> torch.Tensor:
        return y.float().reshape(-1)

    def _fit(self, out: torch.Tensor) -> torch.Tensor:
        return out[:, 0]

    def predict(self, X: torch.Tensor) -> torch.Tensor:
        """The model's value at raw points X (N, 2): (N,), on the CPU."""
        return self._outputs(X)[:, 0].cpu()

    def value_grid(self, resolution: int = 50) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The model's value on a res×res grid over ``bounds``: values[i, j] is at (xs[j], ys[i])."""
        xs, ys, out, res = self._grid(resolution)
        return xs, ys, out[:, 0].reshape(res, res).cpu()
