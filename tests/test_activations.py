"""core.activations against autograd, torch.nn and closed forms."""
import inspect
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from core import activations as A
from core.activations import ACTIVATIONS, as_module, closed_grad, curve, softmax, softmax_naive
from tests.conftest import has_cjk

NAMES = list(ACTIVATIONS)
REQUIRED = {"sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "softplus", "identity",
            "mish", "softsign", "hardtanh", "relu6", "selu"}


def param_settings(act):
    """Defaults, plus every parameter's slider minimum, middle and maximum."""
    yield {}
    for p, (lo, hi, _) in act.ranges.items():
        for v in (lo, (lo + hi) / 2, hi):
            yield {p: v}


def dense_grid(act, lo=-12.0, hi=12.0, n=4801):
    x = torch.linspace(lo, hi, n, dtype=torch.float64)
    away = torch.ones_like(x, dtype=torch.bool)
    for k in act.kinks:
        away &= (x - k).abs() > 1e-6
    return x[away]


def test_table_has_every_required_entry():
    assert REQUIRED <= set(ACTIVATIONS)
    assert all(a.name == k for k, a in ACTIVATIONS.items())


@pytest.mark.parametrize("name", NAMES)
def test_closed_form_derivative_matches_autograd(name):
    act = ACTIVATIONS[name]
    for p in param_settings(act):
        x = dense_grid(act)
        _, dy = curve(name, x, **p)
        assert torch.allclose(closed_grad(name, x, **p), dy, atol=1e-12, rtol=1e-10), (name, p)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_at_kinks_follows_autograd_convention(name):
    """So the page's 'largest gap' is exactly the formula's error even on a grid through a kink."""
    act = ACTIVATIONS[name]
    x = torch.tensor(act.kinks or (0.0,), dtype=torch.float64)
    assert torch.equal(closed_grad(name, x), curve(name, x)[1])


@pytest.mark.parametrize("name", NAMES)
def test_module_matches_fn_with_every_parameter_setting(name):
    act = ACTIVATIONS[name]
    x = torch.linspace(-10, 10, 2001, dtype=torch.float64)
    for p in param_settings(act):
        module = as_module(name, **p)
        assert isinstance(module, nn.Module)
        net = nn.Sequential(nn.Identity(), module).double()
        assert torch.allclose(net(x), act.fn(x, **act.resolve(**p)), atol=1e-7), (name, p)


def test_as_module_prefers_torch_modules_and_passes_parameters():
    assert isinstance(as_module("relu"), nn.ReLU)
    assert as_module("leaky_relu", alpha=0.2).negative_slope == pytest.approx(0.2)
    assert as_module("leaky_relu").negative_slope == pytest.approx(0.01)
    assert as_module("elu", alpha=2.0).alpha == pytest.approx(2.0)
    assert as_module("softplus", beta=3.0).beta == pytest.approx(3.0)
    assert isinstance(as_module("gelu"), nn.GELU) and as_module("gelu").approximate == "none"


@pytest.mark.parametrize("name", NAMES)
def test_parameters_defaults_and_ranges_agree(name):
    act = ACTIVATIONS[name]
    sig = inspect.signature(act.fn).parameters
    assert {k: v.default for k, v in list(sig.items())[1:]} == act.params
    assert set(act.ranges) == set(act.params)
    for p, (lo, hi, step) in act.ranges.items():
        assert lo <= act.params[p] <= hi and 0 < step < hi - lo
        assert p in A.PARAM_SYMBOLS


def test_unknown_names_and_parameters_are_explained():
    with pytest.raises(KeyError, match="known: sigmoid, tanh"):
        curve("swishy", [0.0])
    with pytest.raises(KeyError, match="relu6"):
        as_module("nope")
    with pytest.raises(TypeError, match="alpha"):
        curve("leaky_relu", [0.0], beta=1.0)
    with pytest.raises(TypeError, match="no parameters"):
        as_module("relu", alpha=0.1)


