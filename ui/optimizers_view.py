"""The optimizer race page's URL table, its run, live board and downloads, and the momentum bowl's study.

Per-visitor state stays in ``st.session_state`` (the race) or in a ``Board`` made afresh each script run
(placeholders, specs, frame count): Streamlit runs every visitor in a thread of one process, so nothing here
may keep a visitor's state at module level. Export functions are pure (histories and rows in, frames out).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core import linear
from core import momentum as M
from core.activations import ACTIVATIONS
from core.data import DATASETS, make_linear
from core.models import param_count
from core.race import DEFAULT_LRS, RACERS, Race, history_frame, trouble
from core.train.classifier import OPTIMIZERS, points_frame, region_frame, thin
from ui import player, tables
from ui.charts import finish
from ui.charts.bowl import bowl_paths
from ui.charts.live import Alternate, arrow, feed, freeze, named
from ui.charts.race import series_lines
from ui.charts.regions import decision_regions, image_row, points_table
from ui.downloads import Download, lazy_csv
from ui.i18n import pick, t
from ui.urlstate import Choice, Number, Param, Steps

KEY = "optimizers"
SLOW_EVERY = 3
RES, SHOWN_POINTS, SHOWN_CURVE, RECORD_EVERY = 30, 150, 200, 10
MAX_STEPS = 20_000  # a race ends here by itself (a server thread per visitor is busy while it plays)
WORK_PER_FRAME = 4e8  # points × parameters × steps × four racers: a frame's training stays within ~0.1 s

LRS = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
WIDTHS = (2, 4, 8, 16, 32, 64, 128)
SPFS = (1, 2, 5, 10, 20, 50)
SCALES = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0)  # multiples of each best step size on the bowl
BOWL_STEPS = (50, 100, 200, 300, 500, 1000, 2000)
MAX_LAYERS = 3
# the regression lesson's data and start (ui/regression_view.URL): y = 3x + 0.8, 100 points, seed 0, from (1, 0)
TRUE_W, TRUE_B, W0, B0 = 3.0, 0.8, 1.0, 0.0

URL = [
    Param("ds", "op_ds", Choice(list(DATASETS)), "spiral"),
    Param("n", "op_n", Number(50, 500, 50, integer=True), 200),
    Param("noise", "op_noise", Number(0.0, 0.5, 0.05), 0.2),
    Param("seed", "op_seed", Number(0, 2**31 - 1, 1, integer=True), 0),
    Param("layers", "op_layers", Number(1, MAX_LAYERS, 1, integer=True), 1),
    Param("width", "op_width", Steps(WIDTHS), 32),
    Param("act", "op_act", Choice(list(ACTIVATIONS)), "relu"),
    *[Param(f"lr_{name}", f"op_lr_{name}", Steps(LRS), DEFAULT_LRS[name]) for name in RACERS],
    Param("spf", "op_spf", Steps(SPFS), 10),
    Param("bn", "op_bn", Number(10, 2000, 10, integer=True), 100),
    Param("bnoise", "op_bnoise", Number(0.0, 2.0, 0.05), 0.0),
    Param("bseed", "op_bseed", Number(0, 2**31 - 1, 1, integer=True), 0),
    Param("shift", "op_shift", Number(-0.5, 2.0, 0.25), 0.0),
    Param("scale", "op_scale", Steps(SCALES), 1.0),
    Param("bsteps", "op_bsteps", Steps(BOWL_STEPS), 300),
]


def label(name: str, lang: str | None = None) -> str:
    return pick(OPTIMIZERS[name].label, lang)


def short(name: str, lang: str | None = None) -> str:
    """The name over a racer's map: a quarter of a row holds a word or two."""
    return t(f"optimizers.short_{name}", lang=lang)


# ---------------------------------------------------------------- the race

@st.cache_data(max_entries=32, show_spinner=False)
def dataset(name: str, n_per_class: int, noise: float, seed: int):
    return DATASETS[name].make(n_per_class, DATASETS[name].fixed_classes or 3, noise, seed=seed)


