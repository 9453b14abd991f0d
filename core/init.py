"""Weight initialisation: the schemes, their theory, and what they do to a deep network.

Every draw goes through ``torch.nn.init`` with a private ``torch.Generator`` (never the
global RNG, which visitors of one server share), so the page's numbers are exactly what the
``nn.init.*_`` calls in its code snippet give.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import torch
from torch import nn

from core.data import generator as make_generator

NONLINEARITIES = ("relu", "leaky_relu", "tanh", "sigmoid", "selu", "linear")
MODES = ("fan_in", "fan_out")


@dataclass(frozen=True)
class Param:
    """One knob of a scheme: a float range (lo, hi, step) or a list of choices."""

    default: float | str
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Init:
    label: dict  # {"en": ..., "zh": ...}
    shape: str  # "constant", "uniform", "normal", "trunc_normal", "orthogonal": what the histogram looks like
    apply: Callable  # (tensor, generator, **params) -> tensor, in place
    std: Callable  # (fan_in, fan_out, **params) -> theoretical std
    formula: str  # LaTeX
    use_for: dict  # {"en": ..., "zh": ...}
    params: dict = field(default_factory=dict)  # name -> Param
    mean: Callable = lambda fan_in, fan_out, **p: 0.0
    bounds: Callable | None = None  # (fan_in, fan_out, **params) -> (lo, hi) where the support is bounded
    call: Callable | None = None  # (**params) -> the nn.init call as source text, for the code snippet

    @property
    def random(self) -> bool:
        return self.shape != "constant"

    def defaults(self) -> dict:
        return {k: p.default for k, p in self.params.items()}


def _gain(nonlinearity: str, a: float) -> float:
    return nn.init.calculate_gain(nonlinearity, a)


def _fan(fan_in: int, fan_out: int, mode: str) -> int:
    return fan_in if mode == "fan_in" else fan_out


def _kaiming_std(fan_in, fan_out, *, a=0.0, mode="fan_in", nonlinearity="relu") -> float:
    return _gain(nonlinearity, a) / math.sqrt(_fan(fan_in, fan_out, mode))


def _phi(z: float) -> float:
    return math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)


def _Phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _trunc_moments(mean, std, a, b) -> tuple[float, float]:
    """Mean and std of N(mean, std²) restricted to [a, b] (the closed form)."""
    al, be = (a - mean) / std, (b - mean) / std
    z = _Phi(be) - _Phi(al)
    if z < 1e-12:  # the window holds (numerically) none of the mass: the clamp puts everything at its edge
        edge = a if be <= 0 else b
        return edge, 0.0
    m = (_phi(al) - _phi(be)) / z
    var = 1 + (al * _phi(al) - be * _phi(be)) / z - m * m
    return mean + std * m, std * math.sqrt(max(var, 0.0))


def _fmt(v) -> str:
    return repr(v) if isinstance(v, str) else f"{v:g}"


def _kw(**p) -> str:
    return ", ".join(f"{k}={_fmt(v)}" for k, v in p.items())


GAIN = Param(1.0, 0.1, 3.0, 0.05)
KAIMING = {"a": Param(0.0, 0.0, 1.0, 0.01), "mode": Param("fan_in", choices=MODES),
           "nonlinearity": Param("relu", choices=NONLINEARITIES)}
SQRT5 = math.sqrt(5)  # what nn.Linear.reset_parameters passes as a: gives U(-1/sqrt(fan_in), 1/sqrt(fan_in))

INITS: dict[str, Init] = {
    "zeros": Init(
        {"en": "Zeros", "zh": "全 0"}, "constant",
        lambda w, g: nn.init.zeros_(w), lambda fi, fo: 0.0, r"W_{ij} = 0",
        {"en": "Biases. Never weights: every neuron computes and learns the same thing.",
         "zh": "偏置可以。权重绝不能：所有神经元计算相同、学到的也相同。"},
        call=lambda: "nn.init.zeros_(layer.weight)",
    ),
    "ones": Init(
        {"en": "Ones", "zh": "全 1"}, "constant",
        lambda w, g: nn.init.ones_(w), lambda fi, fo: 0.0, r"W_{ij} = 1",
        {"en": "Scales of normalisation layers, not weights: symmetric and far too large.",
         "zh": "用于归一化层的缩放系数，不用于权重：既对称又太大。"},
        mean=lambda fi, fo: 1.0, call=lambda: "nn.init.ones_(layer.weight)",
    ),
    "constant": Init(
        {"en": "Constant", "zh": "常数"}, "constant",
        lambda w, g, value: nn.init.constant_(w, value), lambda fi, fo, value: 0.0, r"W_{ij} = c",
        {"en": "Biases (e.g. a small positive bias for ReLU units); weights stay symmetric.",
         "zh": "用于偏置（如给 ReLU 神经元一个小的正偏置）；用于权重会保持对称、无法学习。"},
        params={"value": Param(0.5, -2.0, 2.0, 0.05)},
        mean=lambda fi, fo, value: float(value), call=lambda value: f"nn.init.constant_(layer.weight, {_kw(val=value)})",
    ),
    "uniform": Init(
        {"en": "Uniform U(a, b)", "zh": "均匀分布 U(a, b)"}, "uniform",
        lambda w, g, a, b: nn.init.uniform_(w, a, b, generator=g),
        lambda fi, fo, a, b: (b - a) / math.sqrt(12),
        r"W_{ij} \sim \mathcal{U}(a,\ b),\quad \sigma = \frac{b-a}{\sqrt{12}}",
        {"en": "Small symmetric ranges you choose by hand; the scale ignores the layer size.",
         "zh": "手动选择的小对称区间；尺度与层的大小无关。"},
        params={"a": Param(-0.05, -2.0, 2.0, 0.01), "b": Param(0.05, -2.0, 2.0, 0.01)},
        mean=lambda fi, fo, a, b: (a + b) / 2, bounds=lambda fi, fo, a, b: (a, b),
        call=lambda a, b: f"nn.init.uniform_(layer.weight, {_kw(a=a, b=b)}, generator=g)",
    ),
    "normal": Init(
        {"en": "Normal N(μ, σ²)", "zh": "正态分布 N(μ, σ²)"}, "normal",
        lambda w, g, mean, std: nn.init.normal_(w, mean, std, generator=g),
        lambda fi, fo, mean, std: float(std),
        r"W_{ij} \sim \mathcal{N}(\mu,\ \sigma^2)",
        {"en": "Hand-tuned small std (e.g. 0.01 or 0.02); too large saturates, too small vanishes.",
         "zh": "手动设定较小的标准差（如 0.01 或 0.02）；太大会饱和，太小会消失。"},
        params={"mean": Param(0.0, -1.0, 1.0, 0.01), "std": Param(1.0, 0.001, 3.0, 0.001)},
        mean=lambda fi, fo, mean, std: float(mean),
        call=lambda mean, std: f"nn.init.normal_(layer.weight, {_kw(mean=mean, std=std)}, generator=g)",
    ),
    "xavier_uniform": Init(
        {"en": "Xavier / Glorot uniform", "zh": "Xavier / Glorot 均匀分布"}, "uniform",
        lambda w, g, gain: nn.init.xavier_uniform_(w, gain=gain, generator=g),
        lambda fi, fo, gain: gain * math.sqrt(2 / (fi + fo)),
        r"W_{ij} \sim \mathcal{U}(-\ell,\ \ell),\quad \ell = g\sqrt{\frac{6}{n_\mathrm{in}+n_\mathrm{out}}}",
        {"en": "tanh and sigmoid networks: keeps the variance of signals and gradients (Glorot & Bengio, 2010).",
         "zh": "tanh、sigmoid 网络：前向信号和反向梯度的方差都保持不变（Glorot 与 Bengio，2010）。"},
        params={"gain": GAIN},
        bounds=lambda fi, fo, gain: (-gain * math.sqrt(6 / (fi + fo)), gain * math.sqrt(6 / (fi + fo))),
        call=lambda gain: f"nn.init.xavier_uniform_(layer.weight, {_kw(gain=gain)}, generator=g)",
    ),
    "xavier_normal": Init(
        {"en": "Xavier / Glorot normal", "zh": "Xavier / Glorot 正态分布"}, "normal",
        lambda w, g, gain: nn.init.xavier_normal_(w, gain=gain, generator=g),
        lambda fi, fo, gain: gain * math.sqrt(2 / (fi + fo)),
        r"W_{ij} \sim \mathcal{N}(0,\ \sigma^2),\quad \sigma = g\sqrt{\frac{2}{n_\mathrm{in}+n_\mathrm{out}}}",
        {"en": "tanh and sigmoid networks, as Xavier uniform with a bell-shaped draw.",
         "zh": "tanh、sigmoid 网络；与 Xavier 均匀分布相同，只是按钟形分布采样。"},
        params={"gain": GAIN},
        call=lambda gain: f"nn.init.xavier_normal_(layer.weight, {_kw(gain=gain)}, generator=g)",
    ),
    "kaiming_uniform": Init(
        {"en": "Kaiming / He uniform", "zh": "Kaiming / He 均匀分布"}, "uniform",
        lambda w, g, a, mode, nonlinearity: nn.init.kaiming_uniform_(w, a=a, mode=mode, nonlinearity=nonlinearity, generator=g),
        _kaiming_std,
        r"W_{ij} \sim \mathcal{U}(-\ell,\ \ell),\quad \ell = g\sqrt{\frac{3}{n}},\quad g_\mathrm{ReLU} = \sqrt{2}"
        r"\quad \Rightarrow\ \ell = \sqrt{\frac{6}{n_\mathrm{in}}}",
        {"en": "ReLU-family networks: the factor 2 makes up for ReLU zeroing half the signal (He et al., 2015).",
         "zh": "ReLU 系列网络：系数 2 弥补了 ReLU 把一半信号置零的损失（He 等，2015）。"},
        params=KAIMING,
        bounds=lambda fi, fo, **p: (-math.sqrt(3) * _kaiming_std(fi, fo, **p), math.sqrt(3) * _kaiming_std(fi, fo, **p)),
        call=lambda **p: f"nn.init.kaiming_uniform_(layer.weight, {_kw(**p)}, generator=g)",
    ),
    "kaiming_normal": Init(
        {"en": "Kaiming / He normal", "zh": "Kaiming / He 正态分布"}, "normal",
        lambda w, g, a, mode, nonlinearity: nn.init.kaiming_normal_(w, a=a, mode=mode, nonlinearity=nonlinearity, generator=g),
        _kaiming_std,
        r"W_{ij} \sim \mathcal{N}(0,\ \sigma^2),\quad \sigma = \frac{g}{\sqrt{n}},\quad g_\mathrm{ReLU} = \sqrt{2}"
        r"\quad \Rightarrow\ \sigma = \sqrt{\frac{2}{n_\mathrm{in}}}",
        {"en": "ReLU-family networks, as Kaiming uniform with a bell-shaped draw.",
         "zh": "ReLU 系列网络；与 Kaiming 均匀分布相同，只是按钟形分布采样。"},
        params=KAIMING,
        call=lambda **p: f"nn.init.kaiming_normal_(layer.weight, {_kw(**p)}, generator=g)",
    ),
    "torch_default": Init(
        {"en": "PyTorch default", "zh": "PyTorch 默认"}, "uniform",
        lambda w, g: nn.init.kaiming_uniform_(w, a=SQRT5, generator=g),
        lambda fi, fo: 1 / math.sqrt(3 * fi),
        r"W_{ij} \sim \mathcal{U}\left(-\frac{1}{\sqrt{n_\mathrm{in}}},\ \frac{1}{\sqrt{n_\mathrm{in}}}\right)"
        r"\quad(\text{kaiming\_uniform}, a=\sqrt{5})",
        {"en": "What you get when you choose nothing: fine for shallow nets, about √6 too small for deep ReLU ones.",
         "zh": "什么都不指定时的结果：浅层网络够用，对深层 ReLU 网络则偏小，约为合适值的 1/√6。"},
        bounds=lambda fi, fo: (-1 / math.sqrt(fi), 1 / math.sqrt(fi)),
        call=lambda: "nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=g)",
    ),
    "orthogonal": Init(
        {"en": "Orthogonal", "zh": "正交"}, "orthogonal",
        lambda w, g, gain: nn.init.orthogonal_(w, gain=gain, generator=g),
        lambda fi, fo, gain: gain / math.sqrt(max(fi, fo)),
        r"W = g\,Q,\quad Q^\top Q = I",
        {"en": "Deep linear and recurrent networks: every direction keeps its length.",
         "zh": "深层线性网络和循环网络：每个方向的长度都保持不变。"},
        params={"gain": GAIN},
        call=lambda gain: f"nn.init.orthogonal_(layer.weight, {_kw(gain=gain)}, generator=g)",
    ),
    "trunc_normal": Init(
        {"en": "Truncated normal", "zh": "截断正态分布"}, "trunc_normal",
        lambda w, g, mean, std, a, b: nn.init.trunc_normal_(w, mean, std, a, b, generator=g),
        lambda fi, fo, mean, std, a, b: _trunc_moments(mean, std, a, b)[1],
        r"W_{ij} \sim \mathcal{N}(\mu,\ \sigma^2),\quad a \le W_{ij} \le b",
        {"en": "Transformers (std 0.02): no rare huge weights. Note a and b are values, not multiples of σ.",
         "zh": "Transformer（std 取 0.02）：不会出现偶发的极大权重。注意 a、b 是数值，不是 σ 的倍数。"},
        params={"mean": Param(0.0, -1.0, 1.0, 0.01), "std": Param(1.0, 0.001, 3.0, 0.001),
                "a": Param(-2.0, -5.0, 0.0, 0.01), "b": Param(2.0, 0.0, 5.0, 0.01)},
        mean=lambda fi, fo, mean, std, a, b: _trunc_moments(mean, std, a, b)[0],
        bounds=lambda fi, fo, mean, std, a, b: (a, b),
        call=lambda **p: f"nn.init.trunc_normal_(layer.weight, {_kw(**p)}, generator=g)",
    ),
    "lecun_normal": Init(
        {"en": "LeCun normal", "zh": "LeCun 正态分布"}, "normal",
        lambda w, g: nn.init.kaiming_normal_(w, nonlinearity="linear", generator=g),
        lambda fi, fo: 1 / math.sqrt(fi),
        r"W_{ij} \sim \mathcal{N}\left(0,\ \frac{1}{n_\mathrm{in}}\right)",
        {"en": "SELU (self-normalising) networks; Kaiming with gain 1.",
         "zh": "SELU（自归一化）网络；相当于增益为 1 的 Kaiming。"},
        call=lambda: "nn.init.kaiming_normal_(layer.weight, nonlinearity='linear', generator=g)",
    ),
}


def resolve(name: str, **params) -> dict:
    """The scheme's defaults overridden by ``params``; unknown names and bad values raise ValueError."""
    if name not in INITS:
        raise ValueError(f"unknown initialisation {name!r}; choose one of {', '.join(INITS)}")
    spec = INITS[name]
    unknown = set(params) - set(spec.params)
    if unknown:
        raise ValueError(f"{name} takes no parameter(s) {sorted(unknown)}")
    full = {**spec.defaults(), **params}
    for k, p in spec.params.items():
        if p.choices is not None and full[k] not in p.choices:
            raise ValueError(f"{name}: {k} must be one of {p.choices}, not {full[k]!r}")
        if p.choices is None:
            full[k] = float(full[k])
            if not math.isfinite(full[k]):
                raise ValueError(f"{name}: {k} must be finite")
    if full.get("std", 1.0) <= 0:
        raise ValueError(f"{name}: std must be positive")
    if name in ("uniform", "trunc_normal") and not full["a"] < full["b"]:
        raise ValueError(f"{name}: a must be smaller than b")
    if name == "trunc_normal" and not _trunc_is_quick(full["mean"], full["std"], full["a"], full["b"]):
        raise ValueError("trunc_normal: the window [a, b] holds too little of the bell; keep the mean within about 2 std of it")
    return full