def test_spot_values():
    def f(name, x, **p):
        return float(ACTIVATIONS[name].fn(torch.tensor([x], dtype=torch.float64), **p)[0])

    def d(name, x, **p):
        return float(closed_grad(name, torch.tensor([x], dtype=torch.float64), **p)[0])

    assert f("sigmoid", 0.0) == 0.5 and d("sigmoid", 0.0) == 0.25
    assert f("tanh", 0.0) == 0.0 and d("tanh", 0.0) == 1.0
    assert f("gelu", 1.0) == pytest.approx(0.8413447460685429, abs=1e-12)
    assert f("silu", 1.0) == pytest.approx(1 / (1 + math.exp(-1)), abs=1e-12)
    assert f("softplus", 0.0) == pytest.approx(math.log(2), abs=1e-12)
    assert f("softplus", 0.0, beta=2.0) == pytest.approx(math.log(2) / 2, abs=1e-12)
    assert f("softplus", 800.0) == pytest.approx(800.0)  # no overflow
    assert f("elu", -1.0, alpha=2.0) == pytest.approx(2 * (math.exp(-1) - 1), abs=1e-12)
    assert f("elu", -1e4) == pytest.approx(-1.0) and d("elu", 1e4) == 1.0
    assert f("leaky_relu", -2.0, alpha=0.1) == pytest.approx(-0.2) and d("leaky_relu", -2.0, alpha=0.1) == pytest.approx(0.1)
    assert f("relu", -3.0) == 0.0 and f("relu", 3.0) == 3.0
    assert f("relu6", 7.0) == 6.0 and d("relu6", 7.0) == 0.0 and d("relu6", 3.0) == 1.0
    assert f("hardtanh", -3.0) == -1.0 and d("hardtanh", 0.5) == 1.0
    assert f("softsign", 1.0) == 0.5 and d("softsign", 1.0) == 0.25
    assert f("identity", -7.5) == -7.5 and d("identity", 99.0) == 1.0


def test_against_torch_functional():
    x = torch.linspace(-9, 9, 901, dtype=torch.float64)
    pairs = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "gelu": F.gelu, "silu": F.silu, "mish": F.mish,
             "selu": F.selu, "softsign": F.softsign, "relu6": F.relu6, "hardtanh": F.hardtanh,
             "softplus": F.softplus, "elu": F.elu}
    for name, ref in pairs.items():
        assert torch.allclose(ACTIVATIONS[name].fn(x), ref(x), atol=1e-12), name


def test_course_facts():
    x = torch.linspace(-10, 10, 20001, dtype=torch.float64)
    sig, dsig = curve("sigmoid", x)
    assert torch.allclose(dsig, sig * (1 - sig), atol=1e-15)
    assert float(dsig.max()) == pytest.approx(0.25)
    assert torch.allclose(curve("tanh", x)[0], 2 * torch.sigmoid(2 * x) - 1, atol=1e-15)
    # "sigmoid is useful only within about [-6, 6]": beyond it the slope is under 0.0025 (1% of its peak)
    assert float(dsig[x.abs() >= 6].max()) < 0.0025 < float(dsig[x.abs() <= 5].min())


@pytest.mark.parametrize("name", NAMES)
def test_descriptive_fields_are_true(name):
    act = ACTIVATIONS[name]
    x = torch.linspace(-30, 30, 6001, dtype=torch.float64)
    y = act.fn(x)
    odd = torch.allclose(act.fn(-x), -y, atol=1e-12)
    assert act.zero_centred == odd
    far = closed_grad(name, torch.tensor([-100.0, 100.0], dtype=torch.float64)).abs()
    assert act.saturating == bool((far < 1e-3).all())
    for field in (act.use_for, act.pros, act.cons):
        assert field["en"] and has_cjk(field["zh"]) and not has_cjk(field["en"])
    assert act.formula and act.derivative and act.output_range and act.label


def test_softmax_matches_torch_and_is_stable():
    g = torch.Generator().manual_seed(3)
    z = 10 * torch.randn(7, 5, generator=g, dtype=torch.float64)
    assert torch.allclose(softmax(z), torch.softmax(z, dim=-1), atol=1e-15)
    assert torch.allclose(softmax(z, temperature=2.5), torch.softmax(z / 2.5, dim=-1), atol=1e-15)
    big = torch.tensor([1000.0, 1001.0, 1002.0])
    p = softmax(big)
    assert torch.isfinite(p).all() and float(p.sum()) == pytest.approx(1.0)
    assert torch.allclose(p, softmax(torch.tensor([0.0, 1.0, 2.0])))  # shift invariant
    assert torch.isnan(softmax_naive(big)).all()  # the page's deliberate counter-example
    assert torch.allclose(softmax_naive([0.0, 1.0, 2.0]), softmax(torch.tensor([0.0, 1.0, 2.0])))


