"""Input features, as TensorFlow Playground offers them: columns built from the two coordinates of a point.

A model that sees x₁² and x₂² separates concentric rings with no hidden layer at all; one that sees only
x₁ and x₂ cannot. ``FEATURES`` is the table pages list; each entry's ``code`` is the torch expression the
code panel prints, and ``fn`` computes exactly that expression (tests hold one against the other).

Our points lie in about [-1, 1]² (Playground's span [-6, 6]), so there sin x is close to x itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import torch


@dataclass(frozen=True)
class Feature:
    fn: Callable[[torch.Tensor], torch.Tensor]  # X (N, 2) -> (N,)
    label: str  # math text, the same in every language
    code: str  # the torch expression on X that the snippet prints


FEATURES: dict[str, Feature] = {
    "x1": Feature(lambda X: X[:, 0], "x₁", "X[:, 0]"),
    "x2": Feature(lambda X: X[:, 1], "x₂", "X[:, 1]"),
    "x1sq": Feature(lambda X: X[:, 0] ** 2, "x₁²", "X[:, 0] ** 2"),
    "x2sq": Feature(lambda X: X[:, 1] ** 2, "x₂²", "X[:, 1] ** 2"),
    "x1x2": Feature(lambda X: X[:, 0] * X[:, 1], "x₁·x₂", "X[:, 0] * X[:, 1]"),
    "sin_x1": Feature(lambda X: torch.sin(X[:, 0]), "sin x₁", "torch.sin(X[:, 0])"),
    "sin_x2": Feature(lambda X: torch.sin(X[:, 1]), "sin x₂", "torch.sin(X[:, 1])"),
}

DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")


def check(features) -> tuple[str, ...]:
    """The names as a tuple, or ValueError: empty, unknown, or repeated names are refused."""
    names = (features,) if isinstance(features, str) else tuple(features)
    if not names:
        raise ValueError("at least one input feature is needed")
    unknown = [f for f in names if f not in FEATURES]
    if unknown:
        raise ValueError(f"unknown features {unknown}; choose from {list(FEATURES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"each feature at most once, not {list(names)}")
    return names


def expand(X: torch.Tensor, features=DEFAULT_FEATURES) -> torch.Tensor:
    """(N, len(features)): one column per feature of the points X (N, 2), in the order given."""
    names = check(features)
    return torch.stack([FEATURES[f].fn(X) for f in names], dim=1)


def grid(bounds: tuple[float, float], resolution: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """A res×res grid over the square ``bounds`` = (lo, hi) on both axes: (xs, ys, points (res², 2)).

    Row i of a map is ys[i], column j is xs[j]: points[i * res + j] = (xs[j], ys[i]). Resolution is
    clamped to 2..400.
    """
    res = min(max(int(resolution), 2), 400)
    lo, hi = float(bounds[0]), float(bounds[1])
    xs = torch.linspace(lo, hi, res)
    ys = torch.linspace(lo, hi, res)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    return xs, ys, torch.stack((gx.reshape(-1), gy.reshape(-1)), dim=1)
