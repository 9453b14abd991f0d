import inspect

import pytest
import torch

from core.data import DATASETS, make_linear, make_spiral
from tests.course import course_spiral


def test_spiral_matches_the_course_recipe():
    state = torch.get_rng_state()
    try:
        Xc, yc = course_spiral(200, 3)
    finally:
        torch.set_rng_state(state)
    X, y = make_spiral(200, 3)
    assert torch.allclose(X, Xc, atol=1e-6) and torch.equal(y, yc)


@pytest.mark.parametrize("C", [2, 3, 5])
def test_spiral_shapes_balance_radius(C):
    X, y = make_spiral(300, C, seed=1)
    assert X.shape == (300 * C, 2) and X.dtype == torch.float32 and y.dtype == torch.int64
    assert torch.bincount(y).tolist() == [300] * C
    r = X.norm(dim=1).reshape(C, 300)
    assert torch.allclose(r, torch.linspace(0, 1, 300).expand(C, -1), atol=1e-5)


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_is_reproducible_balanced_and_leaves_global_rng_alone(name):
    ds = DATASETS[name]
    C = ds.fixed_classes or 4
    before = torch.get_rng_state()
    X1, y1 = ds.make(150, C, 0.1, seed=7)
    X2, y2 = ds.make(150, C, 0.1, seed=7)
    X3, _ = ds.make(150, C, 0.1, seed=8)
    assert torch.equal(torch.get_rng_state(), before)
    assert torch.equal(X1, X2) and torch.equal(y1, y2) and not torch.equal(X1, X3)
    assert X1.shape == (150 * C, 2) and X1.dtype == torch.float32 and y1.dtype == torch.int64
    assert torch.bincount(y1).tolist() == [150] * C
    assert X1.abs().max() < 2.5


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_generator_shares_one_signature(name):
    params = list(inspect.signature(DATASETS[name].make).parameters)
    assert params == ["n_per_class", "n_classes", "noise", "seed"]


def test_two_class_datasets_refuse_other_counts():
    for name, ds in DATASETS.items():
        if ds.fixed_classes:
            with pytest.raises(ValueError):
                ds.make(10, 3, 0.1, seed=0)


def test_linear_data_is_the_course_setup():
    x, y = make_linear(seed=3)
    assert x.shape == (100, 1) and y.shape == (100, 1)
    assert 0 <= x.min() and x.max() < 1
    assert torch.allclose(y, 3 * x + 0.8)
    x2, y2 = make_linear(50, w=-1.0, b=2.0, noise=0.5, seed=3)
    assert x2.shape == (50, 1) and not torch.allclose(y2, -x2 + 2)
    assert torch.equal(make_linear(seed=3)[0], x)


# Each dataset's geometry at noise 0, against its definition (not against core's own source).

@pytest.mark.parametrize("seed", [0, 3])
def test_xor_labels_follow_the_sign_rule(seed):
    X, y = DATASETS["xor"].make(400, 2, 0.0, seed=seed)
    prod = X[:, 0] * X[:, 1]
    assert torch.equal(y, (prod < 0).long())  # class 0 where x1·x2 > 0, class 1 where it is < 0
    assert (X.abs() >= 0.1).all() and (X.abs() < 1).all()
    for c in (0, 1):  # both quadrants of each class are used
        quadrants = {(bool(a > 0), bool(b > 0)) for a, b in X[y == c].tolist()}
        assert len(quadrants) == 2, (c, quadrants)


@pytest.mark.parametrize("C", [2, 3, 5])
def test_circles_radius_is_one_ring_per_class(C):
    X, y = DATASETS["circles"].make(300, C, 0.0, seed=1)
    r = X.norm(dim=1)
    assert torch.allclose(r, (y.float() + 1) / C, atol=1e-6)  # ring c at radius (c+1)/C
    angle = torch.atan2(X[:, 1], X[:, 0])
    assert angle.min() < -2.5 and angle.max() > 2.5  # all the way round


@pytest.mark.parametrize("C", [2, 3, 5])
def test_blobs_sit_at_their_centres_and_noise_is_their_std(C):
    X, y = DATASETS["blobs"].make(300, C, 0.0, seed=2)
    phase = 2 * torch.pi * y.double() / C
    centres = 0.6 * torch.stack((torch.cos(phase), torch.sin(phase)), dim=1)
    assert torch.allclose(X.double(), centres, atol=1e-6)
    Xn, yn = DATASETS["blobs"].make(3000, C, 0.2, seed=2)
    phase = 2 * torch.pi * yn.double() / C
    spread = Xn.double() - 0.6 * torch.stack((torch.cos(phase), torch.sin(phase)), dim=1)
    assert spread.std(dim=0).tolist() == pytest.approx([0.2, 0.2], rel=0.05)


@pytest.mark.parametrize("seed", [0, 5])
def test_moons_lie_on_their_two_arcs(seed):
    X, y = DATASETS["moons"].make(400, 2, 0.0, seed=seed)
    P = X.double() * 1.5 + torch.tensor([0.5, 0.25], dtype=torch.float64)  # undo the centring and scaling
    upper, lower = P[y == 0], P[y == 1]
    # class 0: the upper half of the unit circle about (0, 0); class 1: the lower half of the one about (1, 0.5)
    assert torch.allclose(upper.norm(dim=1), torch.ones(len(upper), dtype=torch.float64), atol=1e-5)
    assert (upper[:, 1] >= -1e-6).all()
    centre = torch.tensor([1.0, 0.5], dtype=torch.float64)
    assert torch.allclose((lower - centre).norm(dim=1), torch.ones(len(lower), dtype=torch.float64), atol=1e-5)
    assert (lower[:, 1] - 0.5 <= 1e-6).all()
