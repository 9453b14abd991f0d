"""The backpropagation page's PyTorch code: one neuron, forward, backward, and gradient-descent steps."""
from __future__ import annotations

from core.activations import as_module

_LOSS_LINES = {
    "mse": "loss = (y_hat - y) ** 2  # squared error",
    "bce": "loss = nn.functional.binary_cross_entropy(y_hat, y)  # -[y log y_hat + (1 - y) log(1 - y_hat)]",
}


def snippet(setup, *, lr: float = 0.5, steps: int = 0) -> str:
    """Source that trains ``steps`` times, then prints every value and gradient of the graph as the page shows it.

    ``setup``: a ``core.backprop.Setup``. The activation is the torch.nn module the page's graph uses.
    """
    module = as_module(setup.activation)
    return f'''import torch
from torch import nn

x1 = torch.tensor({float(setup.x1)!r}, dtype=torch.float64, requires_grad=True)
x2 = torch.tensor({float(setup.x2)!r}, dtype=torch.float64, requires_grad=True)
w1 = torch.tensor({float(setup.w1)!r}, dtype=torch.float64, requires_grad=True)
w2 = torch.tensor({float(setup.w2)!r}, dtype=torch.float64, requires_grad=True)
b = torch.tensor({float(setup.b)!r}, dtype=torch.float64, requires_grad=True)
y = torch.tensor({float(setup.target)!r}, dtype=torch.float64)  # the target: no gradient needed
f = nn.{module!r}


def forward():
    p1 = w1 * x1
    p2 = w2 * x2
    z = p1 + p2 + b
    y_hat = f(z)
    {_LOSS_LINES[setup.loss]}
    return p1, p2, z, y_hat, loss


# gradient descent: w <- w - lr * dL/dw, {int(steps)} times
lr = {float(lr)!r}
for step in range({int(steps)}):
    for p in (w1, w2, b):
        p.grad = None  # or p.grad.zero_(): .grad adds up otherwise
    x1.grad = x2.grad = None
    loss = forward()[-1]
    loss.backward()
    with torch.no_grad():  # the update itself must not become part of the graph
        for p in (w1, w2, b):
            p -= lr * p.grad
x1.grad = x2.grad = None
for p in (w1, w2, b):
    p.grad = None
print(f"after {int(steps)} steps: w1 = {{w1.item():+.6f}}, w2 = {{w2.item():+.6f}}, b = {{b.item():+.6f}}")

p1, p2, z, y_hat, loss = forward()
for t in (p1, p2, z, y_hat):
    t.retain_grad()  # keep the gradients of the intermediates too, to print them
loss.backward()  # autograd walks loss.grad_fn back to every leaf
print("loss.grad_fn:", type(loss.grad_fn).__name__)
for name, t in [("x1", x1), ("w1", w1), ("x2", x2), ("w2", w2), ("b", b),
                ("p1", p1), ("p2", p2), ("z", z), ("y_hat", y_hat), ("L", loss)]:
    grad = 1.0 if t is loss else t.grad.item()  # dL/dL = 1
    print(f"{{name:6}} value = {{t.item():+.6f}}   dL/d{{name}} = {{grad:+.6f}}")

'''
