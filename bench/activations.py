"""Activations page: how long a rerun takes after a control change.

    python bench/activations.py [repeats]

Medians over ``repeats`` (default 20) AppTest reruns of the whole app on this page, one control
changed before each, as wall time and as this process's CPU time (the CPU figure is steadier
on a shared machine). Every rerun uses a value not seen before, so the figures for the changed
control are cache misses; figures the change leaves alone come from the page's caches, as
they would for a visitor. AppTest compiles the page script afresh on every run, which a
server does once; that cost is measured and printed too.
"""
from __future__ import annotations

import logging
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
THREE = ["sigmoid", "tanh", "relu"]
EIGHT = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "silu", "softplus"]


def open_page(names):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "explainer.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("lessons/activations.py")
    at.run()
    at.multiselect(key="act_pick").set_value(names).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at, change, values) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for v in values:
        change(at, v)
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
        assert not at.exception, [e.value for e in at.exception]
    return wall, cpu


def compile_ms() -> float:
    """What AppTest spends per run compiling the page (Streamlit's magic rewrite included)."""
    from streamlit.runtime.scriptrunner.magic import add_magic

    source = (ROOT / "lessons" / "activations.py").read_text()
    times = []
    for _ in range(REPEATS):
        t0 = time.process_time()
        compile(add_magic(source, "activations.py"), "activations.py", "exec")
        times.append((time.process_time() - t0) * 1e3)
    return statistics.median(times)


def main() -> None:
    import torch

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print(f"activations page: median of {REPEATS} AppTest reruns, ms (torch threads {torch.get_num_threads()})")
    controls = {
        "probe x0": ("act_x0", "slider", lambda i: round(-3 + 0.1 * i, 1)),
        "x-range": ("act_range", "slider", lambda i: (-20.0 + 0.5 * i, 6.0)),
        "threshold": ("act_threshold", "select_slider", lambda i: (0.001, 0.003, 0.03, 0.1, 0.3)[i % 5]),
        "depth": ("act_depth", "slider", lambda i: 1 + (i + 10) % 30),
        "temperature": ("act_temp", "slider", lambda i: round(0.5 + 0.05 * i, 2)),
        "logit z1": ("act_z0", "number_input", lambda i: -5.0 + 0.5 * i),
    }
    rows = []
    for names in (THREE, EIGHT):
        at = open_page(names)
        for label, (key, kind, value) in controls.items():
            wall, cpu = rerun(at, lambda a, v, k=key, kd=kind: getattr(a, kd)(key=k).set_value(v),
                              [value(i) for i in range(REPEATS)])
            rows.append((f"{len(names)} activations, {label} moved", statistics.median(wall), statistics.median(cpu)))
            print(f"  {rows[-1][0]:<36} wall {rows[-1][1]:7.1f}   cpu {rows[-1][2]:7.1f}", flush=True)
    print(f"  AppTest's per-run compile of the page (cpu): {compile_ms():.1f} ms; a server compiles it once")
    by = {r[0]: r for r in rows}
    print(f"  ratio, cpu: 8 / 3 activations, x-range moved: "
          f"{by['8 activations, x-range moved'][2] / by['3 activations, x-range moved'][2]:.2f}")


if __name__ == "__main__":
    main()
