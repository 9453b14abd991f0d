"""The regression page's URL table, cached study of the data, live charts, and the tables a visitor can take away.

The page file lays these out. Per-visitor state stays in ``st.session_state`` (the run) or in a
``Board`` made afresh each script run (placeholders, frame count): Streamlit runs every visitor
in a thread of one process, so nothing here may keep a visitor's state at module level.

The export functions are pure (tensors and lists in, frames out) so tests can hold them against
``core.linear``; the page captures their inputs at script-run time, because a download's data is
made on click, outside the script thread, while the descent may still be going.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core import linear
from core.data import make_linear
from core.train import RegressionTrainer
from core.train.regression import MODES, OPTIMIZERS, thin
from ui import limits, player
from ui.charts import finish
from ui.charts.fits import points_and_lines
from ui.charts.live import arrow, feed, freeze, named
from ui.charts.surfaces import loss_surface
from ui.charts.traces import trace
from ui.downloads import Download, lazy_csv
from ui.i18n import t
from ui.urlstate import Choice, Number, Param, Steps

KEY = "regression"
SHOWN_POINTS, SHOWN_PATH, SHOWN_LOSS = 400, 200, 300
SLOW_EVERY = 3
# The path over the loss surface is this lesson's picture: redrawn about 7 times a second, not the other pages' 4.
# Measured in Chromium (A/B, median of 4 plays): every 0.1 s painted 18-22 frames/s, 0.15 s 25, 0.25 s 27.
PATH_SECONDS = 0.15

LRS = tuple(float(f"{m}e{e}") for e in range(-4, 1) for m in (1, 2, 3, 5, 7)) + (10.0,)
GRID_RES = 36  # cells a side of the loss surface, drawn and downloaded alike

# The data source is left out: an uploaded file cannot travel in a link.
URL = [
    Param("n", "reg_n", Number(10, limits.REGRESSION_MAX_POINTS, 10, integer=True), 100),
    Param("w", "reg_w", Number(-5.0, 5.0, 0.1), 3.0),
    Param("b", "reg_b", Number(-5.0, 5.0, 0.1), 0.8),
    Param("noise", "reg_noise", Number(0.0, 2.0, 0.05), 0.0),
    Param("seed", "reg_seed", Number(0, 2**31 - 1, 1, integer=True), 0),
    Param("lr", "reg_lr", Steps(LRS), 0.01),
    Param("w0", "reg_w0", Number(-10.0, 10.0, 0.1), 1.0),
    Param("b0", "reg_b0", Number(-10.0, 10.0, 0.1), 0.0),
    Param("mode", "reg_mode", Choice(list(MODES)), "manual"),
    Param("opt", "reg_opt", Choice(list(OPTIMIZERS)), "sgd"),
    Param("spf", "reg_spf", Number(1, limits.REGRESSION_MAX_STEPS_PER_FRAME, 1, integer=True), 5),
]


def points_frame(x, y) -> pd.DataFrame:
    """Every point the run fits (not the thinned sample the chart shows)."""
    return pd.DataFrame({"x": x.detach().reshape(-1).cpu().numpy(), "y": y.detach().reshape(-1).cpu().numpy()})


def path_frame(history: list[dict]) -> pd.DataFrame:
    """The descent as recorded: step, loss, w, b."""
    return pd.DataFrame(history, columns=["step", "loss", "w", "b"])


def surface_frame(x, y, w_range, b_range, resolution: int = GRID_RES) -> pd.DataFrame:
    """The loss surface's cells in full precision (the chart gets float32 log-losses): w, b, loss."""
    return linear.loss_grid(x, y, w_range, b_range, resolution=resolution)[["w", "b", "loss"]]


# ---------------------------------------------------------------- data and run

@st.cache_data(max_entries=64, show_spinner=False)
def dataset(spec: tuple | None, upload: bytes | None):
    """(x, y, error): generated points for ``spec``, or the upload's, or the reason it was refused."""
    if upload is not None:
        try:
            return (*linear.read_xy_csv(upload), None)
        except linear.CsvError as e:
            return None, None, (e.code, e.params)
    return (*make_linear(*spec[:4], seed=spec[4]), None)


