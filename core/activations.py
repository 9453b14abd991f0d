"""The activation table: each function, its hand-written derivative, and what to say about it.

Activations are data (as in TensorFlow Playground's ``{output, der}``): a page lists
``ACTIVATIONS`` and never names one. ``grad`` is the closed form written by hand, so that
``curve()``'s autograd derivative can prove it; at a kink ``grad`` follows the value torch's
autograd picks, so the two agree on every grid point.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import torch
from torch import nn


# Klambauer et al. (2017): the fixed point that makes SELU self-normalising.
SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)

PARAM_SYMBOLS = {"alpha": r"\alpha", "beta": r"\beta"}  # LaTeX for a parameter's slider label


def _bi(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


@dataclass(frozen=True)
class Activation:
    name: str
    label: str  # the name people write, e.g. "Leaky ReLU"
    fn: Callable[..., torch.Tensor]
    grad: Callable[..., torch.Tensor]
    module: Callable[..., nn.Module]  # params -> the matching torch.nn module
    formula: str  # LaTeX of f(x)
    derivative: str  # LaTeX of f'(x)
    output_range: str  # LaTeX
    zero_centred: bool  # odd function: outputs balanced around 0
    saturating: bool  # bounded on both sides, so f' -> 0 for large |x|
    use_for: dict[str, str]
    pros: dict[str, str]
    cons: dict[str, str]
    params: dict[str, float] = field(default_factory=dict)  # defaults
    ranges: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # param -> (min, max, step)
    kinks: tuple[float, ...] = ()  # where f' jumps (autograd and grad agree there only by convention)

    def resolve(self, **params) -> dict[str, float]:
        """Defaults overlaid with ``params``; an unknown parameter is a TypeError naming the known ones."""
        unknown = set(params) - set(self.params)
        if unknown:
            raise TypeError(f"{self.name} takes {sorted(self.params) or 'no parameters'}, not {sorted(unknown)}")
        return {**self.params, **{k: float(v) for k, v in params.items()}}


class _Table(dict):
    def __missing__(self, key):
        raise KeyError(f"unknown activation {key!r}; known: {', '.join(self)}")


def _sigmoid(x):
    return torch.sigmoid(x)


def _sigmoid_grad(x):
    s = torch.sigmoid(x)
    return s * (1 - s)


def _tanh(x):
    return torch.tanh(x)


def _tanh_grad(x):
    return 1 - torch.tanh(x) ** 2


def _relu(x):
    return torch.relu(x)


def _relu_grad(x):
    return (x > 0).to(x.dtype)


def _leaky(x, alpha=0.01):
    return torch.where(x > 0, x, alpha * x)


def _leaky_grad(x, alpha=0.01):
    return torch.where(x > 0, torch.ones_like(x), torch.full_like(x, alpha))


def _elu(x, alpha=1.0):
    # the clamp keeps exp() of the unused branch finite, so autograd never multiplies 0 by inf
    return torch.where(x > 0, x, alpha * torch.expm1(x.clamp(max=0)))


def _elu_grad(x, alpha=1.0):
    return torch.where(x > 0, torch.ones_like(x), alpha * torch.exp(x.clamp(max=0)))


def _gelu(x):
    return 0.5 * x * (1 + torch.erf(x / _SQRT2))


def _gelu_grad(x):
    return 0.5 * (1 + torch.erf(x / _SQRT2)) + x * _INV_SQRT_2PI * torch.exp(-0.5 * x * x)


def _silu(x):
    return x * torch.sigmoid(x)


def _silu_grad(x):
    s = torch.sigmoid(x)
    return s * (1 + x * (1 - s))


def _softplus(x, beta=1.0):
    # logaddexp(βx, 0) = log(1 + e^{βx}) without overflow
    return torch.logaddexp(beta * x, torch.zeros_like(x)) / beta


def _softplus_grad(x, beta=1.0):
    return torch.sigmoid(beta * x)


def _identity(x):
    return x.clone()


def _identity_grad(x):
    return torch.ones_like(x)


def _mish(x):
    return x * torch.tanh(_softplus(x))


def _mish_grad(x):
    t = torch.tanh(_softplus(x))
    return t + x * (1 - t * t) * torch.sigmoid(x)


def _softsign(x):
    return x / (1 + x.abs())


def _softsign_grad(x):
    return 1 / (1 + x.abs()) ** 2


def _hardtanh(x):
    return nn.functional.hardtanh(x)


def _hardtanh_grad(x):
    # nn.Hardtanh passes the gradient strictly inside (-1, 1): 0 at the ends, where x.clamp would pass it
    return ((x > -1) & (x < 1)).to(x.dtype)


def _relu6(x):
    return nn.functional.relu6(x)


def _relu6_grad(x):
    # as nn.ReLU6: 0 at x = 0 and x = 6 (x.clamp(0, 6) would say 1 there; the backprop lesson uses the module)
    return ((x > 0) & (x < 6)).to(x.dtype)


def _selu(x):
    return SELU_LAMBDA * _elu(x, SELU_ALPHA)


def _selu_grad(x):
    return SELU_LAMBDA * _elu_grad(x, SELU_ALPHA)


_ENTRIES = (
    Activation(
        "sigmoid", "Sigmoid", _sigmoid, _sigmoid_grad, lambda: nn.Sigmoid(),
        r"\sigma(x) = \frac{1}{1 + e^{-x}}", r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr) \le 0.25",
        r"(0,\ 1)", False, True,
        _bi("The output of a binary classifier: a probability in (0, 1).",
            "二分类的输出层：把输出变成 (0, 1) 之间的概率。"),
        _bi("Smooth; reads as a probability.", "光滑；输出可以直接理解为概率。"),
        _bi("Slope at most 0.25, almost 0 beyond |x| ≈ 6: gradients vanish through a few layers; not zero-centred.",
            "斜率最大只有 0.25，|x| 超过约 6 后几乎为 0：经过几层梯度就会消失；输出不以 0 为中心。"),
    ),
    Activation(
        "tanh", "Tanh", _tanh, _tanh_grad, lambda: nn.Tanh(),
        r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\,\sigma(2x) - 1", r"\tanh'(x) = 1 - \tanh^2(x) \le 1",
        r"(-1,\ 1)", True, True,
        _bi("Hidden layers of small or recurrent networks (RNN, LSTM); outputs that must lie in (−1, 1).",
            "小型网络或循环网络（RNN、LSTM）的隐藏层；需要输出落在 (−1, 1) 的场合。"),
        _bi("Zero-centred; slope 1 at the origin, four times sigmoid's.", "以 0 为中心；原点处斜率为 1，是 sigmoid 的 4 倍。"),
        _bi("Still saturates for |x| beyond about 3: gradients vanish in deep stacks.",
            "|x| 超过约 3 仍会饱和：层数多时梯度依然会消失。"),
    ),
    Activation(
        "relu", "ReLU", _relu, _relu_grad, lambda: nn.ReLU(),
        r"\mathrm{ReLU}(x) = \max(0,\ x)", r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        r"[0,\ \infty)", False, False,
        _bi("The default for hidden layers: try it first.", "隐藏层的默认选择：不妨先用它。"),
        _bi("Slope exactly 1 for x > 0, so gradients pass undiminished; cheap to compute.",
            "x > 0 时斜率恒为 1，梯度原样传递；计算开销小。"),
        _bi("Slope 0 for x < 0: a unit whose inputs stay negative stops learning for good (a \"dead ReLU\").",
            "x < 0 时斜率为 0：输入一直为负的神经元从此不再学习（即“神经元死亡”）。"),
        kinks=(0.0,),
    ),
    Activation(
        "leaky_relu", "Leaky ReLU", _leaky, _leaky_grad, lambda alpha=0.01: nn.LeakyReLU(alpha),
        r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}",
        r"(-\infty,\ \infty)", False, False,
        _bi("Hidden layers, when too many ReLUs die.", "隐藏层：ReLU 网络中死亡神经元过多时用它替代。"),
        _bi("A small slope α for x < 0 keeps every unit learning.", "x < 0 时保留小斜率 α，每个神经元都能继续学习。"),
        _bi("One more hyperparameter α; gains over ReLU are often small.", "多了一个超参数 α；相比 ReLU 的提升往往不大。"),
        params={"alpha": 0.01}, ranges={"alpha": (0.0, 0.5, 0.01)}, kinks=(0.0,),
    ),
    Activation(
        "elu", "ELU", _elu, _elu_grad, lambda alpha=1.0: nn.ELU(alpha),
        r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} = f(x) + \alpha & x \le 0 \end{cases}",
        r"(-\alpha,\ \infty)", False, False,
        _bi("Hidden layers, as a smoother ReLU with mean outputs nearer zero.",
            "隐藏层：更平滑的 ReLU，输出均值更接近 0。"),
        _bi("No dead units; negative outputs pull the mean activation towards 0.",
            "没有死亡神经元；负的输出把平均激活值拉向 0。"),
        _bi("exp() costs more than max(); saturates at −α for very negative x.",
            "exp() 的计算开销比 max() 大；x 取很大的负值时饱和于 −α。"),
        params={"alpha": 1.0}, ranges={"alpha": (0.1, 3.0, 0.1)}, kinks=(0.0,),
    ),
    Activation(
        "gelu", "GELU", _gelu, _gelu_grad, lambda: nn.GELU(),
        r"\mathrm{GELU}(x) = x\,\Phi(x) = \tfrac{x}{2}\Bigl(1 + \mathrm{erf}\bigl(\tfrac{x}{\sqrt 2}\bigr)\Bigr)",
        r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x),\quad \varphi(x) = \tfrac{1}{\sqrt{2\pi}} e^{-x^2/2}",
        r"[\approx -0.17,\ \infty)", False, False,
        _bi("Transformers (BERT, GPT) and other large modern networks.", "Transformer（BERT、GPT）等大型现代网络。"),
        _bi("Smooth everywhere; weights an input by how likely it is to be positive.",
            "处处光滑；按输入为正的概率给它加权。"),
        _bi("Costs more than ReLU; dips slightly below 0 (not monotonic).", "计算开销比 ReLU 大；在负半轴略低于 0（不单调）。"),
    ),
    Activation(
        "silu", "SiLU (Swish)", _silu, _silu_grad, lambda: nn.SiLU(),
        r"\mathrm{SiLU}(x) = x\,\sigma(x)", r"\mathrm{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        r"[\approx -0.28,\ \infty)", False, False,
        _bi("Deep convolutional networks (EfficientNet) and LLM feed-forward blocks.",
            "深层卷积网络（EfficientNet）和大语言模型的前馈层。"),
        _bi("Smooth, self-gated, often a little better than ReLU in deep nets.",
            "光滑、自门控，在深层网络中常比 ReLU 略好。"),
        _bi("Costs a sigmoid per unit; not monotonic.", "每个神经元多算一次 sigmoid；不单调。"),
    ),
    Activation(
        "softplus", "Softplus", _softplus, _softplus_grad, lambda beta=1.0: nn.Softplus(beta),
        r"f(x) = \tfrac{1}{\beta}\,\ln\bigl(1 + e^{\beta x}\bigr)", r"f'(x) = \sigma(\beta x)",
        r"(0,\ \infty)", False, False,
        _bi("Outputs that must be positive, such as a standard deviation or a rate.",
            "必须为正的输出，例如标准差或速率。"),
        _bi("A smooth ReLU; its derivative is exactly the sigmoid.", "平滑版的 ReLU；导数正好是 sigmoid。"),
        _bi("Slower than ReLU, and its gradient still fades for very negative x.",
            "比 ReLU 慢；x 取很大的负值时梯度仍会衰减。"),
        params={"beta": 1.0}, ranges={"beta": (0.2, 10.0, 0.1)},
    ),
    Activation(
        "identity", "Identity", _identity, _identity_grad, lambda: nn.Identity(),
        r"f(x) = x", r"f'(x) = 1", r"(-\infty,\ \infty)", True, False,
        _bi("The output layer of a regression: predict any real number.", "回归问题的输出层：预测任意实数。"),
        _bi("Gradient 1 everywhere.", "梯度处处为 1。"),
        _bi("In hidden layers the whole network collapses into one linear map.",
            "用在隐藏层时，整个网络退化为一个线性映射。"),
    ),
    Activation(
        "mish", "Mish", _mish, _mish_grad, lambda: nn.Mish(),
        r"\mathrm{Mish}(x) = x\,\tanh\bigl(\mathrm{softplus}(x)\bigr)",
        r"\mathrm{Mish}'(x) = \tanh(s) + x\,\bigl(1 - \tanh^2(s)\bigr)\,\sigma(x),\quad s = \mathrm{softplus}(x)",
        r"[\approx -0.31,\ \infty)", False, False,
        _bi("Object detectors such as YOLOv4; a drop-in for ReLU or SiLU.", "YOLOv4 等目标检测网络；可直接替换 ReLU 或 SiLU。"),
        _bi("Smooth and non-monotonic like SiLU, with a slightly deeper negative dip.",
            "与 SiLU 一样光滑且不单调，负半轴的凹陷略深。"),
        _bi("The most expensive here: tanh, exp and log per unit.", "这里计算开销最大的一个：每个神经元要算 tanh、exp 和 log。"),
    ),
    Activation(
        "softsign", "Softsign", _softsign, _softsign_grad, lambda: nn.Softsign(),
        r"f(x) = \frac{x}{1 + |x|}", r"f'(x) = \frac{1}{(1 + |x|)^2}", r"(-1,\ 1)", True, True,
        _bi("A cheaper tanh-like squashing function.", "计算开销比 tanh 小的同类压缩函数。"),
        _bi("Zero-centred; approaches ±1 polynomially, so saturates more gently than tanh.",
            "以 0 为中心；以多项式速度趋近 ±1，饱和比 tanh 平缓。"),
        _bi("Still bounded, so gradients still fade for large |x|; rarely used today.",
            "仍有上下界，|x| 大时梯度依然衰减；如今很少使用。"),
    ),
    Activation(
        "hardtanh", "Hardtanh", _hardtanh, _hardtanh_grad, lambda: nn.Hardtanh(),
        r"f(x) = \max\bigl(-1,\ \min(1,\ x)\bigr)",
        r"f'(x) = \begin{cases} 1 & -1 < x < 1 \\ 0 & \text{otherwise} \end{cases}",
        r"[-1,\ 1]", True, True,
        _bi("Cheap tanh substitute on small devices; clipping values to [−1, 1].",
            "在小型设备上以较小的计算开销代替 tanh；把数值裁剪到 [−1, 1]。"),
        _bi("As cheap as ReLU; zero-centred.", "计算开销和 ReLU 一样小；以 0 为中心。"),
        _bi("Slope exactly 0 outside [−1, 1]: saturated units get no gradient at all.",
            "[−1, 1] 之外斜率恰为 0：饱和的神经元完全得不到梯度。"),
        kinks=(-1.0, 1.0),
    ),
    Activation(
        "relu6", "ReLU6", _relu6, _relu6_grad, lambda: nn.ReLU6(),
        r"f(x) = \min\bigl(\max(0,\ x),\ 6\bigr)",
        r"f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
        r"[0,\ 6]", False, True,
        _bi("Mobile networks (MobileNet), where low-precision arithmetic needs bounded values.",
            "移动端网络（MobileNet）：低精度计算需要有界的数值。"),
        _bi("Bounded output keeps 8-bit quantisation accurate.", "输出有界，8 位量化时精度不易损失。"),
        _bi("Dead below 0 like ReLU, and no gradient above 6.", "x < 0 时梯度为 0（与 ReLU 一样可能出现神经元死亡），x > 6 时梯度也为 0。"),
        kinks=(0.0, 6.0),
    ),
    Activation(
        "selu", "SELU", _selu, _selu_grad, lambda: nn.SELU(),
        r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},\quad "
        r"\lambda \approx 1.0507,\ \alpha \approx 1.6733",
        r"f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
        r"(-\lambda\alpha,\ \infty) \approx (-1.76,\ \infty)", False, False,
        _bi("Deep plain feed-forward networks with LeCun-normal initialisation (self-normalising).",
            "配合 LeCun 正态初始化的深层全连接网络（自归一化）。"),
        _bi("Its λ and α keep activations near mean 0, variance 1 layer after layer.",
            "精心选择的 λ 和 α 让每层激活值保持均值约 0、方差约 1。"),
        _bi("Only self-normalises with the right initialisation and no dropout of the usual kind.",
            "只有配合正确的初始化、且不用普通 dropout 时才能自归一化。"),
        kinks=(0.0,),
    ),
)

ACTIVATIONS: dict[str, Activation] = _Table((a.name, a) for a in _ENTRIES)


def as_module(name: str, **params) -> nn.Module:
    """The torch.nn module for an activation, for use inside ``nn.Sequential``."""
    act = ACTIVATIONS[name]
    return act.module(**act.resolve(**params))


def _as_tensor(x) -> torch.Tensor:
    x = torch.as_tensor(x)
    return x if x.is_floating_point() else x.to(torch.get_default_dtype())


def _f64(v) -> torch.Tensor:
    """A float64 copy of a tensor, array or list (a copy: pandas hands out read-only arrays)."""
    return v.detach().to(torch.float64) if isinstance(v, torch.Tensor) else torch.tensor(np.array(v, dtype=np.float64))


def curve(name: str, x, **params) -> tuple[torch.Tensor, torch.Tensor]:
    """``(f(x), f'(x))`` with the derivative from autograd: the oracle ``grad`` is held against."""
    act = ACTIVATIONS[name]
    p = act.resolve(**params)
    x = _as_tensor(x).detach().clone().requires_grad_(True)
    y = act.fn(x, **p)
    (dy,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), dy


def closed_grad(name: str, x, **params) -> torch.Tensor:
    """The hand-written derivative, with defaults filled in."""
    act = ACTIVATIONS[name]
    return act.grad(_as_tensor(x), **act.resolve(**params))


def probe(name: str, x0: float, **params) -> tuple[float, float]:
    """f(x0) and f'(x0), in double precision."""
    y, dy = curve(name, torch.tensor([float(x0)], dtype=torch.float64), **params)
    return float(y[0]), float(dy[0])


def curves_frame(names, x_min: float, x_max: float, n: int = 401, params: dict | None = None) -> pd.DataFrame:
    """Tidy rows (activation, x, y, dy_autograd, dy_closed) for every name on one grid.

    ``params`` maps an activation name to its parameters; computed in float64 so the gap
    between the two derivatives is the formula's error, not float32 rounding.
    """
    lo, hi = sorted((float(x_min), float(x_max)))
    x = torch.linspace(lo, hi, int(n), dtype=torch.float64)
    ys, dys, closed = [], [], []
    for name in names:
        p = (params or {}).get(name, {})
        y, dy = curve(name, x, **p)
        ys.append(y), dys.append(dy), closed.append(closed_grad(name, x, **p))
    # one frame built once: a DataFrame per activation costs more than computing the curves
    k = len(ys)
    cat = (lambda ts: torch.cat(ts).numpy()) if k else (lambda ts: np.zeros(0))
    return pd.DataFrame({
        "activation": np.repeat(np.array(list(names), dtype=object), x.numel()), "x": np.tile(x.numpy(), k),
        "y": cat(ys), "dy_autograd": cat(dys), "dy_closed": cat(closed),
    })


def probes(names, x0: float, params: dict | None = None, half_width: float = 1.0,
           bounds: tuple[float, float] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """At x0, per name: the point (activation, x, y, dy_autograd, dy_closed) and its tangent segment
    (activation, x, y) over [x0 − half_width, x0 + half_width], cut to ``bounds`` when given."""
    lo, hi = bounds if bounds is not None else (-math.inf, math.inf)
    ends = (max(x0 - half_width, lo), min(x0 + half_width, hi))
    points, tangents = [], []
    for name in names:
        p = (params or {}).get(name, {})
        y0, d0 = probe(name, x0, **p)
        closed = float(closed_grad(name, torch.tensor([float(x0)], dtype=torch.float64), **p)[0])
        points.append({"activation": name, "x": float(x0), "y": y0, "dy_autograd": d0, "dy_closed": closed})
        for x in ends:
            tangents.append({"activation": name, "x": x, "y": y0 + d0 * (x - x0)})
    cols = ["activation", "x", "y"]
    return (pd.DataFrame(points, columns=cols + ["dy_autograd", "dy_closed"]), pd.DataFrame(tangents, columns=cols))


def saturation_frame(curves: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """``saturation_regions`` of every activation in a ``curves_frame``: rows (activation, start, end)."""
    x, dy = curves["x"].to_numpy(), curves["dy_closed"].to_numpy()
    rows = [
        (name, a, b)
        for name, idx in curves.groupby("activation", sort=False).indices.items()
        for a, b in saturation_regions(x[idx], dy[idx], threshold)
    ]
    return pd.DataFrame(rows, columns=["activation", "start", "end"])


def saturation_regions(x, dy, threshold: float) -> list[tuple[float, float]]:
    """Maximal runs of the grid where |f'| < threshold, as (start, end) in x."""
    x = _f64(x)
    low = (_f64(dy).abs() < threshold).to(torch.int8)
    edge = torch.diff(low, prepend=low.new_zeros(1), append=low.new_zeros(1))
    starts, ends = torch.nonzero(edge == 1).flatten(), torch.nonzero(edge == -1).flatten() - 1
    return [(float(x[a]), float(x[b])) for a, b in zip(starts.tolist(), ends.tolist())]


def gradient_through_depth(names, depth: int, scale: float = 1.0, *, n_quantiles: int = 4000,
                           params: dict | None = None) -> pd.DataFrame:
    """How much of a gradient survives a chain of ``depth`` layers, per activation.

    Each layer's pre-activation z is N(0, scale²), independently, so the expected product of
    |f'| through L layers is (E|f'(z)|)^L. The mean is taken over evenly spaced quantiles of
    N(0, scale²), which is a random sample without the noise (and needs no generator).
    Rows: activation, layer (0..depth), factor, mean_slope, and the sigmoid bound 0.25^layer.
    """
    u = (torch.arange(int(n_quantiles), dtype=torch.float64) + 0.5) / int(n_quantiles)
    z = float(scale) * _SQRT2 * torch.erfinv(2 * u - 1)
    layers = torch.arange(int(depth) + 1, dtype=torch.float64)
    slopes = torch.tensor([float(closed_grad(n, z, **(params or {}).get(n, {})).abs().mean()) for n in names],
                          dtype=torch.float64)
    k, m = len(slopes), layers.numel()
    return pd.DataFrame({
        "activation": np.repeat(np.array(list(names), dtype=object), m),
        "layer": np.tile(np.arange(m), k),
        "factor": (slopes[:, None] ** layers[None, :]).flatten().numpy(),
        "mean_slope": np.repeat(slopes.numpy(), m),
        "bound": np.tile((0.25 ** layers).numpy(), k),
    })


def softmax(logits, temperature: float = 1.0, dim: int = -1) -> torch.Tensor:
    """exp(z/T) / Σ exp(z/T), computed after subtracting the largest z so nothing overflows."""
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, not {temperature}")
    z = _as_tensor(logits) / temperature
    z = z - z.max(dim=dim, keepdim=True).values
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)


def softmax_compare(logits, temperature: float = 1.0) -> pd.DataFrame:
    """Per logit: z/T, the naive float32 exp(z/T) and probability (inf / NaN once z/T > 88.7), and the stable one."""
    z = torch.as_tensor(logits, dtype=torch.float64) / temperature
    return pd.DataFrame({
        "z": z.numpy(),
        "exp_naive": torch.exp(z.float()).double().numpy(),
        "p_naive": softmax_naive(z).double().numpy(),
        "p_stable": softmax(z).numpy(),
    })


def softmax_naive(logits, temperature: float = 1.0, dim: int = -1) -> torch.Tensor:
    """The textbook formula as written, in float32: overflows to inf / NaN for logits past about 88."""
    e = torch.exp(torch.as_tensor(logits, dtype=torch.float32) / temperature)
    return e / e.sum(dim=dim, keepdim=True)
