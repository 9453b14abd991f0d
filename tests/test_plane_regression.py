"""Regression on the plane (#16 part 4): the targets against their formulas, the trainer against least squares
(a closed form), the squared error against a hand-written torch loop, and the machinery it shares with the
classifier (split, penalty, rollback, grid, device)."""
import math

import pytest
import torch
from torch import nn

from core.data import PLANE_TARGETS, generator, make_gaussians, make_plane
from core.features import expand
from core.models import build_mlp
from core.train import ClassifierTrainer, PlaneRegressionTrainer

pytestmark = pytest.mark.usefixtures("one_thread")


# --- the targets --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(PLANE_TARGETS))
def test_every_target_has_one_signature_and_is_reproducible(name):
    t = PLANE_TARGETS[name]
    assert set(t.label) == {"en", "zh"}
    X, y = t.make(300, 0.2, seed=5)
    assert X.shape == (300, 2) and y.shape == (300,)
    assert X.dtype == y.dtype == torch.float32
    assert float(X.abs().max()) <= 1.0
    X2, y2 = t.make(300, 0.2, seed=5)
    assert torch.equal(X, X2) and torch.equal(y, y2)
    assert not torch.equal(y, t.make(300, 0.2, seed=6)[1])
    # noise moves where the target is read, never the points
    assert torch.equal(t.make(300, 0.0, seed=5)[0], X)


def test_the_plane_is_its_formula():
    X, y = make_plane(100, 0.0, seed=1)
    torch.testing.assert_close(y, 0.6 * X[:, 0] + 0.6 * X[:, 1])
    Xn, yn = make_plane(2000, 0.5, seed=1)
    shift = (yn - 0.6 * Xn.sum(1)) / 0.6  # the noise: the sum of two U(-0.5, 0.5) shifts
    assert float(shift.abs().max()) <= 1.0 + 1e-5 and float(shift.abs().max()) > 0.8


def test_the_gaussians_peak_at_their_centres():
    centres = torch.tensor([[-4, 2.5], [0, 2.5], [4, 2.5], [-4, -2.5], [0, -2.5], [4, -2.5]]) / 6
    signs = [1, -1, 1, -1, 1, -1]
    X, y = make_gaussians(4000, 0.0, seed=0)
    for c, s in zip(centres, signs):
        i = int(((X - c) ** 2).sum(1).argmin())
        d2 = float(((X[i] - c) ** 2).sum())
        others = sum(math.exp(-float(((X[i] - o) ** 2).sum()) * 18) for o in centres if not torch.equal(o, c))
        assert abs(y[i].item() - s * math.exp(-d2 * 18)) <= others + 1e-5  # 1/(2σ²) = 18 for σ = 1/6
        assert y[i].item() * s > 0.8


# --- the trainer --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def noisy_plane():
    return make_plane(400, 0.3, seed=2)


@pytest.mark.parametrize("features", [("x1", "x2"), ("x1", "x2", "x1sq", "x1x2")])
def test_no_hidden_layer_reaches_the_least_squares_loss(noisy_plane, features):
    X, y = noisy_plane
    tr = PlaneRegressionTrainer(X, y, hidden=(), features=features, optimizer="sgd", lr=0.5, seed=0,
                                record_every=100)
    tr.step(3000)
    A = torch.cat((expand(X, features), torch.ones(len(X), 1)), 1).double()
    sol = torch.linalg.lstsq(A, y.double()[:, None]).solution
    best = float(((A @ sol - y.double()[:, None]) ** 2).mean())
    assert best > 0.01  # the noise leaves a real residual to reach
    assert tr.loss() == pytest.approx(best, rel=1e-4)
    assert tr.history[-1]["loss"] == pytest.approx(best, rel=1e-4)
    w = torch.cat((tr.model[0].weight.detach()[0], tr.model[0].bias.detach())).double()
    torch.testing.assert_close(w, sol[:, 0], atol=1e-3, rtol=0)