@st.cache_data(max_entries=64, show_spinner=False)
def study(spec: tuple | None, upload: bytes | None, start: tuple):
    x, y, _ = dataset(spec, upload)
    a = linear.analyse(x, y)
    (w_dom, b_dom), (x_dom, y_dom) = linear.window(x, y, [start]), linear.data_box(x, y, start)
    grid = linear.loss_grid(x, y, w_dom, b_dom, resolution=GRID_RES)
    pts = pd.DataFrame({"x": x.reshape(-1).numpy(), "y": y.reshape(-1).numpy()})
    cell = (float(grid["dw"].iloc[0]), float(grid["db"].iloc[0]))
    grid = grid[["w", "b", "log10_loss"]].astype("float32")  # sent every frame: keep it small
    return a, (w_dom, b_dom, x_dom, y_dom), cell, grid, pts.iloc[:: max(1, math.ceil(len(pts) / SHOWN_POINTS))]


def lr_bound(a, opt: str) -> float | None:
    """The largest stable learning rate for the optimizer; Adam's steps have none to compute."""
    return {"sgd": a.bound, "momentum": a.bound_with(0.9), "adam": None}[opt]


def trainer_for(x, y, spec: tuple | None, upload: bytes | None, *, lr: float, mode: str, opt: str, w0: float, b0: float):
    """The visitor's run, started afresh when the data or a setting changes (an upload by its hash)."""
    config = (spec, hashlib.sha1(upload).hexdigest() if upload else None, lr, mode, opt, w0, b0)
    held = st.session_state.get("reg_trainer")
    if held is None or held[0] != config:
        held = (config, RegressionTrainer(x, y, lr=lr, mode=mode, optimizer=opt, w0=w0, b0=b0))
        st.session_state["reg_trainer"] = held
        player.get(KEY).note = None
    return held[1]


def do_step():
    """The Step button's callback: it runs before the script, so it finds the run in session state."""
    held = st.session_state.get("reg_trainer")
    if held:
        held[1].step(st.session_state.get("reg_spf", 1))


def forget_run():
    st.session_state.pop("reg_trainer", None)


def advance(trainer, spf: int, a) -> str | None:
    trainer.step(spf)
    if trainer.diverged:
        return "regression.stopped_diverged"
    tol = 1e-5 * (1 + abs(a.w) + abs(a.b))
    return "player.finished" if abs(trainer.w - a.w) + abs(trainer.b - a.b) < tol else None


# ---------------------------------------------------------------- live charts

@st.cache_data(max_entries=64, show_spinner=False)
def specs(doms, cell, loss_dom, log_dom, horizon, names, titles, style) -> tuple[dict, dict, dict]:
    """The three live charts compiled once per layout; frames only bring data (ui/charts/live.py)."""
    w_dom, b_dom, x_dom, y_dom = doms
    fit = points_and_lines(named("points"), named("lines"), x_domain=x_dom, y_domain=y_dom, x_title="x",
                           y_title="y", line_order=list(names[:2]), style=style)
    surface = loss_surface(named("grid"), named("path"), named("marks"), x="w", y="b", value="log10_loss",
                           x_domain=w_dom, y_domain=b_dom, value_domain=log_dom, x_title="w", y_title="b",
                           value_title=titles[0], mark_order=list(names[2:]), cell=cell, style=style)
    curve = trace(named("loss"), "step", "loss", x_title=titles[1], y_title=titles[2], x_domain=(0, horizon),
                  # big type needs a taller chart, or the plot shrinks to a strip and its axis title is clipped
                  y_domain=loss_dom, height=round(style.height * 1.15) if style.big else 220, style=style)
    said = (t("chart.reg_fit", lines=", ".join(names[:2])), t("chart.reg_surface"), t("chart.reg_loss"))
    return tuple(freeze(finish(c, style, description=d)) for c, d in zip((fit, surface, curve), said))


def short(v: float) -> str:
    """Four decimals while they fit in a metric, significant digits once a run has blown up."""
    return f"{v:.4f}" if abs(v) < 1e4 else f"{v:.4g}"


def horizon(steps: int) -> int:
    """The loss curve's x-axis end: doubles when the descent runs past it, so its spec is rebuilt rarely."""
    return 500 * 2 ** max(0, math.ceil(math.log2(max(steps, 1) / 500)))


