"""ClassifierTrainer and the MLP builder against the course's figures, plain torch, and each other."""
import math
import threading

import pytest
import torch
from torch import nn

from core.data import generator, make_spiral
from core.models import MAX_LAYERS, MAX_WIDTH, PRESETS, build_mlp, clamp_hidden, param_count, summary
from core.train import ClassifierTrainer
from core.train.classifier import OPTIMIZERS, points_frame, region_frame, thin, train_presets


pytestmark = pytest.mark.usefixtures("one_thread")  # conftest; course_data too


@pytest.fixture(scope="module")
def small():
    return make_spiral(100, 3, 0.2, seed=3)


# --- the course's three models -------------------------------------------------------------------
COURSE_RANGE = {"linear": (0.45, 0.56), "one_hidden": (0.93, 0.975), "two_hidden": (0.995, 1.0)}


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_reach_the_course_figures_with_adam(course_data, name):
    p = PRESETS[name]
    tr = ClassifierTrainer(*course_data, hidden=p.hidden, activation=p.activation, seed=0)
    tr.step(1000)
    lo, hi = COURSE_RANGE[name]
    acc = tr.accuracy()
    assert lo <= acc <= hi, acc
    assert abs(acc - p.course_accuracy) < 0.05
    assert tr.history[-1]["step"] == 1000 and tr.history[-1]["accuracy"] == pytest.approx(acc)


@pytest.mark.parametrize("name", ["one_hidden", "two_hidden"])
def test_plain_sgd_at_the_same_rate_stays_near_chance_level(course_data, name):
    p = PRESETS[name]
    tr = ClassifierTrainer(*course_data, hidden=p.hidden, activation=p.activation, optimizer="sgd", seed=0)
    tr.step(1000)
    assert tr.accuracy() < 0.6
    assert tr.history[-1]["loss"] > 0.9  # barely below ln 3 ≈ 1.10, where it started


def test_the_linear_preset_is_really_linear(small):
    p = PRESETS["linear"]
    model = build_mlp(2, p.hidden, 3, activation=p.activation, generator=generator(0))
    W = model[2].weight @ model[0].weight
    b = model[2].weight @ model[0].bias + model[2].bias
    X = small[0]
    torch.testing.assert_close(model(X), X @ W.T + b, atol=1e-5, rtol=1e-5)


# --- training is plain PyTorch --------------------------------------------------------------------
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_steps_match_a_hand_written_torch_loop(small, optimizer):
    X, y = small
    tr = ClassifierTrainer(X, y, hidden=(16, 8), activation="tanh", optimizer=optimizer, lr=1e-2, weight_decay=1e-3, seed=4)
    model = build_mlp(2, (16, 8), 3, activation="tanh", generator=generator(0))
    model.load_state_dict(tr.model.state_dict())
    opt = {"sgd": lambda p: torch.optim.SGD(p, lr=1e-2, weight_decay=1e-3),
           "momentum": lambda p: torch.optim.SGD(p, lr=1e-2, momentum=0.9, weight_decay=1e-3),
           "rmsprop": lambda p: torch.optim.RMSprop(p, lr=1e-2, weight_decay=1e-3),
           "adam": lambda p: torch.optim.Adam(p, lr=1e-2, weight_decay=1e-3)}[optimizer](model.parameters())
    losses = []
    for _ in range(25):
        loss = nn.functional.cross_entropy(model(X), y)
        losses.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
    tr.step(10)
    tr.step(15)
    for a, b in zip(tr.model.parameters(), model.parameters()):
        torch.testing.assert_close(a, b)
    assert [r["loss"] for r in tr.history[:25]] == pytest.approx(losses, rel=1e-5)
    assert [r["step"] for r in tr.history] == list(range(26))


def test_history_rows_do_not_depend_on_frame_size(small):
    a = ClassifierTrainer(*small, hidden=(20,), seed=1, record_every=7, test_fraction=0.25)
    b = ClassifierTrainer(*small, hidden=(20,), seed=1, record_every=7, test_fraction=0.25)
    a.step(50)
    for n in (3, 10, 1, 30, 6):
        b.step(n)
    assert a.history == b.history
    assert [r["step"] for r in a.history] == [0, 7, 14, 21, 28, 35, 42, 49, 50]
    last = a.history[-1]
    assert last["loss"] == pytest.approx(a.loss("train"), rel=1e-5)
    assert last["test_accuracy"] == pytest.approx(a.accuracy("test"))


