"""The tensors page's PyTorch code: create x, print its attributes, apply the chosen operation."""
from __future__ import annotations

import textwrap

from core.tensors import OPS, apply, create


def _guarded(code: str, error_type: str | None) -> str:
    """Code torch refuses is shown inside try/except, printing torch's message: the snippet still runs."""
    if error_type is None:
        return code + "\n"
    return f"try:\n{textwrap.indent(code, '    ')}\nexcept {error_type} as e:\n    print(\"{error_type}:\", e)\n"


def snippet(creator: str, create_args: dict | None = None, op: str | None = None, op_args: dict | None = None) -> str:
    """Source that runs as shown and prints x, its attributes, and y (or torch's message)."""
    made = create(creator, **(create_args or {}))
    head = "import numpy as np\nimport torch\n" if "np." in made.code else "import torch\n"
    if not made.ok:
        return head + "\n" + _guarded(made.code, made.error_type)
    parts = [head, made.code,
             'print("x =", x.tolist())',
             'print("shape:", tuple(x.shape), "dim:", x.dim(), "dtype:", x.dtype, "device:", x.device)', ""]
    if op is not None:
        out = apply(op, made.tensor, **(op_args or {}))
        tail = 'print("y =", y.tolist())\nprint("y.shape:", tuple(y.shape), "y.dtype:", y.dtype)'
        if OPS[op].inplace:
            tail += '\nprint("x is now", x.tolist(), "and y is x:", y is x)'
        parts.append(_guarded(out.code + "\n" + tail if out.ok else out.code, out.error_type))
    return "\n".join(parts)
