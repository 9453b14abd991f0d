"""Spiral classification: an MLP carving decision regions live, and the course's three models side by side."""
import streamlit as st

from core.activations import ACTIVATIONS
from core.data import DATASETS
from core.init import INITS
from core.models import PRESETS, param_count
from core.snippets.spiral import source
from core.train.classifier import OPTIMIZERS
from ui import limits, player, tables
from ui import spiral_view as V
from ui.charts import current_style
from ui.code import show_code
from ui.downloads import offer
from ui.i18n import current_lang, pick, t
from ui.page import header

view = header(V.KEY, V.URL, intro=V.intro)
projector, present = current_style().big, current_style().wide
lang = current_lang()  # format_funcs capture it: AppTest calls them outside the script run
ctrl, main = st.columns([1, 3], gap="large")
with ctrl:
    st.header(t("spiral.data"))
    ds = st.selectbox(t("spiral.dataset"), list(DATASETS), format_func=lambda k: t(f"spiral.ds.{k}", lang=lang), key="sp_ds")
    fixed = DATASETS[ds].fixed_classes
    if fixed:  # the dataset's own count on a slider of its own; the visitor's choice waits for the spirals
        C = st.slider(t("spiral.classes"), 2, limits.SPIRAL_MAX_CLASSES, value=fixed, key=f"sp_classes_fixed{fixed}",
                      disabled=True, help=t("spiral.classes_fixed", n=fixed))
    else:
        C = st.slider(t("spiral.classes"), 2, limits.SPIRAL_MAX_CLASSES, key="sp_classes")
    noise = st.slider(t("spiral.noise"), 0.0, 1.0, step=0.01, key="sp_noise")
    with st.container(key="secondary_sp_data"):
        n_per = st.slider(t("spiral.n_per_class"), 20, limits.SPIRAL_MAX_PER_CLASS, step=10, key="sp_n")
        seed = int(st.number_input(t("spiral.seed"), 0, 2**31 - 1, step=1, key="sp_seed"))
        test_frac = st.slider(t("spiral.test_fraction"), 0.0, 0.5, step=0.05, key="sp_test",
                              help=t("spiral.test_fraction_help"))

    st.header(t("spiral.model"))
    arch = st.selectbox(t("spiral.preset"), V.ARCHS, key="sp_preset",
                        format_func=lambda k: pick(PRESETS[k].label, lang) if k in PRESETS else t("spiral.custom", lang=lang))
    if arch in PRESETS:
        hidden, act = PRESETS[arch].hidden, PRESETS[arch].activation
    else:
        depth = st.slider(t("spiral.layers"), 0, limits.SPIRAL_MAX_LAYERS, key="sp_depth")
        hidden = tuple(st.select_slider(t("spiral.width", i=i + 1), V.WIDTHS, key=f"sp_w{i}") for i in range(depth))
        act = st.selectbox(t("spiral.activation"), list(ACTIVATIONS), format_func=lambda k: ACTIVATIONS[k].label,
                           key="sp_act")
    with st.container(key="secondary_sp_init"):
        init = st.selectbox(t("spiral.init"), list(INITS), format_func=lambda k: pick(INITS[k].label, lang), key="sp_init")

    st.header(t("spiral.training"))
    opt = st.selectbox(t("spiral.optimizer"), list(OPTIMIZERS), format_func=lambda k: pick(OPTIMIZERS[k].label, lang),
                       key="sp_opt")
    lr = st.select_slider(t("spiral.lr"), V.LRS, format_func=lambda v: f"{v:g}", key="sp_lr")
    with st.container(key="secondary_sp_training"):
        wd = st.select_slider(t("spiral.wd"), V.WDS, format_func=lambda v: f"{v:g}", key="sp_wd")
        batch = st.select_slider(t("spiral.batch"), V.BATCHES, key="sp_batch",
                                 format_func=lambda v: f"{v}" if v else t("spiral.full_batch", lang=lang))
        st.select_slider(t("player.steps_per_frame"), V.SPFS, key="sp_spf", help=t("spiral.spf_help"),
                         format_func=lambda v: f"{v}" if v else t("spiral.auto", lang=lang))
    st.caption(t("spiral.changes_restart"))
