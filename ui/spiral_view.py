"""The spiral page's URL table, cached runs, live charts, and what a visitor can take away from a run.

The page file lays these out. Per-visitor state stays in ``st.session_state`` (the run) or in a
``Board`` made afresh each script run (placeholders, specs, frame count): Streamlit runs every
visitor in a thread of one process, so nothing here may keep a visitor's state at module level.

The export functions are pure (tensors and lists in, frames and bytes out) so tests can hold
them against the trainer; the page captures their inputs at script-run time, because a
download's data is made on click, outside the script thread, while a run may still be going.
"""
from __future__ import annotations

import io
import math
import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st
import torch

from core.activations import ACTIVATIONS
from core.data import DATASETS
from core.init import INITS
from core.models import PRESETS, param_count, summary
from core.train import ClassifierTrainer
from core.train.classifier import OPTIMIZERS, points_frame, region_frame, thin, train_presets
from ui import limits, player, shell
from ui.charts import finish
from ui.charts.confusion import confusion_matrix
from ui.charts.learning import learning_curve
from ui.charts.live import Alternate, arrow, feed, freeze, named
from ui.charts.regions import decision_regions, image_row, points_table, region_data
from ui.downloads import Download, lazy_csv
from ui.i18n import pick, t
from ui.urlstate import Choice, Number, Param, Steps

KEY = "spiral"
SLOW_EVERY = 3
RES, SHOWN_POINTS, SHOWN_CURVE, RECORD_EVERY = 60, 300, 300, 10

LRS = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
WDS = (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1)
BATCHES = (0, 8, 16, 32, 64, 128, 256, 512)  # 0: the whole training set
WIDTHS = tuple(w for w in (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100, 128, 256, 512) if w <= limits.SPIRAL_MAX_WIDTH)
SPFS = tuple(n for n in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500) if n <= limits.SPIRAL_MAX_STEPS_PER_FRAME)  # 0: auto
ARCHS = (*PRESETS, "custom")

URL = [
    Param("ds", "sp_ds", Choice(list(DATASETS)), "spiral"),
    Param("classes", "sp_classes", Number(2, limits.SPIRAL_MAX_CLASSES, 1, integer=True), 3),
    Param("n", "sp_n", Number(20, limits.SPIRAL_MAX_PER_CLASS, 10, integer=True), 1000),
    Param("noise", "sp_noise", Number(0.0, 1.0, 0.01), 0.2),
    Param("seed", "sp_seed", Number(0, 2**31 - 1, 1, integer=True), 12345),
    Param("test", "sp_test", Number(0.0, 0.5, 0.05), 0.0),
    Param("model", "sp_preset", Choice(ARCHS), "one_hidden"),
    Param("layers", "sp_depth", Number(0, limits.SPIRAL_MAX_LAYERS, 1, integer=True), 2),
    *[Param(f"w{i + 1}", f"sp_w{i}", Steps(WIDTHS), 100) for i in range(limits.SPIRAL_MAX_LAYERS)],
    Param("act", "sp_act", Choice(list(ACTIVATIONS)), "relu"),
    Param("init", "sp_init", Choice(list(INITS)), "torch_default"),
    Param("opt", "sp_opt", Choice(list(OPTIMIZERS)), "adam"),
    Param("lr", "sp_lr", Steps(LRS), 1e-3),
    Param("wd", "sp_wd", Steps(WDS), 1e-5),
    Param("batch", "sp_batch", Steps(BATCHES), 0),
    Param("spf", "sp_spf", Steps(SPFS), 0),
]

HISTORY_COLUMNS = ("step", "loss", "accuracy", "test_loss", "test_accuracy")


def history_frame(history: list[dict]) -> pd.DataFrame:
    """One row per recorded step; the test columns only when a share of the points is held out."""
    frame = pd.DataFrame(history)
    return frame[[c for c in HISTORY_COLUMNS if c in frame.columns]]