def _trunc_is_quick(mean: float, std: float, a: float, b: float) -> bool:
    """Whether ``nn.init.trunc_normal_`` will finish soon.

    It samples by rejection: from N(mean, std²) when [a, b] holds more than 30% of it, else
    uniformly over [a, b], keeping a draw with probability pdf(x) / max pdf. A window far in the
    tail makes the second loop run (practically) for ever, which would freeze a visitor's page.
    """
    if _Phi((b - mean) / std) - _Phi((a - mean) / std) > 0.3:
        return True
    x = torch.linspace(a, b, 2001, dtype=torch.float64)
    mode = min(max(mean, a), b)
    log_ratio = -0.5 * ((x - mean) / std) ** 2 + 0.5 * ((mode - mean) / std) ** 2
    return float(log_ratio.exp().mean()) > 0.2  # the share of uniform draws kept


def _check_fans(fan_in: int, fan_out: int) -> None:
    if int(fan_in) < 1 or int(fan_out) < 1:
        raise ValueError("fan_in and fan_out must be at least 1")


def fill_(weight: torch.Tensor, name: str, *, generator: torch.Generator, **params) -> torch.Tensor:
    """Initialise a (fan_out, fan_in) weight in place by the scheme, drawing only from ``generator``."""
    full = resolve(name, **params)
    with torch.no_grad():
        return INITS[name].apply(weight, generator, **full)