@dataclass
class Slots:
    """The placeholders the page lays out for the live charts."""
    metrics: list
    diverged: object
    fit: object
    surface: object
    loss: object


class Board:
    """One script run's live charts and what a frame draws. Made afresh every run, so no visitor's
    frame count reaches another's."""

    def __init__(self, trainer, studied: tuple, slots: Slots, *, truth: tuple | None, lr: float, bound: float | None, style):
        self.trainer, self.slots, self.lr, self.bound, self.style = trainer, slots, lr, bound, style
        self.a, self.doms, self.cell, self.grid, self.pts = studied
        # an upload has no true line to show: its best fit stands in
        ref_name, self.ref = ("line_best", (self.a.w, self.a.b)) if truth is None else ("line_true", truth)
        self.names = tuple(t(f"regression.{k}") for k in (ref_name, "line_now", "mark_opt", "mark_start", "mark_now"))
        start_loss = trainer.history[0]["loss"]
        self.loss_dom = (max(self.a.loss, start_loss * 1e-6, 1e-12) / 2, max(start_loss, 1e-9) * 1e4)
        self.log_dom = (float(self.grid["log10_loss"].min()), float(self.grid["log10_loss"].max()))
        self.sent = {"points": arrow(self.pts), "grid": arrow(self.grid)}  # the same every frame: converted once
        self.titles = tuple(t(f"regression.{k}") for k in ("log_loss", "step_axis", "loss_axis"))
        self.slow = player.SlowFrames(KEY, SLOW_EVERY, seconds=PATH_SECONDS)

    def draw(self):
        """Every frame: the metrics and the fitted line. The loss surface and loss curve on slow
        frames (``player.SlowFrames``: every third, at most every ``PATH_SECONDS``; and after a blow-up):
        redrawing the surface's cells is what holds a browser back, and a path moving 7 times a second still
        reads as motion."""
        tr, s, a, names = self.trainer, self.slots, self.a, self.names
        slow = self.slow() or tr.diverged
        h = tr.history
        for box, label, value in zip(s.metrics, ("step", "w", "b", "loss"),
                                     (f"{tr.steps:,}", short(tr.w), short(tr.b), f"{tr.loss:.4g}")):
            box.metric(t(f"regression.{label}"), value)
        fit, surface, curve = specs(self.doms, self.cell, self.loss_dom, self.log_dom, horizon(tr.steps), names,
                                    self.titles, self.style)
        ends = list(self.doms[2])
        lines = {"x": ends * 2, "y": [self.ref[0] * v + self.ref[1] for v in ends] + [tr.w * v + tr.b for v in ends],
                 "line": [names[0]] * 2 + [names[1]] * 2}
        s.fit.vega_lite_chart(spec=feed(fit, points=self.sent["points"], lines=lines), width="stretch")
        if not slow:
            return
        marks = {"w": [a.w, h[0]["w"], tr.w], "b": [a.b, h[0]["b"], tr.b], "label": list(names[2:])}
        s.surface.vega_lite_chart(spec=feed(surface, grid=self.sent["grid"], path=pd.DataFrame(thin(h, SHOWN_PATH)), marks=marks),
                                  width="stretch")
        s.loss.vega_lite_chart(spec=feed(curve, loss=pd.DataFrame(thin(h, SHOWN_LOSS))[["step", "loss"]]),
                               width="stretch")
        if tr.diverged:
            key = "regression.diverged_adam" if self.bound is None else "regression.diverged"
            s.diverged.error(t(key, step=tr.steps, loss=tr.loss, lr=self.lr, bound=self.bound or 0))


# ---------------------------------------------------------------- downloads


def downloads(x, y, trainer, w_dom, b_dom) -> list[Download]:
    """A click is served outside this script run, maybe while the descent goes on: the path is read then,
    as far as it has gone (history rows are never changed once written, and list() copies at once)."""
    return [
        Download("regression.dl_points", "regression_points.csv", lazy_csv(points_frame, x, y)),
        Download("regression.dl_path", "regression_path.csv", lazy_csv(lambda: path_frame(list(trainer.history)))),
        Download("regression.dl_surface", "regression_loss_surface.csv", lazy_csv(surface_frame, x, y, w_dom, b_dom)),
    ]
