"""Regression page, headless: optimizer steps per second, and the time one live frame costs.

    python bench/regression.py [--repeats 5]

A frame at the page's defaults is ``trainer.step(5)``, the frame's DataFrames, and what
``st.vega_lite_chart`` does to each of the three precompiled specs before sending it
(Arrow for the datasets, JSON for the spec).
Figures are medians over ``--repeats`` runs; ratios are measured within one run.
"""
from __future__ import annotations

import argparse
import json
import logging
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import torch  # noqa: E402
from streamlit.elements.vega_charts import _marshall_chart_data, _stabilize_vega_json_spec  # noqa: E402
from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart as VegaLiteChartProto  # noqa: E402

from core import linear  # noqa: E402
from core.data import make_linear  # noqa: E402
from core.device import configure_threads, pick_device  # noqa: E402
from core.train import RegressionTrainer  # noqa: E402
from core.train.regression import thin  # noqa: E402
from bench.timing import median_time  # noqa: E402
from ui.charts import NORMAL, finish  # noqa: E402
from ui.charts.fits import points_and_lines  # noqa: E402
from ui.charts.live import feed, freeze, named  # noqa: E402
from ui.charts.surfaces import loss_surface  # noqa: E402
from ui.charts.traces import trace  # noqa: E402


def steps_per_second(x, y, device, repeats: int) -> dict[str, float]:
    out = {}
    n = 2000
    for label, kw in [("manual", {}), ("module sgd", {"mode": "module"}),
                      ("module momentum", {"mode": "module", "optimizer": "momentum"}),
                      ("module adam", {"mode": "module", "optimizer": "adam"})]:
        def run():
            RegressionTrainer(x, y, lr=0.01, device=device, **kw).step(n)
        out[label] = n / median_time(run, repeats)
    return out


def compiled(a, doms, cell, style=NORMAL):
    """The page's three live charts, compiled once (as lessons/regression.py does per layout)."""
    w_dom, b_dom, x_dom, y_dom = doms
    names = ["true", "now", "opt", "start", "here"]
    fit = points_and_lines(named("points"), named("lines"), x_domain=x_dom, y_domain=y_dom, x_title="x", y_title="y",
                           line_order=names[:2], style=style)
    surface = loss_surface(named("grid"), named("path"), named("marks"), x="w", y="b", value="log10_loss",
                           x_domain=w_dom, y_domain=b_dom, value_domain=(-3, 1), x_title="w", y_title="b",
                           value_title="log10 loss", mark_order=names[2:], cell=cell, style=style)
    curve = trace(named("loss"), "step", "loss", x_title="step", y_title="loss", x_domain=(0, 500),
                  y_domain=(1e-6, 1e4), height=220, style=style)
    return [freeze(finish(c, style)) for c in (fit, surface, curve)]


def frame_data(pts, grid, trainer, a, x_dom):
    """One frame's datasets, built as the page's draw() builds them."""
    h = trainer.history
    ends = list(x_dom)
    line_df = pd.DataFrame({"x": ends * 2, "y": [3 * v + 0.8 for v in ends] + [trainer.w * v + trainer.b for v in ends],
                            "line": ["true"] * 2 + ["now"] * 2})
    marks = pd.DataFrame({"w": [a.w, h[0]["w"], trainer.w], "b": [a.b, h[0]["b"], trainer.b],
                          "label": ["opt", "start", "here"]})
    return ({"points": pts, "lines": line_df},
            {"grid": grid, "path": pd.DataFrame(thin(h, 200)), "marks": marks},
            {"loss": pd.DataFrame(thin(h, 300))[["step", "loss"]]})


def send(spec: dict) -> int:
    """What st.vega_lite_chart does with a frame before it goes on the wire; returns the bytes sent."""
    proto = VegaLiteChartProto()
    spec = dict(spec)
    _marshall_chart_data(proto, spec)
    proto.spec = _stabilize_vega_json_spec(json.dumps(spec))
    return proto.ByteSize()


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no script run context" chatter outside a server
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    threads = configure_threads()
    device = pick_device()
    x, y = make_linear(100, seed=0)
    print(f"device {device}, torch {torch.__version__}, {threads} thread(s), median of {args.repeats} runs")

    for label, rate in steps_per_second(x, y, device, args.repeats).items():
        print(f"  steps/s  {label:<16} {rate:10,.0f}")
    t = RegressionTrainer(x, y, lr=0.01, device=device)
    single = median_time(lambda: [t.step(1) for _ in range(200)], args.repeats) / 200
    t = RegressionTrainer(x, y, lr=0.01, device=device)
    batched = median_time(lambda: t.step(200), args.repeats) / 200
    print(f"  step(1) x200 vs step(200): {single * 1e6:.0f} vs {batched * 1e6:.0f} µs/step "
          f"(batching saves {single / batched:.2f}x)")

    a = linear.analyse(x, y)
    w_dom, b_dom = linear.window(x, y, [(1.0, 0.0)])
    grid = linear.loss_grid(x, y, w_dom, b_dom, resolution=36)
    cell = (float(grid["dw"].iloc[0]), float(grid["db"].iloc[0]))
    grid = grid[["w", "b", "log10_loss"]].astype("float32")
    x_dom = (float(x.min()), float(x.max()))
    pts = pd.DataFrame({"x": x.reshape(-1).numpy(), "y": y.reshape(-1).numpy()})
    trainer = RegressionTrainer(x, y, lr=0.01, device=device).step(250)

    compile_t = median_time(lambda: compiled(a, (w_dom, b_dom, x_dom, (-0.3, 4.2)), cell), args.repeats)
    specs = compiled(a, (w_dom, b_dom, x_dom, (-0.3, 4.2)), cell)
    reps = args.repeats * 10
    step_t = median_time(lambda: trainer.step(5), reps)
    data_t = median_time(lambda: frame_data(pts, grid, trainer, a, x_dom), reps)
    datas = frame_data(pts, grid, trainer, a, x_dom)
    send_t = [median_time(lambda s=s_, d=d_: send(feed(s, **d)), reps) for s_, d_ in zip(specs, datas)]
    sizes = [send(feed(s_, **d_)) for s_, d_ in zip(specs, datas)]
    total = step_t + data_t + sum(send_t)
    print(f"  compiling the three charts (once per layout, cached): {compile_t * 1e3:.0f} ms")
    print(f"  frame at defaults (5 steps): steps {step_t * 1e3:.2f} ms, frame data {data_t * 1e3:.1f} ms, "
          f"marshal fit/surface/loss {' / '.join(f'{t_ * 1e3:.1f}' for t_ in send_t)} ms "
          f"({' / '.join(f'{b_ / 1e3:.0f}' for b_ in sizes)} kB)")
    print(f"  frame total {total * 1e3:.1f} ms: the server could send {1 / total:.0f} frames/s "
          f"(the player caps it at 30)")

if __name__ == "__main__":
    main()
