"""Dataset generators: vectorised, reproducible from a seed, never touching the global RNG.

Every classification generator shares one signature,
``make_x(n_per_class, n_classes, noise, *, seed) -> (X (N*C, 2) float32, y (N*C,) int64)``,
so pages can list ``DATASETS`` instead of naming generators.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch


def generator(seed: int) -> torch.Generator:
    """A private CPU generator: reproducible draws without sharing state between visitors."""
    g = torch.Generator(device="cpu")
    g.manual_seed(int(seed))
    return g


def make_linear(n: int = 100, w: float = 3.0, b: float = 0.8, noise: float = 0.0, *, seed: int = 0):
    """The course's regression data: x ~ U[0, 1), y = w x + b (+ noise * N(0, 1))."""
    g = generator(seed)
    x = torch.rand(n, 1, generator=g)
    y = w * x + b
    if noise:
        y = y + noise * torch.randn(n, 1, generator=g)
    return x, y


def _labels(n_per_class: int, n_classes: int) -> torch.Tensor:
    return torch.arange(n_classes).repeat_interleave(n_per_class)


def make_spiral(n_per_class: int = 1000, n_classes: int = 3, noise: float = 0.2, *, seed: int = 12345):
    """The course's interleaved spirals, one class per arm.

    Radius t = linspace(0, 1, N); angle = linspace(2πc/C, 2π(2+c)/C, N) + noise·randn(N);
    point = t·(sin angle, cos angle). Noise is drawn class by class, in the course's order,
    so the same seed gives the course's points without its per-sample Python loop.
    """
    g = generator(seed)
    t = torch.linspace(0, 1, n_per_class)
    arms = []
    for c in range(n_classes):
        angle = torch.linspace(2 * math.pi * c / n_classes, 2 * math.pi * (2 + c) / n_classes, n_per_class)
        angle = angle + torch.randn(n_per_class, generator=g) * noise
        arms.append(torch.stack((t * torch.sin(angle), t * torch.cos(angle)), dim=1))
    return torch.cat(arms).float(), _labels(n_per_class, n_classes)


def make_circles(n_per_class: int = 500, n_classes: int = 2, noise: float = 0.1, *, seed: int = 0):
    """Concentric rings, one class per ring, radii evenly spaced in (0, 1]."""
    g = generator(seed)
    y = _labels(n_per_class, n_classes)
    angle = 2 * math.pi * torch.rand(y.numel(), generator=g)
    radius = (y.float() + 1) / n_classes + noise * 0.5 * torch.randn(y.numel(), generator=g) / n_classes
    X = torch.stack((radius * torch.cos(angle), radius * torch.sin(angle)), dim=1)
    return X.float(), y


def make_blobs(n_per_class: int = 500, n_classes: int = 3, noise: float = 0.2, *, seed: int = 0):
    """Gaussian blobs whose centres sit evenly on a circle of radius 0.6; noise is their std."""
    g = generator(seed)
    y = _labels(n_per_class, n_classes)
    phase = 2 * math.pi * y.float() / n_classes
    centres = 0.6 * torch.stack((torch.cos(phase), torch.sin(phase)), dim=1)
    return (centres + noise * torch.randn(y.numel(), 2, generator=g)).float(), y


def make_moons(n_per_class: int = 500, n_classes: int = 2, noise: float = 0.1, *, seed: int = 0):
    """Two interleaved half circles (two classes only), scaled to about [-1, 1]."""
    _require_two(n_classes, "moons")
    g = generator(seed)
    y = _labels(n_per_class, 2)
    s = math.pi * torch.rand(y.numel(), generator=g)
    upper = torch.stack((torch.cos(s), torch.sin(s)), dim=1)
    lower = torch.stack((1 - torch.cos(s), 0.5 - torch.sin(s)), dim=1)
    X = torch.where((y == 0)[:, None], upper, lower) - torch.tensor([0.5, 0.25])
    X = X / 1.5 + noise * torch.randn(y.numel(), 2, generator=g)
    return X.float(), y


def make_xor(n_per_class: int = 500, n_classes: int = 2, noise: float = 0.1, *, seed: int = 0):
    """Class 0 in the quadrants where x1·x2 > 0, class 1 where it is < 0 (two classes only)."""
    _require_two(n_classes, "xor")
    g = generator(seed)
    y = _labels(n_per_class, 2)
    # magnitudes in [0.1, 1) keep points off the axes, so the classes are separable before noise
    mag = 0.1 + 0.9 * torch.rand(y.numel(), 2, generator=g)
    s1 = torch.where(torch.rand(y.numel(), generator=g) < 0.5, -1.0, 1.0)
    s2 = torch.where(y == 0, s1, -s1)
    X = mag * torch.stack((s1, s2), dim=1) + noise * torch.randn(y.numel(), 2, generator=g)
    return X.float(), y


def _require_two(n_classes: int, name: str) -> None:
    if n_classes != 2:
        raise ValueError(f"{name} has exactly two classes, not {n_classes}")


@dataclass(frozen=True)
class Dataset:
    make: Callable
    fixed_classes: int | None  # None: any number of classes from 2 up


DATASETS: dict[str, Dataset] = {
    "spiral": Dataset(make_spiral, None),
    "circles": Dataset(make_circles, None),
    "blobs": Dataset(make_blobs, None),
    "moons": Dataset(make_moons, 2),
    "xor": Dataset(make_xor, 2),
}


# --- regression on the plane (TensorFlow Playground's second problem type) ------------------------------------
def _plane_points(n: int, noise: float, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Points uniform in [-1, 1]², and where their target is read: each coordinate shifted by noise·U(-1, 1)."""
    X = 2 * torch.rand(n, 2, generator=g) - 1
    at = X + noise * (2 * torch.rand(n, 2, generator=g) - 1) if noise else X
    return X, at


def make_plane(n: int = 200, noise: float = 0.0, *, seed: int = 0):
    """Playground's regress-plane scaled to [-1, 1]²: y = 0.6·x₁ + 0.6·x₂, read at the noise-shifted point."""
    g = generator(seed)
    X, at = _plane_points(n, noise, g)
    return X.float(), (0.6 * at[:, 0] + 0.6 * at[:, 1]).float()


def make_gaussians(n: int = 200, noise: float = 0.0, *, seed: int = 0):
    """Six Gaussian bumps of height ±1 and standard deviation 1/6, at Playground's regress-gaussian centres scaled
    to [-1, 1]² (the Playground takes the largest cone; here the bumps add, a mixture): y = Σ sₖ·exp(-|x - cₖ|²/(2σ²))."""
    g = generator(seed)
    X, at = _plane_points(n, noise, g)
    centres = torch.tensor([[-4, 2.5], [0, 2.5], [4, 2.5], [-4, -2.5], [0, -2.5], [4, -2.5]]) / 6
    signs = torch.tensor([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    d2 = ((at[:, None, :] - centres[None]) ** 2).sum(-1)
    return X.float(), (torch.exp(-d2 / (2 * (1 / 6) ** 2)) @ signs).float()


@dataclass(frozen=True)
class PlaneTarget:
    make: Callable  # (n, noise, *, seed) -> (X (n, 2) float32 in [-1, 1]², y (n,) float32)
    label: dict


PLANE_TARGETS: dict[str, PlaneTarget] = {
    "plane": PlaneTarget(make_plane, {"en": "Plane", "zh": "平面"}),
    "gaussians": PlaneTarget(make_gaussians, {"en": "Mixture of Gaussians", "zh": "高斯混合"}),
}
