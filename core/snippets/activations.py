"""The activations page's PyTorch code: the chosen activations as nn modules, autograd slopes, softmax."""
from __future__ import annotations

from core.activations import as_module


def snippet(names, params: dict | None = None, *, x_min: float = -6.0, x_max: float = 6.0, x0: float = 1.0,
            logits=(2.0, 1.0, 0.1, -1.0), temperature: float = 1.0) -> str:
    """Source text that runs as shown and prints f(x0), f'(x0) per activation and the softmax probabilities."""
    # the module's repr is its constructor call, parameters included
    table = "".join(f'    "{n}": nn.{as_module(n, **(params or {}).get(n, {}))!r},\n' for n in names)
    zs = ", ".join(repr(float(z)) for z in logits)
    return f'''import torch
from torch import nn

activations = {{
{table}}}

x = torch.linspace({float(x_min)!r}, {float(x_max)!r}, 401, requires_grad=True)
x0 = {float(x0)!r}
for name, f in activations.items():
    y = f(x)
    (dy,) = torch.autograd.grad(y.sum(), x)  # f'(x) at every grid point, by autograd
    xp = torch.tensor(x0, requires_grad=True)
    y0 = f(xp)
    y0.backward()
    print(f"{{name}}: f({{x0:g}}) = {{y0.item():.6f}}, f'({{x0:g}}) = {{xp.grad.item():.6f}}, "
          f"largest |f'| on the grid = {{dy.abs().max().item():.6f}}")

logits = torch.tensor([{zs}])
T = {float(temperature)!r}
p = torch.softmax(logits / T, dim=0)  # subtracts the largest logit first, so it never overflows
print("softmax:", [round(v, 6) for v in p.tolist()])
'''