def test_steps_match_a_hand_written_mse_loop(noisy_plane):
    X, y = noisy_plane
    tr = PlaneRegressionTrainer(X, y, hidden=(6,), activation="tanh", optimizer="adam", lr=0.02, seed=3,
                                features=("x1", "x2", "sin_x1"))
    model = build_mlp(3, (6,), 1, activation="tanh", generator=generator(3))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    F = torch.stack((X[:, 0], X[:, 1], torch.sin(X[:, 0])), 1)
    for _ in range(10):
        loss = ((model(F)[:, 0] - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    tr.step(10)
    for p, q in zip(tr.model.parameters(), model.parameters()):
        torch.testing.assert_close(p, q)
    with torch.no_grad():
        assert tr.history[-1]["loss"] == pytest.approx(float(((model(F)[:, 0] - y) ** 2).mean()), rel=1e-5)
    assert list(tr.history[-1]) == ["step", "loss"]


def test_a_hidden_layer_learns_the_gaussians_a_linear_model_cannot():
    X, y = make_gaussians(400, 0.0, seed=0)
    linear = PlaneRegressionTrainer(X, y, hidden=(), seed=0, record_every=100)
    deep = PlaneRegressionTrainer(X, y, hidden=(8, 8), seed=0, record_every=100)
    for tr in (linear, deep):
        tr.step(1000)
    assert linear.loss() > 0.1  # about the variance of y: a plane through six bumps
    assert deep.loss() < 0.25 * linear.loss()


def test_split_penalty_and_columns(noisy_plane):
    X, y = noisy_plane
    tr = PlaneRegressionTrainer(X, y, test_fraction=0.25, regularization="l2", reg_rate=0.01, batch_size=50, seed=1)
    tr.step(8)
    last = tr.history[-1]
    assert list(last) == ["step", "loss", "test_loss", "penalty"]
    assert len(tr.y_train) == 300 and len(tr.y_test) == 100
    with torch.no_grad():
        pred = tr.model(expand(tr.X_test, tr.features))[:, 0]
    assert last["test_loss"] == pytest.approx(float(((pred - tr.y_test) ** 2).mean()), rel=1e-5)
    assert tr.loss("test") == pytest.approx(last["test_loss"], rel=1e-6)
    weights = [tr.model[0].weight, tr.model[2].weight]
    assert last["penalty"] == pytest.approx(float(0.5 * sum((w.detach() ** 2).sum() for w in weights)), rel=1e-5)
    assert tr.epochs == pytest.approx(8 * 50 / 300)
    small, total = tr.near_zero()
    assert total == 2 * 8 + 8 * 1 and 0 <= small <= total


def test_the_same_generator_order_as_the_classifier(noisy_plane):
    """Split, then weights: a classifier and a regressor with the same seed start from the same hidden layer."""
    X, y = noisy_plane
    reg = PlaneRegressionTrainer(X, y, hidden=(5,), test_fraction=0.2, seed=9)
    cls = ClassifierTrainer(X, (y > 0).long(), hidden=(5,), test_fraction=0.2, seed=9)
    assert torch.equal(reg.X_test, cls.X_test)
    assert torch.equal(reg.model[0].weight, cls.model[0].weight)


def test_a_diverging_rate_rolls_back_and_says_so(noisy_plane):
    X, y = noisy_plane
    tr = PlaneRegressionTrainer(X, y, hidden=(8,), activation="relu", optimizer="sgd", lr=1e3, seed=0)
    tr.step(2)
    before = [p.detach().clone() for p in tr.model.parameters()]
    steps = tr.steps
    tr.step(200)
    assert tr.diverged and tr.verdict() == "diverged" and tr.steps == steps
    assert all(torch.equal(p, q) for p, q in zip(before, tr.model.parameters()))
    assert all(math.isfinite(r["loss"]) for r in tr.history)


def test_value_grid_and_predict_are_the_model_on_those_points(noisy_plane):
    X, y = noisy_plane
    tr = PlaneRegressionTrainer(X, y, features=("x1", "x2sq"), seed=0)
    tr.step(20)
    xs, ys, values = tr.value_grid(6)
    assert values.shape == (6, 6)
    i, j = 4, 1
    with torch.no_grad():
        want = tr.model(torch.tensor([[xs[j].item(), ys[i].item() ** 2]]))[0, 0]
    assert values[i, j].item() == pytest.approx(want.item(), abs=1e-6)
    assert torch.equal(tr.predict(torch.tensor([[xs[j].item(), ys[i].item()]])), want[None])
    assert tr.predict(X[:5]).shape == (5,)


def test_the_device_follows_the_classifiers_rule(noisy_plane, monkeypatch):
    X, y = noisy_plane
    monkeypatch.setenv("DLVE_DEVICE", "cpu")
    for device in (None, "cpu", torch.device("cpu")):
        tr = PlaneRegressionTrainer(X, y, seed=0, device=device)
        assert tr.device.type == "cpu" and next(tr.model.parameters()).device.type == "cpu"
        assert tr.device == ClassifierTrainer(X, (y > 0).long(), seed=0, device=device).device


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device: torch.cuda.is_available() is False")
def test_on_cuda_it_follows_the_cpu(noisy_plane):
    X, y = noisy_plane
    kw = dict(hidden=(16,), test_fraction=0.2, batch_size=64, regularization="l1", reg_rate=1e-3, seed=0)
    cpu, gpu = (PlaneRegressionTrainer(X, y, device=torch.device(d), **kw) for d in ("cpu", "cuda"))
    for tr in (cpu, gpu):
        tr.step(100)
    assert next(gpu.model.parameters()).device.type == "cuda"
    assert gpu.history[-1]["loss"] == pytest.approx(cpu.history[-1]["loss"], rel=1e-3)
    assert gpu.value_grid(20)[2].device.type == "cpu"
    torch.testing.assert_close(gpu.value_grid(20)[2], cpu.value_grid(20)[2], atol=1e-3, rtol=1e-3)
