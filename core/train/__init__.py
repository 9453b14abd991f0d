"""Steppable trainers: a page calls ``step(n)`` per frame and reads the state back.

``RegressionTrainer`` lives in ``core.train.regression`` and ``ClassifierTrainer`` in
``core.train.classifier``; both are importable from here, loaded on first use.
"""
import importlib

_HOMES = {"RegressionTrainer": "core.train.regression", "ClassifierTrainer": "core.train.classifier"}
__all__ = list(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
