"""core.backprop, core.backprop_net, core.losses, core.autograd_demos against torch autograd written out here."""
import math
import subprocess
import sys
import threading

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.nn import functional as F

from core import autograd_demos as D
from core import backprop as B
from core import backprop_net as BN
from core import losses as LS
from core.activations import ACTIVATIONS
from core.snippets.backprop import snippet

LEAVES = ("x1", "w1", "x2", "w2", "b")


def oracle(s: B.Setup) -> tuple[float, dict[str, float]]:
    """The neuron's loss and ∂L/∂leaf by torch.autograd.grad on the formula typed out, with the table's own fn."""
    v = {n: torch.tensor(float(getattr(s, n)), dtype=torch.float64, requires_grad=True) for n in LEAVES}
    z = v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"]
    y_hat = ACTIVATIONS[s.activation].fn(z)
    y = torch.tensor(s.target, dtype=torch.float64)
    if s.loss == "mse":
        loss = (y_hat - y) ** 2
    else:
        loss = -(y * torch.log(y_hat) + (1 - y) * torch.log(1 - y_hat))
    grads = torch.autograd.grad(loss, [v[n] for n in LEAVES])
    return float(loss.detach()), {n: float(g) for n, g in zip(LEAVES, grads)}


def test_defaults_are_the_neuron_lessons():
    s = B.Setup()
    assert (s.x1, s.x2, s.w1, s.w2, s.b, s.activation, s.target, s.loss) == (1.0, 0.5, 0.8, -0.6, 0.2, "sigmoid", 1.0,
                                                                           "mse")


def test_graph_is_torchs_own():
    g = B.neuron_graph(B.Setup())
    assert {(e.src, e.dst) for e in g.edges} == {("w1", "p1"), ("x1", "p1"), ("w2", "p2"), ("x2", "p2"), ("p1", "z"),
                                                 ("p2", "z"), ("b", "z"), ("z", "y_hat"), ("y_hat", "L")}
    fn = {n: node.torch_fn for n, node in g.nodes.items()}
    assert fn["p1"] == fn["p2"] == "MulBackward0"
    assert fn["z"] == "AddBackward0 ∘ AddBackward0"  # z = (p1 + p2) + b: two nodes in torch's graph
    assert fn["y_hat"] == "SigmoidBackward0" and fn["w1"] == "AccumulateGrad"
    assert g.nodes["y"].grad is None and g.nodes["L"].grad == 1.0
    bce = B.neuron_graph(B.Setup(loss="bce"))
    assert bce.nodes["L"].torch_fn == "BinaryCrossEntropyBackward0"
    assert B.neuron_graph(B.Setup(activation="tanh")).nodes["y_hat"].torch_fn == "TanhBackward0"


def test_defaults_against_autograd_and_by_hand():
    g = B.neuron_graph(B.Setup())
    loss, grads = oracle(B.Setup())
    assert g.loss == pytest.approx(loss, abs=1e-15)
    for n in LEAVES:
        assert g.nodes[n].grad == pytest.approx(grads[n], abs=1e-15)
        assert g.chain[n] == pytest.approx(grads[n], abs=1e-15)
    # the numbers a student can check on paper: sigmoid(0.7), 2(ŷ − 1) σ'(z) x1
    s = 1 / (1 + math.exp(-0.7))
    assert g.nodes["w1"].grad == pytest.approx(2 * (s - 1) * s * (1 - s) * 1.0, abs=1e-14)
    assert g.max_gap < 1e-15


finite = st.floats(-3, 3, allow_nan=False)


@st.composite
def setups(draw):
    act = draw(st.sampled_from(list(ACTIVATIONS)))
    loss = draw(st.sampled_from(B.loss_allowed(act)))
    target = draw(st.floats(0, 1) if loss == "bce" else st.floats(-2, 2))
    return B.Setup(draw(finite), draw(finite), draw(st.floats(-2, 2)), draw(st.floats(-2, 2)), draw(finite), act,
                   target, loss)


@settings(max_examples=60, deadline=None)
@given(setups())
def test_every_gradient_equals_autograd(s):
    g = B.neuron_graph(s)
    loss, grads = oracle(s)
    assert g.loss == pytest.approx(loss, rel=1e-9, abs=1e-12)
    for n in LEAVES:
        assert g.nodes[n].grad == pytest.approx(grads[n], rel=1e-9, abs=1e-12)
    for n in g.backward_order:  # the chain rule by hand, node by node, against .grad
        assert g.chain[n] == pytest.approx(g.nodes[n].grad, rel=1e-9, abs=1e-12)
    for n in ("w1", "x2", "b"):  # the path's factors multiply to the gradient
        product = math.prod(e.local for e in B.chain_terms(g, n))
        assert product == pytest.approx(g.nodes[n].grad, rel=1e-9, abs=1e-12)


