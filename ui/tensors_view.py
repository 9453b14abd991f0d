"""The tensors page's URL table, generated from core.tensors' tables, and the tables a visitor can download.

Every argument of every creator and operation gets a URL parameter named ``<entry>_<arg>``, so a
new entry in CREATORS or OPS needs no change here. Shapes travel as ``2,3,4``. An operation's
second operand and dim order default to what suits x (x's own shape, its dims reversed), so
their parameters hold None until someone picks something else.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from core import tensors as T
from ui.page import View
from ui.urlstate import Bad, Choice, Flag, Number, Param

SHAPE_DIMS = (1, 2, 3)
TARGET_DIMS = (1, 2, 3, 4)


def shape_top(n: int) -> int:
    return T.SHAPE_MAX[n]


def target_top(n: int) -> int:
    return T.MAX_TARGET


@dataclass(frozen=True)
class Sizes:
    """A shape as ``2,3,4``: as many sizes as ``dims`` allows, each clamped to [lo, top(how many)]."""

    dims: Sequence[int]
    lo: int
    top: Callable[[int], int]

    def parse(self, raw: str):
        parts = raw.split(",")
        if len(parts) not in self.dims:
            raise Bad(raw)
        one = Number(self.lo, self.top(len(parts)), 1, integer=True)
        read = [one.parse(p) for p in parts]
        return tuple(v for v, _ in read), all(ok for _, ok in read)

    def text(self, value) -> str:
        return ",".join(str(int(v)) for v in value)


@dataclass(frozen=True)
class Order:
    """A permutation of a tensor's dims as ``2,0,1``."""

    most: int

    def parse(self, raw: str):
        try:
            dims = tuple(int(p) for p in raw.split(","))
        except ValueError:
            raise Bad(raw) from None
        if not 1 <= len(dims) <= self.most or sorted(dims) != list(range(len(dims))):
            raise Bad(raw)
        return dims, True

    def text(self, value) -> str:
        return ",".join(str(int(v)) for v in value)


def _param(entry: str, prefix: str, arg: T.Arg) -> Param:
    name, key = f"{entry}_{arg.name}", f"{prefix}_{entry}_{arg.name}"
    if arg.kind in ("int", "seed"):
        return Param(name, key, Number(int(arg.lo), int(arg.hi), 1, integer=True), int(arg.default))
    if arg.kind == "float":
        return Param(name, key, Number(float(arg.lo), float(arg.hi), float(arg.step), snap=False), float(arg.default))
    if arg.kind == "bool":
        return Param(name, key, Flag(), bool(arg.default))
    if arg.kind in ("dtype", "device"):
        return Param(name, key, Choice(arg.choices), arg.default)
    if arg.kind == "shape":
        return Param(name, key, Sizes(SHAPE_DIMS, 1, shape_top), tuple(arg.default))
    if arg.kind == "target":
        return Param(name, key, Sizes(TARGET_DIMS, -1, target_top), tuple(arg.default))
    if arg.kind == "other":  # None: x's own shape, or what the operation's table derives from it
        return Param(name, key, Sizes(SHAPE_DIMS, 1, shape_top), None)
    if arg.kind == "perm":
        return Param(name, key, Order(max(SHAPE_DIMS)), None)
    raise ValueError(f"no URL kind for argument kind {arg.kind!r}")


CREATOR_PARAMS = {c: [_param(c, "tc", a) for a in spec.args] for c, spec in T.CREATORS.items()}
OP_PARAMS = {o: [_param(o, "to", a) for a in spec.args] for o, spec in T.OPS.items()}
URL = [
    Param("make", "tc_name", Choice(list(T.CREATORS)), "tensor"),
    Param("op", "to_name", Choice(list(T.OPS)), "view"),
    *[p for ps in CREATOR_PARAMS.values() for p in ps],
    *[p for ps in OP_PARAMS.values() for p in ps],
]


def publish(view: View, creator: str, op: str) -> None:
    """Mirror only the chosen creator's and operation's arguments: another entry's would stay in the link
    long after it was left (its widget's state is dropped, then seeded again from the link)."""
    keep = {"tc_name", "to_name"} | {p.key for p in CREATOR_PARAMS[creator] + OP_PARAMS[op]}
    view.publish(only=[p for p in view.params if p.key in keep])


def tensor_table(x: torch.Tensor) -> pd.DataFrame:
    """One row per element: its index along each dim (``dim0``, ``dim1``, …) and its value."""
    x = x.detach().to("cpu")
    flat = x.reshape(-1)
    values = flat.to(torch.int64) if x.dtype == torch.bool else flat
    index = np.indices(tuple(x.shape)).reshape(x.dim(), -1) if x.dim() else np.zeros((0, flat.numel()), dtype=int)
    table = {f"dim{d}": index[d] for d in range(x.dim())}
    table["value"] = values.numpy() if x.dtype != torch.float16 else values.float().numpy()
    return pd.DataFrame(table)
