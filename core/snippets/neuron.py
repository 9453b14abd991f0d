"""The neuron page's PyTorch code: one neuron t = f(Wᵀa + b), then the small network's forward pass."""
from __future__ import annotations

from core.activations import as_module
from core.neuron import STEP, clamp_sizes


def _activation_line(name: str, params: dict) -> str:
    if name == STEP:
        return "y = torch.heaviside(z, torch.tensor(1.0, dtype=torch.float64))  # the step: 1 where z >= 0, else 0"
    return f"y = nn.{as_module(name, **params)!r}(z)"


def snippet(inputs, weights, bias: float, activation: str, params: dict | None = None, *,
            sizes=(3, 4, 4, 2), net_activation: str = "relu", seed: int = 0, batch: int = 2) -> str:
    """Source that runs as shown and prints the neuron's z and y, each layer's shape, the parameter count
    and the network's output."""
    sizes = clamp_sizes(sizes)
    a = ", ".join(repr(float(v)) for v in inputs)
    w = ", ".join(repr(float(v)) for v in weights)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(f"nn.Linear({n_in}, {n_out})")
        if i < len(sizes) - 2:
            layers.append(f"nn.{as_module(net_activation)!r}")
    stack = ",\n    ".join(layers)
    return f'''import torch
from torch import nn

# one neuron: t = f(Wᵀa + b)
a = torch.tensor([{a}], dtype=torch.float64)  # inputs
W = torch.tensor([{w}], dtype=torch.float64)  # weights
b = torch.tensor({float(bias)!r}, dtype=torch.float64)  # bias
z = W @ a + b  # the weighted sum
{_activation_line(activation, params or {})}
print(f"z = {{z.item():.6f}}, y = {{y.item():.6f}}")

# a small fully connected network
model = nn.Sequential(
    {stack},
)
g = torch.Generator().manual_seed({int(seed)})  # a private generator: the same seed gives the same weights
with torch.no_grad():
    for layer in model:
        if isinstance(layer, nn.Linear):  # as nn.Linear does it: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
            bound = 1 / layer.in_features ** 0.5
            layer.weight.uniform_(-bound, bound, generator=g)
            layer.bias.uniform_(-bound, bound, generator=g)

X = torch.randn({int(batch)}, {sizes[0]}, generator=torch.Generator().manual_seed({int(seed) + 1}))
h = X
print("input", tuple(h.shape))
with torch.no_grad():
    for layer in model:  # the forward pass, one module at a time
        h = layer(h)
        print(layer, tuple(h.shape))
print("parameters:", sum(p.numel() for p in model.parameters()))
print("output:", h.tolist())
'''
