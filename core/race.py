"""An optimizer race: one data set, one network, one set of initial weights, four optimizers side by side.

Each racer is a ``ClassifierTrainer`` built with the same seed and settings: its generator draws (with
no held-out split) the initial weights first, so all four start from the same parameters and differ only
in how they step. Weight decay is off for all, so the race compares the update rules and nothing else.
"""
from __future__ import annotations

import math

import pandas as pd
import torch

from core.train import ClassifierTrainer

RACERS = ("sgd", "momentum", "rmsprop", "adam")
# Each optimizer's own sensible step on these small problems: rules of thumb, not a tuned optimum
# (adaptive methods take steps ~1e-3..1e-2; plain SGD on full batches tolerates far larger ones).
DEFAULT_LRS = {"sgd": 0.3, "momentum": 0.1, "rmsprop": 3e-3, "adam": 1e-2}


class Race:
    """Four trainers stepped together; a diverged one stops (``ClassifierTrainer`` rolls it back to its
    last good state) while the others go on."""

    def __init__(self, X: torch.Tensor, y: torch.Tensor, *, lrs: dict[str, float], hidden=(32,),
                 activation: str = "relu", seed: int, record_every: int = 10, device=None):
        self.lrs = {name: float(lrs[name]) for name in RACERS}
        self.trainers = {
            name: ClassifierTrainer(X, y, hidden=hidden, activation=activation, optimizer=name, lr=self.lrs[name],
                                    weight_decay=0.0, seed=seed, device=device, record_every=record_every)
            for name in RACERS
        }

    def step(self, n: int = 1) -> None:
        for tr in self.trainers.values():
            tr.step(n)  # a diverged trainer ignores it

    @property
    def steps(self) -> int:
        """Steps taken by the racers still running (all run the same number); else by the last to stop."""
        running = [tr.steps for tr in self.trainers.values() if not tr.diverged]
        return max(running) if running else max(tr.steps for tr in self.trainers.values())

    @property
    def all_diverged(self) -> bool:
        return all(tr.diverged for tr in self.trainers.values())

    def standings(self) -> list[dict]:
        """Per racer, in RACERS order: name, lr, steps, the last recorded loss and accuracy (all the data),
        and the step at which it diverged (None while it runs)."""
        out = []
        for name, tr in self.trainers.items():
            last = tr.history[-1]
            out.append({"optimizer": name, "lr": self.lrs[name], "steps": tr.steps, "loss": last["loss"],
                        "accuracy": last["accuracy"], "diverged_at": tr.diverged_at})
        return out


def history_frame(histories: dict[str, list[dict]]) -> pd.DataFrame:
    """One row per racer and recorded step: optimizer, step, loss, accuracy (every value finite: a diverged
    trainer never records its NaN)."""
    parts = [pd.DataFrame({"optimizer": name, "step": [r["step"] for r in h], "loss": [r["loss"] for r in h],
                           "accuracy": [r["accuracy"] for r in h]}) for name, h in histories.items()]
    return pd.concat(parts, ignore_index=True)


def trouble(trainer) -> str | None:
    """What a racer's card says is wrong: "diverged" (its loss became NaN or infinite, and it stopped), or
    "above_start" (its loss ends above the untrained network's: a network that blows up its logits keeps a
    finite cross-entropy, so it may never reach a NaN); None while it learns."""
    if trainer.diverged:
        return "diverged"
    h = trainer.history
    return "above_start" if len(h) > 1 and h[-1]["loss"] > h[0]["loss"] else None


def leader(standings: list[dict]) -> str | None:
    """The lowest loss among the racers still running (None when every one has diverged)."""
    alive = [s for s in standings if s["diverged_at"] is None and math.isfinite(s["loss"])]
    return min(alive, key=lambda s: s["loss"])["optimizer"] if alive else None
