"""Spiral page, headless: training speed against the course's own loop, data generation against the
course's per-sample loop, and what one live frame costs at the page's defaults.

    python bench/spiral.py [--repeats 5] [--threads N]

Training: ClassifierTrainer.step on the course's data (3 × 1000 spiral points, Adam lr 1e-3,
wd 1e-5, full batch) against the course's loop for the same model (forward, loss, accuracy via
torch.max, the printed figures' .item(), zero_grad, backward, step), run alternately.
A frame: trainer.step(10), the 60×60 decision grid and the frame's tables, and what
st.vega_lite_chart does to the four precompiled specs before sending them (Arrow for the
datasets, JSON for the spec); beside it, the same charts sent through st.altair_chart, which
validates and converts the whole chart every time.
Figures are medians over --repeats runs; ratios are measured within one run.
"""
from __future__ import annotations

import argparse
import json
import logging
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import torch  # noqa: E402
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec, _marshall_chart_data  # noqa: E402
from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart as VegaLiteChartProto  # noqa: E402

from core.data import generator, make_spiral  # noqa: E402
from core.device import configure_threads  # noqa: E402
from core.models import PRESETS, build_mlp  # noqa: E402
from core.train import ClassifierTrainer  # noqa: E402
from core.train.classifier import points_frame, region_frame, thin  # noqa: E402
from bench.timing import median_time  # noqa: E402
from tests.course import course_spiral  # noqa: E402
from ui.charts import NORMAL, finish  # noqa: E402
from ui.charts.confusion import confusion_matrix  # noqa: E402
from ui.charts.learning import learning_curve  # noqa: E402
from ui.charts.live import feed, freeze, named  # noqa: E402
from ui.charts.regions import decision_regions, image_table, points_table, region_data  # noqa: E402

CLASSES = ["class 0", "class 1", "class 2"]
SPLITS = {"train": "training point", "test": "test point"}


def course_loop(model, X, y, n_steps: int) -> None:
    """The course notes' training loop (its print and clear_output replaced by formatting the line)."""
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    for t in range(n_steps):
        y_pred = model(X)
        loss = criterion(y_pred, y)
        score, predicted = torch.max(y_pred, 1)
        acc = (y == predicted).sum().float() / len(y)
        "[EPOCH]: %i, [LOSS]: %.6f, [ACCURACY]: %.3f" % (t, loss.item(), acc)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def training(X, y, repeats: int, n_steps: int = 200) -> None:
    print(f"training, {n_steps} full-batch Adam steps on {len(y)} points (steps/s, median of {repeats}):")
    for name in ("one_hidden", "two_hidden"):
        p = PRESETS[name]
        ours, theirs = [], []
        for _ in range(repeats):  # alternate, so drifting load hits both alike
            tr = ClassifierTrainer(X, y, hidden=p.hidden, activation=p.activation, seed=0, record_every=10)
            start = time.perf_counter()
            tr.step(n_steps)
            ours.append(n_steps / (time.perf_counter() - start))
            model = build_mlp(2, p.hidden, 3, activation=p.activation, generator=generator(0))
            start = time.perf_counter()
            course_loop(model, X, y, n_steps)
            theirs.append(n_steps / (time.perf_counter() - start))
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"  {name:<11} ClassifierTrainer {a:8,.0f}   course loop {b:8,.0f}   ratio {a / b:.2f}x")
        frames = []
        for n in (1, 10):
            tr = ClassifierTrainer(X, y, hidden=p.hidden, activation=p.activation, seed=0, record_every=10)
            frames.append(n / median_time(lambda: tr.step(n), max(repeats, 20)))
        print(f"  {'':<11} step(1) {frames[0]:,.0f}/s, step(10) {frames[1]:,.0f}/s (per-call overhead: snapshot, "
              "final evaluation, one sync)")


def data_generation(repeats: int) -> None:
    state = torch.get_rng_state()
    try:
        loop = median_time(lambda: course_spiral(1000, 3), repeats)
    finally:
        torch.set_rng_state(state)
    ours = median_time(lambda: make_spiral(1000, 3, 0.2, seed=12345), max(repeats, 20))
    print(f"data, 3 × 1000 spiral points: make_spiral {ours * 1e3:.2f} ms, course loop {loop * 1e3:.0f} ms, "
          f"{loop / ours:,.0f}x faster")