view.publish()

data_spec = (ds, C, n_per, noise, seed)
settings = dict(hidden=hidden, activation=act, init=init, optimizer=opt, lr=lr, weight_decay=wd,
                batch_size=batch or None, test_fraction=test_frac, seed=seed)
trainer, pts = V.trainer_for(data_spec, settings)
with main:
    player.controls(V.KEY, on_step=V.timed_step, on_reset=V.forget_run, can_play=not trainer.diverged,
                    steps=V.step_size(trainer))
    if present:  # the numbers beside the regions, so the chart and Play share a 720-pixel screen
        left, side = st.columns([1.7, 1], gap="medium")
        metric_slots = [c.empty() for c in side.columns(2) + side.columns(2)]
        status_slot, diverged_slot = side.empty(), side.empty()
        right = left  # the confusion matrix and the model's table follow the regions, below the first screen
    else:
        metric_slots = [c.empty() for c in st.columns(4)]
        status_slot, diverged_slot = st.empty(), st.empty()
        # side by side on a laptop; stacked in projector mode, where the charts are too big to share a row
        left, right = (st.container(), st.container()) if projector else st.columns([1.25, 1], gap="small")
    left = left.container(key="main_chart")
    left.markdown(f"**{t('spiral.regions')}**")
    left.caption(V.regions_caption(trainer, pts))
    region_slot = left.empty()
    right.markdown(f"**{t('spiral.confusion')}**")
    right.caption(t(f"spiral.confusion_on_{V.confusion_split(trainer)}"))
    cm_slot, sum_col = right.empty(), right.container()
    st.markdown(f"**{t('spiral.curves')}**")
    loss_col, acc_col = (st.container(), st.container()) if projector else st.columns(2, gap="medium")
    loss_slot, acc_slot = loss_col.empty(), acc_col.empty()

board = V.Board(trainer, pts, V.Slots(metric_slots, status_slot, diverged_slot, region_slot, cm_slot, loss_slot, acc_slot),
                n_classes=C, projector=projector, lr=lr, opt=opt, lang=lang, region_size=300 if present else None)
board.draw()
with sum_col:
    st.markdown(f"**{t('spiral.summary')}**")
    tables.show(V.summary_table(trainer.model), hide_index=True, width="stretch")
    st.markdown(t("spiral.total_params", n=param_count(trainer.model)))
with main:
    offer(V.KEY, V.downloads(trainer, act, board.snapshot))
player.run(V.KEY, advance=lambda: V.advance(trainer, lr, opt), draw=board.draw)

st.divider()
st.header(t("spiral.course"))
st.markdown(t("spiral.course_note"))
st.caption(t("spiral.vectorised"))
if st.button(t("spiral.compare"), key="sp_compare_btn", help=t("spiral.compare_help"), icon=":material/compare:"):
    st.session_state["sp_compare"] = data_spec
if st.session_state.get("sp_compare") == data_spec:
    with st.spinner(t("spiral.comparing")):
        results = V.compare(data_spec)
    tables.show(V.compare_table(results, lang), hide_index=True, width="stretch")
    for col, r in zip(st.columns(3), results):
        col.markdown(f"**{pick(PRESETS[r['name']].label, lang)}** · {r['accuracy']:.1%}")
        col.altair_chart(V.compare_figure(r, data_spec, board.classes, board.split_names, trainer.bounds),
                         key=f"sp_cmp_{r['name']}", width="content")

show_code(source(dataset=ds, n_per_class=n_per, n_classes=C, noise=noise, n_steps=trainer.steps or 1000, **settings))