def sample(name: str, fan_in: int, fan_out: int, *, seed: int, **params) -> torch.Tensor:
    """The weights of one (fan_out, fan_in) layer; the same seed gives the same tensor."""
    _check_fans(fan_in, fan_out)
    return fill_(torch.empty(int(fan_out), int(fan_in)), name, generator=make_generator(seed), **params)


def linear(fan_in: int, fan_out: int) -> nn.Linear:
    """An uninitialised ``nn.Linear``: its constructor would otherwise draw from the global RNG."""
    return nn.Linear(int(fan_in), int(fan_out), device="meta").to_empty(device="cpu")


def init_linear_(layer: nn.Linear, name: str, *, generator: torch.Generator, **params) -> nn.Linear:
    """Initialise ``layer`` in place: the weight by the scheme (the draw ``sample`` makes from the
    same generator), then the bias.

    The bias is what ``nn.Linear`` does by itself for torch_default (U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
    drawn after the weight, as ``reset_parameters`` does) and zeros for every other scheme: the
    schemes are about weights, and zero biases are the usual companion (and keep the symmetry demo
    honest: a random bias would break the symmetry on its own).
    """
    fill_(layer.weight, name, generator=generator, **params)
    if layer.bias is not None:
        with torch.no_grad():
            if name == "torch_default":
                bound = 1 / math.sqrt(layer.in_features) if layer.in_features > 0 else 0.0
                nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
            else:
                nn.init.zeros_(layer.bias)
    return layer


