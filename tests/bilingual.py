"""Every string the app shows in English and Chinese, found without a list of where they live.

- the i18n catalogue (every module of ``ui/i18n``);
- every ``{"en": ..., "zh": ...}`` dict reachable from a module of ``core`` (tables, dataclass fields,
  class attributes), so a new lesson's table is covered as soon as its module exists;
- every other string literal with Chinese in it in ``core``, ``ui``, ``lessons``, ``app.py`` and ``explainer.py``
  (docstrings and ``ui/glossary.py`` excepted), so a dict built inside a function is not missed either.

``texts()`` yields ``Text(where, lang, text)``.
"""
from __future__ import annotations

import ast
import dataclasses
import importlib
import pathlib
import pkgutil
import re
import types
from typing import Iterator, NamedTuple

import core
from ui.i18n import CATALOGUE

ROOT = pathlib.Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff]")


class Text(NamedTuple):
    where: str
    lang: str
    text: str


def _walk(obj, path: str, seen: set[int], out: list[tuple[str, dict]]) -> None:
    if isinstance(obj, (str, bytes, int, float, complex, bool, type(None))) or id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, dict):
        if isinstance(obj.get("en"), str) and isinstance(obj.get("zh"), str):
            out.append((path, obj))
            return
        for k, v in obj.items():
            _walk(v, f"{path}[{k!r}]", seen, out)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for i, v in enumerate(obj):
            _walk(v, f"{path}[{i}]", seen, out)
    elif isinstance(obj, type):
        for k, v in vars(obj).items():
            if not k.startswith("__"):
                _walk(v, f"{path}.{k}", seen, out)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            _walk(getattr(obj, f.name, None), f"{path}.{f.name}", seen, out)
    elif isinstance(obj, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return
    elif type(obj).__module__.split(".")[0] == "core" and hasattr(obj, "__dict__"):
        for k, v in vars(obj).items():
            _walk(v, f"{path}.{k}", seen, out)


def core_tables() -> list[tuple[str, dict]]:
    """(where, {"en", "zh", ...}) for every bilingual dict reachable from a module of ``core``."""
    found: list[tuple[str, dict]] = []
    seen: set[int] = set()
    for info in sorted(pkgutil.walk_packages(core.__path__, "core."), key=lambda m: m.name):
        mod = importlib.import_module(info.name)
        for name, value in vars(mod).items():
            # what a module imports is walked where it is defined
            if isinstance(value, (type, types.FunctionType)) and value.__module__ != info.name:
                continue
            _walk(value, f"{info.name}.{name}", seen, found)
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def source_literals() -> list[tuple[str, str]]:
    """(file:line, literal) for every string literal with Chinese in it outside ``ui/i18n``, docstrings excepted."""
    files = [*sorted((ROOT / "core").rglob("*.py")), *sorted((ROOT / "ui").rglob("*.py")),
             *sorted((ROOT / "lessons").glob("*.py")), ROOT / "app.py", ROOT / "explainer.py"]
    found = []
    for f in files:
        # the catalogue is read whole above; the glossary's Chinese is the variants it refuses
        if "i18n" in f.relative_to(ROOT).parts or f == ROOT / "ui" / "glossary.py" or not f.exists():
            continue
        tree = ast.parse(f.read_text(), str(f))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and CJK.search(node.value)):
                found.append((f"{f.relative_to(ROOT)}:{node.lineno}", node.value))
    return found


def texts() -> Iterator[Text]:
    """Every en and zh string: the catalogue, core's tables, then Chinese literals found nowhere else."""
    whole: list[str] = []
    for key, entry in CATALOGUE.items():
        for lang in ("en", "zh"):
            yield Text(key, lang, entry[lang])
        whole.append(entry["zh"])
    for where, entry in core_tables():
        for lang in ("en", "zh"):
            yield Text(where, lang, entry[lang])
        whole.append(entry["zh"])
    for where, literal in source_literals():
        if not any(literal in w for w in whole):
            yield Text(where, "zh", literal)
