"""core.init against closed forms, the course's formulas, and torch itself."""
import math
import threading

import pytest
import torch
from torch import nn

from core import init
from core.init import INITS, bounds, density, expected_mean, expected_std, sample

FAN_IN, FAN_OUT = 400, 300  # 120k weights: the sampled std is within ~0.3% of the truth

# every random scheme, at its defaults and at settings that move each knob
RANDOM_CASES = [(name, {}) for name, spec in INITS.items() if spec.random] + [
    ("uniform", {"a": -0.3, "b": 0.7}),
    ("normal", {"mean": 0.5, "std": 0.02}),
    ("xavier_uniform", {"gain": 5 / 3}),
    ("xavier_normal", {"gain": 2.0}),
    ("kaiming_uniform", {"a": 0.2, "mode": "fan_out", "nonlinearity": "leaky_relu"}),
    ("kaiming_normal", {"mode": "fan_out", "nonlinearity": "tanh"}),
    ("orthogonal", {"gain": 1.5}),
    ("trunc_normal", {"mean": 0.1, "std": 0.5, "a": -0.6, "b": 1.0}),
    ("trunc_normal", {"std": 0.02}),  # the transformer setting: a, b = ±2 do not truncate anything
    ("trunc_normal", {"std": 3.0, "a": -0.05, "b": 0.05}),  # a narrow window: nearly uniform
    ("trunc_normal", {"std": 0.5, "a": 0.5, "b": 1.5}),  # the mean just outside: the uniform-proposal loop
]


@pytest.mark.parametrize("name,params", RANDOM_CASES)
def test_sampled_std_and_mean_match_theory(name, params):
    w = sample(name, FAN_IN, FAN_OUT, seed=3, **params)
    assert w.shape == (FAN_OUT, FAN_IN) and w.dtype == torch.float32
    s = expected_std(name, FAN_IN, FAN_OUT, **params)
    assert w.std().item() == pytest.approx(s, rel=0.03)
    assert w.mean().item() == pytest.approx(expected_mean(name, FAN_IN, FAN_OUT, **params), abs=0.02 * s)


def test_the_course_formulas():
    fi, fo = 256, 64
    assert expected_std("xavier_normal", fi, fo) == pytest.approx(math.sqrt(2 / (fi + fo)))
    assert bounds("xavier_uniform", fi, fo) == pytest.approx((-math.sqrt(6 / (fi + fo)), math.sqrt(6 / (fi + fo))))
    assert expected_std("kaiming_normal", fi, fo) == pytest.approx(math.sqrt(2 / fi))
    assert bounds("kaiming_uniform", fi, fo) == pytest.approx((-math.sqrt(6 / fi), math.sqrt(6 / fi)))
    assert bounds("torch_default", fi, fo) == pytest.approx((-1 / math.sqrt(fi), 1 / math.sqrt(fi)))
    assert expected_std("kaiming_normal", fi, fo, mode="fan_out") == pytest.approx(math.sqrt(2 / fo))
    assert expected_std("kaiming_normal", fi, fo, nonlinearity="leaky_relu", a=0.2) == pytest.approx(
        math.sqrt(2 / (1 + 0.04)) / math.sqrt(fi))
    assert expected_std("uniform", fi, fo, a=-1, b=1) == pytest.approx(2 / math.sqrt(12))


@pytest.mark.parametrize("name,params", [(n, p) for n, p in RANDOM_CASES if INITS[n].bounds is not None])
def test_bounded_schemes_stay_inside_and_reach_their_bounds(name, params):
    w = sample(name, FAN_IN, FAN_OUT, seed=5, **params)
    lo, hi = bounds(name, FAN_IN, FAN_OUT, **params)
    assert lo <= w.min().item() and w.max().item() <= hi
    if INITS[name].shape == "uniform":  # 120k uniform draws come within 0.1% of both ends
        span = hi - lo
        assert w.min().item() - lo < 1e-3 * span and hi - w.max().item() < 1e-3 * span


@pytest.mark.parametrize("name,params,value", [("zeros", {}, 0.0), ("ones", {}, 1.0), ("constant", {"value": -0.37}, -0.37)])
def test_constants_are_exact(name, params, value):
    w = sample(name, 30, 20, seed=0, **params)
    assert torch.equal(w, torch.full((20, 30), value))
    assert expected_std(name, 30, 20, **params) == 0.0
    assert expected_mean(name, 30, 20, **params) == pytest.approx(value)