def test_minibatches_shuffle_per_epoch_and_change_the_path(small):
    full = ClassifierTrainer(*small, seed=2, batch_size=None)
    same = ClassifierTrainer(*small, seed=2, batch_size=10_000)  # bigger than the data: full batch
    mini = ClassifierTrainer(*small, seed=2, batch_size=32)
    for tr in (full, same, mini):
        tr.step(20)
    assert same.batch_size == 300
    torch.testing.assert_close(full.model[0].weight, same.model[0].weight)
    assert not torch.allclose(full.model[0].weight, mini.model[0].weight)
    # one epoch of 9 batches of 32 visits 288 distinct points of the 300; the 10th starts a new shuffle
    distinct = torch.arange(600.0).reshape(300, 2)  # the spiral's three arms all start at the origin
    seen = ClassifierTrainer(distinct, small[1], seed=2, batch_size=32)
    epoch = torch.cat([seen._batch()[0] for _ in range(9)])
    assert epoch.unique(dim=0).shape[0] == 288
    first_order = seen._order.clone()
    seen._batch()
    assert not torch.equal(seen._order, first_order)


def test_split_is_disjoint_and_sized(small):
    X, y = small[0] + torch.arange(300.0)[:, None] * 1e-3, small[1]  # no two points alike (the arms share the origin)
    tr = ClassifierTrainer(X, y, seed=5, test_fraction=0.2)
    assert len(tr.y_test) == 60 and len(tr.y_train) == 240
    rows = lambda A: {tuple(r) for r in A.tolist()}  # noqa: E731
    assert rows(tr.X_train).isdisjoint(rows(tr.X_test))
    assert rows(tr.X_train) | rows(tr.X_test) == rows(X)
    tr.step(30)
    assert set(tr.history[-1]) == {"step", "loss", "accuracy", "test_loss", "test_accuracy"}
    n_ok = tr.accuracy("train") * 240 + tr.accuracy("test") * 60
    assert n_ok == pytest.approx(tr.accuracy("all") * 300, abs=1e-3)
    no_split = ClassifierTrainer(X, y, seed=5)
    assert len(no_split.y_train) == 300 and "test_loss" not in no_split.history[0]


@pytest.mark.parametrize("fraction", [-1.0, 0.999, float("nan")])
def test_odd_test_fractions_are_clamped(small, fraction):
    tr = ClassifierTrainer(*small, seed=0, test_fraction=fraction)
    assert 1 <= len(tr.y_train) <= 300 and len(tr.y_test) <= 270


def test_confusion_matrix_agrees_with_accuracy(small):
    tr = ClassifierTrainer(*small, seed=0, lr=1e-2)
    tr.step(40)
    cm = tr.confusion()
    assert cm.shape == (3, 3) and int(cm.sum()) == 300
    assert cm.sum(1).tolist() == [100, 100, 100]  # rows are the true classes
    assert int(cm.diag().sum()) / 300 == pytest.approx(tr.accuracy())


# --- decision regions -----------------------------------------------------------------------------
@pytest.mark.parametrize("C", [2, 3, 5])
def test_decision_grid_is_a_square_of_probabilities_covering_the_data(C):
    X, y = make_spiral(50, C, 0.1, seed=1)
    tr = ClassifierTrainer(X * 3 + 1, y, hidden=(8,), seed=0)
    xs, ys, probs = tr.decision_grid(37)
    assert xs.shape == ys.shape == (37,) and probs.shape == (37, 37, C)
    torch.testing.assert_close(probs.sum(-1), torch.ones(37, 37))
    assert (probs >= 0).all()
    assert torch.equal(xs, ys)
    assert xs[0] < (X * 3 + 1).min() and xs[-1] > (X * 3 + 1).max()
    # probs[i, j] belongs to the point (xs[j], ys[i])
    pt = torch.tensor([[float(xs[5]), float(ys[30])]])
    torch.testing.assert_close(torch.softmax(tr.model(pt), 1)[0], probs[30, 5], atol=1e-6, rtol=1e-5)


