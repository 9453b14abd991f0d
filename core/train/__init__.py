"""Steppable trainers: a page calls ``step(n)`` per frame and reads the state back.

``RegressionTrainer`` lives in ``core.train.regression``, ``ClassifierTrainer`` in
``core.train.classifier`` and ``PlaneRegressionTrainer`` (2-D points, a real-valued target) in
``core.train.plane``; all are importable from here, loaded on first use.
"""
import importlib

_HOMES = {"RegressionTrainer": "core.train.regression", "ClassifierTrainer": "core.train.classifier",
          "PlaneRegressionTrainer": "core.train.plane"}
__all__ = list(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
