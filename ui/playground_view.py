"""The network playground's URL table, its data (generated, a visitor's file, clicked points), the run, the live
board (network diagram, regions, a unit's map, the loss) and the files a visitor can take away.

Per-visitor state stays in ``st.session_state`` (the run, the clicked points) or in a ``Board`` made afresh
each script run: Streamlit runs every visitor in a thread of one process, so nothing here keeps a visitor's
state at module level. The frame makers are pure (tensors in, frames out) so tests hold them against torch.
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st
import torch

from core import playground as P
from core import points as core_points
from core.activations import ACTIVATIONS
from core.data import DATASETS, PLANE_TARGETS
from core.features import DEFAULT_FEATURES, FEATURES
from core.linear import CsvError
from core.models import param_count
from core.train import ClassifierTrainer, PlaneRegressionTrainer
from core.train.classifier import OPTIMIZERS, REGULARIZATIONS, points_frame, region_frame
from ui import player
from ui.charts import finish
from ui.charts.learning import learning_curve
from ui.charts.live import Alternate, arrow, feed, freeze, named
from ui.charts.network import UNIT_KEY, click_cells, map_image, network_picture, unit_panel, value_plane
from ui.charts.regions import decision_regions, image_table, points_table
from ui.downloads import Download, lazy_csv
from ui.i18n import t
from ui.spiral_view import curve_frame, horizon
from ui.urlstate import Choice, Flag, Many, Number, Param, Steps

KEY = "playground"
TASKS = ("classify", "regress")
SLOW_EVERY = 3  # as the spiral: the figures, the loss curve and the unit's large map on slow frames (player.SlowFrames)

# What one visitor may ask of the shared server (ui/limits.py's rule, kept here: that file is the spiral's)
MAX_PER_CLASS = 500
MAX_POINTS = 1000  # regression on the plane
MAX_CLASSES = core_points.MAX_CLASSES
MAX_LAYERS = 4
MAX_ADDED = 300  # points added by clicking
MAX_STEPS_PER_FRAME = 100
WORK_PER_FRAME = 2e9  # (points per step x parameters) x steps, as ui/limits.SPIRAL_WORK_PER_FRAME

MAP_RES, REGION_RES, BIG_RES, CLICK_RES = 16, 50, 40, 25  # cells a side: unit maps, regions, the large map, clicks
SHOWN_UNITS = 8  # per hidden layer; the rest are counted, not drawn
SHOWN_POINTS, RECORD_EVERY = 300, 5
METRIC_REM = 1.75  # the figures' type in normal style (Streamlit's 2.25rem cuts "100.0%" in six columns)
NEAR_ZERO = 1e-3  # |w| below this counts as a weight regularisation has removed
LINK_FULL = 10 * NEAR_ZERO  # a link's width and opacity are |w| over the largest |w| drawn, or this if larger

WIDTHS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32, 48, 64, 100, 128)
LRS = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCHES = (0, 1, 5, 10, 20, 30, 50, 100)  # 0: every training point
SPFS = (1, 2, 5, 10, 20, 50, 100)
DEFAULT_WIDTHS = (4, 2, 2, 2)


def plane_targets() -> dict:
    return PLANE_TARGETS


def unit_ids(max_layers: int = MAX_LAYERS, max_width: int = WIDTHS[-1]) -> list[str]:
    """Every unit a network here can have, as the URL names it: inputs, hidden units, outputs."""
    return ([f"in.{f}" for f in FEATURES] + [f"h{l}.{u}" for l in range(1, max_layers + 1) for u in range(max_width)]
            + [f"out.{k}" for k in range(MAX_CLASSES)])


URL = [
    Param("task", "pg_task", Choice(TASKS), "classify"),
    Param("ds", "pg_ds", Choice(list(DATASETS)), "circles"),
    Param("target", "pg_target", Choice(list(PLANE_TARGETS)), "plane"),
    Param("classes", "pg_classes", Number(2, MAX_CLASSES, 1, integer=True), 2),
    Param("n", "pg_n", Number(20, MAX_PER_CLASS, 10, integer=True), 150),
    Param("points", "pg_points", Number(20, MAX_POINTS, 20, integer=True), 300),
    Param("noise", "pg_noise", Number(0.0, 1.0, 0.01), 0.1),
    Param("seed", "pg_seed", Number(0, 2**31 - 1, 1, integer=True), 1),
    Param("test", "pg_test", Number(0.0, 0.5, 0.05), 0.3),
    Param("feat", "pg_feats", Many(list(FEATURES), len(FEATURES)), list(DEFAULT_FEATURES)),
    Param("layers", "pg_depth", Number(0, MAX_LAYERS, 1, integer=True), 2),
    *[Param(f"w{i + 1}", f"pg_w{i}", Steps(WIDTHS), DEFAULT_WIDTHS[i]) for i in range(MAX_LAYERS)],
    Param("act", "pg_act", Choice(list(ACTIVATIONS)), "tanh"),
    Param("opt", "pg_opt", Choice(list(OPTIMIZERS)), "adam"),
    Param("lr", "pg_lr", Steps(LRS), 0.03),
    Param("batch", "pg_batch", Steps(BATCHES), 10),
    Param("reg", "pg_reg", Choice(list(REGULARIZATIONS)), "none"),
    Param("rate", "pg_rate", Steps(RATES), 1e-3),
    Param("discrete", "pg_discrete", Flag(), False),
    Param("testpts", "pg_show_test", Flag(), True),
    Param("spf", "pg_spf", Steps(SPFS), 10),
    Param("unit", "pg_unit", Choice(unit_ids()), "h1.0"),
]


# ---------------------------------------------------------------- data

@st.cache_data(max_entries=32, show_spinner=False)
def generated(task: str, name: str, n_classes: int, n: int, noise: float, seed: int):
    """(X, y) of a generator: a classification set from ``DATASETS`` (``n`` per class) or a target on the plane
    (``n`` points)."""
    if task == "classify":
        fixed = DATASETS[name].fixed_classes
        return DATASETS[name].make(n, fixed or n_classes, noise, seed=seed)
    return plane_targets()[name].make(n, noise, seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def uploaded(data: bytes, task: str):
    """(X, y, None), or (None, None, (code, params)): why the file was refused."""
    try:
        return (*core_points.read_points_csv(data, task), None)
    except CsvError as e:
        return None, None, (e.code, e.params)


def added_key(task: str) -> str:
    return f"pg_added_{task}"


def added(task: str) -> list[tuple[float, float, float]]:
    """The points this visitor clicked onto the plane for this problem type."""
    return st.session_state.setdefault(added_key(task), [])


def add_click(task: str, selection: dict, label) -> bool:
    """The plane's click (``selection``: the chart's ``spot`` selection, a clicked cell's centre) as a new
    point of ``label``; False when there is none or the visitor has added ``MAX_ADDED`` already."""
    spots = (selection or {}).get("spot") or []
    if not spots or len(added(task)) >= MAX_ADDED:
        return False
    x1, x2 = float(spots[0]["cx"]), float(spots[0]["cy"])
    if not (math.isfinite(x1) and math.isfinite(x2)):
        return False
    added(task).append((x1, x2, label))
    st.session_state["pg_clicks"] = st.session_state.get("pg_clicks", 0) + 1  # a fresh chart key: a fresh selection
    return True


def with_added(X: torch.Tensor, y: torch.Tensor, extra: list, task: str):
    """The data with the clicked points after it (class indices for classification, targets for regression)."""
    for x1, x2, label in extra:
        both = core_points.with_point(X, y, x1, x2, int(label) if task == "classify" else float(label),
                                      max_points=len(y) + 1)
        X, y = both
    return X, y


def data_key(X: torch.Tensor, y: torch.Tensor) -> str:
    """The points' identity in the run's config: a run restarts when they change, not on every rerun."""
    h = hashlib.sha1(X.numpy().tobytes())
    h.update(y.numpy().tobytes())
    return h.hexdigest()


# ---------------------------------------------------------------- the run

def trainer_for(task: str, X: torch.Tensor, y: torch.Tensor, settings: dict):
    """The visitor's run, started afresh when the data or a setting changes."""
    config = (task, data_key(X, y), tuple(settings.items()))
    held = st.session_state.get("pg_trainer")
    if held is None or held[0] != config:
        if task == "classify":
            tr = ClassifierTrainer(X, y, record_every=RECORD_EVERY, **settings)
        else:
            tr = PlaneRegressionTrainer(X, y, record_every=RECORD_EVERY, **settings)
        held = (config, tr)
        st.session_state["pg_trainer"] = held
        player.get(KEY).note = None
    return held[1]