def test_decision_grid_resolution_is_clamped(small):
    tr = ClassifierTrainer(*small, seed=0)
    assert tr.decision_grid(0)[2].shape[0] == 2
    assert tr.decision_grid(10_000)[2].shape[0] == 400


# --- sessions do not share anything ---------------------------------------------------------------
def _run(X, y, seed, out, key):
    tr = ClassifierTrainer(X, y, hidden=(32, 16), seed=seed, batch_size=40, test_fraction=0.2, lr=3e-3)
    tr.step(60)
    out[key] = (tr.history, [p.detach().clone() for p in tr.model.parameters()])


def test_parallel_trainers_in_threads_match_running_alone(small):
    X, y = small
    alone = {}
    _run(X, y, 11, alone, "a")
    _run(X, y, 22, alone, "b")
    together = {}
    threads = [threading.Thread(target=_run, args=(X, y, s, together, k)) for s, k in ((11, "a"), (22, "b"))]
    global_before = torch.get_rng_state()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert torch.equal(torch.get_rng_state(), global_before)
    for k in "ab":
        assert together[k][0] == alone[k][0]
        for p, q in zip(together[k][1], alone[k][1]):
            assert torch.equal(p, q)
    assert alone["a"][0] != alone["b"][0]  # the seeds really differ, so the comparison means something


def test_same_seed_same_run_and_global_rng_untouched(small):
    before = torch.get_rng_state()
    a = ClassifierTrainer(*small, seed=9, batch_size=50, test_fraction=0.3)
    b = ClassifierTrainer(*small, seed=9, batch_size=50, test_fraction=0.3)
    a.step(12)
    b.step(12)
    assert a.history == b.history
    assert torch.equal(torch.get_rng_state(), before)


# --- divergence -----------------------------------------------------------------------------------
def test_nan_weights_mark_the_run_diverged_and_stop_it(small):
    tr = ClassifierTrainer(*small, seed=0)
    tr.step(5)
    rows = list(tr.history)
    with torch.no_grad():
        tr.model[0].weight[0, 0] = float("nan")
    tr.step(10)
    assert tr.diverged and tr.diverged_at == 5 and tr.steps == 5  # the state after 5 updates has the NaN loss
    assert tr.history == rows  # no NaN row reaches a chart
    tr.step(10)
    assert tr.steps == 5  # a diverged run does not go on


def test_a_huge_learning_rate_diverges_and_rolls_back_to_finite_weights(small):
    tr = ClassifierTrainer(*small, seed=0, optimizer="sgd", lr=1e30)
    for _ in range(20):
        tr.step(5)
        if tr.diverged:
            break
    assert tr.diverged
    assert all(torch.isfinite(p).all() for p in tr.model.parameters())
    assert all(math.isfinite(r["loss"]) for r in tr.history)
    assert torch.isfinite(tr.decision_grid(10)[2]).all()


# --- the builder and its summary ------------------------------------------------------------------
def test_summary_rows_match_torchsummary_for_the_course_models():
    m = build_mlp(2, (100, 100), 3, activation="relu", generator=generator(0))
    df = summary(m, 2)
    assert df.layer.tolist() == ["Linear-1", "ReLU-2", "Linear-3", "ReLU-4", "Linear-5"]
    assert df.output_shape.tolist() == ["[-1, 100]"] * 4 + ["[-1, 3]"]
    assert df.params.tolist() == [300, 0, 10100, 0, 303]
    assert df.params.sum() == param_count(m) == 10703
    lin = build_mlp(2, (100,), 3, activation="identity", generator=generator(0))
    assert summary(lin, 2).layer.tolist() == ["Linear-1", "Identity-2", "Linear-3"]


