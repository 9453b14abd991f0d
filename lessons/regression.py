"""Gradient descent, step by step: the course's loop fitting y = 3x + 0.8, drawn live."""
import hashlib
import math

import pandas as pd
import streamlit as st

from core import linear
from core.data import make_linear
from core.snippets.regression import source
from core.train import RegressionTrainer
from core.train.regression import MODES, OPTIMIZERS, thin
from ui import limits, player
from ui.charts import PRESENT_KEY, current_style, finish
from ui.charts.fits import points_and_lines
from ui.charts.live import feed, freeze, named
from ui.charts.surfaces import loss_surface
from ui.charts.traces import trace
from ui.code import show_code
from ui.downloads import Download, csv_of, offer
from ui.i18n import current_lang, pick, t
from ui.page import header
from ui.regression_view import GRID_RES, LRS, URL, path_frame, points_frame, surface_frame

KEY = "regression"
SHOWN_POINTS, SHOWN_PATH, SHOWN_LOSS = 400, 200, 300
SLOW_EVERY = 3


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


view = header(KEY, URL)
lang = current_lang()  # format_funcs capture it: AppTest calls them outside the script run
present = bool(st.session_state.get(PRESENT_KEY))
if present:  # presenter mode hides expanders: the main controls stay in the open
    ctrl, main = st.container(), st.container()
elif current_style().big:  # big type needs the width: settings fold away above the charts
    ctrl, main = st.expander(t("regression.settings"), icon=":material/tune:"), st.container()
else:
    ctrl, main = st.columns([1, 3], gap="large")
