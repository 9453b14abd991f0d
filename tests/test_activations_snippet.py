"""The activations page's PyTorch code runs as shown and prints what core computes."""
import math
import re
import subprocess
import sys

import pytest
import torch

from core import activations as A
from core.snippets.activations import snippet

LINE = re.compile(r"^(\w+): f\((\S+)\) = (\S+), f'\(\S+\) = (\S+), largest \|f'\| on the grid = (\S+)$")


def run(source: str) -> str:
    # a fresh interpreter with no project path: the snippet must import only torch
    out = subprocess.run([sys.executable, "-I", "-c", source], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_snippet_prints_core_numbers_for_every_activation():
    params = {"leaky_relu": {"alpha": 0.3}, "elu": {"alpha": 2.0}, "softplus": {"beta": 4.0}}
    names = list(A.ACTIVATIONS)
    logits = [1003.0, 1001.0, 1000.5, 999.0]
    source = snippet(names, params, x_min=-4.0, x_max=3.0, x0=-0.7, logits=logits, temperature=0.5)
    out = run(source).splitlines()
    assert len(out) == len(names) + 1
    grid = torch.linspace(-4.0, 3.0, 401, dtype=torch.float64)
    for name, line in zip(names, out):
        m = LINE.match(line)
        assert m and m.group(1) == name, line
        y0, d0 = A.probe(name, -0.7, **params.get(name, {}))
        assert float(m.group(3)) == pytest.approx(y0, abs=2e-6)
        assert float(m.group(4)) == pytest.approx(d0, abs=2e-6)
        steepest = float(A.closed_grad(name, grid, **params.get(name, {})).abs().max())
        assert float(m.group(5)) == pytest.approx(steepest, abs=2e-6)
    probs = eval(out[-1].removeprefix("softmax: "))
    assert probs == pytest.approx(A.softmax(torch.tensor(logits, dtype=torch.float64), temperature=0.5).tolist(), abs=2e-6)
    assert sum(probs) == pytest.approx(1.0, abs=1e-5) and all(math.isfinite(p) for p in probs)


def test_snippet_with_nothing_chosen_still_runs():
    out = run(snippet([], None))
    assert out.startswith("softmax: ")
