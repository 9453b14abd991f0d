"""Why momentum works, on the regression lesson's (w, b) bowl (Goh, "Why Momentum Really Works", Distill 2017).

The mean squared error of a line, L(w, b) = mean((w·x + b − y)²), is a quadratic in (w, b) whose
Hessian H = 2·[[E x², E x], [E x, 1]] depends on x alone: the noise in y moves the optimum, never
the shape of the bowl. With H's eigenvalues λ_min ≤ λ_max and κ = λ_max / λ_min:

- gradient descent w ← w − α∇L multiplies the error along each eigenvector by (1 − αλ), so it
  converges iff 0 < αλ < 2 for every eigenvalue λ (i.e. α·λ_max < 2); the best step
  α* = 2 / (λ_min + λ_max) gives both directions the factor (κ − 1)/(κ + 1) per step;
- heavy-ball momentum z ← βz + ∇L, w ← w − αz (torch.optim.SGD with momentum=β, dampening 0)
  with α = (2 / (√λ_max + √λ_min))² and β = ((√κ − 1)/(√κ + 1))² reaches (√κ − 1)/(√κ + 1).

Everything here is float64 and pure: no global RNG, no UI.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

OPTIMIZERS = ("gd", "momentum")
BLOW_UP = 1e12  # a run stops once its distance to the optimum grows this many times: it has diverged
NOISE = 1e-11  # distances below this share of the start are float noise, left out of a measured rate


def _col(t) -> torch.Tensor:
    return torch.as_tensor(t).detach().reshape(-1).to(torch.float64)


def design(x) -> torch.Tensor:
    """[x, 1] rows: the line's prediction is design(x) @ (w, b)."""
    x = _col(x)
    return torch.stack((x, torch.ones_like(x)), dim=1)


def hessian(x) -> torch.Tensor:
    """H = (2/n)·XᵀX = 2·[[E x², E x], [E x, 1]] (float64): the same at every (w, b)."""
    X = design(x)
    return 2.0 / X.shape[0] * X.T @ X


def condition(x) -> tuple[float, float, float]:
    """(λ_min, λ_max, κ) of the Hessian."""
    lam = torch.linalg.eigvalsh(hessian(x))
    lo, hi = float(lam[0]), float(lam[-1])
    return lo, hi, (hi / lo if lo > 0 else math.inf)


@dataclass(frozen=True)
class Tuning:
    """A step size (and momentum) and the rate per step theory promises for it."""
    lr: float
    momentum: float
    rate: float


def best_gd(x) -> Tuning:
    """α* = 2/(λ_min + λ_max), rate (κ − 1)/(κ + 1)."""
    lo, hi, k = condition(x)
    return Tuning(2.0 / (lo + hi), 0.0, (k - 1) / (k + 1))


def best_momentum(x) -> Tuning:
    """α = (2/(√λ_max + √λ_min))², β = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1)."""
    lo, hi, k = condition(x)
    r = (math.sqrt(k) - 1) / (math.sqrt(k) + 1)
    return Tuning((2.0 / (math.sqrt(hi) + math.sqrt(lo))) ** 2, r * r, r)


def gd_factors(x, lr: float) -> tuple[float, float]:
    """|1 − αλ| along the flat and the steep direction: GD's contraction per step along each."""
    lo, hi, _ = condition(x)
    return abs(1 - lr * lo), abs(1 - lr * hi)


def iteration_rate(eigenvalues, lr: float, momentum: float = 0.0) -> float:
    """The largest |eigenvalue| of the iteration on (error, previous error) over the Hessian's eigenvalues:
    the asymptotic rate per step of GD (momentum 0) or heavy ball for any α, β; above 1 the run diverges."""
    rates = []
    for lam in eigenvalues:
        # along an eigenvector: e_{k+1} = (1 + β − αλ) e_k − β e_{k−1}
        M = torch.tensor([[1 + momentum - lr * lam, -momentum], [1.0, 0.0]], dtype=torch.float64)
        rates.append(float(torch.linalg.eigvals(M).abs().max()))
    return max(rates)


def spectral_rate(x, lr: float, momentum: float = 0.0) -> float:
    return iteration_rate(condition(x)[:2], lr, momentum)


def stable(x, lr: float, momentum: float = 0.0) -> bool:
    """0 < αλ < 2(1 + β) for every eigenvalue λ (with β = 0: plain GD's 0 < αλ < 2)."""
    lo, hi, _ = condition(x)
    return lr > 0 and lr * lo > 0 and lr * hi < 2 * (1 + momentum)


def optimum(x, y) -> tuple[float, float]:
    """The least-squares (w, b), in closed form: the oracle every path is measured against."""
    sol = torch.linalg.lstsq(design(x), _col(y)[:, None], driver="gelsd").solution.reshape(-1)
    return float(sol[0]), float(sol[1])