def data_frame(X_train: torch.Tensor, y_train: torch.Tensor, X_test: torch.Tensor, y_test: torch.Tensor) -> pd.DataFrame:
    """Every point (not the thinned sample the chart shows): x1, x2, label, split."""
    parts = []
    for X, y, split in ((X_train, y_train, "train"), (X_test, y_test, "test")):
        X, y = X.detach().cpu(), y.detach().cpu()
        parts.append(pd.DataFrame({"x1": X[:, 0].numpy(), "x2": X[:, 1].numpy(), "label": y.numpy(), "split": split}))
    return pd.concat(parts, ignore_index=True)


def grid_frame(xs: torch.Tensor, ys: torch.Tensor, probs: torch.Tensor) -> pd.DataFrame:
    """One row per cell of ``decision_grid``: centre, predicted class, its probability, and every class's."""
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    flat = probs.reshape(-1, probs.shape[-1])
    p, cls = flat.max(-1)
    frame = pd.DataFrame({"x": gx.reshape(-1).numpy(), "y": gy.reshape(-1).numpy(),
                          "predicted": cls.numpy(), "p_max": p.numpy()})
    for c in range(flat.shape[1]):
        frame[f"p_{c}"] = flat[:, c].numpy()
    return frame


def weights(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """A copy of the parameters, detached and on the CPU: the live model keeps training meanwhile."""
    return {k: v.detach().clone().cpu() for k, v in model.state_dict().items()}


def state_bytes(state: dict[str, torch.Tensor]) -> bytes:
    buf = io.BytesIO()
    torch.save(state, buf)
    return buf.getvalue()


def model_file_name(hidden: tuple[int, ...], n_classes: int, activation: str) -> str:
    """The architecture in the name, since a state_dict alone does not say which activation to rebuild.
    No step: the button is made when a run starts, and while it plays the file holds later steps."""
    widths = "-".join(str(w) for w in (2, *hidden, n_classes))
    return f"spiral_model_{widths}_{activation}.pt"


class Snapshot:
    """The run as last drawn, for the download row: copies, refreshed by the live loop's slow frames,
    read on click from the server's thread. One tuple assigned at a time, so a reader never sees half."""

    def __init__(self, trainer, grid):
        self.take(trainer, grid)

    def take(self, trainer, grid) -> None:
        self.latest = (weights(trainer.model), list(trainer.history), grid)


# ---------------------------------------------------------------- runs

@st.cache_data(max_entries=32, show_spinner=False)
def dataset(name: str, n_classes: int, n_per_class: int, noise: float, seed: int):
    return DATASETS[name].make(n_per_class, n_classes, noise, seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def compare(spec: tuple):
    X, y = dataset(*spec)
    return train_presets(X, y, seed=spec[-1])


def trainer_for(data_spec: tuple, settings: dict):
    """(trainer, shown points) of the visitor's run, started afresh when the data or a setting changes."""
    config = (data_spec, tuple(settings.items()))
    held = st.session_state.get("sp_trainer")
    if held is None or held[0] != config:
        tr = ClassifierTrainer(*dataset(*data_spec), record_every=RECORD_EVERY, **settings)
        pts = pd.concat([points_frame(tr.X_train, tr.y_train, SHOWN_POINTS, "train"),
                         points_frame(tr.X_test, tr.y_test, SHOWN_POINTS // 3, "test")])
        held = (config, tr, pts)
        st.session_state["sp_trainer"] = held
        st.session_state.pop("sp_rate", None)
        player.get(KEY).note = None
    return held[1], held[2]


def forget_run():
    st.session_state.pop("sp_trainer", None)


def steps_per_frame() -> int:
    """The chosen number, or on auto as many steps as leave room to draw within a frame: at least
    70% of each frame trains while this run's share of the server affords it (ui.player.train_seconds),
    so playing keeps most of the speed of training without drawing."""
    n, rate = st.session_state.get("sp_spf", 0), st.session_state.get("sp_rate")
    if n:
        return n
    if not rate:
        return 10
    draw_s = st.session_state.get("sp_draw", 0.0)
    return min(max(round(rate * player.train_seconds(KEY, draw_s)), 1), limits.SPIRAL_MAX_AUTO_STEPS)


def work_cap(trainer) -> int:
    """Steps one frame (or one press of Step) may take, bounded by their work rather than by any one
    setting: every limit at once (6000 points, four layers of 512) costs 0.36 s a step here."""
    per_step = trainer.batch_size * param_count(trainer.model)
    return max(1, int(limits.SPIRAL_WORK_PER_FRAME // max(per_step, 1)))


def step_size(trainer) -> int:
    """Steps one frame, or one press of Step, trains."""
    return min(steps_per_frame(), work_cap(trainer))


def timed_step():
    """The Step button's callback too: it runs before the script, so it finds the run in session state."""
    trainer = st.session_state["sp_trainer"][1]
    n = step_size(trainer)
    start = time.perf_counter()
    trainer.step(n)
    rate = n / max(time.perf_counter() - start, 1e-9)
    old = st.session_state.get("sp_rate")
    st.session_state["sp_rate"] = rate if old is None else 0.8 * old + 0.2 * rate  # steady enough to read


VERDICT_WINDOW, RISE_WINDOW = 500, 100  # steps: ClassifierTrainer.verdict and loss_rising


def advance(trainer, lr: float, opt: str) -> str | tuple | None:
    """One frame; then why playing stops, if it does: diverged, converged, rising or stuck, with the figures."""
    timed_step()
    verdict = trainer.verdict(VERDICT_WINDOW)
    if verdict is None:
        return None
    if verdict == "diverged":
        return "spiral.stopped_diverged"
    h = trainer.history
    low = min(r["loss"] for r in h if r["step"] >= h[-1]["step"] - VERDICT_WINDOW)
    return f"spiral.stopped_{verdict}", dict(first=h[0]["loss"], loss=h[-1]["loss"], low=low, acc=h[-1]["accuracy"],
                                               window=VERDICT_WINDOW, lr=lr, opt=pick(OPTIMIZERS[opt].label))


def rise_warning(trainer, lr: float, opt_label: str) -> str | None:
    """The learning-rate warning while the loss climbs for a sustained stretch, long before any NaN."""
    if not trainer.loss_rising(RISE_WINDOW):
        return None
    h = trainer.history
    then = next(r for r in reversed(h) if r["step"] <= h[-1]["step"] - RISE_WINDOW)["loss"]
    return t("spiral.lr_warning", window=RISE_WINDOW, then=then, loss=h[-1]["loss"], lr=lr, opt=opt_label)


def intro() -> str:
    """The page's intro for the dataset chosen: only the spirals are spirals."""
    ds = st.session_state.get("sp_ds", "spiral")
    n = DATASETS[ds].fixed_classes or st.session_state.get("sp_classes", 3)
    if ds == "spiral":
        return t("spiral.intro", n=n)
    return t("spiral.intro_other", n=n, dataset=t(f"spiral.ds.{ds}"))


def regions_caption(trainer, pts) -> str:
    """What the dots are: all the data, or (most often) a sample of it, with the count."""
    shown, total = len(pts), len(trainer.y_all)
    return t("spiral.regions_caption") if shown >= total else t("spiral.regions_caption_sample", shown=shown, total=total)


def finish_frame(start: float) -> None:
    took = time.perf_counter() - start
    old = st.session_state.get("sp_draw")
    st.session_state["sp_draw"] = took if old is None else 0.8 * old + 0.2 * took


# ---------------------------------------------------------------- live charts

def confusion_split(trainer) -> str:
    """The confusion matrix counts the held-out points when there are any."""
    return "test" if len(trainer.y_test) > 0 else "all"


def curve_frame(history: list[dict], value: str, series: dict, has_test: bool) -> pd.DataFrame:
    rows = thin(history, SHOWN_CURVE)
    df = pd.DataFrame({"step": [r["step"] for r in rows], value: [r[value] for r in rows], "set": series["train"]})
    if has_test:
        df = pd.concat([df, pd.DataFrame({"step": [r["step"] for r in rows], value: [r[f"test_{value}"] for r in rows],
                                          "set": series["test"]})])
    return df


def confusion_frame(cm, classes: list[str]) -> pd.DataFrame:
    n = len(classes)
    return pd.DataFrame([{"true": classes[i], "pred": classes[j], "count": int(cm[i, j])} for i in range(n) for j in range(n)])


def horizon(steps: int) -> int:
    """The curves' x-axis end: doubles when training runs past it (at most a handful of rebuilds a run)."""
    return 1000 * 2 ** max(0, math.ceil(math.log2(max(steps, 1) / 1000)))


@dataclass
class Slots:
    """The placeholders the page lays out for the live charts, in the order they appear."""
    metrics: list
    status: object
    diverged: object
    regions: object
    confusion: object
    loss: object
    accuracy: object


class Board:
    """One script run's live charts: specs built and validated once, then each frame only sends
    new data (ui/charts/live.py). Made afresh every run, so no visitor's frames reach another's."""

    def __init__(self, trainer, pts, slots: Slots, *, n_classes: int, projector: bool, lr: float, opt: str, lang: str,
                 region_size: int | None = None):
        self.trainer, self.slots, self.lr, self.lang = trainer, slots, lr, lang
        self.projector = projector
        self.opt_label = pick(OPTIMIZERS[opt].label, lang)
        self.device = shell.device_info().name if trainer.device.type == "cuda" else "CPU"
        self.classes = [t("spiral.class_name", n=c) for c in range(n_classes)]
        self.split_names = {"train": t("spiral.train_points"), "test": t("spiral.test_points")}
        self.series = {"train": t("spiral.series_train"), "test": t("spiral.series_test")}
        self.has_test, self.cm_split = len(trainer.y_test) > 0, confusion_split(trainer)
        self.region_spec = freeze(finish(description=t("chart.sp_regions"), chart=decision_regions(
            named("image"), named("points"), class_names=self.classes, domain=trainer.bounds, x_title="x₁",
            y_title="x₂", parts=[self.split_names[k] for k in ("train", "test") if k in set(pts["split"])],
            legend_title=t("spiral.class_title"), size=region_size or (560 if projector else 300))))
        self.cm_spec = freeze(finish(confusion_matrix(
            named("cm"), class_names=self.classes, row_total=int(trainer.confusion(self.cm_split).sum(1).max()),
            x_title=t("spiral.pred_axis"), y_title=t("spiral.true_axis"), count_title=t("spiral.count")),
            description=t("chart.sp_confusion")))
        self.loss_top = max(trainer.history[0]["loss"], 1.0) * 1.5
        self.curve_specs: dict = {}
        self.shown_pts = arrow(points_table(pts, self.classes, self.split_names))  # the same every frame: converted once
        self.slow = player.SlowFrames(KEY, SLOW_EVERY)
        self.images = Alternate("image")
        self.snapshot: Snapshot | None = None  # what the download row serves, refreshed on slow frames

    def curve_spec(self, value: str, horizon: int) -> dict:
        if (value, horizon) not in self.curve_specs:
            log, dom = (True, (1e-3, self.loss_top)) if value == "loss" else (False, (0, 1))
            self.curve_specs[value, horizon] = freeze(finish(learning_curve(
                named("curve"), value, splits=[self.series[k] for k in ("train", "test")][:1 + self.has_test], log_y=log,
                x_title=t("spiral.step_axis"), y_title=t("spiral.loss_axis" if log else "spiral.acc_axis"),
                # stacked and in big type (projector, presenter): taller, or the plot is a strip and its title clipped
                x_domain=(0, horizon), y_domain=dom, height=360 if self.projector else 200),
                description=t(f"chart.sp_{value}")))
        return self.curve_specs[value, horizon]

    def draw(self):
        """Every frame: the step and the regions. The figures, curves, confusion matrix and status line
        are redrawn on slow frames (``player.SlowFrames``: every third, at most four times a second):
        nobody reads numbers changing 30 times a second, and each element sent is one more update the
        browser has to paint."""
        start = time.perf_counter()
        tr, s = self.trainer, self.slots
        slow = self.slow() or tr.diverged
        last = tr.history[-1]
        rate = st.session_state.get("sp_rate")
        shown = (f"{tr.steps:,}", f"{last['loss']:.4f}", f"{last['accuracy']:.1%}",
                 f"{last['test_accuracy']:.1%}" if self.has_test else "–")
        for slot, label, value in list(zip(s.metrics, ("step", "loss", "acc", "test_acc"), shown))[:None if slow else 1]:
            slot.metric(t(f"spiral.{label}"), value,
                        help=None if self.has_test or label != "test_acc" else t("spiral.no_test"))
        due = self.images.due()
        grid = tr.decision_grid(RES) if due or slow else None  # the picture's, and the downloads' snapshot
        if due:
            image = image_row(region_frame(*grid), len(self.classes))
            s.regions.vega_lite_chart(feed(self.region_spec, **self.images(arrow(image)), points=self.shown_pts),
                                      key="sp_regions", width="content")
        if not slow:
            return finish_frame(start)
        if self.snapshot is None:
            self.snapshot = Snapshot(tr, grid)
        else:
            self.snapshot.take(tr, grid)
        s.status.caption(t("spiral.status", device=self.device, rate=f"{rate:,.0f}" if rate else "–"))
        end = horizon(tr.steps)
        for slot, value in ((s.loss, "loss"), (s.accuracy, "accuracy")):
            slot.vega_lite_chart(feed(self.curve_spec(value, end),
                                      curve=curve_frame(tr.history, value, self.series, self.has_test)),
                                 key=f"sp_{value}", width="stretch")
        s.confusion.vega_lite_chart(feed(self.cm_spec, cm=confusion_frame(tr.confusion(self.cm_split), self.classes)),
                                    key="sp_cm", width="content")
        if tr.diverged:
            s.diverged.error(t("spiral.diverged", step=tr.diverged_at, lr=self.lr, opt=self.opt_label))
        elif warning := rise_warning(tr, self.lr, self.opt_label):
            s.diverged.warning(warning)
        else:
            s.diverged.empty()
        finish_frame(start)


def summary_table(model) -> pd.DataFrame:
    return summary(model, 2).rename(columns={"layer": t("spiral.col_layer"), "output_shape": t("spiral.col_shape"),
                                             "params": t("spiral.col_params")})


def compare_table(results: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("spiral.col_model"): [pick(PRESETS[r["name"]].label, lang) for r in results],
        t("spiral.col_loss"): [round(r["loss"], 4) for r in results],
        t("spiral.col_acc"): [f"{r['accuracy']:.1%}" for r in results],
        t("spiral.col_course"): [f"{r['course']:.1%}" for r in results],
    })


def compare_figure(result: dict, data_spec: tuple, classes: list[str], split_names: dict, bounds):
    """One course model's regions over a sample of the data, small and without a legend: three share a row."""
    X, y = dataset(*data_spec)
    shown = region_data(region_frame(*result["grid"]), points_frame(X, y, 150), classes, split_names)
    return finish(decision_regions(shown["image"], shown["points"], class_names=classes, domain=bounds,
                                   x_title="x₁", y_title="x₂", parts=[split_names["train"]], size=230, legend=False),
                  description=t("chart.sp_compare", name=pick(PRESETS[result["name"]].label)))


# ---------------------------------------------------------------- downloads


def downloads(trainer, activation: str, snap: Snapshot) -> list[Download]:
    """Each file is made on click, from the snapshot the live loop last took: a click is served outside
    this script run, maybe while the model trains on."""
    return [
        Download("spiral.dl_history", "spiral_history.csv", lazy_csv(lambda: history_frame(snap.latest[1]))),
        Download("spiral.dl_points", "spiral_points.csv",
                 lazy_csv(data_frame, trainer.X_train, trainer.y_train, trainer.X_test, trainer.y_test)),
        Download("spiral.dl_regions", "spiral_regions.csv", lazy_csv(lambda: grid_frame(*snap.latest[2]))),
        Download("spiral.dl_model", model_file_name(trainer.hidden, trainer.n_classes, activation),
                 lambda: state_bytes(snap.latest[0]), mime="application/octet-stream"),
    ]
