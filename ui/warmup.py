"""What a fresh server process does before its first visitor: imports and first calls.

A cold ``streamlit run`` imports torch, pandas, Altair and every lesson module inside the first
visitor's script run, 5–7 s on this machine before anything is drawn (#15). ``app.py`` runs
``warm()`` in its startup hook instead, so the server reports healthy only once that is done.
"""
from __future__ import annotations

import importlib
import pkgutil
import time


def _modules(package: str) -> list[str]:
    pkg = importlib.import_module(package)
    return [m.name for m in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}.")]


def warm() -> dict[str, float]:
    """Import every module of ``core`` and ``ui`` and make the first torch, pandas and Altair calls
    (each pays a one-off setup: operator registration, Altair's schema validator). Seconds per part."""
    took, start = {}, time.perf_counter()
    for package in ("core", "ui"):
        for name in _modules(package):
            importlib.import_module(name)
    took["imports"] = time.perf_counter() - start

    start = time.perf_counter()
    import altair as alt
    import pandas as pd
    import torch

    x = torch.linspace(-1, 1, 8, requires_grad=True)
    torch.tanh(x @ torch.ones(8)).backward()
    frame = pd.DataFrame({"x": x.detach().numpy(), "y": x.grad.numpy()})
    alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q").to_dict()
    took["first calls"] = time.perf_counter() - start

    # The first torch optimizer a process makes imports torch._dynamo (1.3 s on this machine): without this,
    # the first visitor of a live lesson (each makes its optimizer as it opens) would wait for it.
    start = time.perf_counter()
    from core.train.classifier import OPTIMIZERS

    for optimizer in OPTIMIZERS.values():
        w = torch.zeros(2, requires_grad=True)
        w.sum().backward()
        optimizer.make([w], 0.1, 0.0).step()
    took["optimizers"] = time.perf_counter() - start
    return took
