"""The regression page's loop as plain PyTorch, for the current settings."""
from __future__ import annotations

OPTIMIZER_LINES = {
    "sgd": "torch.optim.SGD(model.parameters(), lr=lr)",
    "momentum": "torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)",
    "adam": "torch.optim.Adam(model.parameters(), lr=lr)",
}
MAX_INLINE_ROWS = 300  # an uploaded file up to this size is written into the code, so it runs as shown


def _generated(n: int, w: float, b: float, noise: float, seed: int) -> str:
    lines = [
        f"# The data: x ~ U[0, 1), y = {w!r}·x + {b!r}" + (f" + {noise!r}·N(0, 1)" if noise else ""),
        "# (a private generator: no global seed)",
        f"g = torch.Generator().manual_seed({int(seed)})",
        f"x = torch.rand({int(n)}, 1, generator=g)",
        f"y = {w!r} * x + {b!r}",
    ]
    if noise:
        lines.append(f"y = y + {noise!r} * torch.randn({int(n)}, 1, generator=g)")
    return "\n".join(lines)


def _uploaded(x: list[float], y: list[float], name: str) -> str:
    if len(x) <= MAX_INLINE_ROWS:
        pairs = ",\n    ".join(f"[{a!r}, {c!r}]" for a, c in zip(x, y))
        return (f"# The data: {len(x)} points from {name}\n"
                f"xy = torch.tensor([\n    {pairs},\n])\n"
                "x, y = xy[:, :1], xy[:, 1:]")
    return (f"# The data: {len(x)} points from {name} (two numeric columns, x then y)\n"
            "import pandas as pd\n"
            f"xy = torch.tensor(pd.read_csv({name!r}).to_numpy(), dtype=torch.float32)\n"
            "x, y = xy[:, :1], xy[:, 1:]")


def source(*, n: int = 100, w: float = 3.0, b: float = 0.8, noise: float = 0.0, seed: int = 0, lr: float = 0.01,
           n_steps: int = 500, w0: float = 1.0, b0: float = 0.0, mode: str = "manual", optimizer: str = "sgd",
           data: tuple[list[float], list[float], str] | None = None) -> str:
    """Runnable source that trains as the page does and prints the final w, b and loss.

    ``data``: an uploaded file's (x values, y values, file name) instead of generated points.
    """
    head = "import torch\n" + ("from torch import nn\n" if mode == "module" else "") + "\n"
    body = _uploaded(*data) if data else _generated(n, w, b, noise, seed)
    if mode == "manual":
        loop = f"""
lr = {lr!r}
w = torch.tensor([[{float(w0)!r}]], requires_grad=True)
b = torch.tensor([{float(b0)!r}], requires_grad=True)

for step in range({int(n_steps)}):
    loss = ((torch.matmul(x, w) + b - y) ** 2).mean()
    loss.backward()
    # The course's update: .data changes the numbers without autograd recording it. It works;
    # today's idiom says the same thing more safely:
    #     with torch.no_grad():
    #         w -= lr * w.grad
    #         b -= lr * b.grad
    w.data -= lr * w.grad
    b.data -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()

with torch.no_grad():
    loss = ((torch.matmul(x, w) + b - y) ** 2).mean()
print(f"w = {{w.item():.6f}}, b = {{b.item():.6f}}, loss = {{loss.item():.6g}}")
"""
    else:
        loop = f"""
lr = {lr!r}
model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_({float(w0)!r})
    model.bias.fill_({float(b0)!r})
optimizer = {OPTIMIZER_LINES[optimizer]}
loss_fn = nn.MSELoss()

for step in range({int(n_steps)}):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    loss = loss_fn(model(x), y)
print(f"w = {{model.weight.item():.6f}}, b = {{model.bias.item():.6f}}, loss = {{loss.item():.6g}}")
"""
    return head + body + "\n" + loop
