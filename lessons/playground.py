"""Network playground: TensorFlow Playground's picture of a network, in torch: every unit's map, links by sign
and size, input features, regularisation, regression on the plane, and a visitor's own points."""
import streamlit as st

from core.activations import ACTIVATIONS
from core.data import DATASETS
from core.features import FEATURES
from core.snippets.playground import source
from core.train.classifier import OPTIMIZERS, REGULARIZATIONS
from ui import player
from ui import playground_view as V
from ui.charts import current_style
from ui.code import show_code
from ui.downloads import offer
from ui.i18n import current_lang, pick, t
from ui.page import header

view = header(V.KEY, V.URL)
style = current_style()
present = style.wide
lang = current_lang()  # format_funcs capture it: AppTest calls them outside the script run
ctrl, main = st.columns([1, 3], gap="large")
with ctrl:
    st.header(t("playground.data"))
    task = st.selectbox(t("playground.task"), V.TASKS, key="pg_task",
                                format_func=lambda k: t(f"playground.task_{k}", lang=lang))
    if task == "classify":
        ds = st.selectbox(t("playground.dataset"), list(DATASETS), key="pg_ds",
                          format_func=lambda k: t(f"spiral.ds.{k}", lang=lang))
        fixed = DATASETS[ds].fixed_classes
        n_classes = fixed or st.slider(t("playground.classes"), 2, V.MAX_CLASSES, key="pg_classes")
    else:
        ds = st.selectbox(t("playground.target_kind"), list(V.plane_targets()), key="pg_target",
                          format_func=lambda k: pick(V.plane_targets()[k].label, lang))
        n_classes = 0
    noise = st.slider(t("playground.noise"), 0.0, 1.0, step=0.01, key="pg_noise")
    with st.container(key="secondary_pg_data"):
        if task == "classify":
            n_per = st.slider(t("playground.n_per_class"), 20, V.MAX_PER_CLASS, step=10, key="pg_n")
        else:
            n_per = st.slider(t("playground.n_points"), 20, V.MAX_POINTS, step=20, key="pg_points")
        seed = int(st.number_input(t("playground.seed"), 0, 2**31 - 1, step=1, key="pg_seed"))
        test_frac = st.slider(t("playground.test_fraction"), 0.0, 0.5, step=0.05, key="pg_test")
        with st.expander(t("playground.own_data"), icon=":material/upload_file:"):
            st.caption(t("playground.own_note"))
            f = st.file_uploader(t("playground.upload", rows=V.core_points.MAX_ROWS), type=["csv", "txt", "tsv"],
                                 key=f"pg_file_{task}", max_upload_size=1,
                                 help=t(f"playground.upload_help_{task}", rows=V.core_points.MAX_ROWS,
                                        kb=V.core_points.MAX_BYTES // 1000, k=V.MAX_CLASSES - 1))
            file_data = None
            if f is not None:
                X_f, y_f, err = V.uploaded(f.getvalue(), task)
                if err:
                    st.error(t("playground.csv_refused", name=f.name, why=t(f"playground.csv.{err[0]}", **err[1])))
                else:
                    file_data = (X_f, y_f)
                    st.success(t("playground.csv_loaded", n=len(y_f), name=f.name))

    st.header(t("playground.features"))
    feats = st.multiselect(t("playground.inputs"), list(FEATURES), key="pg_feats", format_func=lambda k: FEATURES[k].label,
                           help=t("playground.inputs_help"))
    features = tuple(k for k in FEATURES if k in (feats or [])) or ("x1", "x2")
    if not feats:
        st.caption(t("playground.no_features"))

    st.header(t("playground.network"))
    depth = st.slider(t("playground.layers"), 0, V.MAX_LAYERS, key="pg_depth")
    hidden = tuple(st.select_slider(t("playground.width", i=i + 1), V.WIDTHS, key=f"pg_w{i}") for i in range(depth))
    act = st.selectbox(t("playground.activation"), list(ACTIVATIONS), key="pg_act",
                       format_func=lambda k: ACTIVATIONS[k].label)

    st.header(t("playground.training"))
    opt = st.selectbox(t("playground.optimizer"), list(OPTIMIZERS), key="pg_opt",
                       format_func=lambda k: pick(OPTIMIZERS[k].label, lang))
    lr = st.select_slider(t("playground.lr"), V.LRS, format_func=lambda v: f"{v:g}", key="pg_lr")
    reg = st.segmented_control(t("playground.reg"), list(REGULARIZATIONS), required=True, key="pg_reg",
                               format_func=lambda k: pick(REGULARIZATIONS[k].label, lang), help=t("playground.reg_help"))
    rate = st.select_slider(t("playground.reg_rate"), V.RATES, format_func=lambda v: f"{v:g}", key="pg_rate",
                            disabled=reg == "none")
    with st.container(key="secondary_pg_training"):
        batch = st.select_slider(t("playground.batch"), V.BATCHES, key="pg_batch",
                                 format_func=lambda v: f"{v}" if v else t("playground.full_batch", lang=lang))
        st.select_slider(t("player.steps_per_frame"), V.SPFS, key="pg_spf")
    st.header(t("playground.view"))
    discrete = st.toggle(t("playground.discrete"), key="pg_discrete", disabled=task != "classify",
                         help=t("playground.discrete_help"))
    show_test = st.toggle(t("playground.show_test"), key="pg_show_test")
    st.caption(t("playground.changes_restart"))

X, y = file_data if file_data is not None else V.generated(task, ds, n_classes, n_per, noise, seed)
if task == "classify":
    n_classes = max(n_classes, int(y.max()) + 1)
X, y = V.with_added(X, y, V.added(task), task)
settings = dict(hidden=hidden, activation=act, optimizer=opt, lr=lr, batch_size=batch or None,
                test_fraction=test_frac, seed=seed, features=features, regularization=reg,
                reg_rate=rate if reg != "none" else 0.0)
if task == "classify":
    settings["weight_decay"] = 0.0
trainer = V.trainer_for(task, X, y, settings)
if task == "classify":
    n_classes = trainer.n_classes

units = V.valid_units(trainer.model, trainer.features)
if st.session_state.get("pg_unit") not in units:  # a unit of a network no longer there: the first hidden one
    st.session_state["pg_unit"] = next((u for u in units if u.startswith("h")), units[-1])


def on_pick():
    chosen = V.picked_unit(st.session_state["pg_net_pick"]["selection"])
    if chosen in units:
        st.session_state["pg_unit"] = chosen


def on_spot():
    label = st.session_state.get("pg_click_label" if task == "classify" else "pg_click_value", 0)
    V.add_click(task, st.session_state[click_key]["selection"], label)


click_key = f"pg_spot_{st.session_state.get('pg_clicks', 0)}"
with main:
    playing = player.controls(V.KEY, on_step=V.do_step, on_reset=V.forget_run, can_play=not trainer.diverged,
                              steps=V.step_size(trainer))
    n_metrics = 6 if task == "classify" else 5
    # big type beside the sidebar: two rows of three, or the figures end in "…"
    rows = [3, n_metrics - 3] if style.stacked else [n_metrics]
    metric_slots = None
    if not present:
        with st.container(key="figures_playground"):
            if not style.big:  # six figures in one row of the main column: "100.0%" ended in "…" at 2.25rem
                st.html(f"<style>.st-key-figures_playground [data-testid=stMetricValue] {{font-size: {V.METRIC_REM}rem}}</style>")
            metric_slots = [c.empty() for n in rows for c in st.columns(3 if style.stacked else n)]
    # presenting, a stop notice (converged, diverged) goes below the pictures: above them it pushed the regions
    # off the first screen
    status = None if present else st.empty()
    n_cols = depth + 2
    with st.container(key="main_chart"):
        if V.side_by_side(style, n_cols):
            left, right = st.columns([n_cols * V.geometry(style, n_cols)["col_px"],
                                      V.plane_size(style, n_cols) + (190 if style.wide else 80)], gap="small")
        else:
            left, right = st.container(), st.container()
        left.markdown(f"**{t('playground.network_title')}**")
        diagram_slot = left.empty()
        right.markdown(f"**{t('playground.regions_title' if task == 'classify' else 'playground.plane_title')}**")
        regions_slot = right.empty()
    if present:
        # the player's notes (converged, the play's time spent, a busy server) below the pictures too
        playing.slot.empty()
        playing.slot = st.empty()
        if playing.note:
            playing.slot.info(t(playing.note, **(playing.note_args or {})))
        status = st.empty()
        metric_slots = [c.empty() for c in st.columns(n_metrics)]
    hidden_note = [f"{w}" for w in hidden if w > V.SHOWN_UNITS]
    st.caption(t("playground.diagram_caption", k=V.SHOWN_UNITS) + (" " + t("playground.diagram_some_hidden", k=V.SHOWN_UNITS)
                                                                   if hidden_note else ""))
    add, chosen_col = (st.container(), st.container()) if style.stacked else st.columns([1, 1.3], gap="medium")
    with add:
        st.markdown(f"**{t('playground.add_title')}**")
        if task == "classify":
            if st.session_state.get("pg_click_label", 0) not in range(n_classes):
                st.session_state.pop("pg_click_label", None)
            st.segmented_control(t("playground.add_class"), list(range(n_classes)), required=True,
                                 key="pg_click_label", default=0,
                                 format_func=lambda c: t("playground.class_name", n=c, lang=lang))
        else:
            st.slider(t("playground.add_value"), -1.0, 1.0, value=1.0, step=0.1, key="pg_click_value")
        n_added = len(V.added(task))
        st.caption(t("playground.add_help", n=n_added, most=V.MAX_ADDED, res=V.CLICK_RES))
        if n_added and st.button(t("playground.clear_added"), key="pg_clear", icon=":material/delete:"):
            st.session_state[V.added_key(task)] = []
            st.rerun()
    with chosen_col:
        st.selectbox(t("playground.unit"), units, key="pg_unit", help=t("playground.unit_help"),
                     format_func=lambda u: V.unit_label(u, task, lang))
        unit_slot = st.empty()
    st.markdown(f"**{t('playground.curve_title')}**")
    loss_slot = st.empty()
view.publish()

board = V.Board(trainer, V.Slots(metric_slots, status, diagram_slot, regions_slot, unit_slot, loss_slot), task=task,
                n_classes=n_classes, discrete=discrete, show_test=show_test, chosen=st.session_state["pg_unit"],
                lang=lang, style=style, plane_size=V.plane_size(style, n_cols), on_pick=on_pick, on_spot=on_spot,
                click_key=click_key)
board.draw(at_rest=True)
with main:
    offer(V.KEY, V.downloads(trainer, task))
player.run(V.KEY, advance=lambda: V.advance(trainer), draw=board.draw)

show_code(lambda: source(task=task, dataset=ds, n_classes=n_classes, n_per_class=n_per, n=n_per, noise=noise,
                         n_steps=trainer.steps or 300, **settings))
if file_data is not None or V.added(task):
    st.caption(t("playground.code_own_data"))