with ctrl:
    with st.container(key="secondary_reg_data"):
        st.subheader(t("regression.data"))
        use_csv = st.segmented_control(t("regression.source"), ["generated", "csv"], default="generated", required=True,
                                       format_func=lambda k: t(f"regression.source_{k}", lang=lang), key="reg_source") == "csv"
        upload, upload_name = None, ""
        if use_csv:
            f = st.file_uploader(t("regression.upload"), type=["csv", "txt", "tsv"], key="reg_file", max_upload_size=1,
                                 help=t("regression.upload_help", rows=linear.MAX_ROWS, kb=linear.MAX_BYTES // 1000))
            if f is None:
                st.caption(t("regression.upload_wait"))
            else:
                upload, upload_name = f.getvalue(), f.name
                err = dataset(None, upload)[2]
                if err:
                    st.error(t("regression.csv_refused", name=upload_name, why=t(f"regression.csv.{err[0]}", **err[1])))
                    upload = None
                else:
                    st.success(t("regression.csv_loaded", n=len(dataset(None, upload)[0]), name=upload_name))
        mine = upload is not None  # the generator's settings do nothing while a file is in use
        n = st.slider(t("regression.n"), 10, limits.REGRESSION_MAX_POINTS, step=10, key="reg_n", disabled=mine)
        # rounded: a slider's 0.1 steps come back as 0.30000000000000004, which the code snippet would show
        true_w = round(st.slider(t("regression.true_w"), -5.0, 5.0, step=0.1, key="reg_w", disabled=mine), 2)
        true_b = round(st.slider(t("regression.true_b"), -5.0, 5.0, step=0.1, key="reg_b", disabled=mine), 2)
        noise = round(st.slider(t("regression.noise"), 0.0, 2.0, step=0.05, key="reg_noise", disabled=mine), 2)
        seed = int(st.number_input(t("regression.seed"), 0, 2**31 - 1, step=1, key="reg_seed", disabled=mine))
    spec = None if mine else (n, true_w, true_b, noise, seed)

    st.subheader(t("regression.training"))
    # presenting: the three controls a class watches on one row, so the charts fit on the screen
    c_lr, c_mode, c_opt = st.columns([2, 2, 1]) if present else (st.container(), st.container(), st.container())
    lr = c_lr.select_slider(t("regression.lr"), LRS, format_func=lambda v: f"{v:g}", key="reg_lr")
    with c_lr.container(key="secondary_reg_start"):
        w0 = round(st.slider(t("regression.w0"), -10.0, 10.0, step=0.1, key="reg_w0"), 2)
        b0 = round(st.slider(t("regression.b0"), -10.0, 10.0, step=0.1, key="reg_b0"), 2)
    mode = c_mode.radio(t("regression.mode"), list(MODES), format_func=lambda k: pick(MODES[k], lang), key="reg_mode")
    opt = c_opt.selectbox(t("regression.optimizer"), list(OPTIMIZERS), format_func=lambda k: pick(OPTIMIZERS[k].label, lang),
                          key="reg_opt", disabled=mode == "manual", help=t("regression.optimizer_help"))
    opt = "sgd" if mode == "manual" else opt
    with st.container(key="secondary_reg_spf"):
        spf = st.slider(t("player.steps_per_frame"), 1, limits.REGRESSION_MAX_STEPS_PER_FRAME, key="reg_spf",
                        help=t("regression.steps_help"))
view.publish()

x, y, _ = dataset(spec, upload)
a, (w_dom, b_dom, x_dom, y_dom), cell, grid, pts = study(spec, upload, (w0, b0))
bound = {"sgd": a.bound, "momentum": a.bound_with(0.9), "adam": None}[opt]
config = (spec, hashlib.sha1(upload).hexdigest() if upload else None, lr, mode, opt, w0, b0)
held = st.session_state.get("reg_trainer")
if held is None or held[0] != config:
    held = (config, RegressionTrainer(x, y, lr=lr, mode=mode, optimizer=opt, w0=w0, b0=b0))
    st.session_state["reg_trainer"] = held
    player.get(KEY).note = None
trainer = held[1]


def do_step():
    held = st.session_state.get("reg_trainer")
    if held:
        held[1].step(st.session_state.get("reg_spf", 1))


with main:
    player.controls(KEY, on_step=do_step, on_reset=lambda: st.session_state.pop("reg_trainer", None))
    if bound is not None and lr >= bound and not trainer.diverged:
        st.warning(t("regression.too_fast", lr=lr, bound=bound))
    diverged_slot = st.empty()  # above the charts: a lecturer's class should not miss it
    cols = st.columns(4)
    boxes = [c.empty() for c in cols]
    left, right = st.columns([0.9, 1.1])
    left.markdown(f"**{t('regression.fit_title')}**")
    right.markdown(f"**{t('regression.surface_title')}**")
    fit_slot, surface_slot = left.empty(), right.empty()
    st.markdown(f"**{t('regression.loss_title')}**")
    loss_slot = st.empty()

style = current_style()
ref_name, ref = ("line_best", (a.w, a.b)) if upload else ("line_true", (true_w, true_b))
names = tuple(t(f"regression.{k}") for k in (ref_name, "line_now", "mark_opt", "mark_start", "mark_now"))
start_loss = trainer.history[0]["loss"]
loss_dom = (max(a.loss, start_loss * 1e-6, 1e-12) / 2, max(start_loss, 1e-9) * 1e4)
log_dom = (float(grid["log10_loss"].min()), float(grid["log10_loss"].max()))
titles = tuple(t(f"regression.{k}") for k in ("log_loss", "step_axis", "loss_axis"))


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
                  y_domain=loss_dom, height=220, style=style)
    return tuple(freeze(finish(c, style)) for c in (fit, surface, curve))


def short(v: float) -> str:
    """Four decimals while they fit in a metric, significant digits once a run has blown up."""
    return f"{v:.4f}" if abs(v) < 1e4 else f"{v:.4g}"


frame_count = [0]


def draw():
    """Every frame: the metrics and the fitted line. The loss surface and loss curve every third
    frame (and always on the first, or after a blow-up): redrawing the surface's cells is what
    holds a browser back, and a path moving at 10 frames/s still reads as motion."""
    frame_count[0] += 1
    slow = frame_count[0] % SLOW_EVERY == 1 or trainer.diverged
    h = trainer.history
    for box, label, value in zip(boxes, ("step", "w", "b", "loss"),
                                 (f"{trainer.steps:,}", short(trainer.w), short(trainer.b), f"{trainer.loss:.4g}")):
        box.metric(t(f"regression.{label}"), value)
    horizon = 500 * 2 ** max(0, math.ceil(math.log2(max(trainer.steps, 1) / 500)))
    fit, surface, curve = specs((w_dom, b_dom, x_dom, y_dom), cell, loss_dom, log_dom, horizon, names, titles, style)
    ends = list(x_dom)
    line_df = pd.DataFrame({"x": ends * 2, "y": [ref[0] * v + ref[1] for v in ends] + [trainer.w * v + trainer.b for v in ends],
                            "line": [names[0]] * 2 + [names[1]] * 2})
    fit_slot.vega_lite_chart(spec=feed(fit, points=pts, lines=line_df), width="stretch")
    if not slow:
        return
    marks = pd.DataFrame({"w": [a.w, h[0]["w"], trainer.w], "b": [a.b, h[0]["b"], trainer.b], "label": names[2:]})
    surface_slot.vega_lite_chart(spec=feed(surface, grid=grid, path=pd.DataFrame(thin(h, SHOWN_PATH)), marks=marks),
                                 width="stretch")
    loss_slot.vega_lite_chart(spec=feed(curve, loss=pd.DataFrame(thin(h, SHOWN_LOSS))[["step", "loss"]]),
                              width="stretch")
    if trainer.diverged:
        key = "regression.diverged_adam" if bound is None else "regression.diverged"
        diverged_slot.error(t(key, step=trainer.steps, loss=trainer.loss, lr=lr, bound=bound or 0))


def advance():
    trainer.step(spf)
    if trainer.diverged:
        return "regression.stopped_diverged"
    tol = 1e-5 * (1 + abs(a.w) + abs(a.b))
    return "player.finished" if abs(trainer.w - a.w) + abs(trainer.b - a.b) < tol else None


def lazy_csv(build, *args):
    return lambda: csv_of(build(*args))()


draw()
with main:
    # copies taken now: a click is served outside this script run, maybe while the descent goes on
    offer(KEY, [
        Download("regression.dl_points", "regression_points.csv", lazy_csv(points_frame, x, y)),
        Download("regression.dl_path", "regression_path.csv", lazy_csv(path_frame, list(trainer.history))),
        Download("regression.dl_surface", "regression_loss_surface.csv", lazy_csv(surface_frame, x, y, w_dom, b_dom)),
    ])
player.run(KEY, advance=advance, draw=draw)

with st.expander(t("regression.analysis"), expanded=True, icon=":material/calculate:"):
    st.markdown(t("regression.closed_form", w=a.w, b=a.b, loss=f"{a.loss:.4g}" if a.loss > 1e-9 else "0"))
    st.markdown(t("regression.bound", bound=a.bound, lam_max=a.lam_max) + " "
                + t("regression.bound_momentum", bound=a.bound_with(0.9)))
    if lr < a.bound:  # above it the steep direction, not the flat one, decides what happens
        st.markdown(t("regression.slow", lam_min=a.lam_min, lr=lr, rate=abs(1 - lr * a.lam_min),
                      half=f"{a.halving_steps(lr):,.0f}"))
    st.caption(t("regression.course_note"))

data = (x.reshape(-1).tolist(), y.reshape(-1).tolist(), upload_name) if upload else None
steps = trainer.steps or 500
show_code(source(n=n, w=true_w, b=true_b, noise=noise, seed=seed, lr=lr, n_steps=steps, w0=w0, b0=b0, mode=mode,
                 optimizer=opt, data=data))
if trainer.steps:
    st.caption(t("regression.code_note", steps=trainer.steps, w=trainer.w, b=trainer.b))