def expected_std(name: str, fan_in: int, fan_out: int, **params) -> float:
    """The standard deviation of the weights the scheme promises (0 for the constants)."""
    _check_fans(fan_in, fan_out)
    return float(INITS[name].std(int(fan_in), int(fan_out), **resolve(name, **params)))


def expected_mean(name: str, fan_in: int, fan_out: int, **params) -> float:
    _check_fans(fan_in, fan_out)
    return float(INITS[name].mean(int(fan_in), int(fan_out), **resolve(name, **params)))


def bounds(name: str, fan_in: int, fan_out: int, **params) -> tuple[float, float] | None:
    """The interval the weights cannot leave, where the scheme has one."""
    spec = INITS[name]
    if spec.bounds is None:
        return None
    lo, hi = spec.bounds(int(fan_in), int(fan_out), **resolve(name, **params))
    return float(lo), float(hi)


def density(name: str, fan_in: int, fan_out: int, x: torch.Tensor, **params) -> torch.Tensor | None:
    """The theoretical density at ``x`` (None for the constants, whose mass sits on one value).

    Orthogonal weights have no simple closed-form density; for a large layer each entry is close to
    normal with the std of ``expected_std``, which is what is returned.
    """
    full = resolve(name, **params)
    spec = INITS[name]
    x = torch.as_tensor(x, dtype=torch.float64)
    if spec.shape == "constant":
        return None
    if spec.shape == "uniform":
        lo, hi = spec.bounds(fan_in, fan_out, **full)
        return torch.where((x >= lo) & (x <= hi), 1 / (hi - lo), 0.0)
    if spec.shape == "trunc_normal":
        mu, s, a, b = full["mean"], full["std"], full["a"], full["b"]
        z = max(_Phi((b - mu) / s) - _Phi((a - mu) / s), 1e-300)
        pdf = torch.exp(-0.5 * ((x - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi) * z)
        return torch.where((x >= a) & (x <= b), pdf, 0.0)
    mu = spec.mean(fan_in, fan_out, **full)
    s = spec.std(fan_in, fan_out, **full)
    return torch.exp(-0.5 * ((x - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi))


def histogram(values: torch.Tensor, *, bins: int = 60, lo: float | None = None, hi: float | None = None) -> pd.DataFrame:
    """Density-normalised histogram over [lo, hi] (default: the values' range): columns left, right, density, count."""
    v = values.detach().flatten().double().cpu()
    v = v[torch.isfinite(v)]
    if v.numel() == 0:
        return pd.DataFrame({"left": [], "right": [], "density": [], "count": []})
    lo = float(v.min()) if lo is None else float(lo)
    hi = float(v.max()) if hi is None else float(hi)
    if hi - lo < 1e-12:  # all one value: a narrow bar centred on it
        half = max(abs(lo) * 1e-3, 1e-3)
        lo, hi = lo - half, hi + half
    counts = torch.histc(v, bins=bins, min=lo, max=hi)  # values outside [lo, hi] are left out
    edges = torch.linspace(lo, hi, bins + 1, dtype=torch.float64)
    width = (hi - lo) / bins
    # normalised by every value, not only those shown, so the bars stay comparable with the true density
    return pd.DataFrame({"left": edges[:-1].numpy(), "right": edges[1:].numpy(),
                         "density": (counts / (v.numel() * width)).numpy(), "count": counts.numpy()})


def summary(name: str, fan_in: int, fan_out: int, *, seed: int, **params) -> dict:
    """Sampled statistics of one layer's weights beside what theory says."""
    w = sample(name, fan_in, fan_out, seed=seed, **params)
    return {
        "mean": float(w.mean()), "std": float(w.std()) if w.numel() > 1 else 0.0,
        "min": float(w.min()), "max": float(w.max()),
        "theory_mean": expected_mean(name, fan_in, fan_out, **params),
        "theory_std": expected_std(name, fan_in, fan_out, **params),
        "bounds": bounds(name, fan_in, fan_out, **params),
    }


# ---------------------------------------------------------------- signals through depth

def _activation(name: str, params: dict | None):
    from core.activations import ACTIVATIONS  # the activation page's table, the one list of activations

    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}")
    act = ACTIVATIONS[name]
    full = act.resolve(**(params or {}))
    return lambda z: act.fn(z, **full)


def propagate_detail(init: str, activation: str, *, depth: int, width: int, n_samples: int, seed: int,
                     act_params: dict | None = None, keep=(), max_values: int = 4000, device=None, **init_params):
    """Push ``n_samples`` N(0, 1) inputs through ``depth`` layers of ``width`` units.

    Returns (stats, values). ``stats`` has one row per layer: ``layer``, ``mean``/``std`` of the
    activations h_l = f(W_l h_{l-1} + b_l), ``pre_std`` of W_l h_{l-1} + b_l, ``grad_mean``/``grad_std``
    of dL/dh_l when a N(0, 1) gradient arrives at the top (as if from a loss), and ``finite`` (False
    once float32 overflowed: the numbers of that layer and later ones are not to be trusted).
    ``values`` holds up to ``max_values`` activations of each layer in ``keep`` (columns layer, value).
    Everything is drawn on the CPU from ``seed`` and then moved to ``device`` (default the CPU), so a
    GPU computes the same network.
    """
    depth, width, n_samples = int(depth), int(width), int(n_samples)
    if depth < 1 or width < 1 or n_samples < 2:
        raise ValueError("depth and width must be at least 1, n_samples at least 2")
    resolve(init, **init_params)
    f = _activation(activation, act_params)
    g = make_generator(seed)
    dev = torch.device(device or "cpu")
    x = torch.randn(n_samples, width, generator=g).to(dev)
    layers = [init_linear_(linear(width, width), init, generator=g, **init_params).to(dev) for _ in range(depth)]
    upstream = torch.randn(n_samples, width, generator=g).to(dev)
    hs, pres = [], []
    h = x
    for layer in layers:
        z = layer(h)
        h = f(z)
        pres.append(z.detach())
        hs.append(h)
    with torch.no_grad():
        grads = torch.autograd.grad(hs[-1], hs, grad_outputs=upstream, allow_unused=True) \
            if hs[-1].requires_grad else [None] * depth
    # one reduction over the stacked layers: per-layer reductions cost more than the matmuls here
    H = torch.stack([h.detach() for h in hs]).cpu()
    Z = torch.stack(pres).cpu()
    G = torch.stack([torch.zeros_like(H[0]) if gr is None else gr.cpu() for gr in grads])
    finite_h = torch.isfinite(H).flatten(1).all(1)
    finite_g = torch.isfinite(G).flatten(1).all(1)
    stats = pd.DataFrame({
        "layer": range(1, depth + 1),
        "mean": H.mean((1, 2)).double().numpy(), "std": H.std((1, 2)).double().numpy(),
        "pre_std": Z.std((1, 2)).double().numpy(),
        "grad_mean": G.mean((1, 2)).double().numpy(), "grad_std": G.std((1, 2)).double().numpy(),
        # an overflow spoils every layer above it going forward, and every layer below it going back
        "finite": finite_h.cummin(0).values.numpy(),
        "grad_finite": (finite_g & finite_h).flip(0).cummin(0).values.flip(0).numpy(),
    })
    # one random subset of positions for every layer: a stride would keep the same few units of each
    # sample, and a draw per layer costs more than the network
    pick = torch.randperm(n_samples * width, generator=g)[:max_values]
    values = [pd.DataFrame({"layer": i, "value": H[i - 1].flatten()[pick].double().numpy()})
              for i in sorted({int(k) for k in keep if 1 <= int(k) <= depth})]
    values = pd.concat(values, ignore_index=True) if values else pd.DataFrame({"layer": [], "value": []})
    return stats, values


def propagate(init: str, activation: str, *, depth: int, width: int, n_samples: int, seed: int, **init_params) -> pd.DataFrame:
    """Per-layer statistics of activations and back-propagated gradients (see ``propagate_detail``)."""
    return propagate_detail(init, activation, depth=depth, width=width, n_samples=n_samples, seed=seed,
                            **init_params)[0]


# ---------------------------------------------------------------- symmetry

def symmetry_run(init: str, *, steps: int, hidden: int = 6, lr: float = 0.5, seed: int = 0, **init_params) -> pd.DataFrame:
    """Train a 2-hidden-3 tanh network on a small spiral by full-batch SGD, both layers initialised by ``init``.

    Returns one row per (step, unit, weight): ``unit`` is a hidden neuron, ``weight`` names one of its
    weights (``in1``, ``in2`` into it, ``b`` its bias, ``out1``.. from it), ``value`` the weight, plus
    ``loss`` at that step. With a constant init every hidden unit starts equal, receives equal
    gradients, and so stays equal: the rows never differ.
    """
    from core.data import make_spiral

    steps, hidden = int(steps), int(hidden)
    X, y = make_spiral(60, 3, 0.2, seed=seed)
    g = make_generator(seed)
    l1, l2 = linear(2, hidden), linear(hidden, 3)
    init_linear_(l1, init, generator=g, **init_params)
    init_linear_(l2, init, generator=g, **init_params)
    params = list(l1.parameters()) + list(l2.parameters())
    frames = []
    for step in range(steps + 1):
        loss = nn.functional.cross_entropy(l2(torch.tanh(l1(X))), y)
        W = torch.cat([l1.weight, l1.bias[:, None], l2.weight.t()], dim=1).detach()
        cols = ["in1", "in2", "b"] + [f"out{k + 1}" for k in range(3)]
        frames.append(pd.DataFrame({"step": step, "unit": torch.arange(1, hidden + 1).repeat_interleave(len(cols)).numpy(),
                                    "weight": cols * hidden, "value": W.flatten().double().numpy(), "loss": loss.item()}))
        if step == steps:
            break
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, gr in zip(params, grads):
                p -= lr * gr
    return pd.concat(frames, ignore_index=True)


def row_spread(frame: pd.DataFrame) -> float:
    """Largest difference between two hidden units' weights in one step of ``symmetry_run``: 0 means symmetric."""
    table = frame.pivot(index="unit", columns="weight", values="value")
    return float((table.max() - table.min()).abs().max())


# ---------------------------------------------------------------- what the page draws

def display_range(name: str, fan_in: int, fan_out: int, **params) -> tuple[float, float]:
    """An x range that shows the whole distribution: the support padded by 10%, or mean ± 4.5 std."""
    b = bounds(name, fan_in, fan_out, **params)
    if b is not None and INITS[name].shape == "uniform":
        lo, hi = b
    else:
        m, s = expected_mean(name, fan_in, fan_out, **params), expected_std(name, fan_in, fan_out, **params)
        lo, hi = m - 4.5 * s, m + 4.5 * s
        if b is not None:  # truncated: no point showing where no weight can be
            lo, hi = max(lo, b[0]), min(hi, b[1])
    if hi - lo < 1e-9:  # a constant: a window around its value
        half = max(abs(lo) * 0.5, 0.5)
        return lo - half, hi + half
    pad = 0.1 * (hi - lo)
    return lo - pad, hi + pad


def theory_curve(name: str, fan_in: int, fan_out: int, lo: float, hi: float, n: int = 241, **params) -> pd.DataFrame:
    """The density over [lo, hi] (columns x, density); empty for the constants."""
    x = torch.linspace(lo, hi, n, dtype=torch.float64)
    b = bounds(name, fan_in, fan_out, **params)
    if b is not None:  # sample the edges of the support exactly so the step of a uniform is vertical
        x = torch.cat([x, torch.tensor([b[0], b[1]], dtype=torch.float64).repeat_interleave(2)]).sort().values
    p = density(name, fan_in, fan_out, x, **params)
    if p is None:
        return pd.DataFrame({"x": [], "density": []})
    if b is not None:
        x = x.clone()
        edges = torch.isin(x, torch.tensor(b, dtype=torch.float64))
        # the first copy of each edge takes the outside value, the second the inside one
        first = edges & torch.cat([torch.tensor([True]), x[1:] != x[:-1]])
        p = torch.where(first & (x == b[0]), 0.0, p)
        last = edges & torch.cat([x[:-1] != x[1:], torch.tensor([True])])
        p = torch.where(last & (x == b[1]), 0.0, p)
    return pd.DataFrame({"x": x.numpy(), "density": p.numpy()})


def layer_histograms(values: pd.DataFrame, bins: int = 40) -> pd.DataFrame:
    """Histograms of ``propagate_detail``'s kept values, one per layer, over one shared range."""
    if values.empty:
        return pd.DataFrame({"layer": [], "left": [], "right": [], "density": [], "count": []})
    v = torch.tensor(values["value"].to_numpy())
    finite = v[torch.isfinite(v)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.numel() else (-1.0, 1.0)
    frames = [histogram(torch.tensor(part["value"].to_numpy()), bins=bins, lo=lo, hi=hi).assign(layer=int(layer))
              for layer, part in values.groupby("layer")]
    return pd.concat(frames, ignore_index=True)


def layer_report(name: str, fan_in: int, fan_out: int, *, seed: int, bins: int = 60, **params) -> dict:
    """Everything the one-layer view draws: ``bars`` (histogram), ``curve`` (theory), ``marks`` (bounds
    or the constant: columns x, kind), ``stats`` (as ``summary``) and the ``range`` shown."""
    w = sample(name, fan_in, fan_out, seed=seed, **params)
    lo, hi = display_range(name, fan_in, fan_out, **params)
    b = bounds(name, fan_in, fan_out, **params)
    if INITS[name].shape == "constant":
        marks = pd.DataFrame({"x": [expected_mean(name, fan_in, fan_out, **params)], "kind": ["value"]})
    elif b is not None:
        marks = pd.DataFrame({"x": list(b), "kind": ["lower", "upper"]})
    else:
        marks = pd.DataFrame({"x": [], "kind": []})
    stats = {
        "mean": float(w.mean()), "std": float(w.std()), "min": float(w.min()), "max": float(w.max()),
        "theory_mean": expected_mean(name, fan_in, fan_out, **params),
        "theory_std": expected_std(name, fan_in, fan_out, **params), "bounds": b, "n": w.numel(),
    }
    return {"bars": histogram(w, bins=bins, lo=lo, hi=hi), "curve": theory_curve(name, fan_in, fan_out, lo, hi, **params),
            "marks": marks, "stats": stats, "range": (lo, hi)}
