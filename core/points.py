"""A visitor's own points for the playground: a CSV of x1, x2, label read and checked, and a point added by a click.

Pure torch + pandas. A refusal is a ``core.linear.CsvError`` whose ``code`` names the message the page
translates (the regression lesson's codes, plus the label's own), so a bad file never reaches a trainer.
"""
from __future__ import annotations

import csv
import io
import math

import pandas as pd
import torch

from core.linear import CsvError

MAX_BYTES = 300_000
MAX_ROWS = 2_000  # every point is in every training step: a frame's work stays that of the generated sets
MAX_CLASSES = 6
MAX_ABS = 1e3  # coordinates and targets; the plane's features (x², sin x) need no more
TASKS = ("classify", "regress")


def _number(cell) -> float | None:
    """float() of a cell: None for text or an empty cell; nan and inf come through as such."""
    if not isinstance(cell, str):
        return None
    try:
        return float(cell.strip())
    except ValueError:
        return None


def _table(data: bytes, max_bytes: int, max_rows: int) -> pd.DataFrame:
    """The file's cells as text, three columns, the header row (text in every column) dropped."""
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
    if df.shape[1] != 3:
        raise CsvError("columns3", {"found": int(df.shape[1])})
    text_cells = df.map(lambda c: _number(c) is None)
    if text_cells.iloc[0].all() and (df.iloc[0].str.strip() != "").all():
        df = df.iloc[1:]
        text_cells = text_cells.iloc[1:]
    if df.empty:
        raise CsvError("empty")
    bad = text_cells.to_numpy()
    if bad.any():
        row, col = next(zip(*bad.nonzero()))
        raise CsvError("not_numeric", {"row": int(df.index[row]) + 1, "value": str(df.iloc[row, col])[:20]})
    return df


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
    df = _table(data, max_bytes, max_rows)
    values = torch.tensor(df.map(_number).to_numpy(dtype="float64"))
    if not torch.isfinite(values).all():
        row = int((~torch.isfinite(values)).any(dim=1).nonzero()[0])
        raise CsvError("not_finite", {"row": int(df.index[row]) + 1})
    if len(values) > max_rows:
        raise CsvError("too_many_rows", {"max_rows": max_rows})
    if len(values) < 2:
        raise CsvError("too_few_rows")
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
