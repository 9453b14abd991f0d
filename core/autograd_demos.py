"""Autograd's mechanics as small programs that really run: the page shows the code and what it printed.

Each demo is a template filled only with validated numbers and flags (no visitor text reaches
it), executed in a fresh namespace whose ``print`` collects lines: the code on screen is the
code that ran, and its output is torch's, errors included. ``contextlib.redirect_stdout`` would
swap the process's stdout under every other visitor's thread, so ``print`` is passed in instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

UPDATES = ("inplace", "rebind", "data", "no_grad")  # the ways to write w ← w − lr·∂L/∂w
MAX_PASSES = 4
# One registry for every run: torch's warnings (a non-leaf's .grad read) reach the server log once, not per visit.
_WARNED: dict = {}


@dataclass(frozen=True)
class Run:
    code: str
    lines: tuple[str, ...]  # what it printed, then "ExceptionType: message" if it raised
    values: dict[str, Any]  # the namespace afterwards, for tests
    error: str | None


def run(code: str) -> Run:
    lines: list[str] = []

    def capture(*args, sep=" ", end="\n", **_):
        lines.append(sep.join(str(a) for a in args))

    space: dict[str, Any] = {"print": capture, "__name__": "__demo__", "__warningregistry__": _WARNED}
    error = None
    try:
        exec(compile(code, "<demo>", "exec"), space)  # noqa: S102 (a fixed template, numbers only)
    except Exception as exc:  # torch's own error is the lesson
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        lines.append(error)
    space.pop("__builtins__", None)
    space.pop("__warningregistry__", None)
    return Run(code, tuple(lines), space, error)


def requires_grad(on: bool) -> str:
    return f"""import torch

x = torch.tensor(2.0)  # data: no gradient wanted
w = torch.tensor(3.0, requires_grad={bool(on)!r})
b = torch.tensor(1.0, requires_grad=True)
y = w * x + b
y.backward()
print("w.grad =", w.grad)  # ∂y/∂w = x, or None if w does not require grad
print("b.grad =", b.grad)
print("x.grad =", x.grad)
"""


def accumulate(passes: int) -> str:
    passes = min(max(int(passes), 1), MAX_PASSES)
    return f"""import torch

w = torch.tensor(0.5, requires_grad=True)
x, y = torch.tensor(2.0), torch.tensor(3.0)
for i in range({passes}):  # forward and backward, but never zeroed
    loss = (w * x - y) ** 2
    loss.backward()  # adds ∂loss/∂w to w.grad
    print(f"after backward() number {{i + 1}}: w.grad = {{w.grad.item():.4f}}")
w.grad.zero_()  # what optimizer.zero_grad() does for every parameter
print(f"after w.grad.zero_(): w.grad = {{w.grad.item():.4f}}")
loss = (w * x - y) ** 2
loss.backward()
print(f"one backward() after zeroing: w.grad = {{w.grad.item():.4f}}")
"""


def leaves(retain: bool) -> str:
    keep = "z.retain_grad()  # keep the gradient of this intermediate" if retain \
        else "# z.retain_grad() would keep z.grad; without it autograd frees it"
    return f"""import torch

x = torch.tensor(1.5)
w = torch.tensor(0.8, requires_grad=True)
z = w * x  # made by an operation: not a leaf
{keep}
y_hat = torch.sigmoid(z)
loss = (y_hat - 1.0) ** 2
loss.backward()
for name, t in [("x", x), ("w", w), ("z", z), ("y_hat", y_hat), ("loss", loss)]:
    fn = type(t.grad_fn).__name__ if t.grad_fn is not None else None
    grad = t.grad if (t.is_leaf or t.retains_grad) else None  # .grad of a non-leaf is None unless retained
    print(f"{{name:6}} is_leaf={{t.is_leaf!s:5}} requires_grad={{t.requires_grad!s:5}} grad_fn={{fn}} grad={{grad}}")
"""


_UPDATE_LINES = {
    "inplace": "w -= lr * w.grad  # in place, with autograd watching",
    "rebind": "w = w - lr * w.grad  # a new tensor, made by an operation",
    "data": "w.data -= lr * w.grad  # the course's way: works, hides the change from autograd",
    "no_grad": "with torch.no_grad():  # today's idiom: the update is not recorded\n"
               "    w -= lr * w.grad",
}


def update(how: str) -> str:
    if how not in UPDATES:
        raise ValueError(f"update must be one of {UPDATES}")
    return f"""import torch

lr = 0.1
w = torch.tensor(0.5, requires_grad=True)
x, y = torch.tensor(2.0), torch.tensor(3.0)
for step in range(2):
    loss = (w * x - y) ** 2
    loss.backward()
    print(f"step {{step}}: loss = {{loss.item():.4f}}, w.grad = {{w.grad}}")
    {_UPDATE_LINES[how].replace(chr(10), chr(10) + "    ")}
    print(f"   w = {{w.item():.4f}}, is_leaf = {{w.is_leaf}}")
    if w.grad is not None:
        w.grad.zero_()
"""


def detach() -> str:
    return """import torch

w = torch.tensor(2.0, requires_grad=True)
y = w * 3
d = y.detach()  # the same number, cut off from the graph
print("d.requires_grad =", d.requires_grad, " d.grad_fn =", d.grad_fn)
(y * y).backward()  # ∂(y²)/∂w = 2y · 3
print("through y * y:", w.grad.item())
w.grad.zero_()
y = w * 3  # backward() freed the first graph: build it again
(y * d).backward()  # d is a constant to autograd: ∂(y·d)/∂w = d · 3
print("through y * d:", w.grad.item())
"""


DEMOS: dict[str, Callable[..., str]] = {"requires_grad": requires_grad, "accumulate": accumulate, "leaves": leaves,
                                        "update": update, "detach": detach}
