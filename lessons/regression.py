"""Gradient descent, step by step: the course's loop fitting y = 3x + 0.8, drawn live."""
import streamlit as st

from core import linear
from core.snippets.regression import source
from core.train.regression import MODES, OPTIMIZERS
from ui import limits, player
from ui import regression_view as V
from ui.charts import PRESENT_KEY, current_style
from ui.code import show_code
from ui.downloads import offer
from ui.i18n import current_lang, pick, t
from ui.page import header

view = header(V.KEY, V.URL)
lang = current_lang()  # format_funcs capture it: AppTest calls them outside the script run
present = bool(st.session_state.get(PRESENT_KEY))
if present:  # presenter mode hides expanders: the main controls stay in the open, beside the charts
    ctrl, main = st.columns([1, 2.7], gap="medium")
elif current_style().big:  # big type needs the width: settings fold away above the charts
    ctrl, main = st.expander(t("regression.settings"), icon=":material/tune:"), st.container()
else:
    ctrl, main = st.columns([1, 3], gap="large")
with ctrl:
    with st.container(key="secondary_reg_data"):
        st.header(t("regression.data"))
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
                err = V.dataset(None, upload)[2]
                if err:
                    st.error(t("regression.csv_refused", name=upload_name, why=t(f"regression.csv.{err[0]}", **err[1])))
                    upload = None
                else:
                    st.success(t("regression.csv_loaded", n=len(V.dataset(None, upload)[0]), name=upload_name))
        mine = upload is not None  # the generator's settings do nothing while a file is in use
        n = st.slider(t("regression.n"), 10, limits.REGRESSION_MAX_POINTS, step=10, key="reg_n", disabled=mine)
        # rounded: a slider's 0.1 steps come back as 0.30000000000000004, which the code snippet would show
        true_w = round(st.slider(t("regression.true_w"), -5.0, 5.0, step=0.1, key="reg_w", disabled=mine), 2)
        true_b = round(st.slider(t("regression.true_b"), -5.0, 5.0, step=0.1, key="reg_b", disabled=mine), 2)
        noise = round(st.slider(t("regression.noise"), 0.0, 2.0, step=0.05, key="reg_noise", disabled=mine), 2)
        seed = int(st.number_input(t("regression.seed"), 0, 2**31 - 1, step=1, key="reg_seed", disabled=mine))
    spec = None if mine else (n, true_w, true_b, noise, seed)

    if not present:  # presenting, the three controls a class watches stand alone beside the charts
        st.header(t("regression.training"))
    c_lr, c_mode, c_opt = st.container(), st.container(), st.container()
    lr = c_lr.select_slider(t("regression.lr"), V.LRS, format_func=lambda v: f"{v:g}", key="reg_lr")
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

x, y, _ = V.dataset(spec, upload)
studied = V.study(spec, upload, (w0, b0))  # analysis, chart domains, grid cell, surface, shown points
a, (w_dom, b_dom, *_) = studied[:2]
bound = V.lr_bound(a, opt)
trainer = V.trainer_for(x, y, spec, upload, lr=lr, mode=mode, opt=opt, w0=w0, b0=b0)
with main:
    player.controls(V.KEY, on_step=V.do_step, on_reset=V.forget_run, steps=spf)
    if bound is not None and lr >= bound and not trainer.diverged:
        st.warning(t("regression.too_fast", lr=lr, bound=bound))
    diverged_slot = st.empty()  # above the charts: a lecturer's class should not miss it
    boxes = [c.empty() for c in st.columns(4)]
    left, right = st.columns([0.9, 1.1])
    left = left.container(key="main_chart")  # the points and the line: held on the first screen when presenting
    left.markdown(f"**{t('regression.fit_title')}**")
    right.markdown(f"**{t('regression.surface_title')}**")
    fit_slot, surface_slot = left.empty(), right.empty()
    st.markdown(f"**{t('regression.loss_title')}**")
    loss_slot = st.empty()

board = V.Board(trainer, studied, V.Slots(boxes, diverged_slot, fit_slot, surface_slot, loss_slot),
                truth=None if upload else (true_w, true_b), lr=lr, bound=bound, style=current_style())
board.draw()
with main:
    offer(V.KEY, V.downloads(x, y, trainer, w_dom, b_dom))
player.run(V.KEY, advance=lambda: V.advance(trainer, spf, a), draw=board.draw)

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