def test_softmax_temperature_limits():
    z = torch.tensor([1.0, 3.0, 2.0, -1.0], dtype=torch.float64)
    assert torch.allclose(softmax(z, temperature=1e-6), torch.tensor([0, 1.0, 0, 0], dtype=torch.float64))
    assert torch.allclose(softmax(z, temperature=1e-300), torch.tensor([0, 1.0, 0, 0], dtype=torch.float64))
    assert torch.allclose(softmax(z, temperature=1e9), torch.full((4,), 0.25, dtype=torch.float64), atol=1e-8)
    tied = softmax(torch.tensor([2.0, 2.0, 0.0]), temperature=1e-9)
    assert torch.allclose(tied, torch.tensor([0.5, 0.5, 0.0]))
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError):
            softmax(z, temperature=bad)


def test_curve_accepts_lists_and_keeps_float32():
    y, dy = curve("relu", [-1, 2])
    assert y.tolist() == [0.0, 2.0] and dy.tolist() == [0.0, 1.0]
    y32, _ = curve("tanh", torch.zeros(3))
    assert y32.dtype == torch.float32


def test_curves_frame_and_probe():
    df = A.curves_frame(["sigmoid", "leaky_relu"], 3, -3, n=61, params={"leaky_relu": {"alpha": 0.2}})
    assert len(df) == 122 and df["x"].min() == -3 and df["x"].max() == 3
    leaky = df[df.activation == "leaky_relu"]
    assert leaky["y"].min() == pytest.approx(-0.6)
    assert (df["dy_autograd"] - df["dy_closed"]).abs().max() < 1e-12
    y0, d0 = A.probe("sigmoid", 0.0)
    assert (y0, d0) == (0.5, 0.25)


def test_saturation_regions_of_sigmoid_match_the_closed_form():
    thr = 0.01
    s = (1 + math.sqrt(1 - 4 * thr)) / 2  # σ(1 − σ) = thr
    edge = math.log(s / (1 - s))
    x = torch.linspace(-8, 8, 16001, dtype=torch.float64)
    regions = A.saturation_regions(x, closed_grad("sigmoid", x), thr)
    assert len(regions) == 2
    (a, b), (c, d) = regions
    assert a == -8 and d == 8
    assert b == pytest.approx(-edge, abs=2e-3) and c == pytest.approx(edge, abs=2e-3)
    assert A.saturation_regions(x, closed_grad("identity", x), thr) == []
    ((lo, hi),) = A.saturation_regions(x, closed_grad("relu", x), thr)
    assert lo == -8 and hi == pytest.approx(0.0, abs=1e-12)


def test_gradient_through_depth():
    df = A.gradient_through_depth(["sigmoid", "relu", "identity", "tanh"], depth=30, scale=1.0)
    assert list(df[df.activation == "relu"]["layer"]) == list(range(31))
    sig = df[df.activation == "sigmoid"]
    assert (sig["factor"] <= sig["bound"] + 1e-15).all()
    # E σ'(z) for z ~ N(0, 1) is 0.207 (numerical integral); ReLU's slope is 1 on exactly half the mass
    assert sig["mean_slope"].iloc[0] == pytest.approx(0.2066, abs=5e-4)
    assert df[df.activation == "relu"]["mean_slope"].iloc[0] == pytest.approx(0.5, abs=1e-12)
    assert (df[df.activation == "identity"]["factor"] == 1).all()
    factor = sig.set_index("layer")["factor"]
    assert factor[5] < 1e-3  # "gradients vanish within about five sigmoid layers"
    assert factor[7] == pytest.approx(sig["mean_slope"].iloc[0] ** 7)
    tiny = A.gradient_through_depth(["sigmoid"], depth=10, scale=1e-6)
    assert tiny["factor"].iloc[-1] == pytest.approx(0.25 ** 10, rel=1e-6)
    # tanh: E(1 − tanh²(z)) falls as the spread grows, so deep tanh stacks vanish faster
    wide = A.gradient_through_depth(["tanh"], depth=1, scale=3.0)["mean_slope"].iloc[0]
    assert wide < df[df.activation == "tanh"]["mean_slope"].iloc[0] < 1
    assert A.gradient_through_depth([], depth=3).empty

