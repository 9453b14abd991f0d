"""Weight initialisation: each scheme against theory, signals through depth, and symmetry."""
import math

import pandas as pd
import streamlit as st

from core import init as I
from core.activations import ACTIVATIONS
from core.snippets.initialization import layer_code
from ui import urlstate
from ui.shell import device_info
from ui.charts import finish
from ui.charts import histograms, matrices, profiles
from ui.code import show_code
from ui.i18n import current_lang, pick, t
from ui.page import header

MAX_FAN = 1024  # 1M weights: enough for any histogram; trunc_normal and orthogonal stay near a second
MAX_DEPTH = 50
WIDTHS = (16, 32, 64, 128, 256, 512, 1024)
N_SAMPLES = 128  # 128 x width activations per layer: plenty for a std, cheap at depth 50
MAX_SCHEMES = 4
SYM_STEPS = 60
PRESETS = {  # story -> (init, activation, init parameters)
    "saturate": ("normal", "tanh", {"std": 1.0}),
    "vanish": ("normal", "tanh", {"std": 0.01}),
    "xavier_tanh": ("xavier_normal", "tanh", {}),
    "xavier_relu": ("xavier_normal", "relu", {}),
    "kaiming_relu": ("kaiming_normal", "relu", {}),
}


def parse_int(lo, hi):
    return lambda raw: min(max(int(raw), lo), hi)


def seed_state():
    """Defaults, or the URL's values when they parse (clamped: the URL is typed by strangers)."""
    for key, parse, default in [
        ("ini_fan_in", parse_int(2, MAX_FAN), 256), ("ini_fan_out", parse_int(2, MAX_FAN), 128),
        ("ini_seed", parse_int(0, 10**6), 0), ("ini_depth", parse_int(1, MAX_DEPTH), 20),
        ("ini_width", lambda raw: int(raw) if int(raw) in WIDTHS else None, 256),
        ("ini_d_init", urlstate.parse_choice(I.INITS), "kaiming_normal"),
        ("ini_act", urlstate.parse_choice(ACTIVATIONS), "relu"),
    ]:
        urlstate.seed_from_url(key, parse, default)


def label(name):
    return pick(I.INITS[name].label)


def labeller():
    """A format_func with the visitor's language bound now: Streamlit may call it outside this run."""
    lang = current_lang()
    return lambda name: pick(I.INITS[name].label, lang)


def knobs(name, prefix, where):
    """The scheme's parameters as widgets in ``where`` (a container, or one per parameter); returns a dict."""
    specs = I.INITS[name].params
    places = where if isinstance(where, list) else [where] * len(specs)
    out = {}
    for (p, spec), where in zip(specs.items(), places):
        key = f"{prefix}_{name}_{p}"
        st.session_state.setdefault(key, spec.default)
        text = t("initialization.param_kaiming_a" if p == "a" and name.startswith("kaiming") else f"initialization.param_{p}")
        if spec.choices:
            out[p] = where.selectbox(text, spec.choices, key=key)
        else:
            digits = max(0, -math.floor(math.log10(spec.step)))
            out[p] = where.number_input(text, spec.lo, spec.hi, step=spec.step, format=f"%.{digits}f", key=key)
    return out


def frozen(params):
    return tuple(sorted(params.items()))


@st.cache_data(max_entries=64, show_spinner=False)
def layer_report(name, fan_in, fan_out, seed, params):
    return I.layer_report(name, fan_in, fan_out, seed=seed, **dict(params))


@st.cache_data(max_entries=32, show_spinner=False)
def depth_run(init, act, depth, width, seed, params, device):
    return I.propagate_detail(init, act, depth=depth, width=width, n_samples=N_SAMPLES, seed=seed,
                              keep=range(1, depth + 1), max_values=2000, device=device, **dict(params))


@st.cache_data(max_entries=32, show_spinner=False)
def symmetry_run(init, params):
    return I.symmetry_run(init, steps=SYM_STEPS, **dict(params))


def resample():
    st.session_state["ini_seed"] = (st.session_state["ini_seed"] + 1) % 10**6


def apply_preset(key):
    init, act, params = PRESETS[key]
    st.session_state["ini_d_init"], st.session_state["ini_act"] = init, act
    for p, spec in I.INITS[init].params.items():
        st.session_state[f"ini_d_{init}_{p}"] = params.get(p, spec.default)


def log_domain(values):
    lo, hi = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
    return 10.0 ** min(lo, -1), 10.0 ** max(hi, 1)


def fmt(x):
    return f"{x:.4g}"


