"""The initialisation page's code: the layer it samples, as ``nn.init`` calls that run as shown."""
from __future__ import annotations

from core.init import INITS, resolve


def _call(name: str, params: dict) -> str:
    spec = INITS[name]
    return spec.call(**{k: params[k] for k in spec.params})


def _bias(name: str) -> str:
    if name == "torch_default":  # what nn.Linear.reset_parameters does, drawn after the weight
        return "nn.init.uniform_(layer.bias, -1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), generator=g)"
    return "nn.init.zeros_(layer.bias)"


def layer_code(schemes, fan_in: int, fan_out: int, *, seed: int) -> str:
    """Source that initialises one ``nn.Linear(fan_in, fan_out)`` per scheme in ``schemes`` (pairs of
    name and parameters) and prints ``<name> mean=<m> std=<s>`` for each, as the page's table shows."""
    schemes = [(name, resolve(name, **params)) for name, params in schemes]
    needs_math = any(name == "torch_default" for name, _ in schemes)
    lines = [*(["import math", ""] if needs_math else []),
             "import torch", "from torch import nn", "",
             f"fan_in, fan_out = {int(fan_in)}, {int(fan_out)}"]
    for name, params in schemes:
        lines += [
            "",
            f"# {INITS[name].label['en']}",
            "layer = nn.Linear(fan_in, fan_out)  # weight shape (fan_out, fan_in)",
            f"g = torch.Generator().manual_seed({int(seed)})  # a private generator: same seed, same weights",
            "with torch.no_grad():  # initialising is not a step to differentiate",
            f"    {_call(name, params)}",
            f"    {_bias(name)}",
            "w = layer.weight",
            f'print(f"{name} mean={{w.mean().item():.6f}} std={{w.std().item():.6f}}")',
        ]
    return "\n".join(lines) + "\n"
