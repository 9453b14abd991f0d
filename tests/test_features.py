"""Input features and regularisation (#16): the FEATURES table against its own printed code, the trainer's
inputs, the Playground's claims (squares replace depth on the circles; L1 zeros weights, L2 does not), and the
penalty against a hand-written torch loop."""
import math

import pytest
import torch
from torch import nn

from core.data import make_circles, make_spiral
from core.features import DEFAULT_FEATURES, FEATURES, expand, grid
from core.train import ClassifierTrainer
from core.train.classifier import OPTIMIZERS, REGULARIZATIONS

pytestmark = pytest.mark.usefixtures("one_thread")

X = torch.tensor([[0.5, -2.0], [1.5, 0.25], [-0.75, 3.0]])


# --- the table ------------------------------------------------------------------------------------
def test_the_table_lists_playground_inputs_in_order():
    assert list(FEATURES) == ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin_x1", "sin_x2"]
    assert [f.label for f in FEATURES.values()] == ["x₁", "x₂", "x₁²", "x₂²", "x₁·x₂", "sin x₁", "sin x₂"]
    assert DEFAULT_FEATURES == ("x1", "x2")


@pytest.mark.parametrize("name", list(FEATURES))
def test_each_feature_computes_exactly_the_code_it_prints(name):
    f = FEATURES[name]
    printed = eval(f.code, {"torch": torch, "X": X})  # what the snippet runs
    assert torch.equal(f.fn(X), printed)


def test_each_feature_against_its_formula():
    x1, x2 = X[:, 0].tolist(), X[:, 1].tolist()
    want = {"x1": x1, "x2": x2, "x1sq": [a * a for a in x1], "x2sq": [b * b for b in x2],
            "x1x2": [a * b for a, b in zip(x1, x2)], "sin_x1": [math.sin(a) for a in x1],
            "sin_x2": [math.sin(b) for b in x2]}
    for name, values in want.items():
        assert FEATURES[name].fn(X).tolist() == pytest.approx(values, rel=1e-6), name


def test_expand_stacks_columns_in_the_order_asked():
    F = expand(X, ("x2sq", "x1", "x1x2"))
    assert F.shape == (3, 3)
    assert torch.equal(F[:, 0], X[:, 1] ** 2) and torch.equal(F[:, 1], X[:, 0]) and torch.equal(F[:, 2], X[:, 0] * X[:, 1])
    assert torch.equal(expand(X, DEFAULT_FEATURES), X)
    assert torch.equal(expand(X, "x1sq"), (X[:, :1] ** 2))  # one name alone


@pytest.mark.parametrize("bad", [(), ("x3",), ("x1", "nope"), ("x1", "x1")])
def test_expand_refuses_empty_unknown_or_repeated_names(bad):
    with pytest.raises(ValueError):
        expand(X, bad)
    with pytest.raises(ValueError):
        ClassifierTrainer(X, torch.tensor([0, 1, 0]), features=bad, seed=0)


def test_grid_lays_rows_along_y_and_columns_along_x():
    xs, ys, pts = grid((-1.0, 2.0), 4)
    assert xs.tolist() == pytest.approx([-1, 0, 1, 2]) and torch.equal(xs, ys)
    assert pts.shape == (16, 2)
    i, j = 1, 3
    assert pts[i * 4 + j].tolist() == [xs[j].item(), ys[i].item()]
    assert len(grid((0, 1), 1)[0]) == 2 and len(grid((0, 1), 10_000)[0]) == 400  # clamped


# --- the trainer's inputs ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def circles():
    return make_circles(200, 2, 0.1, seed=0)


def test_the_model_sees_the_features_while_pages_keep_the_points(circles):
    Xc, yc = circles
    feats = ("x1sq", "x2sq", "sin_x1")
    tr = ClassifierTrainer(Xc, yc, hidden=(5,), features=feats, test_fraction=0.25, seed=1)
    assert tr.features == feats
    assert tr.model[0].in_features == 3
    assert tr.X_train.shape[1] == tr.X_test.shape[1] == tr.X_all.shape[1] == 2
    assert torch.equal(tr.X_all, Xc)
    tr.step(20)
    # every reading goes through expand: predict, accuracy, confusion, the grid
    with torch.no_grad():
        logits = tr.model(expand(Xc, feats))
    assert torch.equal(tr.predict(Xc), logits.argmax(1))
    assert tr.accuracy("all") == pytest.approx((logits.argmax(1) == yc).float().mean().item())
    assert int(tr.confusion("all").trace()) == int((logits.argmax(1) == yc).sum())
    xs, ys, probs = tr.decision_grid(7)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    pts = torch.stack((gx.reshape(-1), gy.reshape(-1)), 1)
    with torch.no_grad():
        want = torch.softmax(tr.model(expand(pts, feats)), 1).reshape(7, 7, 2)
    torch.testing.assert_close(probs, want)