def test_local_derivatives_are_the_ops():
    g = B.neuron_graph(B.Setup(x1=1.5, w1=-0.4, activation="tanh"))
    local = {(e.src, e.dst): e.local for e in g.edges}
    assert local[("w1", "p1")] == 1.5 and local[("x1", "p1")] == -0.4  # ∂(w·x)/∂w = x, ∂/∂x = w
    assert local[("b", "z")] == 1.0
    z = torch.tensor(g.nodes["z"].value, dtype=torch.float64, requires_grad=True)
    (dz,) = torch.autograd.grad(torch.tanh(z), z)
    assert local[("z", "y_hat")] == pytest.approx(float(dz), abs=1e-15)
    assert local[("y_hat", "L")] == pytest.approx(2 * (g.nodes["y_hat"].value - 1.0), abs=1e-15)


def test_stages_reveal_forward_then_backward():
    g = B.neuron_graph(B.Setup())
    assert g.forward_order == ("p1", "p2", "z", "y_hat", "L")
    assert g.backward_order[0] == "L" and set(g.backward_order) == set(g.nodes) - {"y"}
    seen = {"L"}
    for n in g.backward_order[1:]:  # a node's gradient comes after every node it feeds
        assert all(e.dst in seen for e in g.out_edges(n)), n
        seen.add(n)


def test_bce_needs_sigmoid_and_a_probability_target():
    with pytest.raises(ValueError):
        B.Setup(activation="tanh", loss="bce")
    with pytest.raises(ValueError):
        B.Setup(target=1.5, loss="bce")
    assert B.loss_allowed("relu") == ("mse",)


