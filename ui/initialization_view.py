"""The initialisation page's URL table, cached computations, figures and downloadable tables.

The page file lays these out. The table builders at the bottom are pure (reports and frames in,
frames out) so tests can hold them against core; the page captures their frames at script-run
time, because a download's data is made on click, outside the script thread.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core import init as I
from core.activations import ACTIVATIONS
from ui import limits
from ui.charts import finish, histograms, matrices, profiles
from ui.i18n import current_lang, pick, t
from ui.page import View
from ui.urlstate import Choice, Many, Number, Param, Steps

MAX_FAN = limits.INIT_MAX_FAN
MAX_DEPTH = limits.INIT_MAX_DEPTH
WIDTHS = tuple(w for w in (16, 32, 64, 128, 256, 512, 1024) if w <= limits.INIT_MAX_WIDTH)
MAX_SEED = 10**6
N_SAMPLES = 128  # 128 x width activations per layer: plenty for a std, cheap at depth 50
MAX_SCHEMES = 4
SYM_STEPS = 60
DEFAULT_SCHEMES = ["xavier_uniform", "kaiming_normal", "torch_default"]
PRESETS = {  # story -> (init, activation, init parameters)
    "saturate": ("normal", "tanh", {"std": 1.0}),
    "vanish": ("normal", "tanh", {"std": 0.01}),
    "xavier_tanh": ("xavier_normal", "tanh", {}),
    "xavier_relu": ("xavier_normal", "relu", {}),
    "kaiming_relu": ("kaiming_normal", "relu", {}),
}
# the three sections each have their own copy of every scheme's knobs: (URL prefix, session-key prefix)
LAYER, DEPTH, SYM = ("", "ini_l"), ("init_", "ini_d"), ("sym_", "ini_s")


def scheme_params(section) -> list[Param]:
    """One URL parameter per knob of every scheme in INITS, so a new scheme needs no change here."""
    name_prefix, key_prefix = section
    return [Param(f"{name_prefix}{n}_{p}", f"{key_prefix}_{n}_{p}",
                  Choice(spec.choices) if spec.choices else Number(spec.lo, spec.hi, spec.step, snap=False), spec.default)
            for n, init in I.INITS.items() for p, spec in init.params.items()]


URL = [
    Param("fan_in", "ini_fan_in", Number(2, MAX_FAN, 1, integer=True), 256),
    Param("fan_out", "ini_fan_out", Number(2, MAX_FAN, 1, integer=True), 128),
    Param("seed", "ini_seed", Number(0, MAX_SEED, 1, integer=True), 0),
    Param("schemes", "ini_schemes", Many(list(I.INITS), MAX_SCHEMES), DEFAULT_SCHEMES),
    *scheme_params(LAYER),
    Param("init", "ini_d_init", Choice(list(I.INITS)), "kaiming_normal"),
    Param("act", "ini_act", Choice(list(ACTIVATIONS)), "relu"),
    Param("depth", "ini_depth", Number(1, MAX_DEPTH, 1, integer=True), 20),
    Param("width", "ini_width", Steps(WIDTHS), 256),
    *scheme_params(DEPTH),
    Param("sym", "ini_s_init", Choice(list(I.INITS)), "constant"),
    Param("sym_step", "ini_s_step", Number(0, SYM_STEPS, 1, integer=True), 20),
    *scheme_params(SYM),
]


def knob_keys(section, name) -> set[str]:
    return {f"{section[1]}_{name}_{p}" for p in I.INITS[name].params}


def publish(view: View, schemes, init, s_init) -> None:
    """Mirror only the knobs of the schemes on show: a hidden scheme's knob would otherwise stay in
    the link (its widget's state is dropped, then seeded again from the link) long after it was left."""
    shown = knob_keys(DEPTH, init) | knob_keys(SYM, s_init)
    for n in schemes:
        shown |= knob_keys(LAYER, n)
    knobs = {p.key for s in (LAYER, DEPTH, SYM) for p in scheme_params(s)}
    view.publish(only=[p for p in view.params if p.key not in knobs or p.key in shown])


def label(name):
    return pick(I.INITS[name].label)


def labeller():
    """A format_func with the visitor's language bound now: Streamlit may call it outside this run."""
    lang = current_lang()
    return lambda name: pick(I.INITS[name].label, lang)


def knobs(name, section, where):
    """The scheme's parameters as widgets in ``where`` (a container, or one per parameter); returns a dict."""
    specs = I.INITS[name].params
    places = where if isinstance(where, list) else [where] * len(specs)
    out = {}
    for (p, spec), place in zip(specs.items(), places):
        key = f"{section[1]}_{name}_{p}"
        text = t("initialization.param_kaiming_a" if p == "a" and name.startswith("kaiming") else f"initialization.param_{p}")
        if spec.choices:
            out[p] = place.selectbox(text, spec.choices, key=key)
        else:
            digits = max(0, -math.floor(math.log10(spec.step)))
            out[p] = place.number_input(text, spec.lo, spec.hi, step=spec.step, format=f"%.{digits}f", key=key)
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


def log_domain(values):
    lo, hi = math.floor(math.log10(values.min())), math.ceil(math.log10(values.max()))
    return 10.0 ** min(lo, -1), 10.0 ** max(hi, 1)


def fmt(x):
    return f"{x:.4g}"


def story_of(init, act, params):
    """The preset these settings are, if any: its story is told beside the chart."""
    return next((k for k, (i, a, p) in PRESETS.items()
                 if (i, a) == (init, act) and all(params.get(n) == v for n, v in p.items())), None)


# ---------------------------------------------------------------- figures

def histogram_figure(report, style):
    marks = report["marks"].assign(label=report["marks"]["kind"].map(lambda k: t(f"initialization.mark_{k}")))
    return finish(histograms.weight_histogram(
        report["bars"], curve=report["curve"], marks=marks, x_title=t("initialization.weight"),
        y_title=t("initialization.density"), x_domain=report["range"]), style,
        description=t("chart.init_histogram", n=int(report["stats"]["n"])))


def stats_row(name, s):
    return {t("initialization.col_scheme"): label(name), t("initialization.col_mean"): fmt(s["mean"]),
            t("initialization.col_theory_mean"): fmt(s["theory_mean"]), t("initialization.col_std"): fmt(s["std"]),
            t("initialization.col_theory_std"): fmt(s["theory_std"]),
            t("initialization.col_error"): f"{100 * (s['std'] / s['theory_std'] - 1):+.2f}%" if s["theory_std"] else "—",
            t("initialization.col_range"): f"[{fmt(s['min'])}, {fmt(s['max'])}]",
            t("initialization.col_bounds"): f"[{fmt(s['bounds'][0])}, {fmt(s['bounds'][1])}]" if s["bounds"] else "—"}


def depth_figure(stats, depth, style):
    """Activation and gradient spread per layer on a log axis; None when nothing finite and positive is left."""
    kinds = {"std": t("initialization.series_act"), "grad_std": t("initialization.series_grad")}
    tidy = stats.melt(id_vars=["layer", "finite", "grad_finite"], value_vars=list(kinds), var_name="kind", value_name="value")
    ok = tidy["finite"].where(tidy["kind"] == "std", tidy["grad_finite"]) & (tidy["value"] > 0)
    shown = tidy[ok].assign(series=lambda d: d["kind"].map(kinds))
    if not len(shown):
        return None
    return finish(profiles.layer_profile(
        shown, series=list(kinds.values()), x_title=t("initialization.layer"), y_title=t("initialization.std_axis"),
        x_domain=(1, max(depth, 2)), y_domain=log_domain(shown["value"])), style,
        description=t("chart.init_depth", depth=depth))


def layers_figure(picked, style):
    return finish(histograms.layer_histograms(
        I.layer_histograms(picked), x_title=t("initialization.activation_value"), y_title=t("initialization.density"),
        layer_title=t("initialization.layer")), style, description=t("chart.init_layers"))


def symmetry_figure(frame, run, style):
    cols = ["in1", "in2", "b", "out1", "out2", "out3"]
    return finish(matrices.matrix_heatmap(
        frame, row="unit", col="weight", value="value", col_order=cols, x_title=t("initialization.sym_x"),
        y_title=t("initialization.sym_y"), color_title=t("initialization.weight"),
        limit=run["value"].abs().max()), style, description=t("chart.init_symmetry"))


# ---------------------------------------------------------------- downloads

def weights_table(reports) -> pd.DataFrame:
    """The histograms as drawn, one row per bar of each scheme, with the std theory promises."""
    frames = [r["bars"].assign(scheme=name, theory_std=r["stats"]["theory_std"]) for name, r in reports]
    columns = ["scheme", "left", "right", "count", "density", "theory_std"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def depth_table(stats) -> pd.DataFrame:
    """Per layer: mean and std of the activations going forward and of the gradients coming back."""
    return stats[["layer", "mean", "std", "grad_mean", "grad_std"]].reset_index(drop=True)