def test_default_features_train_as_the_raw_points_do(circles):
    """A model fed X itself, built from the same generator: the default features change nothing."""
    from core.data import generator
    from core.models import build_mlp

    Xc, yc = circles
    tr = ClassifierTrainer(Xc, yc, hidden=(6,), optimizer="sgd", lr=0.1, weight_decay=0.0, seed=4)
    model = build_mlp(2, (6,), 2, generator=generator(4))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(15):
        loss = nn.functional.cross_entropy(model(Xc), yc)
        opt.zero_grad()
        loss.backward()
        opt.step()
    tr.step(15)
    for p, q in zip(tr.model.parameters(), model.parameters()):
        assert torch.equal(p, q)


# --- the Playground's claim: the right features replace depth ------------------------------------------
# What a visitor reaches with the page's defaults (Adam, rate 0.03, no hidden layer) in 300 steps: full batch on
# 500 points a class, and the page's own start (150 a class, batches of 10, 30% held out, seed 1).
CLAIM = dict(hidden=(), optimizer="adam", lr=0.03, weight_decay=0.0)
SETUPS = {"full_batch": (500, dict(seed=0)), "page": (150, dict(seed=1, batch_size=10, test_fraction=0.3))}


@pytest.mark.parametrize("features,separates", [(("x1sq", "x2sq"), True), (("x1", "x2"), False)])
@pytest.mark.parametrize("setup", list(SETUPS))
@pytest.mark.parametrize("noise", [0.1, 0.3])
def test_squares_separate_the_circles_with_no_hidden_layer_and_the_raw_coordinates_cannot(noise, setup, features,
                                                                                         separates):
    n, kw = SETUPS[setup]
    Xc, yc = make_circles(n, 2, noise, seed=kw["seed"])
    tr = ClassifierTrainer(Xc, yc, features=features, **CLAIM, **kw)
    assert tr.model[0].weight.shape == (2, 2) and len(tr.model) == 1  # really no hidden layer
    for _ in range(3):
        tr.step(100)
        if not separates:  # at no point on the way
            assert tr.accuracy() <= 0.75 and tr.accuracy("all") <= 0.75
    if separates:
        assert tr.accuracy() >= 0.95 and tr.accuracy("all") >= 0.95


# --- regularisation ------------------------------------------------------------------------------------
def test_the_regularisation_table():
    assert list(REGULARIZATIONS) == ["none", "l1", "l2"]
    for r in REGULARIZATIONS.values():
        assert set(r.label) == {"en", "zh"}
    with pytest.raises(ValueError):
        ClassifierTrainer(X, torch.tensor([0, 1, 0]), regularization="l3", seed=0)
    for bad in (-0.1, math.nan, math.inf):
        with pytest.raises(ValueError):
            ClassifierTrainer(X, torch.tensor([0, 1, 0]), regularization="l1", reg_rate=bad, seed=0)


