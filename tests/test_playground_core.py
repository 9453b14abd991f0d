"""The network picture's numbers (#16): every unit's map against the unit computed by hand, the output layer's
against the model's own logits, the links and the strongest units."""
import pytest
import torch

from core.data import make_circles
from core.features import expand, grid
from core.playground import feature_maps, links, strongest_units, unit_maps
from core.train import ClassifierTrainer

pytestmark = pytest.mark.usefixtures("one_thread")

FEATS = ("x1", "x2", "x1x2", "sin_x2")


@pytest.fixture(scope="module")
def trained():
    X, y = make_circles(100, 3, 0.1, seed=0)
    tr = ClassifierTrainer(X, y, hidden=(5, 4), activation="tanh", features=FEATS, optimizer="adam", lr=0.03, seed=1)
    tr.step(30)
    return tr


def _points(bounds, res):
    xs = torch.linspace(bounds[0], bounds[1], res)
    gy, gx = torch.meshgrid(xs, xs, indexing="ij")
    return xs, torch.stack((gx.reshape(-1), gy.reshape(-1)), 1)


def test_one_map_per_layer_with_its_units(trained):
    maps = unit_maps(trained.model, FEATS, trained.bounds, 9)
    assert [tuple(m.shape) for m in maps] == [(5, 9, 9), (4, 9, 9), (3, 9, 9)]
    assert all(m.device.type == "cpu" for m in maps)


def test_the_output_layer_map_is_the_models_logits_on_the_grid(trained):
    res = 11
    maps = unit_maps(trained.model, FEATS, trained.bounds, res)
    _, pts = _points(trained.bounds, res)
    with torch.no_grad():
        logits = trained.model(expand(pts, FEATS))  # (res², C), row i*res+j at (xs[j], ys[i])
    for c in range(3):
        torch.testing.assert_close(maps[-1][c], logits[:, c].reshape(res, res))
    # and its softmax is the decision grid the regions are drawn from
    torch.testing.assert_close(torch.softmax(maps[-1], 0).permute(1, 2, 0), trained.decision_grid(res)[2])


def test_a_hidden_unit_map_is_its_activation_computed_by_hand(trained):
    res = 8
    maps = unit_maps(trained.model, FEATS, trained.bounds, res)
    xs, pts = _points(trained.bounds, res)
    W1, b1 = trained.model[0].weight.detach(), trained.model[0].bias.detach()
    W2, b2 = trained.model[2].weight.detach(), trained.model[2].bias.detach()
    i, j = 5, 2
    x1, x2 = xs[j].item(), xs[i].item()  # the grid point at row i, column j
    f = torch.tensor([x1, x2, x1 * x2, torch.sin(torch.tensor(x2)).item()])
    h1 = torch.tanh(W1 @ f + b1)
    h2 = torch.tanh(W2 @ h1 + b2)
    for u in range(5):
        assert maps[0][u, i, j].item() == pytest.approx(h1[u].item(), abs=1e-6)
    for u in range(4):
        assert maps[1][u, i, j].item() == pytest.approx(h2[u].item(), abs=1e-6)


def test_maps_leave_the_model_as_they_found_it(trained):
    before = [p.detach().clone() for p in trained.model.parameters()]
    trained.model.train()
    unit_maps(trained.model, FEATS, trained.bounds, 5)
    assert trained.model.training
    assert all(torch.equal(p, q) for p, q in zip(before, trained.model.parameters()))


def test_a_model_with_no_hidden_layer_has_one_map(trained):
    X, y = make_circles(50, 2, 0.1, seed=0)
    tr = ClassifierTrainer(X, y, hidden=(), features=("x1sq", "x2sq"), seed=0)
    maps = unit_maps(tr.model, tr.features, tr.bounds, 6)
    assert len(maps) == 1 and maps[0].shape == (2, 6, 6)


def test_feature_maps_are_the_inputs_over_the_grid():
    fm = feature_maps(("x1", "x2", "x1sq"), (-1.0, 1.0), 5)
    xs, ys, _ = grid((-1.0, 1.0), 5)
    assert fm.shape == (3, 5, 5)
    for i in range(5):
        for j in range(5):
            assert fm[:, i, j].tolist() == pytest.approx([xs[j].item(), ys[i].item(), xs[j].item() ** 2])


def test_links_are_weight_copies(trained):
    w = links(trained.model)
    assert [tuple(t.shape) for t in w] == [(5, 4), (4, 5), (3, 4)]
    assert torch.equal(w[1], trained.model[2].weight.detach())
    w[0][0, 0] = 123.0
    assert trained.model[0].weight[0, 0].item() != 123.0  # a copy: drawing never touches training