def test_builder_uses_the_init_and_activation_tables():
    m = build_mlp(2, (4,), 3, activation="leaky_relu", init="zeros", generator=generator(0),
                  activation_params={"alpha": 0.2})
    assert isinstance(m[1], nn.LeakyReLU) and m[1].negative_slope == pytest.approx(0.2)
    assert all((p == 0).all() for p in m.parameters())
    a = build_mlp(2, (4,), 3, init="torch_default", generator=generator(1))
    b = build_mlp(2, (4,), 3, init="torch_default", generator=generator(1))
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert a[0].weight.abs().max() <= 1 / math.sqrt(2)


def test_hidden_sizes_are_clamped():
    assert clamp_hidden([0, -3, 10**6]) == (1, 1, MAX_WIDTH)
    assert len(clamp_hidden([5] * 20)) == MAX_LAYERS
    assert clamp_hidden(()) == ()
    tr = ClassifierTrainer(*make_spiral(20, 2, seed=0), hidden=(), seed=0)  # logistic regression still trains
    tr.step(3)
    assert len(tr.model) == 1


def test_unknown_optimizer_is_refused(small):
    with pytest.raises(ValueError):
        ClassifierTrainer(*small, seed=0, optimizer="lbfgs")


# --- helpers the page draws from ------------------------------------------------------------------
def test_region_frame_names_each_cell_by_its_most_likely_class(small):
    tr = ClassifierTrainer(*small, seed=0)
    xs, ys, probs = tr.decision_grid(6)
    df = region_frame(xs, ys, probs)
    assert len(df) == 36
    row = df.iloc[6 * 4 + 2]  # grid row 4, column 2
    assert (row.x, row.y) == pytest.approx((float(xs[2]), float(ys[4])))
    assert row.cls == int(probs[4, 2].argmax()) and row.p == pytest.approx(float(probs[4, 2].max()))


def test_points_frame_keeps_every_class_and_the_limit(small):
    X, y = small
    df = points_frame(X, y, 100, "test")
    assert len(df) <= 100 and sorted(df.cls.unique()) == [0, 1, 2] and set(df.split) == {"test"}
    assert len(points_frame(X[:0], y[:0], 100)) == 0


def test_thin_keeps_ends_and_limit():
    h = [{"step": i} for i in range(1001)]
    out = thin(h, 50)
    assert len(out) <= 50 and out[0]["step"] == 0 and out[-1]["step"] == 1000
    assert thin(h[:10], 50) == h[:10]


def test_converged_only_on_a_plateau(small):
    tr = ClassifierTrainer(*small, seed=0, lr=0.05, hidden=(), record_every=10)
    tr.step(100)
    assert not tr.converged(window=50)  # still falling fast
    low = 0.4 * tr.history[0]["loss"]  # well below where it started, then the same loss 60 steps later
    tr.history += [{**tr.history[-1], "step": tr.steps + k, "loss": low} for k in (60, 120)]
    assert tr.converged(window=50)


def test_train_presets_reports_each_course_model(small):
    X, y = small
    out = train_presets(X, y, seed=0, steps=30, resolution=8)
    assert [r["name"] for r in out] == list(PRESETS)
    for r in out:
        p = PRESETS[r["name"]]
        tr = ClassifierTrainer(X, y, hidden=p.hidden, activation=p.activation, seed=0)
        tr.step(30)
        assert r["accuracy"] == pytest.approx(tr.accuracy()) and r["loss"] == pytest.approx(tr.history[-1]["loss"])
        assert r["grid"][2].shape == (8, 8, 3)


# --- "Show the PyTorch code" ----------------------------------------------------------------------
SNIPPET_CASES = [
    dict(dataset="spiral", n_per_class=60, n_classes=3, hidden=(16,), n_steps=30, seed=12345),
    dict(dataset="moons", n_per_class=50, n_classes=2, hidden=(8, 8), activation="tanh", init="xavier_uniform",
         optimizer="momentum", lr=0.05, batch_size=16, test_fraction=0.2, n_steps=25, seed=3),
    dict(dataset="blobs", n_per_class=40, n_classes=4, hidden=(), activation="leaky_relu", init="kaiming_normal",
         optimizer="sgd", lr=0.1, test_fraction=0.1, n_steps=10, seed=1),
    dict(dataset="circles", n_per_class=30, n_classes=2, hidden=(12,), activation="gelu", init="orthogonal",
         optimizer="rmsprop", lr=0.01, weight_decay=0.0, batch_size=8, n_steps=12, seed=5, noise=0.05),
]
_RUNNER = (
    "import io, json, sys, contextlib\n"
    "out = []\n"
    "for src in json.load(sys.stdin):\n"
    "    buf = io.StringIO()\n"
    "    with contextlib.redirect_stdout(buf):\n"
    "        exec(compile(src, 'snippet', 'exec'), {'__name__': '__main__'})\n"
    "    out.append(buf.getvalue())\n"
    "print(json.dumps(out))\n"
)


