"""core.neuron against torch: the weighted sum and output, the plane, the network's layers and parameter counts."""
import math

import pytest
import torch
from torch import nn

from core import neuron as N
from core.activations import ACTIVATIONS


def test_activation_list_is_the_step_then_the_whole_table():
    assert N.activation_names() == ["step", *ACTIVATIONS]


@pytest.mark.parametrize("name", N.activation_names())
def test_neuron_equals_torch_linear_then_activation(name):
    a, w, b = [0.7, -1.3], [1.5, 0.4], -0.2
    out = N.neuron(a, w, b, name)
    lin = nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor([w], dtype=torch.float64))
        lin.bias.fill_(b)
    with torch.no_grad():
        z = lin(torch.tensor([a], dtype=torch.float64))
    y = (z >= 0).double() if name == "step" else N.as_module(name)(z)
    assert out.z == pytest.approx(float(z), abs=1e-12)
    assert out.y == pytest.approx(float(y), abs=1e-12)
    assert out.products == pytest.approx((1.05, -0.52))


def test_activation_parameters_reach_the_function():
    out = N.neuron([1.0, 1.0], [-1.0, -1.0], 0.0, "leaky_relu", alpha=0.3)
    assert out.z == -2.0 and out.y == pytest.approx(-0.6)


def test_step_at_zero_fires():
    assert N.neuron([1.0, 0.0], [1.0, 0.0], -1.0, "step").y == 1.0
    assert N.neuron([1.0, 0.0], [1.0, 0.0], -1.001, "step").y == 0.0


def test_plane_matches_the_neuron_pointwise():
    df = N.plane([0.8, -1.1], 0.3, "tanh", lim=2.0, resolution=9)
    assert len(df) == 81 and df["x1"].min() == -2.0 and df["x2"].max() == 2.0
    for row in df.sample(10, random_state=0).itertuples():
        assert row.y == pytest.approx(N.neuron([row.x1, row.x2], [0.8, -1.1], 0.3, "tanh").y)


def test_step_plane_flips_exactly_across_the_decision_line():
    w, b = [1.0, 2.0], -0.5
    df = N.plane(w, b, "step", resolution=31)
    assert set(df["y"]) == {0.0, 1.0}
    assert ((df["z"] >= 0) == (df["y"] == 1.0)).all()
    line = N.decision_line(w, b)
    assert len(line) == 2
    z_on_line = w[0] * line["x1"] + w[1] * line["x2"] + b
    assert z_on_line.abs().max() < 1e-9
    assert (line.abs() <= 3.0 + 1e-9).all().all()


@pytest.mark.parametrize("w,b", [([0.0, 0.0], 1.0), ([1.0, 0.0], 5.0)])
def test_no_decision_line_when_it_misses_the_square(w, b):
    assert N.decision_line(w, b).empty


def test_vertical_and_horizontal_lines():
    assert sorted(N.decision_line([2.0, 0.0], -1.0)["x1"]) == [0.5, 0.5]
    assert sorted(N.decision_line([0.0, 1.0], 1.0)["x2"]) == [-1.0, -1.0]


# --- the network ----------------------------------------------------------------------------


@pytest.mark.parametrize("sizes", [(2, 3, 1), (4, 6, 6, 6, 4), (1, 1), (3, 2)])
def test_parameter_counts_equal_numel(sizes):
    model = N.build_network(sizes, "relu", seed=3)
    table = N.parameter_table(model)
    assert table["parameters"].sum() == sum(p.numel() for p in model.parameters())
    linears = [m for m in model if isinstance(m, nn.Linear)]
    assert table["parameters"].tolist() == [m.weight.numel() + m.bias.numel() for m in linears]
    assert table["parameters"].tolist() == [o * i + o for i, o in zip(sizes[:-1], sizes[1:])]


def test_sizes_are_clamped():
    assert N.clamp_sizes((9, 20, 0, 3, 3, 3, 9)) == (4, 6, 1, 3, 4)


def test_forward_trace_equals_the_model_and_torch_by_hand():
    model = N.build_network((3, 4, 2), "tanh", seed=1)
    X = N.network_inputs(3, batch=2, seed=1)
    stages = N.forward_trace(model, X)
    assert [s.kind for s in stages] == ["input", "linear", "activation", "linear"]
    assert [s.shape for s in stages] == [(2, 3), (2, 4), (2, 4), (2, 2)]
    l1, l2 = model[0], model[2]
    h = X @ l1.weight.T + l1.bias
    assert torch.allclose(stages[1].tensor, h)
    assert torch.allclose(stages[2].tensor, torch.tanh(h))
    assert torch.allclose(stages[3].tensor, torch.tanh(h) @ l2.weight.T + l2.bias)
    assert torch.equal(stages[-1].tensor, model(X).detach())


def test_weights_follow_the_seed_and_not_the_global_rng():
    before = torch.random.get_rng_state()
    a, b, c = (N.build_network((2, 3, 1), seed=s) for s in (5, 5, 6))
    assert torch.equal(a[0].weight, b[0].weight) and not torch.equal(a[0].weight, c[0].weight)
    assert torch.equal(torch.random.get_rng_state(), before)
    for m in a:
        if isinstance(m, nn.Linear):
            bound = 1 / math.sqrt(m.in_features)
            assert m.weight.abs().max() <= bound and m.bias.abs().max() <= bound


def test_diagram_links_are_the_weights_and_nodes_the_values():
    model = N.build_network((2, 3, 2), "relu", seed=0)
    stages = N.forward_trace(model, N.network_inputs(2, batch=3, seed=0))
    nodes, links = N.diagram(model, stages, sample=1)
    assert len(nodes) == 7 and len(links) == 2 * 3 + 3 * 2
    first = links[links["layer"] == 1]
    assert torch.allclose(torch.tensor(first.sort_values(["dst", "src"])["weight"].to_numpy(), dtype=torch.float32),
                          model[0].weight.detach().reshape(-1))
    hidden = nodes[nodes["layer"] == 1].sort_values("unit")["value"].to_numpy()
    assert torch.allclose(torch.tensor(hidden, dtype=torch.float32), stages[2].tensor[1])  # after the ReLU


def test_diagram_step_through_shows_only_what_is_reached():
    model = N.build_network((2, 3, 2), "relu", seed=0)
    stages = N.forward_trace(model, N.network_inputs(2, seed=0))
    nodes, links = N.diagram(model, stages, upto=1)  # after the first Linear, before its ReLU
    hidden = nodes[nodes["layer"] == 1].sort_values("unit")["value"].to_numpy()
    assert torch.allclose(torch.tensor(hidden, dtype=torch.float32), stages[1].tensor[0])
    assert not nodes[nodes["layer"] == 2]["reached"].any() and nodes[nodes["layer"] == 2]["value"].isna().all()
    assert links[links["layer"] == 1]["reached"].all() and not links[links["layer"] == 2]["reached"].any()


def test_step_is_refused_inside_a_network():
    with pytest.raises(ValueError):
        N.build_network((2, 2, 1), "step")


def test_formulas_are_written_in_z():
    assert N.activation_formula("relu") == r"\mathrm{ReLU}(z) = \max(0,\ z)"
    assert N.activation_formula("tanh").endswith(r"= 2\,\sigma(2z) - 1")
    assert r"\approx 1.0507" in N.activation_formula("selu")
    assert all("x" not in N.activation_formula(n).replace(r"\max", "").replace(r"\approx", "")
               for n in N.activation_names())