def specs(tr: ClassifierTrainer, pts: pd.DataFrame, live: bool):
    """The page's four charts: over named slots (live) or carrying this frame's tables (altair_chart)."""
    grid = region_data(region_frame(*tr.decision_grid(60)), pts, CLASSES, SPLITS)
    regions = decision_regions(named("image") if live else grid["image"], named("points") if live else grid["points"],
                               class_names=CLASSES, domain=tr.bounds, x_title="x1", y_title="x2",
                               parts=[SPLITS["train"]], legend_title="Class", size=300, style=NORMAL)
    curves = [learning_curve(named("curve") if live else curve_df(tr, v), v, splits=["training"], x_title="step",
                             y_title=v, x_domain=(0, 1000), y_domain=dom, log_y=v == "loss", height=200, style=NORMAL)
              for v, dom in (("loss", (1e-3, 1.65)), ("accuracy", (0, 1)))]
    cm = confusion_matrix(named("cm") if live else cm_df(tr), class_names=CLASSES, row_total=1000, x_title="pred",
                          y_title="true", count_title="n", style=NORMAL)
    return [finish(c, NORMAL) for c in (regions, *curves, cm)]


def curve_df(tr, value):
    rows = thin(tr.history, 300)
    return pd.DataFrame({"step": [r["step"] for r in rows], value: [r[value] for r in rows], "set": "training"})


def cm_df(tr):
    cm = tr.confusion("all")
    return pd.DataFrame([{"true": CLASSES[i], "pred": CLASSES[j], "count": int(cm[i, j])} for i in range(3) for j in range(3)])


def send(spec: dict) -> None:
    """What st.vega_lite_chart does before the proto leaves: datasets to Arrow, spec to JSON."""
    proto = VegaLiteChartProto()
    spec = dict(spec)
    _marshall_chart_data(proto, spec)
    proto.spec = json.dumps(spec)


def frame_cost(X, y, repeats: int) -> None:
    tr = ClassifierTrainer(X, y, hidden=(100,), seed=12345, record_every=10)
    tr.step(100)
    pts = points_frame(tr.X_train, tr.y_train, 300)
    frozen = [freeze(c) for c in specs(tr, pts, live=True)]

    def tables():
        data = region_data(region_frame(*tr.decision_grid(60)), pts, CLASSES, SPLITS)
        return [data, {"curve": curve_df(tr, "loss")}, {"curve": curve_df(tr, "accuracy")}, {"cm": cm_df(tr)}]

    def draw_live():
        for spec, data in zip(frozen, tables()):
            send(feed(spec, **data))

    shown = points_table(pts, CLASSES, SPLITS)

    def draw_fast():  # two frames in three: only the regions (and the step metric) are sent
        send(feed(frozen[0], image=image_table(region_frame(*tr.decision_grid(60)), 3), points=shown))

    def draw_altair():
        for chart in specs(tr, pts, live=False):
            send(_convert_altair_to_vega_lite_spec(chart))

    n = max(repeats, 15)
    t_steps = median_time(lambda: tr.step(10), n)
    t_grid = median_time(lambda: region_frame(*tr.decision_grid(60)), n)
    t_live = median_time(draw_live, n)
    t_fast = median_time(draw_fast, n)
    t_alt = median_time(draw_altair, max(repeats, 5))
    t_draw = (t_live + 2 * t_fast) / 3  # the page redraws everything every third frame
    frame = t_steps + t_draw
    print("one frame at the defaults (2-100-3 ReLU, 3000 points, 10 steps, 60×60 grid, 300 points shown):")
    print(f"  10 steps {t_steps * 1e3:.1f} ms; drawing: regions only {t_fast * 1e3:.1f} ms (the 60×60 grid "
          f"{t_grid * 1e3:.1f} ms of it), all four charts {t_live * 1e3:.1f} ms, {t_draw * 1e3:.1f} ms on average")
    print(f"  a frame of 10 steps: {frame * 1e3:.1f} ms -> at most {1 / frame:.0f} frames/s, training "
          f"{t_steps / frame:.0%} of the frame")
    print(f"  the same four charts through st.altair_chart: {t_alt * 1e3:.1f} ms ({t_alt / t_live:.1f}x the live path)")
    rate = 10 / t_steps
    draw_s = t_draw
    auto = min(max(round(rate * max(1 / 30 - draw_s, 2.4 * draw_s)), 1), 5000)
    t_auto = auto / rate
    print(f"  'auto' steps per frame here: {auto} -> {auto / (t_auto + draw_s):,.0f} steps/s at "
          f"{1 / max(t_auto + draw_s, 1 / 30):.0f} frames/s, {t_auto / (t_auto + draw_s):.0%} of the headless rate")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: what the server uses)")
    args = ap.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.threads:
        torch.set_num_threads(args.threads)
    else:
        configure_threads()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), CPU")
    X, y = make_spiral(1000, 3, 0.2, seed=12345)
    data_generation(args.repeats)
    training(X, y, args.repeats)
    frame_cost(X, y, args.repeats)


if __name__ == "__main__":
    main()