@pytest.mark.parametrize("name,params", RANDOM_CASES)
def test_density_integrates_to_the_promised_moments(name, params):
    """The curve drawn over the histogram and the numbers in the table tell the same story."""
    m, s = expected_mean(name, FAN_IN, FAN_OUT, **params), expected_std(name, FAN_IN, FAN_OUT, **params)
    x = torch.linspace(m - 12 * s, m + 12 * s, 400_001, dtype=torch.float64)
    p = density(name, FAN_IN, FAN_OUT, x, **params)
    assert torch.trapezoid(p, x).item() == pytest.approx(1, abs=2e-3)
    assert torch.trapezoid(x * p, x).item() == pytest.approx(m, abs=2e-3 * s)
    assert math.sqrt(torch.trapezoid((x - m) ** 2 * p, x).item()) == pytest.approx(s, rel=2e-3)


def test_orthogonal_rows_are_orthonormal_times_gain():
    w = sample("orthogonal", 300, 120, seed=1, gain=2.0).double()
    assert torch.allclose(w @ w.T, 4 * torch.eye(120, dtype=torch.float64), atol=1e-4)


def test_same_seed_same_weights_other_seed_other_weights():
    for name, params in RANDOM_CASES:
        a, b = sample(name, 50, 40, seed=7, **params), sample(name, 50, 40, seed=7, **params)
        assert torch.equal(a, b), name
        assert not torch.equal(a, sample(name, 50, 40, seed=8, **params)), name


def test_global_rng_is_untouched():
    before = torch.get_rng_state()
    for name, params in RANDOM_CASES:
        sample(name, 60, 40, seed=1, **params)
    init.init_linear_(init.linear(8, 4), "torch_default", generator=torch.Generator().manual_seed(0))
    init.propagate("kaiming_normal", "relu", depth=3, width=16, n_samples=8, seed=0)
    init.symmetry_run("xavier_normal", steps=2)
    assert torch.equal(before, torch.get_rng_state())


def test_threads_with_their_own_seeds_do_not_interfere():
    expected = {s: sample("kaiming_normal", 200, 200, seed=s) for s in range(4)}
    got = {}

    def work(s):
        for _ in range(5):
            got[s] = sample("kaiming_normal", 200, 200, seed=s)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(torch.equal(got[s], expected[s]) for s in expected)


def test_init_linear_weight_is_the_sample_and_bias_follows_the_scheme():
    for name, params in RANDOM_CASES + [("constant", {"value": 0.3})]:
        layer = init.init_linear_(nn.Linear(30, 20), name, generator=init.make_generator(11), **params)
        assert torch.equal(layer.weight, sample(name, 30, 20, seed=11, **params)), name
        if name != "torch_default":
            assert torch.equal(layer.bias, torch.zeros(20)), name
        assert not layer.weight.grad_fn  # set under no_grad: still a leaf


def test_torch_default_is_what_nn_linear_does():
    """The oracle: nn.Linear's own reset_parameters on a global RNG seeded as our private generator."""
    with torch.random.fork_rng():
        torch.manual_seed(21)
        reference = nn.Linear(64, 10)
    ours = init.init_linear_(init.linear(64, 10), "torch_default", generator=init.make_generator(21))
    assert torch.equal(ours.weight, reference.weight)
    assert torch.equal(ours.bias, reference.bias)


@pytest.mark.parametrize("call", [
    lambda: sample("nope", 3, 3, seed=0),
    lambda: sample("normal", 3, 3, seed=0, gain=2),
    lambda: sample("normal", 3, 3, seed=0, std=0),
    lambda: sample("uniform", 3, 3, seed=0, a=1, b=-1),
    lambda: sample("trunc_normal", 3, 3, seed=0, a=1, b=1),
    # a window far in the tail: torch's rejection loop would run (practically) for ever
    lambda: sample("trunc_normal", 3, 3, seed=0, std=0.001, a=-5, b=-4),
    lambda: sample("trunc_normal", 3, 3, seed=0, std=0.5, a=2, b=3),
    lambda: sample("kaiming_normal", 3, 3, seed=0, mode="sideways"),
    lambda: sample("normal", 3, 3, seed=0, mean=float("nan")),
    lambda: sample("xavier_normal", 0, 3, seed=0),
])
def test_bad_parameters_raise_value_error(call):  # quickly: the page shows a message instead
    with pytest.raises(ValueError):
        call()


def test_histogram_is_a_density():
    w = sample("xavier_uniform", 200, 100, seed=0)
    h = init.histogram(w, bins=40)
    assert len(h) == 40 and h["count"].sum() == w.numel()
    assert ((h["right"] - h["left"]) * h["density"]).sum() == pytest.approx(1)
    flat = init.histogram(torch.zeros(10))  # one value: still a drawable bar, not a division by zero
    assert flat["count"].sum() == 10 and flat["density"].notna().all()


# ---------------------------------------------------------------- depth

def _ratio(df, col, first, last):
    """Geometric mean change of ``col`` per layer between two layers."""
    a, b = df.set_index("layer")[col][[first, last]]
    return (b / a) ** (1 / (last - first))


