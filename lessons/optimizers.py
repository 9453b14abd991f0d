"""Optimizer race: four optimizers from one start, live; then momentum's theory on the regression bowl."""
import streamlit as st

from core.activations import ACTIVATIONS
from core.data import DATASETS
from core.race import RACERS
from core.snippets.optimizers import source
from ui import player, tables
from ui import optimizers_view as V
from ui.charts import current_style
from ui.code import show_code
from ui.downloads import offer
from ui.i18n import current_lang, t
from ui.page import header

view = header(V.KEY, V.URL)
style = current_style()
present, big = style.wide, style.big
lang = current_lang()  # format_funcs capture it: AppTest calls them outside the script run

with st.container(key="secondary_op_race_header"):  # presenting, the title says it: the room goes to the maps
    st.header(t("optimizers.race_header"))
ctrl, main = st.columns([1, 3.2], gap="medium")
with ctrl:
    with st.container(key="secondary_op_data"):
        st.subheader(t("optimizers.data"))
        ds = st.selectbox(t("optimizers.dataset"), list(DATASETS), key="op_ds",
                          format_func=lambda k: t(f"spiral.ds.{k}", lang=lang))
        noise = st.slider(t("optimizers.noise"), 0.0, 0.5, step=0.05, key="op_noise")
        n_per = st.slider(t("optimizers.n_per_class"), 50, 500, step=50, key="op_n")
        seed = int(st.number_input(t("optimizers.seed"), 0, 2**31 - 1, step=1, key="op_seed"))
        st.subheader(t("optimizers.model"))
        layers = st.slider(t("optimizers.layers"), 1, V.MAX_LAYERS, key="op_layers")
        width = st.select_slider(t("optimizers.width"), V.WIDTHS, key="op_width")
        act = st.selectbox(t("optimizers.activation"), list(ACTIVATIONS), format_func=lambda k: ACTIVATIONS[k].label,
                           key="op_act")
    if not present:
        st.subheader(t("optimizers.rates"), help=t("optimizers.rates_help"))
    lrs = {name: st.select_slider(t("optimizers.lr_of", name=V.label(name, lang)), V.LRS, key=f"op_lr_{name}",
                                  format_func=lambda v: f"{v:g}") for name in RACERS}
    with st.container(key="secondary_op_spf"):
        st.select_slider(t("player.steps_per_frame"), V.SPFS, key="op_spf", help=t("optimizers.spf_help"))
        st.caption(t("optimizers.changes_restart"))

data_spec = (ds, n_per, noise, seed)
hidden = (width,) * layers
race, pts = V.race_for(data_spec, dict(lrs=lrs, hidden=hidden, activation=act, seed=seed))
n_classes = DATASETS[ds].fixed_classes or 3
with main:
    player.controls(V.KEY, on_step=V.do_step, on_reset=V.forget_race, can_play=not race.all_diverged,
                    steps=V.step_size(race))
    with st.container(key="main_chart"):
        maps, notes = {}, {}
        for col, name in zip(st.columns(4, gap="small"), RACERS):
            col.markdown(f"**{V.short(name, lang)}**")
            maps[name], notes[name] = col.empty(), col.empty()
        loss_slot = st.empty()
    with st.container(key="secondary_op_same_start"):
        st.caption(t("optimizers.same_start", n=len(race.trainers[RACERS[0]].y_train)))
    st.markdown(f"**{t('optimizers.numbers')}**")
    table_slot = st.empty()

board = V.Board(race, pts, V.Slots(maps, notes, loss_slot, table_slot), n_classes=n_classes, lang=lang,
                map_size=150 if big else 170, loss_height=230 if present else (380 if big else 280),
                legend_orient="right" if present else "top", quiet=present, short_axis=big)
board.draw()
with st.container(key="secondary_op_race_note"):
    st.caption(t("optimizers.race_note"))

st.divider()
st.header(t("optimizers.bowl_header"))
st.markdown(t("optimizers.bowl_intro"))
row = st.columns(3) + st.columns(3)
bn = row[0].slider(t("optimizers.bn"), 10, 2000, step=10, key="op_bn")
bnoise = round(row[1].slider(t("optimizers.bnoise"), 0.0, 2.0, step=0.05, key="op_bnoise"), 2)
bseed = int(row[2].number_input(t("optimizers.bseed"), 0, 2**31 - 1, step=1, key="op_bseed"))
shift = round(row[3].slider(t("optimizers.shift"), -0.5, 2.0, step=0.25, key="op_shift", help=t("optimizers.shift_help")), 2)
scale = row[4].select_slider(t("optimizers.scale"), V.SCALES, key="op_scale", help=t("optimizers.scale_help"),
                             format_func=lambda v: f"{v:g}")
bsteps = row[5].select_slider(t("optimizers.bsteps"), V.BOWL_STEPS, key="op_bsteps")
view.publish()

duel, doms, cell, grid = V.study(bn, bnoise, bseed, shift, scale, bsteps)
x, _ = V.bowl_data(bn, bnoise, bseed, shift)
st.markdown(t("optimizers.kappa", n=bn, ex=float(x.double().mean()), exx=float((x.double() ** 2).mean()),
              lo=duel.lam_min, hi=duel.lam_max, kappa=duel.kappa, gd=duel.gd.rate, mom=duel.momentum.rate))
st.caption(t("optimizers.kappa_note"))
for name in ("gd", "momentum"):
    if not duel.stable(name):
        a = duel.lr(name) * duel.lam_max
        if name == "gd":
            msg = t("optimizers.gd_diverges", x=a, f=abs(1 - a))
        else:
            msg = t("optimizers.momentum_diverges", x=a, limit=2 * (1 + duel.beta(name)))
        path = duel.paths[name]
        if path[-1]["step"] < bsteps:
            msg += ("" if lang == "zh" else " ") + t("optimizers.cut_short", steps=path[-1]["step"])  # no space after 。
        st.error(msg)
for name in ("gd", "momentum"):
    if duel.stable(name) and duel.measured(name) >= 1:
        st.warning(t("optimizers.measured_above_one", name=V.bowl_names()[name], m=duel.measured(name),
                     p=duel.predicted(name), steps=bsteps))
if scale != 1.0 and duel.stable("gd") and duel.stable("momentum"):
    st.info(t("optimizers.slower"))
left, right = (st.container(), st.container()) if big else st.columns(2, gap="medium")
height = round(style.height * 1.5) if big else 400
left.markdown(f"**{t('optimizers.bowl_title')}**")
left.altair_chart(V.bowl_chart(duel, doms, cell, grid, height), width="stretch")
for line in V.off_chart(duel, doms):
    left.caption(line)
right.markdown(f"**{t('optimizers.distance_title')}**")
right.altair_chart(V.distance_chart(duel, height), width="stretch")
tables.show(V.rates_table(duel, lang), hide_index=True, width="stretch")
st.caption(t("optimizers.rates_caption"))

offer(V.KEY, V.downloads(race, duel))
show_code(source(dataset=ds, n_per_class=n_per, noise=noise, seed=seed, hidden=hidden, activation=act, lrs=lrs,
                 n_steps=race.steps or 500, bowl_n=bn, bowl_noise=bnoise, bowl_seed=bseed, shift=shift, scale=scale,
                 bowl_steps=bsteps))
player.run(V.KEY, advance=lambda: V.advance(race), draw=board.draw)