def race_for(data_spec: tuple, settings: dict):
    """(race, shown points) of the visitor's run, started afresh when the data or a setting changes."""
    config = (data_spec, tuple((k, tuple(v.items()) if isinstance(v, dict) else v) for k, v in settings.items()))
    held = st.session_state.get("op_race")
    if held is None or held[0] != config:
        X, y = dataset(*data_spec)
        race = Race(X, y, record_every=RECORD_EVERY, **settings)
        pts = points_frame(X, y, SHOWN_POINTS)
        held = (config, race, pts)
        st.session_state["op_race"] = held
        player.get(KEY).note = None
    return held[1], held[2]


def forget_race():
    st.session_state.pop("op_race", None)


def step_size(race: Race) -> int:
    """Steps per frame (and per press of Step), bounded by the work four racers do in it."""
    tr = race.trainers[RACERS[0]]
    per_step = len(RACERS) * len(tr.y_train) * param_count(tr.model)
    return max(1, min(int(st.session_state.get("op_spf", 10)), int(WORK_PER_FRAME // max(per_step, 1))))


def do_step():
    """The Step button's callback: it runs before the script, so it finds the race in session state."""
    held = st.session_state.get("op_race")
    if held:
        held[1].step(step_size(held[1]))


def advance(race: Race) -> str | tuple | None:
    race.step(step_size(race))
    if race.all_diverged:
        return "optimizers.stopped_all_diverged"
    return ("optimizers.stopped_steps", {"steps": MAX_STEPS}) if race.steps >= MAX_STEPS else None


def loss_text(v: float) -> str:
    """A loss to four decimals, or in exponent form once that would read 0.0000 (RMSprop on clean moons reaches 1e-6)."""
    return f"{v:.4f}" if v >= 1e-3 or v == 0 else f"{v:.2e}"


def loss_floor(low: float) -> float:
    """The loss axis's bottom: 0.001, or the power of ten below the lowest loss once a racer gets there (down to
    1e-8; a float32 cross-entropy that reads exactly 0 runs off the bottom)."""
    if not (math.isfinite(low) and low < 1e-3):
        return 1e-3
    return 10.0 ** max(-8, math.floor(math.log10(low))) if low > 0 else 1e-8


def horizon(steps: int) -> int:
    """The loss chart's x-axis end: doubles when the race runs past it (a handful of rebuilds a run)."""
    return 500 * 2 ** max(0, math.ceil(math.log2(max(steps, 1) / 500)))


def standings_table(race: Race, lang: str) -> pd.DataFrame:
    rows = race.standings()
    return pd.DataFrame({
        t("optimizers.col_optimizer", lang=lang): [label(r["optimizer"], lang) for r in rows],
        t("optimizers.col_lr", lang=lang): [f"{r['lr']:g}" for r in rows],
        t("optimizers.col_steps", lang=lang): [f"{r['steps']:,}" for r in rows],
        t("optimizers.col_loss", lang=lang): [loss_text(r["loss"]) for r in rows],
        t("optimizers.col_acc", lang=lang): [f"{r['accuracy']:.1%}" for r in rows],
        t("optimizers.col_state", lang=lang): [
            t("optimizers.state_diverged", lang=lang, step=r["diverged_at"]) if r["diverged_at"] is not None
            else t("optimizers.state_running", lang=lang) for r in rows],
    })


def curves_frame(race: Race, names: dict[str, str]) -> pd.DataFrame:
    parts = []
    for key, tr in race.trainers.items():
        rows = thin(tr.history, SHOWN_CURVE)
        parts.append(pd.DataFrame({"step": [r["step"] for r in rows], "loss": [r["loss"] for r in rows],
                                   "series": names[key]}))
    return pd.concat(parts, ignore_index=True)


def bare(spec: dict) -> dict:
    """A small map without axis labels or ticks: four share a row, and the square is what they compare."""
    spec.setdefault("config", {}).setdefault("axis", {}).update(labels=False, ticks=False, domain=False, grid=False)
    return spec


@dataclass
class Slots:
    maps: dict  # racer -> placeholder for its regions
    notes: dict  # racer -> placeholder for its one-line state
    loss: object
    table: object


class Board:
    """One script run's live charts: specs built once, then each frame only sends new data."""

    def __init__(self, race: Race, pts: pd.DataFrame, slots: Slots, *, n_classes: int, lang: str, map_size: int,
                 loss_height: int, legend_orient: str = "top", quiet: bool = False, short_axis: bool = False):
        self.race, self.slots, self.lang = race, slots, lang
        self.names = {k: label(k, lang) for k in RACERS}
        classes = [t("optimizers.class_name", n=c) for c in range(n_classes)]
        self.n_classes = n_classes
        self.points = arrow(points_table(pts, classes, {"train": t("optimizers.points")}))  # converted once a run
        bounds = race.trainers[RACERS[0]].bounds
        self.map_specs = {k: bare(freeze(finish(description=t("chart.op_regions", name=self.names[k]), chart=decision_regions(
            named("image"), named("points"), class_names=classes, domain=bounds, x_title=None, y_title=None,
            parts=[t("optimizers.points")], size=map_size, legend=False)))) for k in RACERS}
        self.loss_top = max(tr.history[0]["loss"] for tr in race.trainers.values()) * 3
        self.loss_height, self.legend_orient = loss_height, legend_orient
        self.quiet = quiet  # presenting: a racer's line only when something is wrong (the table says the rest)
        self.short_axis = short_axis  # big type: the long axis title is taller than the plot
        self.curve_specs: dict = {}
        self.frames = 0
        self.slow = player.SlowFrames(KEY, SLOW_EVERY)
        # no blank maps while pictures decode; four maps a frame keep a browser busier: a new picture every 0.25 s
        self.images = {k: Alternate("image", every=0.25) for k in RACERS}

    def curve_spec(self, end: int, floor: float = 1e-3) -> dict:
        """Rebuilt when the x end doubles or the lowest loss passes a power of ten: a handful of times a run."""
        if (end, floor) not in self.curve_specs:
            self.curve_specs[end, floor] = freeze(finish(series_lines(
                named("curve"), x="step", y="loss", series=list(self.names.values()), x_title=t("optimizers.step_axis"),
                # in big type the plot is shorter than the long title: the ticks say it is a log scale
                y_title=t("optimizers.loss_axis_short" if self.short_axis else "optimizers.loss_axis"),
                x_domain=(0, end), y_domain=(floor, self.loss_top),
                height=self.loss_height, legend_orient=self.legend_orient), description=t("chart.op_loss")))
        return self.curve_specs[end, floor]

    def draw(self):
        """Every frame: the four maps. On slow frames (``player.SlowFrames``: the first, then every third
        at most four times a second): the loss chart, the table and each racer's state line: numbers
        changing 30 times a second are not read."""
        race, s = self.race, self.slots
        self.frames += 1
        slow = self.slow()
        for k, tr in race.trainers.items():
            if (tr.diverged and not slow and self.frames > 1) or not self.images[k].due():
                continue  # its map no longer changes, or no new picture is due: its placeholder keeps the last
            image = image_row(region_frame(*tr.decision_grid(RES)), self.n_classes)
            s.maps[k].vega_lite_chart(feed(self.map_specs[k], **self.images[k](arrow(image)), points=self.points), key=f"op_map_{k}",
                                      width="content")
        if not slow:
            return
        for k, tr in race.trainers.items():
            what, last = trouble(tr), tr.history[-1]
            if what == "diverged":
                s.notes[k].error(t("optimizers.diverged", step=tr.diverged_at, lr=race.lrs[k]))
            elif what == "above_start":
                s.notes[k].warning(t("optimizers.above_start", loss=last["loss"], start=tr.history[0]["loss"]))
            elif self.quiet:
                s.notes[k].empty()
            else:
                s.notes[k].caption(t("optimizers.card", loss=loss_text(last["loss"]), acc=last["accuracy"], steps=tr.steps))
        curve = curves_frame(race, self.names)
        spec = self.curve_spec(horizon(race.steps), loss_floor(float(curve["loss"].min())))
        s.loss.vega_lite_chart(feed(spec, curve=curve), key="op_loss", width="stretch")
        with s.table.container():
            tables.show(standings_table(race, self.lang), hide_index=True, width="stretch")


# ---------------------------------------------------------------- the bowl

def bowl_data(n: int, noise: float, seed: int, shift: float):
    """The regression lesson's data, x moved by ``shift`` (y = 3x + 0.8 still holds for the moved x)."""
    x, y = make_linear(n, TRUE_W, TRUE_B, noise, seed=seed)
    return x + shift, y + TRUE_W * shift


@st.cache_data(max_entries=32, show_spinner=False)
def study(n: int, noise: float, seed: int, shift: float, scale: float, steps: int):
    """The duel, its bowl's grid and the chart's domains (float32 for what travels to the browser)."""
    x, y = bowl_data(n, noise, seed, shift)
    duel = M.duel(x, y, steps=steps, w0=W0, b0=B0, scale=scale)
    d0 = duel.paths["gd"][0]["distance"]
    # a converging path is shown whole (momentum's may swing out to ~12 times its start before it comes back);
    # a diverging one only while near the start: its far states would shrink the bowl to a dot
    near = [(r["w"], r["b"]) for k, p in duel.paths.items() for r in p
            if duel.stable(k) or r["distance"] <= 2 * d0]
    w_dom, b_dom = linear.window(x, y, [(W0, B0), *near], pad=0.15)
    grid = linear.loss_grid(x, y, w_dom, b_dom, resolution=40)
    cell = (float(grid["dw"].iloc[0]), float(grid["db"].iloc[0]))
    shown = grid[["w", "b", "log10_loss"]].astype("float32")
    return duel, (w_dom, b_dom), cell, shown


def paths_frame(duel: M.Duel) -> pd.DataFrame:
    """Every state of both runs: optimizer, step, w, b, loss, distance to the least-squares optimum."""
    return pd.concat([pd.DataFrame(rows).assign(optimizer=name)[["optimizer", "step", "w", "b", "loss", "distance"]]
                      for name, rows in duel.paths.items()], ignore_index=True)


def bowl_names(lang: str | None = None) -> dict[str, str]:
    return {k: t(f"optimizers.bowl_{k}", lang=lang) for k in M.OPTIMIZERS}


def inside(row: dict, doms) -> bool:
    (w_lo, w_hi), (b_lo, b_hi) = doms
    return w_lo <= row["w"] <= w_hi and b_lo <= row["b"] <= b_hi


def on_chart(rows: list[dict], doms) -> tuple[list[dict], dict | None]:
    """(the states drawn, the first state off the chart or None). A path is drawn up to and including its first
    state outside the window, so its line runs out through the edge where it leaves; later states are left out:
    a diverging path swings from side to side, and its clipped segments would cross the whole window."""
    for i, r in enumerate(rows):
        if not inside(r, doms):
            return rows[:i + 1], r
    return rows, None


def off_chart(duel: M.Duel, doms, lang: str | None = None) -> list[str]:
    """One sentence per path that leaves the bowl's window: where it leaves and how far it ends up."""
    names, out = bowl_names(lang), []
    for k, rows in duel.paths.items():
        _, gone = on_chart(rows, doms)
        if gone is not None:
            last = rows[-1]
            out.append(t("optimizers.off_chart", lang=lang, name=names[k], step=gone["step"], last=last["step"],
                         d=sci(last["distance"]), d0=sci(rows[0]["distance"])))
    return out


def sci(v: float) -> str:
    """A distance in words a student reads: 0.0123, 45.6, 3.2e+9 (no 3200000000)."""
    return f"{v:.3g}" if 1e-3 <= abs(v) < 1e5 else f"{v:.2e}"


def bowl_chart(duel: M.Duel, doms, cell, grid: pd.DataFrame, height: int):
    names = bowl_names()
    paths = pd.concat([pd.DataFrame(thin(on_chart(rows, doms)[0], 300)).assign(series=names[k])[["w", "b", "step", "series"]]
                       for k, rows in duel.paths.items()], ignore_index=True)
    marks = pd.DataFrame({"w": [duel.optimum[0], W0], "b": [duel.optimum[1], B0],
                          "label": [t("optimizers.mark_opt"), t("optimizers.mark_start")]})
    log_dom = (float(grid["log10_loss"].min()), float(grid["log10_loss"].max()))
    return finish(bowl_paths(grid, paths, marks, x_domain=doms[0], y_domain=doms[1], value_domain=log_dom, cell=cell,
                             series=list(names.values()), mark_order=list(marks["label"]),
                             value_title=t("optimizers.log_loss"), height=height),
                  description=t("chart.op_bowl"))


def distance_chart(duel: M.Duel, height: int):
    """Both distances to the optimum on a log scale, and beside each the line d₀·rᵏ of its predicted rate."""
    names, kinds = bowl_names(), [t("optimizers.kind_measured"), t("optimizers.kind_theory")]
    parts = []
    for k, rows in duel.paths.items():
        rows = thin(rows, 300)
        steps = [r["step"] for r in rows]
        d0, r = duel.paths[k][0]["distance"], duel.predicted(k)
        parts.append(pd.DataFrame({"step": steps, "distance": [v["distance"] for v in rows], "series": names[k],
                                   "kind": kinds[0]}))
        theory = [d0 * r ** s for s in steps]
        parts.append(pd.DataFrame({"step": steps, "distance": theory, "series": names[k], "kind": kinds[1]}))
    df = pd.concat(parts, ignore_index=True)
    df = df[df["distance"] > 0]
    top = max(float(df["distance"].max()) * 2, 10.0)
    lo = max(min(float(df["distance"].min()) / 2, 1e-3), 1e-16)
    end = max(r["step"] for p in duel.paths.values() for r in p) or 1
    return finish(series_lines(df, x="step", y="distance", series=list(names.values()), kinds=kinds,
                               x_title=t("optimizers.step_axis"), y_title=t("optimizers.distance_axis"),
                               x_domain=(0, end), y_domain=(lo, top), height=height, legend_columns=2),
                  description=t("chart.op_distance"))


def rates_table(duel: M.Duel, lang: str) -> pd.DataFrame:
    names = bowl_names(lang)
    fmt = lambda v: "–" if not math.isfinite(v) else f"{v:.4f}"  # noqa: E731
    return pd.DataFrame({
        t("optimizers.col_method", lang=lang): [names[k] for k in M.OPTIMIZERS],
        "α": [f"{duel.lr(k):.4g}" for k in M.OPTIMIZERS],
        "β": [f"{duel.beta(k):.4g}" for k in M.OPTIMIZERS],
        "α·λ_max": [f"{duel.lr(k) * duel.lam_max:.4f}" for k in M.OPTIMIZERS],
        t("optimizers.col_predicted", lang=lang): [fmt(duel.predicted(k)) for k in M.OPTIMIZERS],
        t("optimizers.col_measured", lang=lang): [fmt(duel.measured(k)) for k in M.OPTIMIZERS],
    })


# ---------------------------------------------------------------- downloads

def downloads(race: Race, duel: M.Duel) -> list[Download]:
    """Made on click, outside this script run, maybe while the race goes on: histories are copied then."""
    return [
        Download("optimizers.dl_race", "optimizer_race_history.csv",
                 lazy_csv(lambda: history_frame({k: list(tr.history) for k, tr in race.trainers.items()}))),
        Download("optimizers.dl_bowl", "momentum_bowl_paths.csv", lazy_csv(paths_frame, duel)),
    ]