def one_layer():
    """Histograms of the chosen schemes against theory; returns the seed the other sections share."""
    st.header(t("initialization.layer_header"))
    c = st.columns([1, 1, 1, 1])
    fan_in = c[0].number_input(t("initialization.fan_in"), 2, MAX_FAN, step=1, key="ini_fan_in")
    fan_out = c[1].number_input(t("initialization.fan_out"), 2, MAX_FAN, step=1, key="ini_fan_out")
    seed = c[2].number_input(t("initialization.seed"), 0, 10**6, step=1, key="ini_seed")
    c[3].button(t("initialization.resample"), on_click=resample, key="ini_resample", icon=":material/casino:", width="stretch")
    names = st.multiselect(t("initialization.schemes"), list(I.INITS), default=["xavier_uniform", "kaiming_normal", "torch_default"],
                           format_func=labeller(), max_selections=MAX_SCHEMES, key="ini_schemes",
                           help=t("initialization.schemes_help", n=MAX_SCHEMES))
    chosen, rows = [], []
    for col, name in zip(st.columns(max(len(names), 1)), names):
        with col:
            st.markdown(f"#### {label(name)}")
            box = st.expander(t("initialization.params"))  # always there, so the charts line up across columns
            params = knobs(name, "ini_l", box)
            if not params:
                box.caption(t("initialization.no_params"))
            try:
                r = layer_report(name, fan_in, fan_out, seed, frozen(params))
            except ValueError:
                st.warning(t("initialization.bad_params"))
                continue
            chosen.append((name, params))
            marks = r["marks"].assign(label=r["marks"]["kind"].map(lambda k: t(f"initialization.mark_{k}")))
            st.altair_chart(finish(histograms.weight_histogram(
                r["bars"], curve=r["curve"], marks=marks, x_title=t("initialization.weight"),
                y_title=t("initialization.density"), x_domain=r["range"])), key=f"ini_hist_{name}", width="stretch")
            for part in I.INITS[name].formula.split(r"\quad"):  # one line each: the columns are narrow
                st.latex(part.strip().rstrip(",\\ "))
            st.caption(t("initialization.use_for", text=pick(I.INITS[name].use_for)))
            s = r["stats"]
            rows.append({t("initialization.col_scheme"): label(name), t("initialization.col_mean"): fmt(s["mean"]),
                         t("initialization.col_theory_mean"): fmt(s["theory_mean"]), t("initialization.col_std"): fmt(s["std"]),
                         t("initialization.col_theory_std"): fmt(s["theory_std"]),
                         t("initialization.col_error"): f"{100 * (s['std'] / s['theory_std'] - 1):+.2f}%" if s["theory_std"] else "—",
                         t("initialization.col_range"): f"[{fmt(s['min'])}, {fmt(s['max'])}]",
                         t("initialization.col_bounds"): f"[{fmt(s['bounds'][0])}, {fmt(s['bounds'][1])}]" if s["bounds"] else "—"})
    if not names:
        st.info(t("initialization.pick_none"))
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="ini_table")
        st.caption(t("initialization.table_caption", n=fan_in * fan_out, fan_in=fan_in, fan_out=fan_out))
        show_code(layer_code(chosen, fan_in, fan_out, seed=seed))
    return seed


