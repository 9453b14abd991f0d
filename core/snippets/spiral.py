"""The spiral page's training as plain PyTorch, for the current settings.

The source draws from one private generator in the trainer's order (split, then weights layer by
layer, then mini-batch shuffles), so it prints the numbers the page shows after the same steps.
"""
from __future__ import annotations

import inspect

from core import data as core_data
from core.activations import as_module
from core.init import INITS, resolve

OPTIMIZER_LINES = {
    "sgd": "torch.optim.SGD(model.parameters(), lr={lr!r}, weight_decay={wd!r})",
    "momentum": "torch.optim.SGD(model.parameters(), lr={lr!r}, momentum=0.9, weight_decay={wd!r})",
    "rmsprop": "torch.optim.RMSprop(model.parameters(), lr={lr!r}, weight_decay={wd!r})",
    "adam": "torch.optim.Adam(model.parameters(), lr={lr!r}, weight_decay={wd!r})",
}


def _spiral(n_per_class: int, n_classes: int, noise: float, seed: int) -> str:
    return f"""# The course's spirals, one vectorised expression per class (no loop over points)
N, C = {int(n_per_class)}, {int(n_classes)}
g = torch.Generator().manual_seed({int(seed)})  # a private generator: no global seed
t = torch.linspace(0, 1, N)
arms = []
for c in range(C):
    angle = torch.linspace(2 * math.pi * c / C, 2 * math.pi * (2 + c) / C, N) + torch.randn(N, generator=g) * {float(noise)!r}
    arms.append(torch.stack((t * torch.sin(angle), t * torch.cos(angle)), dim=1))
X = torch.cat(arms)
y = torch.arange(C).repeat_interleave(N)"""


def _other(name: str, n_per_class: int, n_classes: int, noise: float, seed: int) -> str:
    # the generator's own source, so the snippet draws exactly what the page shows
    make = core_data.DATASETS[name].make
    helpers = [core_data.generator, core_data._labels, core_data._require_two, make]
    defs = "\n\n".join(inspect.getsource(f).strip() for f in helpers)
    return f"{defs}\n\n\nX, y = {make.__name__}({int(n_per_class)}, {int(n_classes)}, {float(noise)!r}, seed={int(seed)})"


def _layers(hidden, n_classes: int, activation: str, activation_params: dict | None) -> str:
    widths = [2, *hidden, n_classes]
    act = f"nn.{as_module(activation, **(activation_params or {}))!r}"
    lines = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        lines.append(f"    nn.Linear({a}, {b}),")
        if i < len(widths) - 2:
            lines.append(f"    {act},")
    return "\n".join(lines)


def _init_lines(init: str, init_params: dict | None) -> str:
    weight = INITS[init].call(**(resolve(init, **(init_params or {})) if INITS[init].params else {}))
    if init == "torch_default":
        bias = ("bound = 1 / math.sqrt(layer.in_features)\n"
                "        nn.init.uniform_(layer.bias, -bound, bound, generator=g)")
    else:
        bias = "nn.init.zeros_(layer.bias)"
    return f"        {weight}\n        {bias}"


def source(*, dataset: str = "spiral", n_per_class: int = 1000, n_classes: int = 3, noise: float = 0.2,
           seed: int = 12345, hidden=(100,), activation: str = "relu", init: str = "torch_default",
           optimizer: str = "adam", lr: float = 1e-3, weight_decay: float = 1e-5, batch_size: int | None = None,
           test_fraction: float = 0.0, n_steps: int = 1000, activation_params: dict | None = None,
           init_params: dict | None = None) -> str:
    """Runnable source that trains as the page does and prints the final loss and accuracy."""
    n = int(n_per_class) * int(n_classes)
    n_test = min(n - 1, round(n * min(max(float(test_fraction), 0.0), 0.9)))
    n_train = n - n_test
    full = not batch_size or int(batch_size) >= n_train
    bs = n_train if full else max(1, int(batch_size))
    data = (_spiral(n_per_class, n_classes, noise, seed) if dataset == "spiral"
            else _other(dataset, n_per_class, n_classes, noise, seed))
    if n_test:
        split = f"""
# Hold out {n_test} random points for testing
perm = torch.randperm(len(y), generator=g)
X_test, y_test = X[perm[:{n_test}]], y[perm[:{n_test}]]
X_train, y_train = X[perm[{n_test}:]], y[perm[{n_test}:]]"""
    else:
        split = "\n# Train on all the points, as the course does\nX_train, y_train = X, y"
    if full:
        batch = "    Xb, yb = X_train, y_train  # full batch"
        shuffle = ""
    else:
        shuffle = f"\nbatch_size = {bs}\norder, cursor = torch.randperm(len(y_train), generator=g), 0\n"
        batch = """    if cursor + batch_size > len(y_train):  # a new epoch: reshuffle (the last partial batch is dropped)
        order, cursor = torch.randperm(len(y_train), generator=g), 0
    idx = order[cursor:cursor + batch_size]
    cursor += batch_size
    Xb, yb = X_train[idx], y_train[idx]"""
    report = """    logits = model(X_train)
    loss, accuracy = loss_fn(logits, y_train).item(), (logits.argmax(1) == y_train).float().mean().item()
print(f"step {n_steps}: loss {loss:.4f}, accuracy {accuracy:.4f}")"""
    if n_test:
        report += """
with torch.no_grad():
    test_accuracy = (model(X_test).argmax(1) == y_test).float().mean().item()
print(f"test accuracy {test_accuracy:.4f}")"""
    return f"""import math

import torch
from torch import nn

{data}

# The model's own generator, seeded alike: split, weights and shuffles all draw from it in turn
g = torch.Generator().manual_seed({int(seed)})
{split}

model = nn.Sequential(
{_layers(hidden, n_classes, activation, activation_params)}
)
# Weights from the same private generator, layer by layer
with torch.no_grad():
    for layer in model:
        if not isinstance(layer, nn.Linear):
            continue
{_init_lines(init, init_params)}
optimizer = {OPTIMIZER_LINES[optimizer].format(lr=float(lr), wd=float(weight_decay))}
loss_fn = nn.CrossEntropyLoss()
{shuffle}
n_steps = {int(n_steps)}
for step in range(n_steps):
{batch}
    loss = loss_fn(model(Xb), yb)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
{report}
"""
