"""Every sentence that states a fact is true for the settings a visitor can reach (issue #13):
"converged", the learning-rate warning, the step activation on its own line, the links' rates."""
import pytest
import torch

from core.data import make_spiral
from core.neuron import activate, neuron, plane
from core.train import ClassifierTrainer


pytestmark = pytest.mark.usefixtures("one_thread")  # conftest; course_data too


def play(tr, most=4000, frame=50):
    """Step as the page plays, until the trainer has a verdict; the first step the rise warning showed."""
    warned = None
    while tr.steps < most and not tr.diverged:
        tr.step(frame)
        if warned is None and tr.loss_rising():
            warned = tr.steps
        if tr.verdict():
            break
    return tr.verdict(), warned


# --- spiral: "converged" only when it is ------------------------------------------------------------

@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_rate_of_10_is_rising_never_converged(course_data, optimizer):
    """The issue's runs: SGD at lr 10 ended 1.11 -> 1.95, every point one class, and said converged;
    Adam at lr 10 said converged at 75%."""
    tr = ClassifierTrainer(*course_data, optimizer=optimizer, lr=10.0, seed=12345, device="cpu", record_every=10)
    verdict, warned = play(tr)
    assert verdict in ("rising", "diverged") and not tr.converged()
    if verdict == "rising":
        # the learning-rate warning came first, while the loss was still a number
        assert warned is not None and warned <= tr.steps


def test_a_one_unit_network_is_stuck_not_converged(course_data):
    tr = ClassifierTrainer(*course_data, hidden=(1,), lr=0.1, seed=12345, device="cpu", record_every=10)
    verdict, warned = play(tr)
    assert verdict == "stuck" and not tr.converged() and warned is None
    assert tr.accuracy() < 0.6  # the 47%: stuck is the truth


def test_the_course_model_converges_and_never_warns():
    tr = ClassifierTrainer(*make_spiral(300, 3, 0.2, seed=12345), hidden=(100,), lr=0.01, seed=12345, device="cpu",
                           record_every=10)
    warned = None
    for _ in range(40):
        tr.step(50)
        warned = warned or (tr.steps if tr.loss_rising() else None)
    assert warned is None and tr.verdict() in (None, "converged") and tr.accuracy() > 0.99
    h = tr.history
    h += [{**h[-1], "step": h[-1]["step"] + k} for k in (250, 500)]  # and once it stops falling
    assert tr.verdict() == "converged" and tr.converged()


def _trainer_with(losses, step=10):
    X, y = make_spiral(10, 2, 0.1, seed=0)
    tr = ClassifierTrainer(X, y, hidden=(), seed=0, device="cpu")
    tr.history = [{"step": i * step, "loss": v, "accuracy": 0.5} for i, v in enumerate(losses)]
    return tr


@pytest.mark.parametrize("losses, verdict", [
    ([1.0] * 60, "stuck"),                                   # never moved
    ([1.0] + [1.2] * 60, "rising"),                          # above where it started
    ([1.0] + [0.1] * 30 + [0.5] * 30, "rising"),             # jumped up from its low
    ([1.0] + [0.3] * 60, "converged"),                       # fell, then stopped
    ([1.0 - 0.01 * i for i in range(61)], None),             # still falling
])
def test_verdict_on_hand_made_histories(losses, verdict):
    assert _trainer_with(losses).verdict(window=500) == verdict


def test_rise_warning_needs_a_sustained_rise():
    assert not _trainer_with([1.0] * 20 + [2.0] + [1.0] * 5).loss_rising()  # one spike
    assert _trainer_with([1.0] * 20 + [1.3] * 6).loss_rising()  # up for half the window


# --- neuron: the step on its own line ---------------------------------------------------------------

def test_step_is_one_on_the_line_in_the_plane_as_in_the_formula():
    """0.15·(-2) + 0.3·1 was -5.6e-17, drawn as 0 against the page's f(0) = 1."""
    on_line = 0
    for w1 in [round(-2 + 0.05 * i, 2) for i in range(81)]:
        for w2, b in ((1.0, 0.3), (0.5, 0.0), (-0.3, 0.15), (0.7, -0.45)):
            df = plane([w1, w2], b, "step")
            near = df["z"].abs() < 1e-9
            on_line += int(near.sum())
            assert (df.loc[near, "z"] == 0).all() and (df.loc[near, "y"] == 1).all()
            assert ((df["z"] >= 0) == (df["y"] == 1)).all()
    assert on_line > 100  # the grid does cross lines exactly
    assert neuron([-2.0, 1.0], [0.15, 0.3], 0.0, "step").y == 1.0
    assert float(activate("step", torch.tensor(-0.0, dtype=torch.float64))) == 1.0


