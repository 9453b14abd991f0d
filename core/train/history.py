"""What both trainers' histories share: thinning a run's records for drawing."""
from __future__ import annotations


def thin(history: list[dict], limit: int) -> list[dict]:
    """At most ``limit`` records, evenly spread, always keeping the first and the last (for drawing)."""
    n = len(history)
    if n <= limit or limit < 2:
        return list(history[-max(limit, 1):]) if limit < 2 else list(history)
    idx = {round(i * (n - 1) / (limit - 1)) for i in range(limit)}
    return [history[i] for i in sorted(idx)]
