"""Every lesson's downloads, clicked as a visitor would on a linked (non-default) view, hold what torch
computes for that view: the bytes of each file against an oracle typed out here, not against the
function the page called (a download pointed at a default grid, another seed or pre-activations fails).
Spiral and regression downloads: tests/test_spiral_links.py and tests/test_regression_links.py; the playground's
and the optimizer race's: tests/test_playground_page.py and tests/test_optimizers_page.py."""
import io
import math

import numpy as np
import pandas as pd
import pytest
import torch
from torch.nn import functional as F

from core import init as I
from core import neuron as N
from tests.conftest import click

LESSONS_WITH_FILES = {
    "activations": {"activation_curves.csv", "gradient_through_depth.csv", "softmax.csv"},
    "neuron": {"neuron_plane.csv", "forward_pass.csv"},
    "initialization": {"weight_histograms.csv", "signals_through_depth.csv"},
    "tensors": {"x.csv", "y.csv"},
}


def files(downloads) -> dict[str, pd.DataFrame]:
    """Every registered download, clicked (on a thread of its own, as the server does) and read as CSV."""
    out = {}
    for name, (data, mime) in downloads.items():
        assert mime == "text/csv", (name, mime)
        body = click(data)
        out[name] = pd.read_csv(io.StringIO(body if isinstance(body, str) else body.decode()))
    return out


def test_every_lesson_with_files_is_checked_here():
    from ui.shell import PAGES

    checked = set(LESSONS_WITH_FILES) | {"spiral", "regression", "playground", "optimizers", "home"}
    assert {p.slug for p in PAGES} - checked <= {"backprop"}, "a new lesson's downloads need a test here"


def test_activations_files(app, downloads):
    at = app("activations", "en", act="tanh,relu", x="-2,3", depth="6", scale="1.5", z1="3", z2="-1", temp="0.5")
    assert not at.exception
    got = files(downloads)
    assert set(got) == LESSONS_WITH_FILES["activations"]

    curves = got["activation_curves.csv"]
    assert list(curves["activation"].unique()) == ["tanh", "relu"]
    for name, f in (("tanh", torch.tanh), ("relu", torch.relu)):
        part = curves[curves["activation"] == name]
        x = torch.tensor(part["x"].to_numpy(), requires_grad=True)
        y = f(x)
        (dy,) = torch.autograd.grad(y.sum(), x)
        assert x.min().item() == -2 and x.max().item() == 3
        assert np.allclose(part["y"], y.detach().numpy(), atol=1e-7)
        assert np.allclose(part["dy_autograd"], dy.numpy(), atol=1e-7)

    depth = got["gradient_through_depth.csv"]
    u = (torch.arange(20_000, dtype=torch.float64) + 0.5) / 20_000  # N(0, 1.5²) by its quantiles
    z = (1.5 * math.sqrt(2) * torch.erfinv(2 * u - 1)).requires_grad_()
    for name, f in (("tanh", torch.tanh), ("relu", torch.relu)):
        (slope,) = torch.autograd.grad(f(z).sum(), z)
        part = depth[depth["activation"] == name]
        assert part["layer"].tolist() == list(range(7))
        assert np.allclose(part["factor"], slope.abs().mean().item() ** part["layer"], rtol=1e-3)

    soft = got["softmax.csv"]
    logits = torch.tensor([3.0, -1.0, 0.1, -1.0, -2.0], dtype=torch.float64)  # z1, z2 linked, the rest defaults
    assert np.allclose(soft["z"], (logits / 0.5).numpy())  # the logits over the temperature
    assert np.allclose(soft["p_stable"], torch.softmax(logits / 0.5, 0).numpy(), atol=1e-7)