def through_depth(seed):
    st.header(t("initialization.depth_header"))
    st.markdown(t("initialization.depth_intro"))
    st.caption(t("initialization.presets"))
    for col, key in zip(st.columns(len(PRESETS)), PRESETS):
        col.button(t(f"initialization.preset_{key}"), on_click=apply_preset, args=(key,), key=f"ini_preset_{key}", width="stretch")
    c = st.columns(4)
    init = c[0].selectbox(t("initialization.init"), list(I.INITS), format_func=labeller(), key="ini_d_init")
    act = c[1].selectbox(t("initialization.activation"), list(ACTIVATIONS), format_func=lambda n: ACTIVATIONS[n].label, key="ini_act")
    depth = c[2].slider(t("initialization.depth"), 1, MAX_DEPTH, key="ini_depth")
    width = c[3].select_slider(t("initialization.width"), WIDTHS, key="ini_width")
    d_params = knobs(init, "ini_d", st.columns(4))
    for key in ("ini_fan_in", "ini_fan_out", "ini_seed", "ini_depth", "ini_width", "ini_d_init", "ini_act"):
        urlstate.write_to_url(key, str(st.session_state[key]))
    try:
        with st.spinner(t("initialization.computing", depth=depth, width=width)):
            stats, values = depth_run(init, act, depth, width, seed, frozen(d_params), str(device_info().device))
    except ValueError:
        st.warning(t("initialization.bad_params"))
        return
    story = next((k for k, (i, a, p) in PRESETS.items()
                  if (i, a) == (init, act) and all(d_params.get(n) == v for n, v in p.items())), None)
    if story:
        st.info(t(f"initialization.story_{story}"))
    m = st.columns(3)
    last, first = stats.iloc[-1], stats.iloc[0]
    m[0].metric(t("initialization.metric_act", layer=1), fmt(first["std"]) if first["finite"] else "∞")
    m[1].metric(t("initialization.metric_act", layer=depth), fmt(last["std"]) if last["finite"] else "∞")
    m[2].metric(t("initialization.metric_grad"), fmt(first["grad_std"]) if first["grad_finite"] else "∞")
    kinds = {"std": t("initialization.series_act"), "grad_std": t("initialization.series_grad")}
    tidy = stats.melt(id_vars=["layer", "finite", "grad_finite"], value_vars=list(kinds), var_name="kind", value_name="value")
    ok = tidy["finite"].where(tidy["kind"] == "std", tidy["grad_finite"]) & (tidy["value"] > 0)
    shown = tidy[ok].assign(series=lambda d: d["kind"].map(kinds))
    if len(shown):
        st.altair_chart(finish(profiles.layer_profile(
            shown, series=list(kinds.values()), x_title=t("initialization.layer"), y_title=t("initialization.std_axis"),
            x_domain=(1, max(depth, 2)), y_domain=log_domain(shown["value"]))), key="ini_depth_chart", width="stretch")
    if not stats["finite"].all():
        st.warning(t("initialization.overflow", layer=int(stats.loc[~stats["finite"], "layer"].min())))
    elif (stats["std"] == 0).any():
        st.warning(t("initialization.dead", layer=int(stats.loc[stats["std"] == 0, "layer"].min())))
    st.subheader(t("initialization.dist_header"))
    default = sorted({1, *(round(depth * k / 4) for k in (1, 2, 3)), depth} - {0})
    layers = st.multiselect(t("initialization.layers"), list(range(1, depth + 1)), default=default, max_selections=6,
                            key=f"ini_layers_{depth}")
    picked = values[values["layer"].isin(layers) & values["layer"].isin(stats.loc[stats["finite"], "layer"])]
    if len(picked):
        st.altair_chart(finish(histograms.layer_histograms(
            I.layer_histograms(picked), x_title=t("initialization.activation_value"), y_title=t("initialization.density"),
            layer_title=t("initialization.layer"))), key="ini_ridge")
        st.caption(t("initialization.dist_caption", n=N_SAMPLES))


def symmetry():
    st.header(t("initialization.sym_header"))
    st.markdown(t("initialization.sym_intro"))
    c = st.columns(2)
    st.session_state.setdefault("ini_s_init", "constant")
    s_init = c[0].selectbox(t("initialization.init"), list(I.INITS), format_func=labeller(), key="ini_s_init")
    step = c[1].slider(t("initialization.sym_step"), 0, SYM_STEPS, 20, key="ini_s_step")
    s_params = knobs(s_init, "ini_s", st.columns(4))
    try:
        run = symmetry_run(s_init, frozen(s_params))
    except ValueError:
        st.warning(t("initialization.bad_params"))
        return
    frame = run[run["step"] == step]
    cols = ["in1", "in2", "b", "out1", "out2", "out3"]
    st.altair_chart(finish(matrices.matrix_heatmap(
        frame, row="unit", col="weight", value="value", col_order=cols, x_title=t("initialization.sym_x"),
        y_title=t("initialization.sym_y"), color_title=t("initialization.weight"),
        limit=run["value"].abs().max())), key="ini_sym", width="stretch")
    spread = I.row_spread(frame)
    st.caption(t("initialization.sym_cols"))
    (st.success if spread < 1e-5 else st.info)(t("initialization.sym_same" if spread < 1e-5 else "initialization.sym_differ",
                                                 spread=spread, step=step, loss=float(frame["loss"].iloc[0])))
    st.latex(r"h_i = h_j,\ w_i = w_j \ \Rightarrow\ \frac{\partial L}{\partial w_i} = \frac{\partial L}{\partial w_j}"
             r"\ \Rightarrow\ w_i - \eta\,\frac{\partial L}{\partial w_i} = w_j - \eta\,\frac{\partial L}{\partial w_j}")


seed_state()
header("initialization")
seed = one_layer()
through_depth(seed)
symmetry()