def sgd_oracle(s: B.Setup, lr: float, steps: int) -> dict[str, float]:
    """torch.optim.SGD on the same neuron: what the page's Step must reproduce."""
    p = {n: torch.tensor(float(getattr(s, n)), dtype=torch.float64, requires_grad=True) for n in B.PARAMETERS}
    opt = torch.optim.SGD(list(p.values()), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        z = p["w1"] * s.x1 + p["w2"] * s.x2 + p["b"]
        loss = (ACTIVATIONS[s.activation].fn(z) - s.target) ** 2
        loss.backward()
        opt.step()
    return {n: float(v.detach()) for n, v in p.items()}


@pytest.mark.parametrize("act,lr", [("sigmoid", 0.5), ("tanh", 0.1), ("relu", 0.3)])
def test_descent_is_sgd(act, lr):
    s = B.Setup(activation=act)
    run = B.descend(s, lr, 25)
    assert not run.diverged and run.steps == 25
    want = sgd_oracle(s, lr, 25)
    for n in B.PARAMETERS:
        assert run.params[-1][n] == pytest.approx(want[n], abs=1e-12)
    assert run.losses[-1] < run.losses[0]


def test_a_diverging_rate_stops_before_any_nan():
    run = B.descend(B.Setup(activation="identity"), 10.0, 200)
    assert run.diverged and run.steps < 200
    assert all(math.isfinite(v) and abs(v) <= B.LIMIT for p in run.params for v in p.values())
    assert all(math.isfinite(v) for v in run.losses)


@settings(max_examples=30, deadline=None)
@given(setups())
def test_finite_differences_agree_within_the_stated_tolerance(s):
    fd = B.finite_differences(s)
    if not fd["kink"].any():
        assert fd["gap"].max() <= B.FD_TOL


def test_finite_differences_flag_a_kink():
    s = B.Setup(x1=1.0, x2=0.5, w1=0.5, w2=0.0, b=-0.5, activation="relu")  # z = 0 exactly
    assert B.neuron_graph(s).nodes["z"].value == 0.0
    fd = B.finite_differences(s)
    assert fd["kink"].all()
    row = fd.set_index("node").loc["w1"]
    # L = (relu(z) − 1)²: slope −2 on the right of the kink, 0 on the left; the quotient averages them
    assert row["finite_difference"] == pytest.approx(-1.0, abs=1e-5) and row["autograd"] == 0.0
    assert not B.finite_differences(B.Setup(activation="relu")).kink.any()


def test_bce_saturated_output_stays_finite():
    g = B.neuron_graph(B.Setup(x1=3, x2=3, w1=2, w2=2, b=3, target=0.0, loss="bce"))  # z = 15
    assert all(math.isfinite(n.value) for n in g.nodes.values())
    assert all(math.isfinite(n.grad) for n in g.nodes.values() if n.grad is not None)
    assert g.max_gap < 1e-9


def test_graph_table_holds_both_gradients():
    table = B.graph_table(B.neuron_graph(B.Setup()))
    assert set(table["node"]) == {"x1", "w1", "x2", "w2", "b", "p1", "p2", "z", "y_hat", "y", "L"}
    grads = table.dropna(subset=["grad_autograd"])
    assert (grads["grad_autograd"] - grads["grad_chain_rule"]).abs().max() < 1e-15


def test_no_global_rng_touched():
    before = torch.random.get_rng_state()
    B.descend(B.Setup(), 0.5, 3)
    BN.build((1.0, 0.5), 1.0, hidden=2, seed=3)
    assert torch.equal(before, torch.random.get_rng_state())


# ------------------------------------------------------------------------------------------- the network
@settings(max_examples=25, deadline=None)
@given(st.tuples(finite, finite), st.floats(-2, 2), st.integers(1, 2), st.sampled_from(list(ACTIVATIONS)),
       st.integers(0, 9999))
def test_network_gradient_is_the_sum_over_paths(x, target, hidden, act, seed):
    net = BN.build(x, target, hidden=hidden, activation=act, seed=seed)
    for name in BN.parameter_names(net):
        total = float(BN.path_table(net, name)["product"].sum())
        assert total == pytest.approx(BN.autograd_grad(net, name), rel=1e-9, abs=1e-12), name


def test_network_against_nn_modules():
    """The same weights in nn.Linear layers: autograd through modules gives the same gradients and loss."""
    net = BN.build((1.0, 0.5), 1.0, hidden=2, activation="tanh", seed=5)
    layers = []
    for i, (W, b) in enumerate(zip(net.weights, net.biases)):
        lin = torch.nn.Linear(W.shape[1], W.shape[0]).double()
        with torch.no_grad():
            lin.weight.copy_(W)
            lin.bias.copy_(b)
        layers += [lin] + ([torch.nn.Tanh()] if i < len(net.weights) - 1 else [])
    model = torch.nn.Sequential(*layers)
    loss = (model(torch.tensor([1.0, 0.5], dtype=torch.float64))[0] - 1.0) ** 2
    loss.backward()
    assert float(loss) == pytest.approx(net.loss, abs=1e-14)
    for lin, W in zip([m for m in model if isinstance(m, torch.nn.Linear)], net.weights):
        assert torch.allclose(lin.weight.grad, W.grad, atol=1e-14)


def test_paths_count_and_seed():
    net = BN.build((1.0, 0.5), 1.0, hidden=2, seed=0)
    assert len(BN.paths(net, "W1[1,1]")) == 2  # feeds both second-layer units
    assert len(BN.paths(net, "x[1]")) == 4
    assert len(BN.paths(net, "W3[1,2]")) == 1
    one = BN.build((1.0, 0.5), 1.0, hidden=1, seed=0)
    assert len(BN.paths(one, "W1[2,1]")) == 1 and len(BN.paths(one, "x[2]")) == 2
    again = BN.build((1.0, 0.5), 1.0, hidden=2, seed=0)
    assert all(torch.equal(a, b) for a, b in zip(net.weights, again.weights))
    other = BN.build((1.0, 0.5), 1.0, hidden=2, seed=1)
    assert not torch.equal(net.weights[0], other.weights[0])


# ------------------------------------------------------------------------------------------- losses
def test_loss_curves_gradients_are_the_closed_forms():
    frame = LS.loss_curves()
    y_hat, y = frame["y_hat"], frame["target"]
    mse, bce = frame["loss"] == "mse", frame["loss"] == "bce"
    assert ((frame.loc[mse, "grad"] - 2 * (y_hat - y)[mse]).abs().max()) < 1e-12
    assert ((frame.loc[bce, "grad"] - ((y_hat - y) / (y_hat * (1 - y_hat)))[bce]).abs().max()) < 1e-9


@pytest.mark.parametrize("logits,target", [((2.0, 1.0, 0.1), 0), ((-10.0, 10.0, 0.0), 0), ((10.0, 10.0, 10.0), 2)])
def test_softmax_cross_entropy_gradient_is_p_minus_y(logits, target):
    r = LS.softmax_ce(logits, target)
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    loss = -torch.log_softmax(z, 0)[target]
    loss.backward()
    assert r.loss == pytest.approx(float(loss), abs=1e-12)
    assert r.grad_autograd == pytest.approx(z.grad.tolist(), abs=1e-12)
    p = torch.softmax(z.detach(), 0)
    assert r.grad_formula == pytest.approx((p - F.one_hot(torch.tensor(target), 3)).tolist(), abs=1e-12)
    assert r.max_gap < 1e-12
    with pytest.raises(ValueError):
        LS.softmax_ce(logits, 3)


# ------------------------------------------------------------------------------------------- mechanics
def test_requires_grad_panel():
    on, off = D.run(D.requires_grad(True)), D.run(D.requires_grad(False))
    assert on.values["w"].grad.item() == 2.0 and off.values["w"].grad is None
    assert "w.grad = None" in off.lines and "w.grad = tensor(2.)" in on.lines


@pytest.mark.parametrize("passes", range(1, D.MAX_PASSES + 1))
def test_gradients_accumulate_until_zeroed(passes):
    r = D.run(D.accumulate(passes))
    single = 2 * (0.5 * 2.0 - 3.0) * 2.0  # ∂(wx − y)²/∂w
    shown = [float(line.rsplit("=", 1)[1]) for line in r.lines]
    assert shown[:passes] == pytest.approx([single * (k + 1) for k in range(passes)])  # doubles, triples, ...
    assert shown[passes] == 0.0 and shown[passes + 1] == pytest.approx(single)
    assert r.error is None


def test_retain_grad_keeps_the_intermediate():
    kept, lost = D.run(D.leaves(True)), D.run(D.leaves(False))
    assert kept.values["z"].grad is not None and lost.values["z"].retains_grad is False
    assert "grad_fn=MulBackward0" in lost.lines[2] and "is_leaf=False" in lost.lines[2]
    assert lost.lines[1].startswith("w      is_leaf=True")


def test_the_four_ways_to_write_the_update():
    runs = {how: D.run(D.update(how)) for how in D.UPDATES}
    assert runs["inplace"].error.startswith("RuntimeError") and "leaf Variable" in runs["inplace"].error
    assert runs["rebind"].error is not None and runs["rebind"].values["w"].is_leaf is False
    assert runs["data"].error is None and runs["no_grad"].error is None
    assert runs["data"].values["w"].item() == runs["no_grad"].values["w"].item() == pytest.approx(1.46)
    assert runs["no_grad"].values["w"].is_leaf


def test_detach_halves_the_gradient():
    r = D.run(D.detach())
    assert r.error is None
    assert r.lines[1] == "through y * y: 36.0" and r.lines[2] == "through y * d: 18.0"


def test_demos_print_into_their_own_run_only():
    """Two visitors' panels at once: each run's lines are its own, the process's stdout untouched."""
    out = {}

    def go(k, passes):
        for _ in range(20):
            out[k] = D.run(D.accumulate(passes)).lines

    threads = [threading.Thread(target=go, args=(k, k + 1)) for k in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for k in range(3):
        assert len(out[k]) == k + 1 + 2


# ------------------------------------------------------------------------------------------- the snippet
@pytest.mark.parametrize("setup,lr,steps", [(B.Setup(), 0.5, 0), (B.Setup(), 0.5, 4),
                                            (B.Setup(activation="identity", target=-1.0), 0.1, 3),
                                            (B.Setup(loss="bce", target=0.0), 1.0, 2)])
def test_snippet_prints_the_pages_numbers(setup, lr, steps, tmp_path):
    script = tmp_path / "bp.py"
    script.write_text(snippet(setup, lr=lr, steps=steps))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    run = B.descend(setup, lr, steps)
    g = B.neuron_graph(setup.with_params(run.params[-1]))
    printed = {}
    for line in done.stdout.splitlines():
        if "value =" in line:
            name = line.split()[0]
            printed[name] = (float(line.split("value =")[1].split()[0]), float(line.rsplit("=", 1)[1]))
    assert set(printed) == set(g.nodes) - {"y"}
    for n, (value, grad) in printed.items():
        assert value == pytest.approx(g.nodes[n].value, abs=2e-6)
        assert grad == pytest.approx(g.nodes[n].grad, abs=2e-6)
