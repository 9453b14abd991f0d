"""The optimizer race and the momentum bowl as plain PyTorch, for the current settings.

The race draws its data and weights as core.race does (one private generator per network, seeded alike,
weights layer by layer), so it prints the numbers the page shows after the same steps; the bowl prints κ,
the best step sizes and the predicted and measured rates of its table.
"""
from __future__ import annotations

import textwrap

from core import data as core_data
from core.snippets.spiral import OPTIMIZER_LINES, _init_lines, _layers, _other, _spiral

RACERS = ("sgd", "momentum", "rmsprop", "adam")


def _race(dataset: str, n_per_class: int, noise: float, seed: int, hidden, activation: str, lrs: dict,
          n_steps: int) -> str:
    n_classes = core_data.DATASETS[dataset].fixed_classes or 3
    data = (_spiral(n_per_class, n_classes, noise, seed) if dataset == "spiral"
            else _other(dataset, n_per_class, n_classes, noise, seed))
    makers = "\n".join(f"    {name!r}: lambda params: {OPTIMIZER_LINES[name].replace('model.parameters()', 'params').format(lr=float(lrs[name]), wd=0.0)},"
                       for name in RACERS)
    return f"""# ---------------------------------------------------------------- the race
{data}


def make_model():
    # one private generator per network, seeded alike: every network draws the same initial weights
    g = torch.Generator().manual_seed({int(seed)})
    model = nn.Sequential(
{textwrap.indent(_layers(hidden, n_classes, activation, None), "    ")}
    )
    with torch.no_grad():
        for layer in model:
            if not isinstance(layer, nn.Linear):
                continue
{textwrap.indent(_init_lines("torch_default", None), "    ")}
    return model


optimizers = {{
{makers}
}}
loss_fn = nn.CrossEntropyLoss()
n_steps = {int(n_steps)}
for name, make_optimizer in optimizers.items():
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    for step in range(n_steps):
        loss = loss_fn(model(X), y)  # the whole data set every step
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        logits = model(X)
        loss, accuracy = loss_fn(logits, y).item(), (logits.argmax(1) == y).float().mean().item()
    print(f"{{name:>8}}: step {{n_steps}}, loss {{loss:.4f}}, accuracy {{accuracy:.4f}}")
"""


def _bowl(n: int, noise: float, seed: int, shift: float, scale: float, steps: int) -> str:
    noisy = f"\ny = y + {float(noise)!r} * torch.randn({int(n)}, 1, generator=g)" if noise else ""
    return f"""# ---------------------------------------------------------------- the momentum bowl
# The regression lesson's data: x ~ U[0, 1) (moved by {float(shift)!r}), y = 3x + 0.8{" + noise" if noise else ""}
g = torch.Generator().manual_seed({int(seed)})
x = torch.rand({int(n)}, 1, generator=g)
y = 3.0 * x + 0.8{noisy}
x, y = (x + {float(shift)!r}).double().reshape(-1), (y + 3.0 * {float(shift)!r}).double().reshape(-1)

X = torch.stack((x, torch.ones_like(x)), dim=1)
H = 2 / len(x) * X.T @ X  # the Hessian of mean((w x + b - y)^2): the same at every (w, b)
lam_min, lam_max = torch.linalg.eigvalsh(H).tolist()
kappa = lam_max / lam_min
optimum = torch.linalg.lstsq(X, y[:, None]).solution.reshape(-1)  # least squares, in closed form
print(f"lambda_min {{lam_min:.4f}}, lambda_max {{lam_max:.4f}}, kappa {{kappa:.2f}}")

rk = math.sqrt(kappa)
best = {{
    "gradient descent": (2 / (lam_min + lam_max), 0.0, (kappa - 1) / (kappa + 1)),
    "momentum": ((2 / (math.sqrt(lam_max) + math.sqrt(lam_min))) ** 2, ((rk - 1) / (rk + 1)) ** 2, (rk - 1) / (rk + 1)),
}}
scale = {float(scale)!r}  # times each best step size
for name, (alpha, beta, best_rate) in best.items():
    alpha = alpha * scale
    p = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)  # start at w = 1, b = 0
    optimizer = torch.optim.SGD([p], lr=alpha, momentum=beta, dampening=0.0)  # z = beta z + grad; p -= alpha z
    distances = []
    for step in range({int(steps)} + 1):
        loss = ((X @ p - y) ** 2).mean()
        distances.append((p.detach() - optimum).norm().item())
        if step == {int(steps)} or not math.isfinite(distances[-1]) or distances[-1] > 1e12 * distances[0]:
            break
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    # the mean factor per step over the second half of the steps above float noise
    k = max(i for i, d in enumerate(distances) if d > 1e-11 * distances[0] and math.isfinite(d))
    j = k // 2
    measured = (distances[k] / distances[j]) ** (1 / (k - j))
    stable = alpha * lam_max < 2 * (1 + beta)
    # theory's rate for this alpha and beta: the largest |eigenvalue| of e_(k+1) = (1 + beta - alpha lam) e_k - beta e_(k-1)
    predicted = max(torch.linalg.eigvals(torch.tensor([[1 + beta - alpha * lam, -beta], [1.0, 0.0]], dtype=torch.float64))
                    .abs().max().item() for lam in (lam_min, lam_max))
    print(f"{{name}}: alpha {{alpha:.4g}}, beta {{beta:.4g}}, alpha*lambda_max {{alpha * lam_max:.4f}}, "
          f"{{'converges' if stable else 'diverges'}}; best rate {{best_rate:.4f}}, predicted {{predicted:.4f}}, "
          f"measured {{measured:.4f}}")
"""


def source(*, dataset: str = "spiral", n_per_class: int = 200, noise: float = 0.2, seed: int = 0, hidden=(32,),
           activation: str = "relu", lrs: dict, n_steps: int = 500, bowl_n: int = 100, bowl_noise: float = 0.0,
           bowl_seed: int = 0, shift: float = 0.0, scale: float = 1.0, bowl_steps: int = 300) -> str:
    """Runnable source: the race trained ``n_steps`` by each optimizer, then the bowl's two runs."""
    return f"""import math

import torch
from torch import nn

{_race(dataset, n_per_class, noise, seed, hidden, activation, lrs, n_steps)}

{_bowl(bowl_n, bowl_noise, bowl_seed, shift, scale, bowl_steps)}"""
