"""A page's main controls mirrored into the URL, so any view can be bookmarked or shared.

Each page lists its controls once, as ``Param(name, key, kind, default)``: ``name`` is what
the URL says (``?depth=20``), ``key`` the widget's session-state key. Before its widgets the
page calls ``restore``: a control not yet in this session starts from the URL's value when
that parses, else from the default — so widgets take no ``value=``; the table holds the
defaults. After its widgets the page calls ``mirror``, which writes every value that differs
from its default back to the URL and drops everything else.

A URL value is only a suggestion: strangers type URLs. Out-of-range numbers are clamped,
anything malformed falls back to the default, and the page gets the names of those it changed
so it can say so. Unknown parameters are dropped silently.
"""
from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any, Sequence
from urllib.parse import urlencode

import streamlit as st

MAX_RAW = 200  # longer than any value a control can hold: refused before parsing
SHELL = ("lang", "projector", "present")  # kept on every page by the shell


class Bad(ValueError):
    """A URL value that cannot be read at all."""


_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")


def _number(raw: str) -> float:
    v = float(raw)
    if not math.isfinite(v):
        raise Bad(raw)
    return v


@dataclass(frozen=True)
class Choice:
    options: Sequence[Any]

    def parse(self, raw: str):
        by_text = {str(o): o for o in self.options}
        if raw not in by_text:
            raise Bad(raw)
        return by_text[raw], True

    def text(self, value) -> str:
        return str(value)


@dataclass(frozen=True)
class Number:
    lo: float
    hi: float
    step: float = 1
    integer: bool = False
    snap: bool = True  # a slider holds only its steps; a number_input holds whatever was typed

    def parse(self, raw: str):
        # whole numbers read exactly: as floats, 2**31 and 2**31 - 1 would compare equal
        v = int(raw) if _WHOLE.fullmatch(raw) else _number(raw)
        clamped = min(max(v, self.lo), self.hi)
        if self.snap:
            clamped = min(round(self.lo + round((clamped - self.lo) / self.step) * self.step, 10), self.hi)
        out = int(round(clamped)) if self.integer else float(clamped) + 0.0  # + 0.0: -0.0 writes as "-0", reads as 0
        return out, (out == v if self.integer else math.isclose(out, v, rel_tol=1e-9, abs_tol=1e-12))

    def text(self, value) -> str:
        return str(int(value)) if self.integer else f"{value:.12g}"


@dataclass(frozen=True)
class Steps:
    """A select_slider's options (numbers): the nearest option wins."""

    options: Sequence[float]

    def parse(self, raw: str):
        v = _number(raw)
        # clamped first: past the ends every option is as far as float says (1e308 - 10 == 1e308 - 1e-5),
        # and the tie went to the first, the smallest
        near = min(max(v, min(self.options)), max(self.options))
        best = min(self.options, key=lambda o: abs(o - near))
        return best, math.isclose(best, v, rel_tol=1e-9, abs_tol=1e-12)

    def text(self, value) -> str:
        return f"{value:.12g}"


@dataclass(frozen=True)
class Span:
    """A range slider's (low, high)."""

    lo: float
    hi: float
    step: float

    def parse(self, raw: str):
        parts = raw.split(",")
        if len(parts) != 2:
            raise Bad(raw)
        one = Number(self.lo, self.hi, self.step)
        (a, ok_a), (b, ok_b) = (one.parse(p) for p in parts)
        return (min(a, b), max(a, b)), ok_a and ok_b and a <= b

    def text(self, value) -> str:
        return f"{value[0]:g},{value[1]:g}"


@dataclass(frozen=True)
class Many:
    """A multiselect: comma-separated options, unknown ones and repeats dropped, at most ``most``."""

    options: Sequence[str]
    most: int

    def parse(self, raw: str):
        asked = [p for p in raw.split(",") if p] if raw else []
        kept = list(dict.fromkeys(p for p in asked if p in self.options))[: self.most]
        return kept, kept == asked

    def text(self, value) -> str:
        return ",".join(value)


_FLAGS = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


@dataclass(frozen=True)
class Flag:
    def parse(self, raw: str):
        value = _FLAGS.get(raw.lower())
        if value is None:
            raise Bad(raw)
        return value, True

    def text(self, value) -> str:
        return "1" if value else "0"


@dataclass(frozen=True)
class Param:
    name: str  # in the URL
    key: str  # in session state (the widget's key)
    kind: Choice | Number | Steps | Span | Many | Flag
    default: Any


def read(param: Param, raw: Any) -> tuple[Any, bool]:
    """(value, as_asked): the URL's text made a valid value; the default when it cannot be."""
    if isinstance(raw, list):  # a repeated parameter: the last one counts
        raw = raw[-1] if raw else ""
    if not isinstance(raw, str) or len(raw) > MAX_RAW:
        return param.default, False
    try:
        return param.kind.parse(raw.strip())
    except (Bad, ValueError, TypeError, OverflowError):
        return param.default, False


def restore(params: Sequence[Param]) -> list[str]:
    """Start every control not yet in this session from the URL or its default.

    Returns the URL names whose values were clamped or ignored, for a notice.
    """
    changed = []
    for p in params:
        if p.key in st.session_state:
            continue
        value = p.default
        if p.name in st.query_params:
            value, as_asked = read(p, st.query_params.get_all(p.name))
            if not as_asked:
                changed.append(p.name)
        st.session_state[p.key] = copy.copy(value)  # a default list is the table's, shared by every visitor
    return changed


def mirror(params: Sequence[Param]) -> None:
    """The URL becomes the shell's keys plus this page's values that differ from their defaults."""
    wanted = {}
    for p in params:
        value = st.session_state.get(p.key, p.default)
        if value != p.default:
            wanted[p.name] = p.kind.text(value)
    for name in [n for n in st.query_params if n not in wanted and n not in SHELL]:
        del st.query_params[name]
    for name, text in wanted.items():
        write_to_url(name, text)


def link() -> str:
    """The address of this view, as a visitor would paste it."""
    base = None
    try:
        base = st.context.url
    except Exception:  # no browser behind this run (AppTest)
        pass
    query = urlencode({k: st.query_params[k] for k in st.query_params}, safe=",")
    return f"{base or ''}?{query}" if query else (base or "?")


def write_to_url(key: str, text: str | None) -> None:
    """Put ``text`` in the URL under ``key`` (None removes it); only touches the URL on change."""
    if text is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != [text]:
        st.query_params[key] = text