def loss(x, y, w: float, b: float) -> float:
    x, y = _col(x), _col(y)
    return float(((w * x + b - y) ** 2).mean())


def run(x, y, *, optimizer: str, lr: float, momentum: float = 0.0, steps: int, w0: float, b0: float) -> list[dict]:
    """Descent from (w0, b0) by torch.optim.SGD (momentum=β, dampening 0 for "momentum"; none for "gd").

    One row per state, step 0 first: step, w, b, loss, distance (Euclidean, to the least-squares optimum).
    A run that blows up (distance past ``BLOW_UP`` times its start, or not finite) stops at its last finite
    state, so nothing downstream ever shows a NaN.
    """
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, not {optimizer!r}")
    x, y = _col(x), _col(y)
    w_opt, b_opt = optimum(x, y)
    p = torch.tensor([float(w0), float(b0)], dtype=torch.float64, requires_grad=True)
    beta = float(momentum) if optimizer == "momentum" else 0.0
    opt = torch.optim.SGD([p], lr=float(lr), momentum=beta, dampening=0.0)
    X = torch.stack((x, torch.ones_like(x)), dim=1)
    rows = []
    d0 = None
    for step in range(int(steps) + 1):
        loss_t = ((X @ p - y) ** 2).mean()
        w, b = p.detach().tolist()
        d = math.hypot(w - w_opt, b - b_opt)
        value = float(loss_t.detach())
        if not (math.isfinite(value) and math.isfinite(d)):
            break
        d0 = d if d0 is None else d0
        rows.append({"step": step, "w": w, "b": b, "loss": value, "distance": d})
        if step == int(steps) or d > BLOW_UP * max(d0, 1e-12):
            break
        opt.zero_grad()
        loss_t.backward()
        opt.step()
    return rows


def measured_rate(distances, noise: float = NOISE) -> float:
    """The geometric-mean contraction per step over the second half of the usable window:
    (d_k / d_j)^(1/(k − j)), k the last step whose distance is still above float noise (``noise`` times
    d_0) and j = k // 2. Momentum's error is not monotone step by step, so one ratio of neighbours says
    little; and at its best β both extreme directions are critically damped (a repeated root), so the error
    falls like (a + b·k)·r^k: the first half of the window, where a + b·k still grows, is left out, and what
    remains reads r within a few per cent. nan with fewer than two usable states (a start at the optimum)."""
    d = [float(v) for v in distances]
    if len(d) < 2 or not d[0] > 0:
        return math.nan
    floor = noise * d[0]
    k = max((i for i, v in enumerate(d) if v > floor and math.isfinite(v)), default=0)
    if k == 0:
        return math.nan
    j = k // 2
    return (d[k] / d[j]) ** (1.0 / (k - j))


@dataclass(frozen=True)
class Duel:
    """Plain GD at its best α against heavy ball at its best α and β (each α times ``scale``), from one start."""
    lam_min: float
    lam_max: float
    kappa: float
    optimum: tuple[float, float]
    gd: Tuning
    momentum: Tuning
    scale: float
    paths: dict  # "gd" / "momentum" -> rows of ``run``

    def lr(self, name: str) -> float:
        return getattr(self, name).lr * self.scale

    def beta(self, name: str) -> float:
        return getattr(self, name).momentum

    def measured(self, name: str) -> float:
        return measured_rate([r["distance"] for r in self.paths[name]])

    def predicted(self, name: str) -> float:
        """Theory's rate for the α actually used: the best rate at scale 1, the spectral radius otherwise."""
        return iteration_rate((self.lam_min, self.lam_max), self.lr(name), self.beta(name))

    def stable(self, name: str) -> bool:
        lo, hi = self.lam_min, self.lam_max
        a = self.lr(name)
        return 0 < a * lo and a * hi < 2 * (1 + self.beta(name))

    def diverged(self, name: str) -> bool:
        """Its distance ended above where it began (an unstable α), or the run was cut off as blown up."""
        path = self.paths[name]
        return not self.stable(name) and path[-1]["distance"] > path[0]["distance"]


def duel(x, y, *, steps: int, w0: float, b0: float, scale: float = 1.0) -> Duel:
    """Both runs for this data; ``scale`` multiplies both best step sizes (β stays at its best)."""
    lo, hi, k = condition(x)
    gd, mom = best_gd(x), best_momentum(x)
    paths = {
        "gd": run(x, y, optimizer="gd", lr=gd.lr * scale, steps=steps, w0=w0, b0=b0),
        "momentum": run(x, y, optimizer="momentum", lr=mom.lr * scale, momentum=mom.momentum, steps=steps,
                        w0=w0, b0=b0),
    }
    return Duel(lo, hi, k, optimum(x, y), gd, mom, float(scale), paths)