def test_propagate_table_shape_and_reproducibility():
    a = init.propagate("xavier_normal", "tanh", depth=7, width=32, n_samples=16, seed=4)
    b = init.propagate("xavier_normal", "tanh", depth=7, width=32, n_samples=16, seed=4)
    assert list(a["layer"]) == list(range(1, 8))
    assert {"layer", "mean", "std", "grad_mean", "grad_std", "pre_std", "finite"} <= set(a.columns)
    assert a.equals(b)


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device: torch.cuda.is_available() is False")
def test_propagate_on_cuda_computes_the_same_network():
    cpu = init.propagate_detail("kaiming_normal", "relu", depth=8, width=64, n_samples=32, seed=1)[0]
    gpu = init.propagate_detail("kaiming_normal", "relu", depth=8, width=64, n_samples=32, seed=1, device="cuda")[0]
    assert gpu["std"].to_numpy() == pytest.approx(cpu["std"].to_numpy(), rel=1e-3)
    assert gpu["grad_std"].to_numpy() == pytest.approx(cpu["grad_std"].to_numpy(), rel=1e-3)


def test_propagate_on_the_named_cpu_is_the_default():
    a = init.propagate_detail("xavier_normal", "tanh", depth=4, width=16, n_samples=8, seed=2)
    b = init.propagate_detail("xavier_normal", "tanh", depth=4, width=16, n_samples=8, seed=2, device="cpu")
    assert a[0].equals(b[0]) and a[1].equals(b[1])


def test_kaiming_relu_holds_over_30_layers():
    df = init.propagate("kaiming_normal", "relu", depth=30, width=256, n_samples=128, seed=0)
    # He et al.: Var z_{l+1} = n · (2/n) · Var z_l / 2 = Var z_l
    assert _ratio(df, "pre_std", 1, 30) == pytest.approx(1, abs=0.03)
    assert 0.5 < df["std"].iloc[-1] / df["std"].iloc[0] < 2
    assert 0.5 < df["grad_std"].iloc[0] / df["grad_std"].iloc[-1] < 2
    assert df["finite"].all()


def test_xavier_relu_halves_the_variance_each_layer():
    df = init.propagate("xavier_normal", "relu", depth=20, width=256, n_samples=128, seed=0)
    assert _ratio(df, "pre_std", 1, 20) == pytest.approx(1 / math.sqrt(2), abs=0.03)
    assert df["std"].iloc[-1] < 1e-2 * df["std"].iloc[0]


def test_linear_network_scales_by_std_sqrt_n_per_layer():
    df = init.propagate("normal", "identity", depth=10, width=100, n_samples=200, seed=0, std=0.15)
    assert _ratio(df, "std", 1, 10) == pytest.approx(0.15 * math.sqrt(100), rel=0.03)
    # backwards the same factor applies to the gradients
    assert 1 / _ratio(df, "grad_std", 1, 10) == pytest.approx(0.15 * math.sqrt(100), rel=0.03)


def test_tiny_normal_tanh_vanishes_and_xavier_tanh_holds():
    tiny = init.propagate("normal", "tanh", depth=20, width=256, n_samples=64, seed=0, std=0.01)
    assert tiny["std"].iloc[9] < 1e-5 and tiny["grad_std"].iloc[0] < 1e-5
    xavier = init.propagate("xavier_normal", "tanh", depth=20, width=256, n_samples=64, seed=0)
    assert 0.05 < xavier["std"].iloc[-1] < 1
    assert xavier["grad_std"].iloc[0] > 0.05


def test_normal_one_tanh_saturates():
    df = init.propagate_detail("normal", "tanh", depth=10, width=256, n_samples=64, seed=0, keep=(10,))[1]
    assert (df["value"].abs() > 0.99).mean() > 0.7  # most units pinned at ±1, where tanh' ≈ 0


def test_overflow_is_flagged_not_hidden():
    df = init.propagate("normal", "relu", depth=40, width=256, n_samples=16, seed=0)
    assert not df["finite"].iloc[-1] and df["finite"].iloc[0]
    assert not df["grad_finite"].iloc[0]


def test_kept_values_are_a_sample_of_the_layers():
    stats, values = init.propagate_detail("kaiming_normal", "relu", depth=6, width=64, n_samples=64, seed=0,
                                          keep=(1, 6, 99), max_values=500)
    assert sorted(values["layer"].unique()) == [1, 6]
    assert (values.groupby("layer").size() == 500).all()
    sd = values.groupby("layer")["value"].std()
    assert sd[6] == pytest.approx(stats.set_index("layer")["std"][6], rel=0.15)


# ---------------------------------------------------------------- symmetry

@pytest.mark.parametrize("name,params", [("constant", {"value": 0.3}), ("zeros", {}), ("ones", {})])
def test_constant_init_stays_symmetric(name, params):
    df = init.symmetry_run(name, steps=15, **params)
    last = df[df["step"] == 15]
    assert init.row_spread(last) < 1e-5
    assert init.row_spread(df[df["step"] == 0]) == 0.0


