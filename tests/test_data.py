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
