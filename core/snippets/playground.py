"""The playground page's training as plain PyTorch: input features, the network, the penalty.

As core/snippets/spiral.py does, the source draws from one private generator in the trainers' order
(split, then weights layer by layer, then mini-batch shuffles) and computes the features and the penalty
with the trainers' own expressions (``FEATURES[...].code``, the stacked per-layer sums), so it prints the
numbers the page shows after the same steps.
"""
from __future__ import annotations

import inspect

from core import data as core_data
from core.features import FEATURES, check
from core.snippets.spiral import OPTIMIZER_LINES, _init_lines, _layers, _other, _spiral

TASKS = ("classify", "regress")

PENALTY_LINES = {
    "l1": ("torch.stack([w.abs().sum() for w in weights]).sum()", "L1: the sum of |w|"),
    "l2": ("0.5 * torch.stack([(w * w).sum() for w in weights]).sum()", "L2: half the sum of w²"),
}


def _plane_data(name: str, n: int, noise: float, seed: int) -> str:
    # the generator's own source, so the snippet draws exactly the page's points and targets
    make = core_data.PLANE_TARGETS[name].make
    defs = "\n\n".join(inspect.getsource(f).strip() for f in (core_data.generator, core_data._plane_points, make))
    return f"{defs}\n\n\nX, y = {make.__name__}({int(n)}, {float(noise)!r}, seed={int(seed)})"


def _features(names: tuple[str, ...]) -> str:
    cols = "\n".join(f"        {FEATURES[f].code},  # {FEATURES[f].label}" for f in names)
    return f"""# The input features: the columns the first layer sees, built from each point's (x₁, x₂)
def features(X):
    return torch.stack([
{cols}
    ], dim=1)"""


def _network(n_in: int, hidden, n_out: int, activation: str, activation_params) -> str:
    # spiral's layer list starts from the two raw coordinates; here the first layer takes the feature columns
    return _layers(hidden, n_out, activation, activation_params).replace("nn.Linear(2, ", f"nn.Linear({n_in}, ", 1)


def source(*, task: str = "classify", dataset: str = "circles", n_per_class: int = 250, n_classes: int = 2,
           n: int = 500, noise: float = 0.1, seed: int = 0, features=("x1", "x2"), hidden=(4, 2),
           activation: str = "tanh", init: str = "torch_default", optimizer: str = "adam", lr: float = 0.03,
           weight_decay: float = 0.0, batch_size: int | None = None, test_fraction: float = 0.0,
           regularization: str = "none", reg_rate: float = 0.0, n_steps: int = 300,
           activation_params: dict | None = None, init_params: dict | None = None) -> str:
    """Runnable source that trains as the page does and prints the final loss (and accuracy), test figures
    when there is a test split, and the penalty when regularising.

    ``task="classify"``: ``dataset`` from ``core.data.DATASETS`` with ``n_per_class`` and ``n_classes``;
    ``task="regress"``: ``dataset`` from ``core.data.PLANE_TARGETS`` with ``n`` points.
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")
    names = check(features)
    classify = task == "classify"
    if classify:
        total = int(n_per_class) * int(n_classes)
        data = (_spiral(n_per_class, n_classes, noise, seed) if dataset == "spiral"
                else _other(dataset, n_per_class, n_classes, noise, seed))
    else:
        total = int(n)
        data = _plane_data(dataset, n, noise, seed)
    n_test = min(total - 1, round(total * min(max(float(test_fraction), 0.0), 0.9)))
    n_train = total - n_test
    full = not batch_size or int(batch_size) >= n_train
    bs = n_train if full else max(1, int(batch_size))

    if n_test:
        split = f"""
# Hold out {n_test} random points for testing
perm = torch.randperm(len(y), generator=g)
X_test, y_test = X[perm[:{n_test}]], y[perm[:{n_test}]]
X_train, y_train = X[perm[{n_test}:]], y[perm[{n_test}:]]
F_train, F_test = features(X_train), features(X_test)"""
    else:
        split = "\n# Train on all the points\nX_train, y_train = X, y\nF_train = features(X_train)"
    if full:
        shuffle, batch = "", "    Fb, yb = F_train, y_train  # full batch"
    else:
        shuffle = f"\nbatch_size = {bs}\norder, cursor = torch.randperm(len(y_train), generator=g), 0\n"
        batch = """    if cursor + batch_size > len(y_train):  # each epoch a fresh shuffle; a last partial batch is dropped
        order, cursor = torch.randperm(len(y_train), generator=g), 0
    Fb, yb = F_train[order[cursor:cursor + batch_size]], y_train[order[cursor:cursor + batch_size]]
    cursor += batch_size"""

    if classify:
        n_out, loss_fn, fit = int(n_classes), "nn.CrossEntropyLoss()", "model({})"
    else:
        n_out, loss_fn, fit = 1, "nn.MSELoss()  # the mean of (y_hat - y)²", "model({})[:, 0]"
    penalised = regularization in PENALTY_LINES
    if penalised:
        expr, what = PENALTY_LINES[regularization]
        penalty = f"""
# Regularisation on the weights only, not the biases ({what})
weights = [layer.weight for layer in model if isinstance(layer, nn.Linear)]
reg_rate = {float(reg_rate)!r}


def penalty():
    return {expr}
"""
        data_loss = f"    loss = loss_fn({fit.format('Fb')}, yb)"
        if float(reg_rate) > 0:
            data_loss += "\n    loss = loss + reg_rate * penalty()  # what the optimizer minimises"
    else:
        penalty, data_loss = "", f"    loss = loss_fn({fit.format('Fb')}, yb)"

    report = [f"    out = {fit.format('F_train')}", "    loss = loss_fn(out, y_train).item()"]
    if classify:
        report += ["    accuracy = (out.argmax(1) == y_train).float().mean().item()",
                   'print(f"step {n_steps}: loss {loss:.4f}, accuracy {accuracy:.4f}")']
    else:
        report += ['print(f"step {n_steps}: loss (mean squared error) {loss:.4f}")']
    if n_test:
        report += ["with torch.no_grad():", f"    out = {fit.format('F_test')}"]
        if classify:
            report += ["    test_loss = loss_fn(out, y_test).item()",
                       "    test_accuracy = (out.argmax(1) == y_test).float().mean().item()",
                       'print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f}")']
        else:
            report += ["    test_loss = loss_fn(out, y_test).item()", 'print(f"test loss {test_loss:.4f}")']
    if penalised:
        report += ["with torch.no_grad():", '    print(f"penalty {penalty().item():.4f}")']
    reported = "\n".join(report)

    return f"""import math

import torch
from torch import nn

{data}


{_features(names)}


# The model's own generator, seeded alike: split, weights and shuffles all draw from it in turn
g = torch.Generator().manual_seed({int(seed)})
{split}

model = nn.Sequential(
{_network(len(names), hidden, n_out, activation, activation_params)}
)
# Weights from the same private generator, layer by layer
with torch.no_grad():
    for layer in model:
        if not isinstance(layer, nn.Linear):
            continue
{_init_lines(init, init_params)}
optimizer = {OPTIMIZER_LINES[optimizer].format(lr=float(lr), wd=float(weight_decay))}
loss_fn = {loss_fn}
{penalty}{shuffle}
n_steps = {int(n_steps)}
for step in range(n_steps):
{batch}
{data_loss}
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
{reported}
"""