@pytest.mark.parametrize("reg", ["l1", "l2"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_steps_match_a_torch_loop_with_the_penalty_written_out(circles, reg, optimizer):
    """Penalty on the weights only, L1 = Σ|w|, L2 = ½Σw², added to the data loss at reg_rate."""
    from core.data import generator
    from core.models import build_mlp

    Xc, yc = circles
    rate, feats = 0.05, ("x1", "x2", "x1x2")
    tr = ClassifierTrainer(Xc, yc, hidden=(6, 4), activation="tanh", optimizer=optimizer, lr=0.05, seed=2,
                           features=feats, regularization=reg, reg_rate=rate)
    model = build_mlp(3, (6, 4), 2, activation="tanh", generator=generator(2))
    opt = OPTIMIZERS[optimizer].make(model.parameters(), 0.05, 1e-5)
    F = torch.stack((Xc[:, 0], Xc[:, 1], Xc[:, 0] * Xc[:, 1]), 1)
    weights = [model[0].weight, model[2].weight, model[4].weight]
    for _ in range(12):
        data = nn.functional.cross_entropy(model(F), yc)
        pen = sum(w.abs().sum() for w in weights) if reg == "l1" else 0.5 * sum((w ** 2).sum() for w in weights)
        opt.zero_grad()
        (data + rate * pen).backward()
        opt.step()
    tr.step(12)
    for p, q in zip(tr.model.parameters(), model.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)
    with torch.no_grad():
        pen = sum(w.abs().sum() for w in weights) if reg == "l1" else 0.5 * sum((w ** 2).sum() for w in weights)
        data = nn.functional.cross_entropy(model(F), yc)
    last = tr.history[-1]
    assert last["penalty"] == pytest.approx(float(pen), rel=1e-5) == tr.penalty()
    assert last["loss"] == pytest.approx(float(data), rel=1e-5)  # the data loss alone, no penalty
    assert tr.loss() == pytest.approx(float(data), rel=1e-5)


def test_penalty_column_only_when_regularising(circles):
    Xc, yc = circles
    plain = ClassifierTrainer(Xc, yc, hidden=(4,), seed=0)
    zero_rate = ClassifierTrainer(Xc, yc, hidden=(4,), seed=0, regularization="l2", reg_rate=0.0)
    plain.step(5)
    zero_rate.step(5)
    assert "penalty" not in plain.history[-1] and plain.penalty() == 0.0
    assert "penalty" in zero_rate.history[-1]
    # a zero rate trains exactly as no regularisation
    assert [r["loss"] for r in plain.history] == [r["loss"] for r in zero_rate.history]
    assert (plain.regularization, plain.reg_rate) == ("none", 0.0)


def test_same_seed_same_start_whatever_the_regularisation(circles):
    Xc, yc = circles
    starts = [ClassifierTrainer(Xc, yc, hidden=(8, 8), seed=7, regularization=r, reg_rate=0.1, test_fraction=0.2)
              for r in REGULARIZATIONS]
    for other in starts[1:]:
        for p, q in zip(starts[0].model.parameters(), other.model.parameters()):
            assert torch.equal(p, q)
        assert torch.equal(starts[0].X_test, other.X_test)
        assert starts[0].history[0]["loss"] == other.history[0]["loss"]


def test_near_zero_counts_weights_not_biases():
    tr = ClassifierTrainer(X, torch.tensor([0, 1, 0]), hidden=(3,), seed=0)
    with torch.no_grad():
        for p in tr.model.parameters():
            p.fill_(0.5)
        tr.model[0].weight[0, 0] = 0.0
        tr.model[0].weight[1, 1] = -5e-4
        tr.model[2].weight[1, 2] = 2e-3
        tr.model[0].bias.zero_()  # biases are not counted, zero or not
    assert tr.near_zero() == (2, 2 * 3 + 3 * 2)
    assert tr.near_zero(tol=1e-2) == (3, 12)


def test_epochs_count_passes_over_the_training_points(circles):
    Xc, yc = circles
    tr = ClassifierTrainer(Xc, yc, hidden=(4,), batch_size=30, test_fraction=0.25, seed=0)  # 300 training points
    assert tr.epochs == 0
    tr.step(25)
    assert tr.epochs == pytest.approx(25 * 30 / 300)
    full = ClassifierTrainer(Xc, yc, hidden=(4,), seed=0)
    full.step(7)
    assert full.epochs == 7


# Measured on the circles (150 a class, batches of 10, 30% held out, tanh), weights under 1e-3 after 1000 steps:
#   SGD lr 0.1, 2-32-2, rate 0.01, full batch on 200 a class: L1 98 of 128, L2 0
#   Adam lr 0.01, 2-16-16-2, rate 1e-3 (the page's optimizer and rate): L1 141 of 320, L2 1, both 100% on test
# With Adam at larger rates (0.01 and up) L2 zeros weights too, even more than L1: Adam divides every gradient by
# its own running scale, so the pull ½·rate·w² gives towards zero stops fading as w shrinks. The contrast is
# SGD's (the Playground's optimizer) and small rates'.
L1_VS_L2 = {
    "sgd": (200, dict(hidden=(32,), optimizer="sgd", lr=0.1, reg_rate=0.01, seed=0)),
    "adam_page": (150, dict(hidden=(16, 16), optimizer="adam", lr=0.01, reg_rate=1e-3, seed=1, batch_size=10,
                            test_fraction=0.3)),
}


@pytest.mark.parametrize("setup", list(L1_VS_L2))
def test_l1_drives_many_weights_to_zero_and_l2_does_not(setup):
    n, kw = L1_VS_L2[setup]
    Xc, yc = make_circles(n, 2, 0.1, seed=kw["seed"])
    counts = {}
    for reg in ("none", "l1", "l2"):
        tr = ClassifierTrainer(Xc, yc, activation="tanh", weight_decay=0.0, regularization=reg, record_every=100, **kw)
        tr.step(1000)
        counts[reg], total = tr.near_zero(1e-3)
    assert counts["l1"] >= 0.3 * total
    assert counts["l2"] <= 0.05 * total and counts["none"] <= 0.05 * total
    assert counts["l1"] - counts["l2"] >= 0.25 * total
