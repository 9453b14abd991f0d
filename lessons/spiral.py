"""Spiral classification: an MLP carving decision regions live, and the course's three models side by side."""
import math
import time

import pandas as pd
import streamlit as st

from core.activations import ACTIVATIONS
from core.data import DATASETS
from core.init import INITS
from core.models import PRESETS, param_count, summary
from core.snippets.spiral import source
from core.train import ClassifierTrainer
from core.train.classifier import OPTIMIZERS, points_frame, region_frame, thin, train_presets
from ui import limits, player, shell
from ui.charts import current_style, finish
from ui.charts.confusion import confusion_matrix
from ui.charts.learning import learning_curve
from ui.charts.live import feed, freeze, named
from ui.charts.regions import decision_regions, image_table, points_table, region_data
from ui.code import show_code
from ui.downloads import Download, csv_of, offer
from ui.i18n import current_lang, pick, t
from ui.page import header
from ui.spiral_view import (
    ARCHS,
    BATCHES,
    LRS,
    SPFS,
    URL,
    WDS,
    WIDTHS,
    data_frame,
    grid_frame,
    history_frame,
    model_file_name,
    state_bytes,
    weights,
)

KEY = "spiral"
SLOW_EVERY = 3
RES, SHOWN_POINTS, SHOWN_CURVE, RECORD_EVERY = 60, 300, 300, 10


@st.cache_data(max_entries=32, show_spinner=False)
def dataset(name: str, n_classes: int, n_per_class: int, noise: float, seed: int):
    return DATASETS[name].make(n_per_class, n_classes, noise, seed=seed)


@st.cache_data(max_entries=16, show_spinner=False)
def compare(spec: tuple):
    X, y = dataset(*spec)
    return train_presets(X, y, seed=spec[-1])


view = header(KEY, URL)
projector = current_style().big
lang = current_lang()  # format_funcs capture it: AppTest calls them outside the script run
ctrl, main = st.columns([1, 3], gap="large")
with ctrl:
    st.subheader(t("spiral.data"))
    ds = st.selectbox(t("spiral.dataset"), list(DATASETS), format_func=lambda k: t(f"spiral.ds.{k}", lang=lang), key="sp_ds")
    fixed = DATASETS[ds].fixed_classes
    C = st.slider(t("spiral.classes"), 2, limits.SPIRAL_MAX_CLASSES, key="sp_classes", disabled=bool(fixed),
                  help=t("spiral.classes_fixed", n=fixed) if fixed else None)
    C = fixed or C
    noise = st.slider(t("spiral.noise"), 0.0, 1.0, step=0.01, key="sp_noise")
    with st.container(key="secondary_sp_data"):
        n_per = st.slider(t("spiral.n_per_class"), 20, limits.SPIRAL_MAX_PER_CLASS, step=10, key="sp_n")
        seed = int(st.number_input(t("spiral.seed"), 0, 2**31 - 1, step=1, key="sp_seed"))
        test_frac = st.slider(t("spiral.test_fraction"), 0.0, 0.5, step=0.05, key="sp_test",
                              help=t("spiral.test_fraction_help"))

    st.subheader(t("spiral.model"))
    arch = st.selectbox(t("spiral.preset"), ARCHS, key="sp_preset",
                        format_func=lambda k: pick(PRESETS[k].label, lang) if k in PRESETS else t("spiral.custom", lang=lang))
    if arch in PRESETS:
        hidden, act = PRESETS[arch].hidden, PRESETS[arch].activation
    else:
        depth = st.slider(t("spiral.layers"), 0, limits.SPIRAL_MAX_LAYERS, key="sp_depth")
        hidden = tuple(st.select_slider(t("spiral.width", i=i + 1), WIDTHS, key=f"sp_w{i}") for i in range(depth))
        act = st.selectbox(t("spiral.activation"), list(ACTIVATIONS), format_func=lambda k: ACTIVATIONS[k].label,
                           key="sp_act")
    with st.container(key="secondary_sp_init"):
        init = st.selectbox(t("spiral.init"), list(INITS), format_func=lambda k: pick(INITS[k].label, lang), key="sp_init")

    st.subheader(t("spiral.training"))
    opt = st.selectbox(t("spiral.optimizer"), list(OPTIMIZERS), format_func=lambda k: pick(OPTIMIZERS[k].label, lang),
                       key="sp_opt")
    lr = st.select_slider(t("spiral.lr"), LRS, format_func=lambda v: f"{v:g}", key="sp_lr")
    with st.container(key="secondary_sp_training"):
        wd = st.select_slider(t("spiral.wd"), WDS, format_func=lambda v: f"{v:g}", key="sp_wd")
        batch = st.select_slider(t("spiral.batch"), BATCHES, key="sp_batch",
                                 format_func=lambda v: f"{v}" if v else t("spiral.full_batch", lang=lang))
        st.select_slider(t("player.steps_per_frame"), SPFS, key="sp_spf", help=t("spiral.spf_help"),
                         format_func=lambda v: f"{v}" if v else t("spiral.auto", lang=lang))
    st.caption(t("spiral.changes_restart"))
