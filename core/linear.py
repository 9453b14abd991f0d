"""Fitting y = w x + b by least squares: the closed form, the learning rate at which plain
gradient descent stops being stable, the loss surface over (w, b), and a visitor's CSV.

The MSE of a line is a quadratic in (w, b) whose coefficients are five means of the data,
so the optimum, the Hessian and a whole grid of losses come from those means in float64.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

import pandas as pd
import torch


def _flat(t) -> torch.Tensor:
    return torch.as_tensor(t).detach().reshape(-1).to("cpu", torch.float64)


def design(x) -> torch.Tensor:
    """X = [x, 1]: the inputs with a column of ones, so b is a weight like w."""
    x = _flat(x)
    return torch.stack((x, torch.ones_like(x)), dim=1)


def least_squares(x, y) -> tuple[float, float]:
    """The (w, b) that minimise the mean squared error, by the normal equations' stable solver.

    When every x is the same, w is undetermined; the minimum-norm answer is returned.
    """
    sol = torch.linalg.lstsq(design(x), _flat(y)[:, None], driver="gelsd").solution.reshape(-1)
    return float(sol[0]), float(sol[1])


def hessian(x) -> torch.Tensor:
    """The Hessian of the MSE over (w, b): (2/n) XᵀX. It does not depend on y or on where you are."""
    X = design(x)
    return 2.0 / X.shape[0] * X.T @ X


def max_stable_lr(x, momentum: float = 0.0) -> float:
    """2/λ_max: plain gradient descent on a quadratic converges for every start iff lr < this.

    Each step multiplies the error along an eigenvector of the Hessian by (1 − lr·λ); past
    2/λ_max that factor is below −1 along the steepest direction, so the error there grows.
    With heavy-ball momentum β (torch's SGD ``momentum``) the limit widens to 2(1 + β)/λ_max.
    """
    return 2.0 * (1.0 + momentum) / float(torch.linalg.eigvalsh(hessian(x))[-1])


@dataclass(frozen=True)
class Analysis:
    """What the page says about a data set before any training."""

    w: float  # least-squares optimum
    b: float
    loss: float  # the smallest loss any line reaches
    lam_min: float  # eigenvalues of the Hessian
    lam_max: float

    @property
    def bound(self) -> float:
        return 2.0 / self.lam_max

    def bound_with(self, momentum: float) -> float:
        return 2.0 * (1.0 + momentum) / self.lam_max

    def halving_steps(self, lr: float) -> float:
        """Plain GD steps that halve the error along the flattest direction (inf if it never shrinks)."""
        rate = abs(1.0 - lr * self.lam_min)
        return math.log(2) / -math.log(rate) if 0 < rate < 1 else (0.0 if rate == 0 else math.inf)


def analyse(x, y) -> Analysis:
    w, b = least_squares(x, y)
    lam = torch.linalg.eigvalsh(hessian(x))
    return Analysis(w, b, mse(x, y, w, b), float(lam[0]), float(lam[-1]))


@dataclass(frozen=True)
class Moments:
    """The five means that fix the MSE of every line: L(w, b) = E[(w x + b − y)²]."""

    xx: float
    x: float
    xy: float
    y: float
    yy: float

    @classmethod
    def of(cls, x, y) -> "Moments":
        x, y = _flat(x), _flat(y)
        return cls(*(float(v.mean()) for v in (x * x, x, x * y, y, y * y)))

    def loss(self, w, b):
        """Works on floats and on broadcastable tensors alike; never below 0 (rounding can dip under)."""
        value = (self.xx * w * w + 2 * self.x * w * b + b * b - 2 * self.xy * w - 2 * self.y * b + self.yy)
        return value.clamp(min=0.0) if isinstance(value, torch.Tensor) else max(value, 0.0)


def mse(x, y, w: float, b: float) -> float:
    return float(Moments.of(x, y).loss(w, b))


def window(x, y, points=(), *, pad: float = 0.35, min_half: float = 1.0) -> tuple[tuple[float, float], tuple[float, float]]:
    """A (w, b) box around the optimum and the given points, padded, that a live chart keeps fixed."""
    w_opt, b_opt = least_squares(x, y)
    ws = [w_opt] + [p[0] for p in points]
    bs = [b_opt] + [p[1] for p in points]

    def span(vals, centre):
        half = max(max(abs(v - centre) for v in vals) * (1 + pad), min_half)
        return (round(centre - half, 3), round(centre + half, 3))

    return span(ws, w_opt), span(bs, b_opt)


def data_box(x, y, start: tuple[float, float], pad: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
    """An (x, y) box holding the points and the starting line over them; a line wandering further is clipped."""
    x, y = _flat(x), _flat(y)
    x_dom = (float(x.min()), float(x.max()))
    ys = [float(y.min()), float(y.max())] + [start[0] * v + start[1] for v in x_dom]
    span = max(max(ys) - min(ys), 1e-3)
    return x_dom, (min(ys) - pad * span, max(ys) + pad * span)


def loss_grid(x, y, w_range, b_range, resolution: int = 40) -> pd.DataFrame:
    """One row per cell of a resolution² grid over (w, b): centre w, b, its loss and log10 loss.

    The cell's width and height (``dw``, ``db``) come along so a heatmap can draw rectangles.
    """
    res = max(2, min(int(resolution), 120))
    m = Moments.of(x, y)
    (w_lo, w_hi), (b_lo, b_hi) = w_range, b_range
    dw, db = (w_hi - w_lo) / res, (b_hi - b_lo) / res
    w = torch.linspace(w_lo + dw / 2, w_hi - dw / 2, res, dtype=torch.float64)
    b = torch.linspace(b_lo + db / 2, b_hi - db / 2, res, dtype=torch.float64)
    W, B = torch.meshgrid(w, b, indexing="ij")
    L = m.loss(W, B).reshape(-1)
    floor = max(float(L.max()) * 1e-6, 1e-12)  # an exact fit has loss 0, whose log is −∞
    return pd.DataFrame({
        "w": W.reshape(-1).numpy(), "b": B.reshape(-1).numpy(), "loss": L.numpy(),
        "log10_loss": torch.log10(L.clamp(min=floor)).numpy(), "dw": dw, "db": db,
    })


# ---- a visitor's CSV ----------------------------------------------------------------------

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000


@dataclass
class CsvError(ValueError):
    """Why a file was refused: ``code`` names the message (the page translates it), ``params`` fill it."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.params}"


def read_numbers(data: bytes, *, columns: int, columns_code: str, max_bytes: int,
                 max_rows: int) -> tuple[pd.DataFrame, torch.Tensor]:
    """A visitor's file of ``columns`` numeric columns, a header row optional → (its cells as text, its values
    (n, columns) float64), the checks every uploaded table shares. ``df.index[i] + 1`` is row i's line.

    Raises ``CsvError``: too_big, empty, not_text, parse, ``columns_code`` (another number of columns),
    not_numeric, not_finite, too_many_rows, too_few_rows.
    """
    if len(data) > max_bytes:
        raise CsvError("too_big", {"size_kb": math.ceil(len(data) / 1000), "max_kb": max_bytes // 1000})
    if not data.strip():
        raise CsvError("empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("not_text") from None
    if "\x00" in text:
        raise CsvError("not_text")
    first = next((line for line in text.splitlines() if line.strip()), "")
    sep = next((s for s in (",", ";", "\t") if s in first), r"\s+")
    try:
        df = pd.read_csv(io.StringIO(text), header=None, sep=sep, skip_blank_lines=True, nrows=max_rows + 2,
                         dtype=str, skipinitialspace=True, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        raise CsvError("parse") from None
    if df.empty:
        raise CsvError("empty")
    if df.shape[1] != columns:
        raise CsvError(columns_code, {"found": int(df.shape[1])})
    text_cells = df.map(lambda c: _number(c) is None)
    # A first row that is text in every column is a header; text anywhere else is an error.
    if text_cells.iloc[0].all() and (df.iloc[0].str.strip() != "").all():
        text_cells, df = text_cells.iloc[1:], df.iloc[1:]
    if df.empty:
        raise CsvError("empty")
    bad = text_cells.to_numpy()
    if bad.any():
        row, col = next(zip(*bad.nonzero()))
        raise CsvError("not_numeric", {"row": int(df.index[row]) + 1, "value": str(df.iloc[row, col])[:20]})
    values = torch.tensor(df.map(_number).to_numpy(dtype="float64"))
    if not torch.isfinite(values).all():
        row = int((~torch.isfinite(values)).any(dim=1).nonzero()[0])
        raise CsvError("not_finite", {"row": int(df.index[row]) + 1})
    if len(values) > max_rows:
        raise CsvError("too_many_rows", {"max_rows": max_rows})
    if len(values) < 2:
        raise CsvError("too_few_rows")
    return df, values


def read_xy_csv(data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> tuple[torch.Tensor, torch.Tensor]:
    """Two numeric columns, x then y, with or without a header → (x (n,1), y (n,1)) float32.

    Raises ``CsvError`` with one of the codes: too_big, empty, not_text, parse, columns,
    not_numeric, not_finite, too_many_rows, too_few_rows, constant_x, too_large_values.
    """
    _, values = read_numbers(data, columns=2, columns_code="columns", max_bytes=max_bytes, max_rows=max_rows)
    if values.abs().max() > 1e6:
        raise CsvError("too_large_values")
    if float(values[:, 0].max() - values[:, 0].min()) == 0.0:
        raise CsvError("constant_x")
    return values[:, :1].float(), values[:, 1:].float()


def _number(cell) -> float | None:
    """float() of a cell: None for text or an empty cell, but nan and inf come through as such."""
    if not isinstance(cell, str):
        return None
    try:
        return float(cell.strip())
    except ValueError:
        return None