def test_neuron_files(app, downloads):
    at = app("neuron", "en", w1="1.25", w2="0.35", b="-0.4", act="elu", elu_alpha="0.5", n_in="2", depth="3",
             width="5", n_out="3", batch="4", seed="17", net_act="tanh")
    assert not at.exception
    got = files(downloads)
    assert set(got) == LESSONS_WITH_FILES["neuron"]

    plane = got["neuron_plane.csv"]
    x1, x2 = (torch.tensor(plane[c].to_numpy()) for c in ("x1", "x2"))
    z = 1.25 * x1 + 0.35 * x2 - 0.4
    assert np.allclose(plane["z"], z.numpy(), atol=1e-6)
    assert np.allclose(plane["y"], F.elu(z, alpha=0.5).numpy(), atol=1e-6)
    side = sorted(set(plane["x1"]))
    assert len(plane) == len(side) ** 2 and len(side) >= 21  # the whole square, both axes the same
    assert side[0] == -side[-1] and sorted(set(plane["x2"])) == side

    forward = got["forward_pass.csv"]
    X = N.network_inputs(2, 4, seed=17)
    model = N.build_network((2, 5, 5, 5, 3), "tanh", seed=17)
    h, want = X, [X]
    for layer in model:  # every tensor of the pass, in order
        h = layer(h)
        want.append(h)
    assert sorted(forward["step"].unique()) == list(range(len(want)))
    for step, tensor in enumerate(want):
        part = forward[forward["step"] == step].pivot(index="sample", columns="unit", values="value")
        assert np.allclose(part.to_numpy(), tensor.detach().double().numpy(), atol=1e-6), step


def test_initialization_files(app, downloads):
    at = app("initialization", "en", fan_in="100", fan_out="50", seed="7", schemes="normal,uniform",
             normal_std="0.5", uniform_b="0.2", init="xavier_normal", act="tanh", depth="12", width="64")
    assert not at.exception
    got = files(downloads)
    assert set(got) == LESSONS_WITH_FILES["initialization"]

    bars = got["weight_histograms.csv"]
    assert list(bars["scheme"].unique()) == ["normal", "uniform"]
    for name, params, std in (("normal", {"std": 0.5}, 0.5), ("uniform", {"b": 0.2}, (0.2 - -0.05) / math.sqrt(12))):
        part = bars[bars["scheme"] == name]
        assert part["theory_std"].unique() == pytest.approx([std])
        weights = I.sample(name, 100, 50, seed=7, **params).double().numpy()
        edges = np.append(part["left"].to_numpy(), part["right"].to_numpy()[-1])
        counts, _ = np.histogram(weights, bins=edges)
        assert int(part["count"].sum()) == 100 * 50
        assert np.abs(counts - part["count"].to_numpy()).sum() <= 2, name  # a weight on an edge may go either way

    depth = got["signals_through_depth.csv"]
    assert depth["layer"].tolist() == list(range(1, 13))
    # the network typed out: the page's seed draws the inputs, then each layer's weight and bias, then the
    # upstream gradient, on one CPU generator (as core.init documents)
    from ui.initialization_view import N_SAMPLES

    g = torch.Generator().manual_seed(7)
    h = torch.randn(N_SAMPLES, 64, generator=g)
    layers = []
    for _ in range(12):
        layer = torch.nn.Linear(64, 64)
        torch.nn.init.xavier_normal_(layer.weight, generator=g)
        torch.nn.init.zeros_(layer.bias)
        layers.append(layer)
    hs = []
    for layer in layers:
        h = torch.tanh(layer(h))
        hs.append(h)
    stds = [float(h.detach().std()) for h in hs]
    assert np.allclose(depth["std"], stds, rtol=1e-4)
    assert np.allclose(depth["mean"], [float(h.detach().mean()) for h in hs], atol=1e-5)
    upstream = torch.randn(N_SAMPLES, 64, generator=g)
    grads = torch.autograd.grad(hs[-1], hs, grad_outputs=upstream)
    assert np.allclose(depth["grad_std"], [float(gr.std()) for gr in grads], rtol=1e-4)


def test_tensors_files(app, downloads):
    at = app("tensors", "en", make="randn", randn_shape="2,3,4", randn_seed="5", op="permute", permute_dims="1,2,0")
    assert not at.exception
    got = files(downloads)
    assert set(got) == LESSONS_WITH_FILES["tensors"]
    x = torch.randn(2, 3, 4, generator=torch.Generator().manual_seed(5))
    for name, want in (("x.csv", x), ("y.csv", x.permute(1, 2, 0))):
        table = got[name]
        assert list(table.columns) == [f"dim{d}" for d in range(want.dim())] + ["value"] and len(table) == want.numel()
        rebuilt = torch.zeros(want.shape, dtype=torch.float64)
        rebuilt[tuple(torch.tensor(table[f"dim{d}"].to_numpy()) for d in range(want.dim()))] = torch.tensor(
            table["value"].to_numpy())
        assert torch.allclose(rebuilt, want.double(), atol=1e-6), name
