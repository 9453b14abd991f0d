"""Tensors as tables: the ways to create one, the operations on one, and the shape rule of each.

A page lists ``CREATORS`` and ``OPS`` and never names an entry. Each entry knows its
arguments (with ranges, so widgets can clamp them), how to call torch, the one line of
PyTorch that does it, and (for operations) the shape rule as a pure function, so that tests
can hold the rule against torch. What torch refuses is returned with torch's own message:
a wrong view size or a mismatched matmul is the lesson, not a crash.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import permutations
from typing import Any, Callable

import numpy as np
import pandas as pd
import torch

from core.data import generator

# Small enough to draw every element as a labelled cell.
SHAPE_MAX = {1: 16, 2: 8, 3: 4}
MAX_TARGET = 24  # largest size a view/reshape target dimension may ask for
DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "int64": torch.int64,
    "int32": torch.int32, "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool,
}
DEVICES = ("cpu", "cuda")
# What torch raises for a bad request; AssertionError is what a CPU-only build raises for .to("cuda").
TORCH_ERRORS = (RuntimeError, IndexError, ValueError, TypeError, AssertionError)


def _bi(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


@dataclass(frozen=True)
class Arg:
    """One argument and how a widget offers it.

    kind: "int", "float", "bool", "shape" (1–3 sizes, each ≤ SHAPE_MAX), "target" (sizes for view/reshape,
    -1 allowed), "other" (the shape of a second tensor B), "perm" (an order of x's dims), "dtype",
    "device", "seed". ``default`` may be a function of x's shape (for "other" and "perm").
    """

    name: str
    kind: str
    default: Any
    lo: float = 0
    hi: float = 0
    step: float = 1
    choices: tuple = ()

    def default_for(self, shape: tuple[int, ...] = ()) -> Any:
        return self.default(tuple(shape)) if callable(self.default) else self.default


def clamp_shape(shape) -> tuple[int, ...]:
    """1–3 sizes, each between 1 and the drawable maximum for that many dims."""
    sizes = [int(s) for s in shape][:3] or [1]
    top = SHAPE_MAX[len(sizes)]
    return tuple(max(1, min(s, top)) for s in sizes)


def _shape_args(shape) -> str:
    return ", ".join(str(int(s)) for s in shape)


def _num(v: float) -> str:
    """A number as code: integral values without a decimal point would change torch's dtype, so keep it."""
    return repr(float(v))


# --- creation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Creator:
    name: str
    about: dict[str, str]
    args: tuple[Arg, ...]
    build: Callable[..., torch.Tensor]  # (**args, generator) -> tensor
    code: Callable[..., str]  # (**args) -> the PyTorch that builds x
    random: bool = False
    note: dict[str, str] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        return {a.name: a.default_for() for a in self.args}


def _counting(rows: int, cols: int, floats: bool) -> list[list]:
    return [[float(r * cols + c + 1) if floats else r * cols + c + 1 for c in range(cols)] for r in range(rows)]


def _dtype_kw(dtype: str, default: str = "float32") -> str:
    return "" if dtype == default else f", dtype=torch.{dtype}"


_SHAPE = Arg("shape", "shape", (2, 3))
_FILL_DTYPES = ("float32", "float64", "int64", "bool")
_SEED = Arg("seed", "seed", 0, 0, 9999)


def _gen_line(seed: int) -> str:
    return f"g = torch.Generator().manual_seed({int(seed)})\n"


CREATORS: dict[str, Creator] = {c.name: c for c in (
    Creator(
        "tensor", _bi("From Python lists: the dtype is inferred from the values (ints give int64, floats float32).",
                      "由 Python 列表创建：数据类型由数值推断（整数得到 int64，小数得到 float32）。"),
        (Arg("rows", "int", 2, 1, 6), Arg("cols", "int", 3, 1, 6), Arg("dtype", "dtype", "int64", choices=("int64", "float32"))),
        lambda rows, cols, dtype, g=None: torch.tensor(_counting(int(rows), int(cols), dtype == "float32")),
        lambda rows, cols, dtype: f"x = torch.tensor({_counting(int(rows), int(cols), dtype == 'float32')})",
    ),
    Creator(
        "arange", _bi("Integers from start up to (not including) end, step apart, like Python's range.",
                      "从 start 到 end（不含 end）、间隔为 step 的整数，与 Python 的 range 相同。"),
        (Arg("start", "int", 0, -8, 8), Arg("end", "int", 12, -8, 16), Arg("step", "int", 1, -4, 4)),
        lambda start, end, step, g=None: torch.arange(int(start), int(end), int(step)),
        lambda start, end, step: f"x = torch.arange({int(start)}, {int(end)}, {int(step)})",
    ),
    Creator(
        "linspace", _bi("steps evenly spaced floats from start to end, both ends included.",
                        "从 start 到 end（两端都包含）等间距的 steps 个浮点数。"),
        (Arg("start", "float", 0.0, -5.0, 5.0, 0.5), Arg("end", "float", 1.0, -5.0, 5.0, 0.5),
         Arg("steps", "int", 5, 1, 16)),
        lambda start, end, steps, g=None: torch.linspace(float(start), float(end), int(steps)),
        lambda start, end, steps: f"x = torch.linspace({_num(start)}, {_num(end)}, {int(steps)})",
    ),
    Creator(
        "zeros", _bi("All zeros, of any shape and dtype.", "全为 0，任意形状和数据类型。"),
        (_SHAPE, Arg("dtype", "dtype", "float32", choices=_FILL_DTYPES)),
        lambda shape, dtype, g=None: torch.zeros(*clamp_shape(shape), dtype=DTYPES[dtype]),
        lambda shape, dtype: f"x = torch.zeros({_shape_args(clamp_shape(shape))}{_dtype_kw(dtype)})",
    ),
    Creator(
        "ones", _bi("All ones, of any shape and dtype.", "全为 1，任意形状和数据类型。"),
        (_SHAPE, Arg("dtype", "dtype", "float32", choices=_FILL_DTYPES)),
        lambda shape, dtype, g=None: torch.ones(*clamp_shape(shape), dtype=DTYPES[dtype]),
        lambda shape, dtype: f"x = torch.ones({_shape_args(clamp_shape(shape))}{_dtype_kw(dtype)})",
    ),
    Creator(
        "eye", _bi("The identity matrix: ones on the diagonal (n rows, m columns).",
                   "单位矩阵：对角线为 1（n 行 m 列）。"),
        (Arg("n", "int", 3, 1, 8), Arg("m", "int", 3, 1, 8)),
        lambda n, m, g=None: torch.eye(int(n), int(m)),
        lambda n, m: f"x = torch.eye({int(n)}, {int(m)})",
    ),
    Creator(
        "empty", _bi("Memory handed over as is, not initialised: whatever bytes were there.",
                     "直接分配内存、不做初始化：里面是内存中原有的任意数据。"),
        (_SHAPE, Arg("dtype", "dtype", "float32", choices=_FILL_DTYPES)),
        lambda shape, dtype, g=None: torch.empty(*clamp_shape(shape), dtype=DTYPES[dtype]),
        lambda shape, dtype: f"x = torch.empty({_shape_args(clamp_shape(shape))}{_dtype_kw(dtype)})",
        note=_bi("Its values are arbitrary and change from run to run: fill it before you read it.",
                 "它的值是任意的，每次运行都可能不同：先赋值再读取。"),
    ),
    Creator(
        "rand", _bi("Uniform random floats in [0, 1).", "[0, 1) 上均匀分布的随机浮点数。"),
        (_SHAPE, _SEED),
        lambda shape, seed, g=None: torch.rand(*clamp_shape(shape), generator=generator(seed)),
        lambda shape, seed: _gen_line(seed) + f"x = torch.rand({_shape_args(clamp_shape(shape))}, generator=g)",
        random=True,
    ),
    Creator(
        "randn", _bi("Standard normal random floats: mean 0, standard deviation 1.",
                     "标准正态分布的随机浮点数：均值 0，标准差 1。"),
        (_SHAPE, _SEED),
        lambda shape, seed, g=None: torch.randn(*clamp_shape(shape), generator=generator(seed)),
        lambda shape, seed: _gen_line(seed) + f"x = torch.randn({_shape_args(clamp_shape(shape))}, generator=g)",
        random=True,
    ),
    Creator(
        "randint", _bi("Random integers from low up to (not including) high.", "从 low 到 high（不含 high）的随机整数。"),
        (Arg("low", "int", 0, -5, 5), Arg("high", "int", 10, -5, 20), _SHAPE, _SEED),
        lambda low, high, shape, seed, g=None: torch.randint(int(low), int(high), clamp_shape(shape),
                                                             generator=generator(seed)),
        lambda low, high, shape, seed: _gen_line(seed)
        + f"x = torch.randint({int(low)}, {int(high)}, {clamp_shape(shape)!r}, generator=g)",
        random=True,
    ),
    Creator(
        "from_numpy", _bi("From a NumPy array, sharing its memory: change one and the other changes too.",
                          "由 NumPy 数组创建，与它共享内存：改动一方，另一方也随之改变。"),
        (Arg("rows", "int", 2, 1, 8), Arg("cols", "int", 3, 1, 8)),
        lambda rows, cols, g=None: torch.from_numpy(np.arange(int(rows) * int(cols), dtype=np.int64).reshape(int(rows), int(cols))),
        lambda rows, cols: f"a = np.arange({int(rows) * int(cols)}).reshape({int(rows)}, {int(cols)})\n"
                           f"x = torch.from_numpy(a)",
    ),
)}


@dataclass(frozen=True)
class Created:
    tensor: torch.Tensor | None
    code: str
    error: str | None = None
    error_type: str | None = None  # e.g. "RuntimeError", for the snippet's except clause

    @property
    def ok(self) -> bool:
        return self.error is None


def create(name: str, **args) -> Created:
    """Build x with creator ``name``; arguments not given take the table's defaults."""
    creator = CREATORS[name]
    full = {**creator.defaults(), **{k: v for k, v in args.items() if k in creator.defaults()}}
    code = creator.code(**full)
    try:
        return Created(creator.build(**full), code)
    except TORCH_ERRORS as e:
        return Created(None, code, str(e), type(e).__name__)


def attributes(x: torch.Tensor) -> dict[str, str]:
    """What the page lists under a tensor: each expression and torch's own answer to it."""
    return {"x.shape": str(x.shape), "x.dim()": str(x.dim()), "x.numel()": str(x.numel()),
            "x.dtype": str(x.dtype), "x.device": str(x.device)}


# --- operations -----------------------------------------------------------------------------


def _norm_dim(d: int, n: int) -> int | None:
    """``d`` as an index into n dims, or None where torch says 'Dimension out of range'."""
    n = max(n, 1)  # torch lets a 0-d tensor take dim 0 or -1
    return d % n if -n <= d < n else None


def _target(shape, numel: int) -> tuple[int, ...] | None:
    shape = [int(s) for s in shape]
    if shape.count(-1) > 1 or any(s < -1 for s in shape):
        return None
    known = math.prod(s for s in shape if s != -1)
    if -1 in shape:
        if known == 0 or numel % known:
            return None
        return tuple(numel // known if s == -1 else s for s in shape)
    return tuple(shape) if known == numel else None


def broadcast_shape(a, b) -> tuple[int, ...] | None:
    """Align from the right; each pair of sizes must be equal or one of them 1."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        da = a[-i] if i <= len(a) else 1
        db = b[-i] if i <= len(b) else 1
        if da != db and 1 not in (da, db):
            return None
        out.append(max(da, db) if 1 in (da, db) else da)
    return tuple(reversed(out))


def matmul_shape(a, b) -> tuple[int, ...] | None:
    """torch.matmul's rule: a 1-d side gets a dim added and removed again; batch dims broadcast."""
    if not a or not b:
        return None
    a2 = (1, *a) if len(a) == 1 else tuple(a)
    b2 = (*b, 1) if len(b) == 1 else tuple(b)
    if a2[-1] != b2[-2]:
        return None
    batch = broadcast_shape(a2[:-2], b2[:-2])
    if batch is None:
        return None
    out = (*batch, a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return out


def _cat_shape(a, b, dim):
    d = _norm_dim(dim, len(a))
    if d is None or len(a) != len(b) or any(x != y for i, (x, y) in enumerate(zip(a, b)) if i != d):
        return None
    return tuple(x + y if i == d else x for i, (x, y) in enumerate(zip(a, b)))


def _stack_shape(a, b, dim):
    d = _norm_dim(dim, len(a) + 1)
    if d is None or tuple(a) != tuple(b):
        return None
    return (*a[:d], 2, *a[d:])


def _transpose_shape(a, dim0, dim1):
    d0, d1 = _norm_dim(dim0, len(a)), _norm_dim(dim1, len(a))
    if d0 is None or d1 is None:
        return None
    out = list(a)
    out[d0], out[d1] = out[d1], out[d0]
    return tuple(out)


def _sum_shape(a, dim, keepdim):
    d = _norm_dim(dim, len(a))
    if d is None:
        return None
    return tuple(1 if i == d else s for i, s in enumerate(a)) if keepdim else tuple(s for i, s in enumerate(a) if i != d)


def _unsqueeze_shape(a, dim):
    d = _norm_dim(dim, len(a) + 1)
    return None if d is None else (*a[:d], 1, *a[d:])


def _scalar(v: float) -> int | float:
    """A whole number stays an int, so ``x.add_(2)`` works on integer tensors and ``x.add_(0.5)`` does not."""
    v = float(v)
    return int(v) if v.is_integer() else v


def other_tensor(shape, dtype: torch.dtype) -> torch.Tensor:
    """The second operand B: 10, 20, 30, ... in the given shape, in x's dtype (tens, so that in a cat or a
    stack B's numbers are told from x's 1, 2, 3 at a glance)."""
    shape = clamp_shape(shape)
    return torch.arange(10, 10 * (math.prod(shape) + 1), 10).reshape(shape).to(dtype)


def _other_code(shape) -> str:
    shape = clamp_shape(shape)
    return f"B = torch.arange(10, {10 * (math.prod(shape) + 1)}, 10).reshape({_shape_args(shape)}).to(x.dtype)\n"


def _same(a):
    return tuple(a)


def _last_first(a):
    return tuple(reversed(range(len(a))))


def _matmul_partner(a):
    return (a[-1], 2) if a else (1,)


_DIM = Arg("dim", "int", 0, -4, 3)
_OTHER_SAME = Arg("other", "other", _same)
_TARGET = Arg("shape", "target", (3, -1), -1, MAX_TARGET)


@dataclass(frozen=True)
class Op:
    name: str
    label: str  # the call as people write it
    about: dict[str, str]
    rule: str  # the shape rule in symbols
    args: tuple[Arg, ...]
    run: Callable[..., torch.Tensor]  # (x, **args) or (x, B, **args) -> y
    code: Callable[..., str]  # (**args) -> the line(s) of PyTorch
    shape: Callable[..., tuple | None] | None = None  # (x.shape[, B.shape], **args) -> y.shape, None if torch refuses
    binary: bool = False  # takes a second tensor B
    inplace: bool = False  # changes x itself

    def defaults(self, shape: tuple[int, ...] = ()) -> dict[str, Any]:
        return {a.name: a.default_for(shape) for a in self.args}


OPS: dict[str, Op] = {o.name: o for o in (
    Op("view", "x.view(*shape)",
       _bi("The same numbers read in a new shape, without copying: the element count must stay the same "
           "(one size may be -1: torch works it out). x must be contiguous.",
           "不复制数据，按新的形状读取同样的数：元素总数必须不变（可以有一个维度写 -1，由 torch 推算）。x 必须是连续存储的。"),
       "(d₀, …, dₙ) → shape,  d₀·…·dₙ = ∏ shape", (_TARGET,),
       lambda x, shape: x.view(*shape), lambda shape: f"y = x.view({_shape_args(shape)})",
       lambda a, shape: _target(shape, math.prod(a))),
    Op("reshape", "x.reshape(*shape)",
       _bi("Like view, but copies when it has to, so it also works where view refuses.",
           "和 view 一样，但必要时会复制数据，所以 view 拒绝的情况它也能处理。"),
       "(d₀, …, dₙ) → shape,  d₀·…·dₙ = ∏ shape", (_TARGET,),
       lambda x, shape: x.reshape(*shape), lambda shape: f"y = x.reshape({_shape_args(shape)})",
       lambda a, shape: _target(shape, math.prod(a))),
    Op("t_view", "x.t().view(*shape)",
       _bi("A transpose only swaps strides, so the result is not contiguous: view can no longer merge its dims. "
           "Compare with the next entry.",
           "转置只交换步长（stride），结果不再连续：view 无法再合并它的维度。与下一项对比。"),
       "(a, b) → (b, a) → shape", (Arg("shape", "target", (-1,), -1, MAX_TARGET),),
       lambda x, shape: x.t().view(*shape), lambda shape: f"y = x.t().view({_shape_args(shape)})"),
    Op("t_reshape", "x.t().reshape(*shape)",
       _bi("reshape copies the transposed numbers into fresh memory when view cannot.",
           "当 view 做不到时，reshape 会把转置后的数据复制到新的内存中。"),
       "(a, b) → (b, a) → shape", (Arg("shape", "target", (-1,), -1, MAX_TARGET),),
       lambda x, shape: x.t().reshape(*shape), lambda shape: f"y = x.t().reshape({_shape_args(shape)})"),
    Op("transpose", "x.transpose(dim0, dim1)",
       _bi("Swaps two dims: for a matrix, rows become columns.", "交换两个维度：对矩阵来说，行变成列。"),
       "(…, a, …, b, …) → (…, b, …, a, …)", (Arg("dim0", "int", 0, -4, 3), Arg("dim1", "int", 1, -4, 3)),
       lambda x, dim0, dim1: x.transpose(dim0, dim1), lambda dim0, dim1: f"y = x.transpose({dim0}, {dim1})",
       _transpose_shape),
    Op("permute", "x.permute(*dims)",
       _bi("Puts every dim in a new order at once: y.shape[i] = x.shape[dims[i]].",
           "一次把所有维度重新排列：y.shape[i] = x.shape[dims[i]]。"),
       "y.shape[i] = x.shape[dims[i]]", (Arg("dims", "perm", _last_first),),
       lambda x, dims: x.permute(*dims), lambda dims: f"y = x.permute({_shape_args(dims)})",
       lambda a, dims: tuple(a[d] for d in dims) if sorted(dims) == list(range(len(a))) else None),
    Op("cat", "torch.cat((x, B), dim)",
       _bi("Joins along an existing dim: every other size must match.", "沿已有的维度拼接：其余维度的大小必须一致。"),
       "(…, a, …) ⊕ (…, b, …) → (…, a + b, …)", (_OTHER_SAME, _DIM),
       lambda x, B, dim: torch.cat((x, B), dim=dim), lambda other, dim: _other_code(other) + f"y = torch.cat((x, B), dim={dim})",
       _cat_shape, binary=True),
    Op("stack", "torch.stack((x, B), dim)",
       _bi("Joins along a new dim: both shapes must be equal.", "沿一个新维度堆叠：两个形状必须完全相同。"),
       "(a, b), (a, b) → (2, a, b) | (a, 2, b) | (a, b, 2)", (_OTHER_SAME, _DIM),
       lambda x, B, dim: torch.stack((x, B), dim=dim),
       lambda other, dim: _other_code(other) + f"y = torch.stack((x, B), dim={dim})", _stack_shape, binary=True),
    Op("matmul", "x @ B",
       _bi("Matrix product: each output is a row of x times a column of B, summed. The inner sizes must match.",
           "矩阵乘法：每个输出是 x 的一行与 B 的一列逐项相乘再求和。相乘的那一维（形状规则中的 b）两边的大小必须相等。"),
       "(a, b) @ (b, c) → (a, c)", (Arg("other", "other", _matmul_partner),),
       lambda x, B: x @ B, lambda other: _other_code(other) + "y = x @ B  # torch.matmul(x, B)",
       lambda a, b: matmul_shape(a, b), binary=True),
    Op("mul", "x * B",
       _bi("Element-wise product, not a matrix product: matching positions are multiplied, after broadcasting.",
           "逐元素相乘，不是矩阵乘法：对应位置相乘（先按广播规则对齐形状）。"),
       "(s) * (s) → (s)", (_OTHER_SAME,),
       lambda x, B: x * B, lambda other: _other_code(other) + "y = x * B  # element-wise",
       lambda a, b: broadcast_shape(a, b), binary=True),
    Op("broadcast", "x + B",
       _bi("Broadcasting: shapes are aligned from the right, and a size 1 (or a missing dim) is stretched to match.",
           "广播：形状从右往左对齐，大小为 1（或缺失）的维度被扩展到与另一方相同。"),
       "(a, b) + (1, b) → (a, b);  (a, 1) + (1, b) → (a, b)",
       (Arg("other", "other", lambda a: (a[-1],) if a else (1,)),),
       lambda x, B: x + B, lambda other: _other_code(other) + "y = x + B  # B is broadcast to x's shape",
       lambda a, b: broadcast_shape(a, b), binary=True),
    Op("add", "x.add(s)",
       _bi("Out of place: a new tensor y; x keeps its values. Its dtype may widen (int + 0.5 gives float).",
           "非原地操作：得到新张量 y，x 保持不变。可能发生类型提升（整数 + 0.5 得到浮点数）。"),
       "(s) → (s)", (Arg("s", "float", 1.0, -10.0, 10.0, 0.5),),
       lambda x, s: x.add(_scalar(s)), lambda s: f"y = x.add({_scalar(s)!r})  # x is unchanged",
       lambda a, s: tuple(a)),
    Op("add_", "x.add_(s)",
       _bi("In place (the trailing _): x itself is changed and returned. Its dtype cannot change, "
           "so adding 0.5 to an integer tensor is refused.",
           "原地操作（名字以 _ 结尾）：直接修改并返回 x 本身。数据类型不能改变，所以整数张量加 0.5 会被拒绝。"),
       "(s) → (s), y is x", (Arg("s", "float", 1.0, -10.0, 10.0, 0.5),),
       lambda x, s: x.add_(_scalar(s)), lambda s: f"y = x.add_({_scalar(s)!r})  # x itself changes; y is x",
       None, inplace=True),
    Op("to_dtype", "x.to(dtype)",
       _bi("A copy in another dtype: floats to ints truncate towards zero; anything non-zero becomes True.",
           "转换为另一种数据类型的副本：浮点转整数时向 0 截断；任何非零值转为 True。"),
       "(s) → (s)", (Arg("dtype", "dtype", "float32", choices=tuple(DTYPES)),),
       lambda x, dtype: x.to(DTYPES[dtype]), lambda dtype: f"y = x.to(torch.{dtype})",
       lambda a, dtype: tuple(a)),
    Op("to_device", "x.to(device)",
       _bi("A copy on another device; tensors in one operation must share a device. "
           "Asking for a GPU where there is none is refused.",
           "复制到另一个设备上；同一运算中的张量必须在同一设备上。没有 GPU 时请求 GPU 会被拒绝。"),
       "(s) → (s)", (Arg("device", "device", "cpu", choices=DEVICES),),
       lambda x, device: x.to(device), lambda device: f'y = x.to("{device}")',
       None),
    Op("sum", "x.sum(dim, keepdim)",
       _bi("Adds along one dim, which disappears (or stays with size 1 when keepdim=True).",
           "沿某个维度求和，这个维度会消失（keepdim=True 时保留为大小 1）。"),
       "(…, a, …) → (…, …)", (_DIM, Arg("keepdim", "bool", False)),
       lambda x, dim, keepdim: x.sum(dim=dim, keepdim=bool(keepdim)),
       lambda dim, keepdim: f"y = x.sum(dim={dim}, keepdim={bool(keepdim)})", _sum_shape),
    Op("unsqueeze", "x.unsqueeze(dim)",
       _bi("Inserts a dim of size 1: the usual way to make shapes line up for broadcasting.",
           "插入一个大小为 1 的维度：为广播对齐形状的常用方法。"),
       "(a, b) → (1, a, b) | (a, 1, b) | (a, b, 1)", (Arg("dim", "int", 0, -4, 3),),
       lambda x, dim: x.unsqueeze(dim), lambda dim: f"y = x.unsqueeze({dim})", _unsqueeze_shape),
)}


@dataclass(frozen=True)
class OpResult:
    x: torch.Tensor  # x as it was
    y: torch.Tensor | None  # the result (None when torch refused)
    code: str
    B: torch.Tensor | None = None
    x_after: torch.Tensor | None = None  # x after an in-place op
    same_storage: bool | None = None  # y shares x's memory (a view)
    error: str | None = None
    error_type: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def resolve(op: Op, shape, args: dict) -> dict[str, Any]:
    """The op's defaults for x's shape overlaid with ``args``, and sizes clamped to what can be drawn."""
    full = {**op.defaults(tuple(shape)), **{k: v for k, v in args.items() if k in {a.name for a in op.args}}}
    for a in op.args:
        if a.kind == "other":
            full[a.name] = clamp_shape(full[a.name])
        elif a.kind == "target":
            full[a.name] = tuple(max(-1, min(int(s), MAX_TARGET)) for s in full[a.name][:4]) or (-1,)
        elif a.kind in ("int", "perm"):
            full[a.name] = tuple(int(d) for d in full[a.name]) if a.kind == "perm" else int(full[a.name])
    return full


def apply(name: str, x: torch.Tensor, **args) -> OpResult:
    """Run operation ``name`` on x (and B when it takes one); never raises for what torch refuses."""
    op = OPS[name]
    full = resolve(op, x.shape, args)
    code = op.code(**full)
    x0 = x.detach().clone()
    work = x0.clone()  # in-place ops change this one, never the caller's tensor
    B = None
    try:
        if op.binary:
            call = {k: v for k, v in full.items() if k != "other"}
            B = other_tensor(full["other"], x.dtype)
            y = op.run(work, B, **call)
        else:
            y = op.run(work, **full)
    except TORCH_ERRORS as e:
        return OpResult(x0, None, code, B=B, error=str(e), error_type=type(e).__name__)
    shared = y.device == work.device and y.untyped_storage().data_ptr() == work.untyped_storage().data_ptr()
    return OpResult(x0, y, code, B=B, x_after=work if op.inplace else None, same_storage=shared)


def predicted_shape(name: str, x_shape, **args) -> tuple[int, ...] | None:
    """The shape rule's answer without running torch (None: torch would refuse)."""
    op = OPS[name]
    if op.shape is None:
        raise ValueError(f"{name} has no shape rule of its own")
    full = resolve(op, x_shape, args)
    if op.binary:
        call = {k: v for k, v in full.items() if k != "other"}
        return op.shape(tuple(x_shape), full["other"], **call)
    return op.shape(tuple(x_shape), **full)


def permutation_choices(ndim: int) -> list[tuple[int, ...]]:
    return list(permutations(range(max(ndim, 1))))


# --- drawing --------------------------------------------------------------------------------


def value_range(*xs: torch.Tensor) -> tuple[float, float] | None:
    """The smallest and largest finite value over tensors, so grids side by side share one colour scale."""
    vals = [x.detach().to("cpu", torch.float64).reshape(-1) for x in xs if x is not None and x.numel()]
    vals = torch.cat(vals) if vals else torch.empty(0)
    vals = vals[torch.isfinite(vals)]
    return (float(vals.min()), float(vals.max())) if vals.numel() else None


def _cell_text(v, dtype: torch.dtype) -> str:
    if dtype == torch.bool:
        return "T" if v else "F"
    if not dtype.is_floating_point:
        return str(int(v))
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    return f"{v:.3g}" if abs(v) >= 1e3 or (v != 0 and abs(v) < 1e-2) else f"{v:.2f}".rstrip("0").rstrip(".") or "0"


def grid_frame(x: torch.Tensor) -> pd.DataFrame:
    """One row per element (panel, row, col, value, text): the last dim across, the one before down,
    any leading dims as separate panels labelled by their index (``[i, :, :]``)."""
    x = x.detach().to("cpu")
    if x.numel() == 0:  # arange(5, 5) is a real tensor with nothing in it
        return pd.DataFrame(columns=["panel", "row", "col", "value", "text"])
    lead = tuple(x.shape[:-2])
    rows_cols = (1, 1) if x.dim() == 0 else (1, x.shape[0]) if x.dim() == 1 else tuple(x.shape[-2:])
    cube = x.reshape(-1, *rows_cols)
    values = cube.to(torch.float64)
    out = []
    for p in range(cube.shape[0]):
        panel = "[" + ", ".join(str(int(i)) for i in np.unravel_index(p, lead)) + ", :, :]" if lead else ""
        for r in range(cube.shape[1]):
            for c in range(cube.shape[2]):
                out.append({"panel": panel, "row": r, "col": c, "value": float(values[p, r, c]),
                            "text": _cell_text(cube[p, r, c].item(), x.dtype)})
    return pd.DataFrame(out, columns=["panel", "row", "col", "value", "text"])