def _exec_snippets(sources: list[str]) -> list[str]:
    """Run each source in a fresh namespace of one clean interpreter (no project on the path)."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-I", "-c", _RUNNER], input=json.dumps(sources), capture_output=True,
                          text=True, cwd="/", timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _numbers(text: str) -> list[float]:
    import re

    return [float(v) for v in re.findall(r"-?\d+\.\d+", text)]


def test_snippets_run_as_shown_and_print_what_the_trainer_reaches():
    from core.data import DATASETS
    from core.snippets.spiral import source

    outputs = _exec_snippets([source(**c) for c in SNIPPET_CASES])
    for case, printed in zip(SNIPPET_CASES, outputs):
        c = dict(case)
        n, ds, N, C, noise = c.pop("n_steps"), c.pop("dataset"), c.pop("n_per_class"), c.pop("n_classes"), c.pop("noise", 0.2)
        tr = ClassifierTrainer(*DATASETS[ds].make(N, C, noise, seed=c["seed"]), **c)
        tr.step(n)
        last = tr.history[-1]
        want = [last["loss"], last["accuracy"]] + ([last["test_accuracy"]] if "test_accuracy" in last else [])
        assert f"step {n}:" in printed
        assert _numbers(printed) == pytest.approx(want, abs=6e-5), (ds, printed)


def test_every_activation_and_init_gives_code_that_builds():
    from core.activations import ACTIVATIONS
    from core.init import INITS
    from core.snippets.spiral import source

    names = list(ACTIVATIONS)
    inits = list(INITS)
    sources = [source(n_per_class=5, hidden=(4,), activation=names[i % len(names)], init=inits[i % len(inits)], n_steps=1)
               for i in range(max(len(names), len(inits)))]
    assert all("step 1:" in out for out in _exec_snippets(sources))


def test_a_long_run_keeps_its_history_bounded_and_whole(small, monkeypatch):
    """Played for minutes a run must not grow without end: past the cap, records halve in detail."""
    from core.train import classifier

    monkeypatch.setattr(classifier, "MAX_HISTORY", 50)
    tr = ClassifierTrainer(*small, hidden=(8,), seed=3, record_every=2)
    for _ in range(40):
        tr.step(13)
    steps = [r["step"] for r in tr.history]
    assert len(steps) <= 50 and steps[0] == 0 and steps[-1] == tr.steps == 520
    assert tr.record_every > 2 and all(s % tr.record_every == 0 for s in steps[:-1])
    assert steps == sorted(set(steps))
    whole = ClassifierTrainer(*small, hidden=(8,), seed=3, record_every=2)
    whole.step(520)
    assert tr.history[-1] == whole.history[-1]  # the latest record is never thinned


def test_the_divergence_step_counts_updates_as_the_history_does(small):
    """"Diverged at step k": the loss of the state after k updates is the first non-finite one, the same k
    a history row or the step counter would give that state (a plain loop on a copy is the oracle)."""
    import copy

    X, y = small
    tr = ClassifierTrainer(X, y, seed=3, hidden=(32,), activation="identity", optimizer="sgd", lr=10.0)
    model = copy.deepcopy(tr.model)
    opt = torch.optim.SGD(model.parameters(), lr=10.0, weight_decay=1e-5)
    first_bad = None
    for k in range(300):
        loss = torch.nn.functional.cross_entropy(model(X.float()), y)
        if not torch.isfinite(loss):
            first_bad = k
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert first_bad is not None and first_bad > 1
    tr.step(300)
    assert tr.diverged and tr.diverged_at == first_bad and tr.steps == 0
