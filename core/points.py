"""A visitor's own points for the playground: a CSV of x1, x2, label read and checked, and a point added by a click.

Pure torch + pandas. A refusal is a ``core.linear.CsvError`` whose ``code`` names the message the page
translates (the regression lesson's codes, plus the label's own), so a bad file never reaches a trainer.
"""
from __future__ import annotations

import math

import torch

from core.linear import CsvError, read_numbers

MAX_BYTES = 300_000
MAX_ROWS = 2_000  # every point is in every training step: a frame's work stays that of the generated sets
MAX_CLASSES = 6
MAX_ABS = 1e3  # coordinates and targets; the plane's features (x², sin x) need no more
TASKS = ("classify", "regress")


def read_points_csv(data: bytes, task: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
                    max_classes: int = MAX_CLASSES) -> tuple[torch.Tensor, torch.Tensor]:
    """Three numeric columns x1, x2, label (a header row optional) -> (X (n, 2) float32, y).

    ``task`` "classify": y int64 class indices 0..max_classes-1, at least two classes present.
    ``task`` "regress": y (n,) float32, any finite number.
    Raises ``CsvError``: too_big, empty, not_text, parse, columns3, not_numeric, not_finite, too_many_rows,
    too_few_rows, too_large_values, label_not_class, too_many_classes, one_class.
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")
    df, values = read_numbers(data, columns=3, columns_code="columns3", max_bytes=max_bytes, max_rows=max_rows)
    if values.abs().max() > MAX_ABS:
        raise CsvError("too_large_values", {"max": f"{MAX_ABS:g}"})
    X, label = values[:, :2].float(), values[:, 2]
    if task == "regress":
        return X, label.float()
    whole = (label == label.round()) & (label >= 0)
    if not whole.all():
        row = int((~whole).nonzero()[0])
        raise CsvError("label_not_class", {"row": int(df.index[row]) + 1, "value": str(df.iloc[row, 2])[:20]})
    y = label.long()
    if int(y.max()) >= max_classes:
        raise CsvError("too_many_classes", {"max": max_classes - 1})
    if len(y.unique()) < 2:
        raise CsvError("one_class")
    return X, y


def with_point(X: torch.Tensor, y: torch.Tensor, x1: float, x2: float, label, *, max_points: int = MAX_ROWS):
    """(X, y) with one more point at (x1, x2): a click on the plane. None when it would pass ``max_points``
    or the click is not a finite point. ``label`` is a class index (y int64) or a target (y float)."""
    if len(y) >= max_points or not (math.isfinite(x1) and math.isfinite(x2)):
        return None
    point = torch.tensor([[float(x1), float(x2)]], dtype=X.dtype)
    value = torch.tensor([label], dtype=y.dtype)
    return torch.cat([X, point]), torch.cat([y, value])
