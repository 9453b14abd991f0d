"""Initialisation page: how long the depth view takes to rerun at depth 50, width 512.

    python bench/initialization.py [repeats]

Prints medians (ms) of ``repeats`` (default 5) of:
- core: ``propagate_detail`` as the page calls it (128 inputs, every layer's values kept), forward and
  backward through 50 layers of 512 units; a new seed each time;
- charts: the depth view's two Altair specs built and serialised, as st.altair_chart does;
- page, cache miss: an AppTest rerun of the whole app on this page after changing a parameter of
  the depth view's init to a value not seen before (only the depth computation misses its cache);
- page, cache hit: a rerun with nothing changed.
"""
from __future__ import annotations

import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
DEPTH, WIDTH, N_SAMPLES = 50, 512, 128


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1e3


def core_ms(seed: int) -> float:
    from core import init as I

    t0 = time.perf_counter()
    I.propagate_detail("kaiming_normal", "relu", depth=DEPTH, width=WIDTH, n_samples=N_SAMPLES, seed=seed,
                       keep=range(1, DEPTH + 1), max_values=2000)
    return ms(t0)


def charts_ms(stats, values) -> float:
    import altair as alt

    from core import init as I
    from ui.charts import finish, histograms, profiles

    t0 = time.perf_counter()
    tidy = stats.melt(id_vars=["layer"], value_vars=["std", "grad_std"], var_name="series", value_name="value")
    specs = [
        finish(profiles.layer_profile(tidy, series=["std", "grad_std"], x_title="l", y_title="s",
                                      x_domain=(1, DEPTH), y_domain=(0.1, 10))),
        finish(histograms.layer_histograms(I.layer_histograms(values[values["layer"].isin([1, 12, 25, 38, 50])]),
                                           x_title="v", y_title="d", layer_title="l")),
    ]
    with alt.data_transformers.disable_max_rows():
        for s in specs:
            s.to_json()
    return ms(t0)


def page_ms():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "explainer.py"), default_timeout=300)
    at.query_params["lang"] = "en"
    at.query_params["ini_depth"] = str(DEPTH)
    at.query_params["ini_width"] = str(WIDTH)
    at.run()
    at.switch_page("lessons/initialization.py")
    at.run()
    assert at.slider(key="ini_depth").value == DEPTH and at.select_slider(key="ini_width").value == WIDTH
    miss, hit = [], []
    for i in range(REPEATS):
        at.number_input(key="ini_d_kaiming_normal_a").set_value(0.01 * (i + 1))
        t0 = time.perf_counter()
        at.run()
        miss.append(ms(t0))
        assert not at.exception, [e.value for e in at.exception]
        t0 = time.perf_counter()
        at.run()
        hit.append(ms(t0))
    return miss, hit


def main() -> None:
    import torch

    from core import init as I
    from core.device import configure_threads

    configure_threads()  # the server's thread count (DLVE_THREADS, 1 by default), as the page runs
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; depth {DEPTH}, width {WIDTH}, "
          f"{N_SAMPLES} inputs; medians of {REPEATS}")
    core_ms(0)  # warm-up: first calls pay for lazy imports and allocator growth
    core = [core_ms(s) for s in range(1, REPEATS + 1)]
    stats, values = I.propagate_detail("kaiming_normal", "relu", depth=DEPTH, width=WIDTH, n_samples=N_SAMPLES, seed=0,
                                       keep=range(1, DEPTH + 1), max_values=2000)
    charts = [charts_ms(stats, values) for _ in range(REPEATS)]
    miss, hit = page_ms()
    med = statistics.median
    print(f"core propagate_detail          {med(core):8.0f} ms")
    print(f"depth view charts (to JSON)    {med(charts):8.0f} ms")
    print(f"page rerun, depth cache miss   {med(miss):8.0f} ms")
    print(f"page rerun, cache hit          {med(hit):8.0f} ms")
    print(f"miss / hit                     {med(miss) / med(hit):8.1f} x")


if __name__ == "__main__":
    main()