# --- links: a huge rate is the largest, not the smallest --------------------------------------------

@pytest.mark.parametrize("raw, expected", [("1e308", 10.0), ("1.7e308", 10.0), ("1e10", 10.0), ("-1e308", 1e-5),
                                           ("1e-300", 1e-5), ("0.001", 1e-3), ("0.0011", 1e-3)])
def test_a_rate_past_either_end_of_the_slider_snaps_to_that_end(raw, expected):
    from ui.spiral_view import URL
    from ui.urlstate import read

    lr = next(p for p in URL if p.name == "lr")
    value, as_asked = read(lr, raw)
    assert value == expected and as_asked == (raw == "0.001")


# --- activations: the 0.25^depth bound is on the activations' derivatives, not on the gradient ------

def test_sigmoid_bound_holds_for_the_derivatives_and_weights_can_beat_it():
    from core.activations import ACTIVATIONS

    g = torch.Generator().manual_seed(0)
    depth = 6
    z = torch.randn(depth, 1000, generator=g, dtype=torch.float64) * 3
    assert float(ACTIVATIONS["sigmoid"].grad(z).prod(0).max()) <= 0.25 ** depth  # the product: at most 0.25^L
    # a chain of sigmoid layers with weight 8: the gradient that reaches the input is 2^L, not below 0.25^L
    x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    h = x
    for _ in range(depth):
        h = torch.sigmoid(8.0 * h - 4.0 * (h is not x))
    h.backward()
    assert float(x.grad) > 0.25 ** depth * 100


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_bound_note_says_it_is_the_derivatives_and_names_the_weights(app, lang):
    from ui.i18n import t

    at = app("activations", lang, act="sigmoid,tanh", depth="10")
    note = [m.value for m in at.markdown if m.value.startswith(t("activations.bound_note", lang=lang)[:12])]
    assert note, [m.value[:30] for m in at.markdown]
    assert ("derivatives" in note[0] and "weight" in note[0]) if lang == "en" else ("导数的乘积" in note[0] and "权重" in note[0])
    assert "of the gradient survives" not in note[0] and "最多只剩" not in note[0]
    assert f"{0.25 ** 10:.2e}" in note[0]


# --- initialisation presets: what the chart shows at the widths and depths a visitor can reach --------

def _ratio(init, act, depth, width, seed):
    from core.init import propagate

    df = propagate(init, act, depth=depth, width=width, n_samples=128, seed=seed)
    return float(df["std"].iloc[-1] / df["std"].iloc[0])


@pytest.mark.parametrize("width", [16, 64, 256, 1024])
def test_xavier_tanh_shrinks_slowly_at_every_width(width):
    """"Xavier + tanh: shrinks slowly": it shrinks (0.63 -> 0.16 at depth 20), and per layer far less
    than Xavier + ReLU's halving of the variance (a factor 0.71 in std)."""
    for depth in (5, 20, 50):
        for seed in (0, 1):
            r = _ratio("xavier_normal", "tanh", depth, width, seed)
            per_layer = r ** (1 / (depth - 1))
            assert r < 1 and per_layer > 0.78, (depth, width, seed, r)
            relu = _ratio("xavier_normal", "relu", depth, width, seed) ** (1 / (depth - 1))
            assert per_layer > relu + 0.05, (depth, width, seed, per_layer, relu)


def test_kaiming_relu_holds_in_theory_and_drifts_more_when_narrow():
    """"Kaiming + ReLU: holds in theory": near flat when wide, not when narrow and deep (0.76 -> 0.01 at
    width 16, depth 50), which is why the story gives the chart's own numbers."""
    import math

    def drift(width, depth):
        return sum(abs(math.log(_ratio("kaiming_normal", "relu", depth, width, s))) for s in range(3)) / 3

    assert drift(16, 50) > 3 * drift(1024, 50)
    assert drift(1024, 50) < math.log(1.6)  # wide: within a factor 1.6 over 50 layers on average


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_preset_stories_quote_the_chart(app, lang):
    from ui.i18n import t

    at = app("initialization", lang)
    for key in ("xavier_tanh", "kaiming_relu"):
        at.button(key=f"ini_preset_{key}").click().run()
        first, last = (m.value for m in at.metric[:2])  # layer 1 and the last layer, as the page shows them
        story = [i.value for i in at.info if i.value.startswith(t(f"initialization.story_{key}", lang=lang)[:10])]
        assert story and first in story[0] and last in story[0] and "20" in story[0], (story, first, last)
    assert t("initialization.preset_kaiming_relu", lang="en") == "Kaiming + ReLU: holds in theory"