def test_probes_give_points_on_the_curve_and_tangents_with_the_slope():
    points, tangents = A.probes(["sigmoid", "elu"], -1.0, {"elu": {"alpha": 2.0}}, half_width=0.5)
    assert list(points["activation"]) == ["sigmoid", "elu"]
    assert points["y"].iloc[1] == pytest.approx(2 * math.expm1(-1.0))
    assert points["dy_autograd"].iloc[1] == pytest.approx(2 * math.exp(-1.0))
    for name, g in tangents.groupby("activation"):
        p = points.set_index("activation").loc[name]
        slope = (g["y"].iloc[1] - g["y"].iloc[0]) / (g["x"].iloc[1] - g["x"].iloc[0])
        assert slope == pytest.approx(p["dy_autograd"]) and list(g["x"]) == [-1.5, -0.5]
        assert (g["y"].mean()) == pytest.approx(p["y"])  # the segment is centred on the probe point


def test_tangent_segments_stop_at_the_bounds():
    _, tangents = A.probes(["tanh"], 2.8, half_width=1.0, bounds=(-3.0, 3.0))
    assert list(tangents["x"]) == pytest.approx([1.8, 3.0])
    slope = 1 - math.tanh(2.8) ** 2
    assert tangents["y"].iloc[1] == pytest.approx(math.tanh(2.8) + 0.2 * slope)


def test_saturation_frame_lists_bands_per_activation():
    df = A.curves_frame(["tanh", "identity", "relu6"], -10, 10, n=2001)
    bands = A.saturation_frame(df, 0.01)
    assert list(bands[bands.activation == "relu6"][["start", "end"]].itertuples(index=False, name=None)) == [
        (-10.0, pytest.approx(0.0, abs=1e-9)), (pytest.approx(6.0), 10.0)]  # nn.ReLU6: slope 0 at x = 6 itself
    edge = math.atanh(math.sqrt(0.99))  # 1 − tanh² = 0.01
    tanh = bands[bands.activation == "tanh"]
    assert tanh["end"].iloc[0] == pytest.approx(-edge, abs=0.011) and tanh["start"].iloc[1] == pytest.approx(edge, abs=0.011)
    assert "identity" not in set(bands.activation)


def test_softmax_compare_shows_the_overflow_only_where_it_happens():
    ok = A.softmax_compare([2.0, 1.0, 0.1])
    assert ok["p_naive"].to_numpy() == pytest.approx(ok["p_stable"].to_numpy(), abs=1e-6)
    bad = A.softmax_compare([1000.0, 999.0])
    assert bad["exp_naive"].isin([math.inf]).all() and bad["p_naive"].isna().all()
    assert bad["p_stable"].to_numpy() == pytest.approx([1 / (1 + math.exp(-1)), 1 / (1 + math.exp(1))])
    cold = A.softmax_compare([5.0, 0.0], temperature=0.05)  # 5 / 0.05 = 100 > 88.7 overflows float32 too
    assert cold["p_naive"].isna().any() and cold["p_stable"].iloc[0] == pytest.approx(1.0)


@pytest.mark.parametrize("name", [n for n in NAMES if ACTIVATIONS[n].kinks])
def test_the_slope_at_a_kink_is_the_torch_modules(name):
    """At a kink autograd takes one side by convention, and torch's own functions differ (x.clamp(0, 6) passes
    the gradient at 0, nn.ReLU6 does not). The table's f′ and its fn's autograd take the side of the nn module
    that the backprop lesson and the models run, so every lesson shows the same number at z = 0."""
    for k in ACTIVATIONS[name].kinks:
        module_x = torch.tensor([k], dtype=torch.float64, requires_grad=True)
        as_module(name)(module_x).sum().backward()
        fn_x = torch.tensor([k], dtype=torch.float64, requires_grad=True)
        ACTIVATIONS[name].fn(fn_x).sum().backward()
        table = float(closed_grad(name, torch.tensor([k], dtype=torch.float64)))
        assert table == float(module_x.grad) == float(fn_x.grad), (k, table, float(module_x.grad), float(fn_x.grad))
