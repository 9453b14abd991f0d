"""The network as a picture, as TensorFlow Playground draws it: every unit's output as a map over the plane.

All maps come from one forward pass over the grid, walking the ``nn.Sequential`` that ``build_mlp`` makes
(Linear, activation, Linear, …, Linear) and keeping each Linear layer's output after its activation (the
last layer's raw outputs, the logits for a classifier). The grid is ``core.features.grid``'s, the same the
trainers' ``decision_grid`` uses: ``maps[l][u, i, j]`` is unit u of layer l at (xs[j], ys[i]).
"""
from __future__ import annotations

import torch
from torch import nn

from core.features import expand, grid


def _linears(model: nn.Sequential) -> list[nn.Linear]:
    return [m for m in model if isinstance(m, nn.Linear)]


@torch.no_grad()
def unit_maps(model: nn.Sequential, features, bounds: tuple[float, float], resolution: int) -> list[torch.Tensor]:
    """One CPU tensor (units, res, res) per Linear layer: hidden layers after their activation, then the
    output layer's raw outputs, over the square ``bounds`` = (lo, hi) on both axes."""
    xs, _, pts = grid(bounds, resolution)
    res = len(xs)
    device = next(model.parameters()).device
    h = expand(pts, features).to(device)
    was_training = model.training
    model.eval()
    layers = list(model)
    kept = []
    for i, layer in enumerate(layers):
        h = layer(h)
        # a Linear's unit is read after whatever follows it up to the next Linear (its activation)
        if i == len(layers) - 1 or isinstance(layers[i + 1], nn.Linear):
            kept.append(h)
    model.train(was_training)
    return [k.T.reshape(k.shape[1], res, res).cpu() for k in kept]


def feature_maps(features, bounds: tuple[float, float], resolution: int) -> torch.Tensor:
    """(len(features), res, res): each input feature's own value over the grid, as Playground draws its inputs."""
    xs, _, pts = grid(bounds, resolution)
    F = expand(pts, features)
    return F.T.reshape(F.shape[1], len(xs), len(xs))


def links(model: nn.Sequential) -> list[torch.Tensor]:
    """Each Linear layer's weight (out, in), copied to the CPU (training goes on updating the model's own)."""
    return [m.weight.detach().to("cpu", copy=True) for m in _linears(model)]


def strongest_units(model: nn.Sequential, layer: int, k: int) -> list[int]:
    """The indices of the ``k`` strongest units of Linear layer ``layer`` (0 = the first hidden layer), strongest
    first, for drawing a wide layer in part.

    A unit's strength is the L1 norm of its outgoing weights (the column of the next layer's weight that it
    feeds): a unit whose links have all shrunk does not move the output. The output layer has no outgoing
    weights, so there the L1 norm of the incoming weights ranks the units. Ties keep index order.
    """
    linears = _linears(model)
    if not -len(linears) <= layer < len(linears):
        raise ValueError(f"layer must be in 0..{len(linears) - 1}, not {layer}")
    layer %= len(linears)
    with torch.no_grad():
        if layer + 1 < len(linears):
            strength = linears[layer + 1].weight.abs().sum(0)
        else:
            strength = linears[layer].weight.abs().sum(1)
        order = torch.sort(-strength.cpu(), stable=True).indices
    return order[:max(0, int(k))].tolist()