view.publish()

data_spec = (ds, C, n_per, noise, seed)
X, y = dataset(*data_spec)
settings = dict(hidden=hidden, activation=act, init=init, optimizer=opt, lr=lr, weight_decay=wd,
                batch_size=batch or None, test_fraction=test_frac, seed=seed)
config = (data_spec, tuple(settings.items()))
held = st.session_state.get("sp_trainer")
if held is None or held[0] != config:
    tr = ClassifierTrainer(X, y, record_every=RECORD_EVERY, **settings)
    pts = pd.concat([points_frame(tr.X_train, tr.y_train, SHOWN_POINTS, "train"),
                     points_frame(tr.X_test, tr.y_test, SHOWN_POINTS // 3, "test")])
    held = (config, tr, pts)
    st.session_state["sp_trainer"] = held
    st.session_state.pop("sp_rate", None)
    player.get(KEY).note = None
_, trainer, pts = held
device_name = shell.device_info().name if trainer.device.type == "cuda" else "CPU"


def steps_per_frame() -> int:
    """The chosen number, or on auto as many steps as leave room to draw within a frame: at least
    70% of each frame trains, so playing keeps most of the speed of training without drawing."""
    n, rate = st.session_state.get("sp_spf", 0), st.session_state.get("sp_rate")
    if n:
        return n
    if not rate:
        return 10
    draw_s = st.session_state.get("sp_draw", 0.0)
    return min(max(round(rate * max(player.FRAME_INTERVAL - draw_s, 2.4 * draw_s)), 1), limits.SPIRAL_MAX_AUTO_STEPS)


def timed_step():
    trainer, n = st.session_state["sp_trainer"][1], steps_per_frame()
    start = time.perf_counter()
    trainer.step(n)
    rate = n / max(time.perf_counter() - start, 1e-9)
    old = st.session_state.get("sp_rate")
    st.session_state["sp_rate"] = rate if old is None else 0.8 * old + 0.2 * rate  # steady enough to read


def advance():
    timed_step()
    if trainer.diverged:
        return "spiral.stopped_diverged"
    return "player.finished" if trainer.converged() else None


classes = [t("spiral.class_name", n=c) for c in range(C)]
split_names = {"train": t("spiral.train_points"), "test": t("spiral.test_points")}
series = {"train": t("spiral.series_train"), "test": t("spiral.series_test")}
has_test = len(trainer.y_test) > 0
cm_split = "test" if has_test else "all"
with main:
    player.controls(KEY, on_step=timed_step, on_reset=lambda: st.session_state.pop("sp_trainer", None),
                    can_play=not trainer.diverged)
    slots = [c.empty() for c in st.columns(4)]
    status_slot, diverged_slot = st.empty(), st.empty()
    # side by side on a laptop; stacked in projector mode, where the charts are too big to share a row
    left, right = (st.container(), st.container()) if projector else st.columns([1.25, 1], gap="small")
    left.markdown(f"**{t('spiral.regions')}**")
    left.caption(t("spiral.regions_caption"))
    region_slot = left.empty()
    right.markdown(f"**{t('spiral.confusion')}**")
    right.caption(t(f"spiral.confusion_on_{cm_split}"))
    cm_slot, sum_col = right.empty(), right.container()
    st.markdown(f"**{t('spiral.curves')}**")
    loss_col, acc_col = (st.container(), st.container()) if projector else st.columns(2, gap="medium")
    loss_slot, acc_slot = loss_col.empty(), acc_col.empty()


def curve_frame(h: list[dict], value: str) -> pd.DataFrame:
    rows = thin(h, SHOWN_CURVE)
    df = pd.DataFrame({"step": [r["step"] for r in rows], value: [r[value] for r in rows], "set": series["train"]})
    if has_test:
        df = pd.concat([df, pd.DataFrame({"step": [r["step"] for r in rows], value: [r[f"test_{value}"] for r in rows],
                                          "set": series["test"]})])
    return df


# Charts are built and validated once per script run; each frame only sends new data (ui/charts/live.py).
region_spec = freeze(finish(decision_regions(
    named("image"), named("points"), class_names=classes, domain=trainer.bounds, x_title="x₁",
    y_title="x₂", parts=[split_names[k] for k in ("train", "test") if k in set(pts["split"])],
    legend_title=t("spiral.class_title"), size=560 if projector else 300)))
cm_spec = freeze(finish(confusion_matrix(
    named("cm"), class_names=classes, row_total=int(trainer.confusion(cm_split).sum(1).max()),
    x_title=t("spiral.pred_axis"), y_title=t("spiral.true_axis"), count_title=t("spiral.count"))))
loss_top = max(trainer.history[0]["loss"], 1.0) * 1.5
curve_specs: dict = {}


def curve_spec(value: str, horizon: int) -> dict:
    """Fixed axes that double when training runs past them (at most a handful of rebuilds a run)."""
    if (value, horizon) not in curve_specs:
        log, dom = (True, (1e-3, loss_top)) if value == "loss" else (False, (0, 1))
        curve_specs[value, horizon] = freeze(finish(learning_curve(
            named("curve"), value, splits=[series[k] for k in ("train", "test")][:1 + has_test], log_y=log,
            x_title=t("spiral.step_axis"), y_title=t("spiral.loss_axis" if log else "spiral.acc_axis"),
            x_domain=(0, horizon), y_domain=dom, height=200)))
    return curve_specs[value, horizon]


frame_count = [0]
last_grid: list = [None]  # the regions' probabilities as last drawn, for the download row
shown_pts = points_table(pts, classes, split_names)


def draw():
    """Every frame: the step and the regions. The figures, curves, confusion matrix and status line
    are redrawn every third frame: nobody reads numbers changing 30 times a second, and each element
    sent is one more update the browser has to paint."""
    start = time.perf_counter()
    frame_count[0] += 1
    slow = frame_count[0] % SLOW_EVERY == 1 or trainer.diverged
    last = trainer.history[-1]
    rate = st.session_state.get("sp_rate")
    shown = (f"{trainer.steps:,}", f"{last['loss']:.4f}", f"{last['accuracy']:.1%}",
             f"{last['test_accuracy']:.1%}" if has_test else "–")
    for slot, label, value in list(zip(slots, ("step", "loss", "acc", "test_acc"), shown))[:None if slow else 1]:
        slot.metric(t(f"spiral.{label}"), value, help=None if has_test or label != "test_acc" else t("spiral.no_test"))
    last_grid[0] = trainer.decision_grid(RES)
    image = image_table(region_frame(*last_grid[0]), C)
    region_slot.vega_lite_chart(feed(region_spec, image=image, points=shown_pts), key="sp_regions", width="content")
    if not slow:
        return finish_frame(start)
    status_slot.caption(t("spiral.status", device=device_name, rate=f"{rate:,.0f}" if rate else "–"))
    horizon = 1000 * 2 ** max(0, math.ceil(math.log2(max(trainer.steps, 1) / 1000)))
    for slot, value in ((loss_slot, "loss"), (acc_slot, "accuracy")):
        slot.vega_lite_chart(feed(curve_spec(value, horizon), curve=curve_frame(trainer.history, value)),
                             key=f"sp_{value}", width="stretch")
    cm = trainer.confusion(cm_split)
    cm_df = pd.DataFrame([{"true": classes[i], "pred": classes[j], "count": int(cm[i, j])} for i in range(C) for j in range(C)])
    cm_slot.vega_lite_chart(feed(cm_spec, cm=cm_df), key="sp_cm", width="content")
    if trainer.diverged:
        diverged_slot.error(t("spiral.diverged", step=trainer.diverged_at, lr=lr, opt=pick(OPTIMIZERS[opt].label, lang)))
    finish_frame(start)


def finish_frame(start: float) -> None:
    took = time.perf_counter() - start
    old = st.session_state.get("sp_draw")
    st.session_state["sp_draw"] = took if old is None else 0.8 * old + 0.2 * took


draw()
with sum_col:
    st.markdown(f"**{t('spiral.summary')}**")
    table = summary(trainer.model, 2).rename(columns={"layer": t("spiral.col_layer"), "output_shape": t("spiral.col_shape"),
                                                      "params": t("spiral.col_params")})
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown(t("spiral.total_params", n=param_count(trainer.model)))


def lazy_csv(build, *args):
    return lambda: csv_of(build(*args))()


with main:
    # copies taken now: a click is served outside this script run, maybe while the model trains on
    state, history = weights(trainer.model), list(trainer.history)
    offer(KEY, [
        Download("spiral.dl_history", "spiral_history.csv", lazy_csv(history_frame, history)),
        Download("spiral.dl_points", "spiral_points.csv",
                 lazy_csv(data_frame, trainer.X_train, trainer.y_train, trainer.X_test, trainer.y_test)),
        Download("spiral.dl_regions", "spiral_regions.csv", lazy_csv(grid_frame, *last_grid[0])),
        Download("spiral.dl_model", model_file_name(trainer.hidden, trainer.n_classes, act, trainer.steps), lambda: state_bytes(state),
                 mime="application/octet-stream"),
    ])
player.run(KEY, advance=advance, draw=draw)

st.divider()
st.subheader(t("spiral.course"))
st.markdown(t("spiral.course_note"))
st.caption(t("spiral.vectorised"))
if st.button(t("spiral.compare"), key="sp_compare_btn", help=t("spiral.compare_help"), icon=":material/compare:"):
    st.session_state["sp_compare"] = data_spec
if st.session_state.get("sp_compare") == data_spec:
    with st.spinner(t("spiral.comparing")):
        results = compare(data_spec)
    st.dataframe(pd.DataFrame({
        t("spiral.col_model"): [pick(PRESETS[r["name"]].label, lang) for r in results],
        t("spiral.col_loss"): [round(r["loss"], 4) for r in results],
        t("spiral.col_acc"): [f"{r['accuracy']:.1%}" for r in results],
        t("spiral.col_course"): [f"{r['course']:.1%}" for r in results],
    }), hide_index=True, width="stretch")
    for col, r in zip(st.columns(3), results):
        col.markdown(f"**{pick(PRESETS[r['name']].label, lang)}** · {r['accuracy']:.1%}")
        shown = region_data(region_frame(*r["grid"]), points_frame(X, y, 150), classes, split_names)
        col.altair_chart(finish(decision_regions(
            shown["image"], shown["points"], class_names=classes, domain=trainer.bounds, x_title="x₁", y_title="x₂", parts=[split_names["train"]], size=230, legend=False)),
            key=f"sp_cmp_{r['name']}", width="content")

show_code(source(dataset=ds, n_per_class=n_per, n_classes=C, noise=noise, n_steps=trainer.steps or 1000, **settings))
