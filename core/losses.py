"""Loss functions side by side: squared error, binary cross-entropy, and softmax with cross-entropy.

The course's pairing: identity output + MSE for regression, sigmoid + BCE for two classes,
softmax + cross-entropy for several. Gradients here come from autograd; the closed forms a page
prints (2(ŷ − y), (ŷ − y)/(ŷ(1 − ŷ)), p − y) are held against them in the tests.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import torch
from torch.nn import functional as F

from core.activations import softmax

DTYPE = torch.float64
EPS = 1e-3  # BCE's curve is drawn on [EPS, 1 − EPS]: at ŷ = 0 or 1 it is infinite (torch clamps log at −100)
PAIRINGS = (  # (task, output activation, loss): the course's own table
    ("regression", "identity", "mse"),
    ("two_classes", "sigmoid", "bce"),
    ("several_classes", "softmax", "cross_entropy"),
)


def _mse(y_hat: torch.Tensor, y: float) -> torch.Tensor:
    return (y_hat - y) ** 2


def _bce(y_hat: torch.Tensor, y: float) -> torch.Tensor:
    return F.binary_cross_entropy(y_hat, torch.full_like(y_hat, y), reduction="none")


LOSS_FNS = {"mse": _mse, "bce": _bce}


def loss_curves(n: int = 199) -> pd.DataFrame:
    """Tidy rows (loss, target, y_hat, value, grad) for ŷ in [EPS, 1 − EPS], targets 0 and 1; grad by autograd."""
    frames = []
    for name, fn in LOSS_FNS.items():
        for y in (0.0, 1.0):
            y_hat = torch.linspace(EPS, 1 - EPS, n, dtype=DTYPE, requires_grad=True)
            value = fn(y_hat, y)
            (grad,) = torch.autograd.grad(value.sum(), y_hat)
            frames.append(pd.DataFrame({"loss": name, "target": int(y), "y_hat": y_hat.detach().numpy(),
                                        "value": value.detach().numpy(), "grad": grad.numpy()}))
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class SoftmaxCE:
    logits: tuple[float, ...]
    target: int
    probs: tuple[float, ...]
    loss: float
    grad_autograd: tuple[float, ...]  # ∂L/∂z from backward()
    grad_formula: tuple[float, ...]  # p − onehot(y)

    @property
    def max_gap(self) -> float:
        return max(abs(a - b) for a, b in zip(self.grad_autograd, self.grad_formula))


def softmax_ce(logits, target: int) -> SoftmaxCE:
    """L = −log softmax(z)[y] by ``F.cross_entropy`` (stable), its gradient by autograd, and p − y beside it."""
    z = torch.tensor([float(v) for v in logits], dtype=DTYPE, requires_grad=True)
    if not 0 <= int(target) < z.numel():
        raise ValueError(f"target class {target} is not one of 0..{z.numel() - 1}")
    loss = F.cross_entropy(z.unsqueeze(0), torch.tensor([int(target)]))
    loss.backward()
    p = softmax(z.detach())
    onehot = F.one_hot(torch.tensor(int(target)), z.numel()).to(DTYPE)
    return SoftmaxCE(tuple(float(v) for v in z.detach()), int(target), tuple(float(v) for v in p), float(loss.detach()),
                     tuple(float(v) for v in z.grad), tuple(float(v) for v in p - onehot))


def softmax_table(r: SoftmaxCE) -> pd.DataFrame:
    """One row per class: logit z, probability p, one-hot y, p − y and autograd's ∂L/∂z."""
    return pd.DataFrame({"class": range(len(r.logits)), "z": r.logits, "p": r.probs,
                         "y": [1.0 if k == r.target else 0.0 for k in range(len(r.logits))],
                         "p_minus_y": r.grad_formula, "grad_autograd": r.grad_autograd})