def forget_run():
    st.session_state.pop("pg_trainer", None)


def step_size(trainer) -> int:
    """The steps one frame (or Step) trains: the chosen number, bounded by its work."""
    per_step = trainer.batch_size * param_count(trainer.model)
    cap = max(1, int(WORK_PER_FRAME // max(per_step, 1)))
    return min(int(st.session_state.get("pg_spf", 10)), cap)


def do_step():
    held = st.session_state.get("pg_trainer")
    if held:
        held[1].step(step_size(held[1]))


VERDICT_WINDOW = 500  # steps: MLPTrainer.verdict


def advance(trainer) -> str | tuple | None:
    """One frame; then why playing stops, if it does: the loss blew up, or it has converged (the trainer's
    verdict). A loss that merely wanders (mini-batches) plays on, as in TensorFlow Playground."""
    trainer.step(step_size(trainer))
    if trainer.diverged:
        return "playground.stopped_diverged"
    if trainer.verdict(VERDICT_WINDOW) == "converged":
        return "playground.stopped_converged", {"step": trainer.steps, "loss": trainer.history[-1]["loss"],
                                                "window": VERDICT_WINDOW}
    return None


# ---------------------------------------------------------------- the diagram

@dataclass(frozen=True)
class Layout:
    """Where the diagram's units sit, in pixels: one column per layer (inputs, hidden, output)."""
    columns: tuple[tuple[int, ...], ...]  # per column, the unit indices drawn, top to bottom
    widths: tuple[int, ...]  # per column, every unit it has
    side: int  # a map's side
    col_px: int
    row_px: int
    top: int
    width: int
    height: int

    def x(self, col: int) -> float:
        return self.col_px * (col + 0.5)

    def y(self, row: int) -> float:
        return self.top + self.row_px * (row + 0.5)


def layout(shown: list[list[int]], widths: list[int], *, side: int = 30, col_px: int = 96, row_px: int = 40) -> Layout:
    rows = max(len(c) for c in shown)
    top = 26  # the columns' titles
    return Layout(tuple(tuple(c) for c in shown), tuple(widths), side, col_px, row_px, top,
                  width=col_px * len(shown), height=top + row_px * rows + 24)


def geometry(style, n_columns: int = 4) -> dict:
    """A map's side, a column's and a row's pitch, in pixels: presenter type needs more room per unit, and
    presenter mode has less height and width to give: the diagram and the regions share the first screen with
    Play, side by side at every depth (``PRESENT_COL_PX``) and eight units high (a row of 38 px)."""
    if style.wide:
        return {"side": 32 if n_columns <= 4 else 28, "col_px": PRESENT_COL_PX[min(max(n_columns, 2), 6)], "row_px": 38}
    if style.big:
        return {"side": 40, "col_px": 120, "row_px": 50}
    return {"side": 28, "col_px": 84, "row_px": 36}


# Presenter mode at 1280 px: the main column is ~850 px; the regions take their square plus ~185 px (the y axis,
# the class legend beside it), the gap 16 px, and the diagram n_columns x this (the column titles, in 20 px type,
# are ~60-70 px wide: "Layer 4", "第 4 层").
PRESENT_COL_PX = {2: 90, 3: 90, 4: 90, 5: 80, 6: 72}
SHORT_MORE_BELOW_PX = 85  # columns narrower than this count a wide layer's hidden units as "+N"


def plane_size(style, n_columns: int = 4) -> int:
    if style.wide:
        return 220 if n_columns <= 5 else 200
    return 400 if style.big else 270


def side_by_side(style, n_columns: int) -> bool:
    """Diagram and plane share a row while both fit in the page's main column; else the plane goes below.
    Presenting, they always share it (the first screen must hold both), the diagram narrowing with depth."""
    return style.wide or (not style.stacked and n_columns <= 4)


def shown_units(model, n_inputs: int, k: int = SHOWN_UNITS) -> list[list[int]]:
    """Per column the units drawn: every input and output, each hidden layer's ``k`` strongest (in index order)."""
    widths = [n_inputs] + [w.shape[0] for w in P.links(model)]
    out = [list(range(n_inputs))]
    for layer, width in enumerate(widths[1:]):
        last = layer == len(widths) - 2
        out.append(list(range(width)) if last or width <= k else sorted(P.strongest_units(model, layer, k)))
    return out


def unit_id(col: int, unit: int, n_cols: int, features: tuple[str, ...]) -> str:
    if col == 0:
        return f"in.{features[unit]}"
    return f"out.{unit}" if col == n_cols - 1 else f"h{col}.{unit}"


def diagram_frames(maps: list[torch.Tensor], weights: list[torch.Tensor], lay: Layout, *, features: tuple[str, ...],
                   names: dict, chosen: str | None) -> dict[str, pd.DataFrame]:
    """The diagram's four tables for one frame.

    ``maps``: per column (inputs first) a (units, res, res) tensor; ``weights``: per Linear layer (out, in).
    A link's colour is its weight's sign and its width and opacity grow with |w| over the largest |w| drawn,
    so weights regularisation drives to zero fade out of the picture.
    """
    n_cols, half = len(lay.columns), lay.side / 2
    rows = []
    for col, units in enumerate(lay.columns):
        scale = float(maps[col].abs().max()) if maps[col].numel() else 1.0  # one scale per layer: units compare
        for row, u in enumerate(units):
            ident = unit_id(col, u, n_cols, features)
            cx, cy = lay.x(col), lay.y(row)
            rows.append({UNIT_KEY: ident, "x": cx - half, "x2": cx + half, "y": cy - half, "y2": cy + half,
                         "url": map_image(maps[col][u].numpy(), scale), "name": names["unit"](col, u),
                         "layer": names["column"][col]})
    parts = []
    for col, W in enumerate(weights):  # one block of links per pair of columns, built as arrays
        src, dst = lay.columns[col], lay.columns[col + 1]
        w = W[list(dst)][:, list(src)].reshape(-1).double().numpy()  # row-major: every drawn source for each drawn target
        jj, ii = np.repeat(np.arange(len(dst)), len(src)), np.tile(np.arange(len(src)), len(dst))
        parts.append(pd.DataFrame({
            "x": lay.x(col) + half, "y": lay.y(0) + lay.row_px * ii, "x2": lay.x(col + 1) - half,
            "y2": lay.y(0) + lay.row_px * jj, "weight": w,
            "sign": np.where(w >= 0, names["sign"][0], names["sign"][1]),
            "src": [names["unit"](col, src[i]) for i in ii], "dst": [names["unit"](col + 1, dst[j]) for j in jj]}))
    links = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["x", "y", "x2", "y2", "weight", "sign", "src", "dst"])
    w = np.abs(links["weight"].to_numpy(dtype=float))
    # against the largest weight drawn, but never less than LINK_FULL: when regularisation has taken every weight
    # to about 0, the largest of them would otherwise be drawn at full width and "their links fade" would be false
    size = w / max(float(w.max()), LINK_FULL) if len(w) else w * 0.0
    links["px"], links["alpha"] = 0.3 + 5.7 * size, 0.15 + 0.85 * size
    notes = [{"x": lay.x(c), "y": lay.top / 2, "text": names["column"][c]} for c in range(n_cols)]
    for c, (units, width) in enumerate(zip(lay.columns, lay.widths)):
        if width > len(units):
            notes.append({"x": lay.x(c), "y": lay.y(len(units) - 1) + lay.row_px / 2 + 10,
                          "text": names["more"](width - len(units))})
    ring = [r for r in rows if r[UNIT_KEY] == chosen]
    return {"maps": pd.DataFrame(rows), "links": links, "notes": pd.DataFrame(notes, columns=["x", "y", "text"]),
            "chosen": pd.DataFrame([{k: r[k] for k in ("x", "x2", "y", "y2")} for r in ring],
                                   columns=["x", "x2", "y", "y2"])}


def chosen_map(model, features, bounds, unit: str, res: int = BIG_RES) -> torch.Tensor:
    """(res, res): one unit's output over the plane, as ``unit_maps``/``feature_maps`` compute it."""
    kind, _, index = unit.partition(".")
    if kind == "in":
        return P.feature_maps((index,), bounds, res)[0]
    maps = P.unit_maps(model, features, bounds, res)
    return maps[-1 if kind == "out" else int(kind[1:]) - 1][int(index)]


def unit_label(ident: str, task: str, lang: str) -> str:
    """How the unit chooser lists a unit: "x₁²", "layer 2, unit 5", "class 1" / "output"."""
    kind, _, index = ident.partition(".")
    if kind == "in":
        return FEATURES[index].label
    if kind == "out":
        return t("playground.class_name", n=int(index), lang=lang) if task == "classify" else t("playground.output_value", lang=lang)
    return t("playground.unit_name", layer=int(kind[1:]), n=int(index) + 1, lang=lang)


def valid_units(model, features: tuple[str, ...]) -> list[str]:
    widths = [w.shape[0] for w in P.links(model)]
    return ([f"in.{f}" for f in features] + [f"h{l + 1}.{u}" for l, w in enumerate(widths[:-1]) for u in range(w)]
            + [f"out.{k}" for k in range(widths[-1])])


def picked_unit(selection: dict) -> str | None:
    """The unit a click on the diagram chose, from the chart's ``pick`` selection."""
    picks = (selection or {}).get("pick") or []
    return picks[0].get(UNIT_KEY) if picks else None


# ---------------------------------------------------------------- pictures of the plane

def square_image(values: np.ndarray, bounds: tuple[float, float], scale: float) -> pd.DataFrame:
    """One row: a map over the square ``bounds`` as a picture, pixels centred on the grid's cells."""
    res = values.shape[0]
    lo, hi = bounds
    half = (hi - lo) / max(res - 1, 1) / 2
    return pd.DataFrame({"x": [lo - half], "x2": [hi + half], "y": [lo - half], "y2": [hi + half],
                         "url": [map_image(values, scale)]})


def cells_frame(bounds: tuple[float, float], res: int = CLICK_RES) -> pd.DataFrame:
    """The click targets over the plane: ``res`` x ``res`` squares and their centres (cx, cy)."""
    lo, hi = bounds
    edges = np.linspace(lo, hi, res + 1)
    gx, gy = np.meshgrid(edges[:-1], edges[:-1])
    step = edges[1] - edges[0]
    return pd.DataFrame({"x": gx.ravel(), "x2": gx.ravel() + step, "y": gy.ravel(), "y2": gy.ravel() + step,
                         "cx": np.round(gx.ravel() + step / 2, 4), "cy": np.round(gy.ravel() + step / 2, 4)})


def region_table(trainer, discrete: bool, n_classes: int) -> tuple[pd.DataFrame, tuple]:
    """The regions' picture: shaded by the model's certainty, or in hard class colours."""
    grid = trainer.decision_grid(REGION_RES)
    frame = region_frame(*grid)
    if discrete:
        frame["p"] = 1.0
    return image_table(frame, n_classes), grid


def regression_points(trainer, limit: int, show_test: bool) -> pd.DataFrame:
    parts = [("train", trainer.X_train, trainer.y_train)] + ([("test", trainer.X_test, trainer.y_test)] if show_test else [])
    frames = []
    for split, X, y in parts:
        k = max(1, math.ceil(len(y) / max(limit, 1)))
        X, y = X[::k].cpu(), y[::k].cpu().reshape(-1)
        frames.append(pd.DataFrame({"x": X[:, 0].numpy(), "y": X[:, 1].numpy(), "value": y.numpy(), "part": split}))
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- the board

@st.cache_data(max_entries=128, show_spinner=False)
def _frozen(signature: tuple, _build) -> dict:
    return freeze(_build())


def frozen(signature: tuple, build) -> dict:
    """``freeze(build())``, cached under ``signature`` (everything the spec depends on but the data): Altair's
    validation of the diagram alone costs ~0.1 s, which every rerun (a slider moved) would otherwise pay."""
    return _frozen(signature, build)


@dataclass
class Slots:
    metrics: list
    status: object
    diagram: object
    regions: object
    unit: object
    loss: object


class Board:
    """One script run's live charts: specs built once, frames only send data (ui/charts/live.py). The first
    draw (at rest) makes the diagram and the plane clickable; frames while playing send the same pictures
    without a selection, since a selectable chart is a widget and can be drawn once per run."""

    def __init__(self, trainer, slots: Slots, *, task: str, n_classes: int, discrete: bool, show_test: bool,
                 chosen: str, lang: str, style, plane_size: int, on_pick, on_spot, click_key: str):
        self.tr, self.slots, self.task, self.style = trainer, slots, task, style
        self.n_classes, self.discrete, self.show_test, self.chosen = n_classes, discrete, show_test, chosen
        self.on_pick, self.on_spot, self.click_key = on_pick, on_spot, click_key
        self.features = trainer.features
        self.slow = player.SlowFrames(KEY, SLOW_EVERY)
        self.has_test = len(trainer.y_test) > 0
        self.classes = [t("playground.class_name", n=c) for c in range(n_classes)]
        self.split_names = {"train": t("playground.train_points"), "test": t("playground.test_points")}
        self.series = {"train": t("playground.series_train"), "test": t("playground.series_test")}
        n_cols = len(P.links(trainer.model)) + 1
        named_units: dict = {}  # looked up per link every frame: each name made once a run

        def unit(col: int, u: int) -> str:
            if (col, u) not in named_units:
                named_units[col, u] = self.unit_name(col, u, n_cols)
            return named_units[col, u]

        self.names = {
            "sign": (t("playground.positive"), t("playground.negative")),
            "unit": unit,
            "column": [t("playground.col_input")] + [t("playground.col_layer", n=c) for c in range(1, n_cols - 1)]
                      + [t("playground.col_output")],
        }
        big = style.big
        widths = [len(self.features)] + [w.shape[0] for w in P.links(trainer.model)]
        geom = geometry(style, len(widths))
        # "+120 more" is ~90 px in presenter type: in narrower columns the counts would run into each other
        more = "playground.more_units" if geom["col_px"] >= SHORT_MORE_BELOW_PX else "playground.more_units_short"
        self.names["more"] = lambda n: t(more, n=n)
        self.layout = layout(shown_units(trainer.model, len(self.features)), widths, **geom)
        self.inputs = P.feature_maps(self.features, trainer.bounds, MAP_RES)
        lay = self.layout
        said_net = t("chart.pg_network")
        self.diagram_chart = lambda selectable, said=said_net: frozen(
            ("diagram", lay.width, lay.height, self.names["sign"], t("playground.weight"), selectable, style, said),
            lambda: finish(network_picture(
                named("maps"), named("links"), named("notes"), named("chosen"), width=lay.width, height=lay.height,
                sign_labels=self.names["sign"], weight_title=t("playground.weight"), selectable=selectable,
                style=style), style, description=said))
        self.diagram_spec = self.diagram_chart(False)
        self.plane_size = plane_size
        self.pts = self.points_table()
        parts = [self.split_names[k] for k in ("train", "test") if k in set(self.pts["split"])] if task == "classify" \
            else [self.split_names[k] for k in ("train", "test") if k in set(self.pts["part"])]
        self.parts = parts
        self.cells = arrow(cells_frame(trainer.bounds))  # this and the points: the same every frame, converted once
        self.shown_pts = arrow(self.plane_points())
        self.plane_spec = self.plane_chart(selectable=False)
        said = t("chart.pg_unit", unit=self.unit_title(chosen))
        self.unit_spec = frozen(
            ("unit", trainer.bounds, big, t("playground.unit_value"), style, said),
            lambda: finish(unit_panel(named("image"), named("scale"), domain=trainer.bounds, size=300 if big else 220,
                                      x_title="x₁", y_title="x₂", value_title=t("playground.unit_value"), style=style),
                           style, description=said))
        first = trainer.history[0]["loss"]
        self.loss_top = max(first, 1.0) * 1.5
        self.curve_specs: dict = {}
        self.snapshot = None
        self.images, self.maps = Alternate("image"), Alternate("maps")  # pictures fed to two layers in turn
        self.unit_images = Alternate("image")

    # --- names
    def unit_name(self, col: int, u: int, n_cols: int) -> str:
        if col == 0:
            return FEATURES[self.features[u]].label
        if col == n_cols - 1:
            return self.classes[u] if self.task == "classify" else t("playground.output_value")
        return t("playground.unit_name", layer=col, n=u + 1)

    def unit_title(self, ident: str) -> str:
        kind, _, index = ident.partition(".")
        if kind == "in":
            return FEATURES[index].label
        if kind == "out":
            return self.classes[int(index)] if self.task == "classify" else t("playground.output_value")
        return t("playground.unit_name", layer=int(kind[1:]), n=int(index) + 1)

    # --- the plane
    def points_table(self) -> pd.DataFrame:
        tr = self.tr
        if self.task == "classify":
            parts = [points_frame(tr.X_train, tr.y_train, SHOWN_POINTS, "train")]
            if self.show_test and self.has_test:
                parts.append(points_frame(tr.X_test, tr.y_test, SHOWN_POINTS // 3, "test"))
            pts = pd.concat(parts, ignore_index=True)
            return points_table(pts, self.classes, self.split_names).assign(split=pts["split"].to_numpy())
        pts = regression_points(tr, SHOWN_POINTS, self.show_test and self.has_test)
        return pts.assign(part=pts["part"].map(self.split_names))

    def plane_chart(self, *, selectable: bool) -> dict:
        """The regions' (or the regression plane's) spec, built once for its look and cached across runs."""
        tr = self.tr
        value_domain = None if self.task == "classify" else (float(tr.y_all.min()), float(tr.y_all.max()))
        signature = ("plane", self.task, tuple(self.classes), tr.bounds, tuple(self.parts), self.plane_size, self.style,
                     selectable, value_domain, t("playground.class_title"), t("playground.target"),
                     t("chart.pg_regions"), t("chart.pg_plane"))
        return frozen(signature, lambda: self._plane_chart(named("image"), named("points"), selectable=selectable))

    def _plane_chart(self, image, points, *, selectable: bool):
        tr, s = self.tr, self.style
        if self.task == "classify":
            # legends on top even when presenting: beside the diagram, the width is what the row lacks
            chart = decision_regions(image, points, class_names=self.classes, domain=tr.bounds, x_title="x₁",
                                     y_title="x₂", parts=self.parts, legend_title=t("playground.class_title"),
                                     size=self.plane_size, style=replace(s, wide=False))
            if s.wide:  # presenting: the classes beside the square, the point kinds below it
                chart = legends_above_and_below(chart)
            if selectable:
                from ui.charts import _scale

                chart = alt_layer_with(chart, click_cells(named("cells"), _scale(tr.bounds)))
            said = t("chart.pg_regions")
        else:
            lo, hi = float(tr.y_all.min()), float(tr.y_all.max())
            chart = value_plane(image, points, domain=tr.bounds, value_domain=(lo, hi), x_title="x₁", y_title="x₂",
                                value_title=t("playground.target"), parts=self.parts, size=self.plane_size,
                                selectable=selectable, cells=named("cells"), style=s,
                                # presenting, beside the square: on top they cost the first screen ~70 px
                                legend_orient="right" if s.wide else "top")
            said = t("chart.pg_plane")
        return finish(chart, s, description=said)

    def plane_frame(self) -> tuple[pd.DataFrame, object]:
        tr = self.tr
        if self.task == "classify":
            return region_table(tr, self.discrete, self.n_classes)
        xs, ys, values = tr.value_grid(REGION_RES)
        lo, hi = float(tr.y_all.min()), float(tr.y_all.max())
        return square_image(values.numpy(), tr.bounds, max(abs(lo), abs(hi), 1e-9)), (xs, ys, values)

    def plane_points(self) -> pd.DataFrame:
        cols = ["x", "y", "name", "part"] if self.task == "classify" else ["x", "y", "value", "part"]
        return self.pts[cols]

    # --- the curve
    def curve_spec(self, end: int, floor: float = 1e-4) -> dict:
        if (end, floor) not in self.curve_specs:
            splits = [self.series[k] for k in ("train", "test")][:1 + self.has_test]
            titles = (t("playground.step_axis"), t("playground.loss_axis"), t("chart.pg_loss"))
            self.curve_specs[end, floor] = frozen(
                ("curve", tuple(splits), titles, end, floor, self.loss_top, self.style),
                lambda: finish(learning_curve(
                    named("curve"), "loss", splits=splits, log_y=True, x_title=titles[0], y_title=titles[1],
                    x_domain=(0, end), y_domain=(floor, self.loss_top), height=340 if self.style.big else 240,
                    style=self.style), self.style, description=titles[2]))
        return self.curve_specs[end, floor]

    # --- a frame
    def diagram_data(self) -> dict:
        tr = self.tr
        maps = [self.inputs, *P.unit_maps(tr.model, self.features, tr.bounds, MAP_RES)]
        frames = diagram_frames(maps, P.links(tr.model), self.layout, features=self.features, names=self.names,
                                chosen=self.chosen)
        return {**frames, **self.maps(frames["maps"])}

    def draw(self, at_rest: bool = False):
        """Every frame: the step and the plane; on slow frames, the diagram, the figures, the unit's map and the loss."""
        tr, s = self.tr, self.slots
        slow = self.slow() or at_rest or tr.diverged
        self.draw_metrics(slow)
        # between two pictures (Alternate.every) the plane is neither made nor sent: its placeholder keeps the
        # last; a slow frame still makes it, for the downloads' snapshot
        due = at_rest or self.images.due()
        image, grid = self.plane_frame() if due or slow else (None, None)
        if at_rest:  # the clickable versions: a selection makes a chart a widget, drawn once per run
            s.diagram.vega_lite_chart(feed(self.diagram_chart(True), **self.diagram_data()), key="pg_net_pick",
                                      on_select=self.on_pick, selection_mode="pick", width="content")
            s.regions.vega_lite_chart(feed(self.plane_chart(selectable=True),
                                           **self.images(arrow(image)), points=self.shown_pts, cells=self.cells),
                                      key=self.click_key, on_select=self.on_spot, selection_mode="spot", width="content")
        elif due:
            s.regions.vega_lite_chart(feed(self.plane_spec, **self.images(arrow(image)), points=self.shown_pts),
                                      key="pg_plane",
                                      width="content")
        if not slow:
            return
        if not at_rest:  # the diagram at the slow charts' rate: 20 maps and ~100 links are the frame's heaviest part
            s.diagram.vega_lite_chart(feed(self.diagram_spec, **self.diagram_data()), key="pg_net", width="content")
        self.snapshot = (list(tr.history), grid)
        big = chosen_map(tr.model, self.features, tr.bounds, self.chosen)
        m = max(float(big.abs().max()), 1e-9)
        s.unit.vega_lite_chart(feed(self.unit_spec, **self.unit_images(square_image(big.numpy(), tr.bounds, m)),
                                    scale=pd.DataFrame({"x": [tr.bounds[0]] * 2, "y": [tr.bounds[0]] * 2,
                                                        "value": [-m, m]})), key="pg_unit_map", width="content")
        s.loss.vega_lite_chart(feed(self.curve_spec(horizon(tr.steps), loss_floor(tr.history)),
                                    curve=curve_frame(tr.history, "loss", self.series, self.has_test)),
                               key="pg_loss", width="stretch")
        if tr.diverged:
            s.status.error(t("playground.diverged", step=tr.diverged_at))

    def draw_metrics(self, slow: bool):
        tr, s = self.tr, self.slots
        last = tr.history[-1]
        zero, total = tr.near_zero(NEAR_ZERO)
        shown = [("step", f"{tr.steps:,}"), ("epoch", f"{tr.epochs:,.1f}"), ("loss", loss_text(last["loss"])),
                 ("test_loss", loss_text(last["test_loss"]) if self.has_test else "–")]
        if self.task == "classify":
            shown.append(("test_acc" if self.has_test else "acc",
                          accuracy_text(last["test_accuracy" if self.has_test else "accuracy"])))
        shown.append(("near_zero", share_text(zero, total)))
        for slot, (label, value) in list(zip(s.metrics, shown))[:None if slow else 2]:
            slot.metric(t(f"playground.{label}"), value, help=t("playground.near_zero_help", tol=NEAR_ZERO, n=zero,
                                                                total=total) if label == "near_zero" else None)


def loss_floor(history: list[dict]) -> float:
    """The loss axis's bottom: 1e-4, or the decade below the lowest loss recorded (down to 1e-16, as low as a float32 fit goes), so a loss that
    keeps falling (a plane fitted exactly, separable classes) stays on the chart; a few rebuilds a run at most."""
    low = min((v for r in history for k, v in r.items() if k in ("loss", "test_loss") and 0 < v < math.inf), default=1.0)
    return max(min(1e-4, 10.0 ** math.floor(math.log10(low))), 1e-16)


def share_text(n: int, total: int) -> str:
    """A share in whole percent that never rounds to 0% or 100% when it is not: 1 weight of 10,000 near zero
    read "0%" beside a help saying "1 of the 10,000"."""
    text = f"{n / max(total, 1):.0%}"
    if n > 0 and text == "0%":
        return "<1%"
    if n < total and text == "100%":
        return ">99%"
    return text


def accuracy_text(value: float) -> str:
    """To a tenth of a percent, never "100.0%" short of every point: 1 wrong of 3,000 (6 classes of 500, nothing
    held out) is 99.97%."""
    text = f"{value:.1%}"
    return ">99.9%" if value < 1 and text == "100.0%" else text


def loss_text(value: float) -> str:
    """A loss as a figure: four decimals, or in powers of ten from 1000 up (a run about to diverge showed
    "19322586449093591040.0000", cut to "193…" in its column)."""
    return f"{value:.4f}" if abs(value) < 1000 else f"{value:.3g}"


def legends_above_and_below(chart):
    """The regions' class legend at the right and their shape legend (training, test points) at the bottom:
    in big type, on top side by side they widen the row past the screen, stacked they lengthen it."""
    import altair as alt

    out = chart.copy(deep=True)
    for layer in out.layer:
        enc = layer.encoding
        if getattr(enc, "shape", alt.Undefined) is not alt.Undefined and enc.shape.legend is not None:
            enc.shape.legend = alt.Legend(orient="bottom")
        if getattr(enc, "color", alt.Undefined) is not alt.Undefined and enc.color.legend is not None:
            enc.color.legend = alt.Legend(orient="right")
    return out


def alt_layer_with(chart, extra):
    """A layered chart with one more layer on top, keeping its size and autosize."""
    out = chart.copy(deep=False)
    out.layer = [*chart.layer, extra]
    return out


# ---------------------------------------------------------------- downloads

def points_file(trainer, task: str) -> pd.DataFrame:
    """Every point of the run (not the sample drawn): x1, x2, label (class or target), split."""
    parts = []
    for X, y, split in ((trainer.X_train, trainer.y_train, "train"), (trainer.X_test, trainer.y_test, "test")):
        X, y = X.detach().cpu(), y.detach().cpu().reshape(-1)
        parts.append(pd.DataFrame({"x1": X[:, 0].numpy(), "x2": X[:, 1].numpy(), "label": y.numpy(), "split": split}))
    return pd.concat(parts, ignore_index=True)


def history_file(history: list[dict]) -> pd.DataFrame:
    """One row per recorded step: the data loss (and scores, test columns, the penalty) as the trainer kept them."""
    return pd.DataFrame(history)


def downloads(trainer, task: str) -> list[Download]:
    """Made on click, outside the script run: the history as far as it has gone (rows never change once written)."""
    return [
        Download("playground.dl_points", f"playground_points_{task}.csv", lazy_csv(points_file, trainer, task)),
        Download("playground.dl_history", "playground_history.csv", lazy_csv(lambda: history_file(list(trainer.history)))),
    ]