def test_strongest_units_rank_by_outgoing_weights():
    X, y = make_circles(20, 2, 0.1, seed=0)
    tr = ClassifierTrainer(X, y, hidden=(4, 3), seed=0)
    with torch.no_grad():
        tr.model[2].weight.copy_(torch.tensor([[0.1, -3.0, 0.0, 1.0],
                                               [0.1, 0.0, 0.0, -1.5],
                                               [0.1, 0.5, 0.0, 0.0]]))  # column L1: 0.3, 3.5, 0, 2.5
        tr.model[4].weight.copy_(torch.tensor([[1.0, -2.0, 0.0], [1.0, 0.0, 0.0]]))  # column L1: 2, 2, 0
    assert strongest_units(tr.model, 0, 2) == [1, 3]
    assert strongest_units(tr.model, 0, 10) == [1, 3, 0, 2]
    assert strongest_units(tr.model, 1, 3) == [0, 1, 2]  # the tie keeps index order
    assert strongest_units(tr.model, 2, 2) == strongest_units(tr.model, -1, 2) == [0, 1]  # output: incoming, 3 vs 1
    with pytest.raises(ValueError):
        strongest_units(tr.model, 3, 1)


# --- "Show the PyTorch code" --------------------------------------------------------------------------
SNIPPET_CASES = [
    dict(task="classify", dataset="circles", n_per_class=60, n_classes=2, features=("x1sq", "x2sq"), hidden=(),
         optimizer="adam", lr=0.03, n_steps=40, seed=0),
    dict(task="classify", dataset="xor", n_per_class=40, n_classes=2, noise=0.05, features=("x1", "x2", "x1x2", "sin_x1"),
         hidden=(6, 3), activation="tanh", optimizer="sgd", lr=0.1, batch_size=10, test_fraction=0.5,
         regularization="l1", reg_rate=0.01, n_steps=30, seed=3),
    dict(task="classify", dataset="spiral", n_per_class=30, n_classes=3, features=("x1", "x2"), hidden=(8,),
         activation="relu", init="kaiming_normal", optimizer="momentum", lr=0.05, weight_decay=1e-4,
         regularization="l2", reg_rate=0.0, n_steps=15, seed=12345, noise=0.2),
    dict(task="regress", dataset="gaussians", n=120, noise=0.1, features=("x1", "x2", "x2sq"), hidden=(8, 4),
         activation="tanh", optimizer="adam", lr=0.02, batch_size=16, test_fraction=0.25, regularization="l2",
         reg_rate=0.003, n_steps=25, seed=7),
    dict(task="regress", dataset="plane", n=80, noise=0.2, features=("sin_x2", "x1"), hidden=(), optimizer="rmsprop",
         lr=0.01, n_steps=20, seed=1),
]


def _trainer_for(case: dict):
    from core.data import DATASETS, PLANE_TARGETS
    from core.train import PlaneRegressionTrainer

    c = dict(case)
    n_steps, task, ds, noise = c.pop("n_steps"), c.pop("task"), c.pop("dataset"), c.pop("noise", 0.1)
    if task == "classify":
        data = DATASETS[ds].make(c.pop("n_per_class"), c.pop("n_classes"), noise, seed=c["seed"])
        tr = ClassifierTrainer(*data, weight_decay=c.pop("weight_decay", 0.0), **c)
    else:
        tr = PlaneRegressionTrainer(*PLANE_TARGETS[ds].make(c.pop("n"), noise, seed=c["seed"]), **c)
    tr.step(n_steps)
    return tr


def test_snippets_run_as_shown_and_print_what_the_trainers_reach():
    from core.snippets.playground import source
    from tests.test_classifier import _exec_snippets, _numbers

    outputs = _exec_snippets([source(**c) for c in SNIPPET_CASES])
    for case, printed in zip(SNIPPET_CASES, outputs):
        last = _trainer_for(case).history[-1]
        want = [v for k, v in last.items() if k != "step"]  # loss[, accuracy][, test ...][, penalty], in order
        assert f"step {case['n_steps']}:" in printed
        assert _numbers(printed) == pytest.approx(want, abs=6e-5), (case, printed)


def test_the_snippet_shows_the_features_and_the_penalty():
    from core.features import FEATURES
    from core.snippets.playground import source

    text = source(features=("x1", "x1x2", "sin_x2"), regularization="l1", reg_rate=0.003, hidden=(5,))
    for f in ("x1", "x1x2", "sin_x2"):
        assert FEATURES[f].code in text and FEATURES[f].label in text
    assert FEATURES["x1sq"].code not in text
    assert "nn.Linear(3, 5)" in text
    assert "w.abs().sum()" in text and "reg_rate = 0.003" in text and "reg_rate * penalty()" in text
    plain = source(regularization="none")
    assert "penalty" not in plain and "reg_rate" not in plain
    with pytest.raises(ValueError):
        source(task="cluster")
    with pytest.raises(ValueError):
        source(features=())