def test_random_init_breaks_symmetry_and_learns():
    df = init.symmetry_run("xavier_normal", steps=15)
    assert init.row_spread(df[df["step"] == 15]) > 0.1
    loss = df.groupby("step")["loss"].first()
    assert loss[15] < loss[0]


# ---------------------------------------------------------------- the page's code

def test_snippet_runs_as_shown_and_prints_cores_numbers():
    import subprocess
    import sys

    from core.snippets.initialization import layer_code

    schemes = [("torch_default", {}), ("kaiming_uniform", {"mode": "fan_out", "a": 0.1, "nonlinearity": "leaky_relu"}),
               ("constant", {"value": -0.25}), ("trunc_normal", {"std": 0.5, "a": -0.6, "b": 1.0}),
               ("orthogonal", {"gain": 1.5}), ("uniform", {"a": -0.3, "b": 0.7}), ("lecun_normal", {})]
    src = layer_code(schemes, 70, 30, seed=9)
    # a fresh interpreter, outside the repository: the snippet imports nothing from this project
    out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, cwd="/", timeout=120)
    assert out.returncode == 0, out.stderr
    printed = {line.split()[0]: line for line in out.stdout.splitlines()}
    assert list(printed) == [n for n, _ in schemes]
    for name, params in schemes:
        s = init.summary(name, 70, 30, seed=9, **params)
        mean, std = (float(part.split("=")[1]) for part in printed[name].split()[1:])
        assert mean == pytest.approx(s["mean"], abs=2e-6) and std == pytest.approx(s["std"], abs=2e-6), name


@pytest.mark.parametrize("fan_in,fan_out", [(300, 120), (120, 300), (200, 200), (1, 50), (50, 1)])
def test_orthogonal_std_holds_for_wide_tall_and_square_layers(fan_in, fan_out):
    """W (fan_out, fan_in) = gain·Q with orthonormal rows when fan_out ≤ fan_in and orthonormal columns
    otherwise: its squares sum to gain²·min(fan_in, fan_out), so the entries' spread is
    gain/√max(fan_in, fan_out)."""
    gain = 1.5
    w = sample("orthogonal", fan_in, fan_out, seed=2, gain=gain).double()
    small = min(fan_in, fan_out)
    gram = w @ w.T if fan_out <= fan_in else w.T @ w
    assert torch.allclose(gram, gain**2 * torch.eye(small, dtype=torch.float64), atol=1e-4)
    rms = math.sqrt(float((w**2).mean()))
    assert rms == pytest.approx(gain / math.sqrt(max(fan_in, fan_out)), rel=1e-4)
    assert expected_std("orthogonal", fan_in, fan_out, gain=gain) == pytest.approx(rms, rel=1e-4)


def _gauss_moments(f, sigma):
    """Mean and std of f(z) for z ~ N(0, sigma²), by quadrature (the oracle for one layer's activations)."""
    u = torch.linspace(-10, 10, 200_001, dtype=torch.float64)
    phi = torch.exp(-u**2 / 2) / math.sqrt(2 * math.pi)
    fz = f(sigma * u)
    m = torch.trapezoid(fz * phi, u).item()
    return m, math.sqrt(torch.trapezoid((fz - m) ** 2 * phi, u).item())


@pytest.mark.parametrize("activation,f", [("relu", torch.relu), ("tanh", torch.tanh), ("identity", lambda z: z)])
def test_depth_table_tells_pre_activation_from_activation_spread(activation, f):
    """``pre_std`` is the spread of z = W h + b, ``mean``/``std`` that of f(z): at the first layer z is
    near N(0, pre_std²) (a wide layer over N(0, 1) inputs), so f's moments there follow from pre_std alone.
    ReLU: mean σ/√(2π), std σ·√((π−1)/(2π)); tanh squeezes; the identity leaves it."""
    stats, values = init.propagate_detail("kaiming_normal", activation, depth=3, width=256, n_samples=256, seed=0,
                                          keep=(1,), max_values=4000)
    first = stats.iloc[0]
    mean, std = _gauss_moments(f, float(first["pre_std"]))
    assert first["std"] == pytest.approx(std, rel=0.03)
    assert first["mean"] == pytest.approx(mean, abs=0.03 * float(first["pre_std"]))
    if activation == "relu":
        assert (values["value"] >= 0).all()  # the kept values are activations too, not pre-activations
        assert (stats["std"] < 0.7 * stats["pre_std"]).all()
    elif activation == "tanh":
        assert (values["value"].abs() < 1).all()
        assert (stats["std"] < stats["pre_std"]).all()
    else:
        assert stats["std"].to_numpy() == pytest.approx(stats["pre_std"].to_numpy(), rel=1e-6)
