"""core.race: the four racers start from identical weights and then follow their own optimizers exactly."""
import math

import pytest
import torch

from core.data import make_moons, make_spiral
from core.race import DEFAULT_LRS, RACERS, Race, history_frame, leader, trouble

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def spiral():
    return make_spiral(60, 3, 0.2, seed=4)


@pytest.mark.parametrize("hidden,act,seed", [((32,), "relu", 0), ((8, 8), "tanh", 123), ((4,), "gelu", 2**31 - 1)])
def test_every_racer_starts_from_the_same_weights(spiral, hidden, act, seed):
    race = Race(*spiral, lrs=DEFAULT_LRS, hidden=hidden, activation=act, seed=seed)
    states = [tr.model.state_dict() for tr in race.trainers.values()]
    assert list(race.trainers) == list(RACERS)
    for other in states[1:]:
        assert other.keys() == states[0].keys()
        assert all(torch.equal(other[k], states[0][k]) for k in states[0])
    # a different seed is a different start (so the equality above is not vacuous)
    other = Race(*spiral, lrs=DEFAULT_LRS, hidden=hidden, activation=act, seed=seed - 1)
    assert not torch.equal(next(iter(other.trainers.values())).model[0].weight, race.trainers["sgd"].model[0].weight)
    first = {r["loss"] for tr in race.trainers.values() for r in tr.history[:1]}
    assert len(first) == 1


def test_each_racer_takes_its_own_optimizers_steps(spiral):
    lrs = {"sgd": 0.5, "momentum": 0.05, "rmsprop": 2e-3, "adam": 2e-2}
    race = Race(*spiral, lrs=lrs, hidden=(16,), seed=9, record_every=1)
    start = {k: v.clone() for k, v in race.trainers["sgd"].model.state_dict().items()}
    race.step(5)
    X, y = spiral
    makers = {"sgd": lambda p: torch.optim.SGD(p, lr=0.5),
              "momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
              "rmsprop": lambda p: torch.optim.RMSprop(p, lr=2e-3),
              "adam": lambda p: torch.optim.Adam(p, lr=2e-2)}
    for name, make in makers.items():
        model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
        model.load_state_dict(start)
        opt = make(model.parameters())
        losses = []
        for _ in range(5):
            loss = torch.nn.functional.cross_entropy(model(X), y)
            losses.append(loss.item())
            opt.zero_grad()
            loss.backward()
            opt.step()
        got = race.trainers[name]
        assert [r["loss"] for r in got.history[:5]] == pytest.approx(losses, rel=1e-5), name
        for k, v in model.state_dict().items():
            assert torch.allclose(got.model.state_dict()[k], v, atol=1e-6), (name, k)
    assert race.steps == 5


def test_a_diverged_racer_stops_and_the_others_go_on():
    X, y = make_moons(100, 2, 0.1, seed=0)
    # a linear network (identity activation) overflows to inf with this step: the trainer calls that diverged
    race = Race(X, y, lrs={**DEFAULT_LRS, "sgd": 100.0}, hidden=(16,), activation="identity", seed=1)
    for _ in range(20):
        race.step(10)
    table = {s["optimizer"]: s for s in race.standings()}
    assert table["sgd"]["diverged_at"] is not None and race.trainers["sgd"].diverged
    assert all(table[k]["diverged_at"] is None and table[k]["steps"] == 200 for k in RACERS[1:])
    assert race.steps == 200 and not race.all_diverged
    assert leader(race.standings()) in RACERS[1:]
    assert [trouble(tr) for tr in race.trainers.values()] == ["diverged", None, None, None]
    frame = history_frame({k: tr.history for k, tr in race.trainers.items()})
    assert frame["loss"].map(math.isfinite).all() and set(frame["optimizer"]) == set(RACERS)
    assert frame[frame.optimizer == "adam"]["step"].max() == 200


def test_default_rates_all_learn_the_spiral(spiral):
    race = Race(*spiral, lrs=DEFAULT_LRS, hidden=(32,), seed=0)
    race.step(300)
    for s in race.standings():
        assert s["diverged_at"] is None and s["loss"] < math.log(3) * 0.9, s


def test_a_racer_whose_loss_climbs_above_its_start_is_flagged_before_any_nan(spiral):
    race = Race(*spiral, lrs={**DEFAULT_LRS, "adam": 10.0}, hidden=(16,), activation="tanh", seed=1)
    race.step(100)
    adam = race.trainers["adam"]
    assert not adam.diverged and adam.history[-1]["loss"] > adam.history[0]["loss"]
    assert trouble(adam) == "above_start" and trouble(race.trainers["rmsprop"]) is None
