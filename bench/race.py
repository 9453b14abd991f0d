"""Optimizer race page, headless: what one live frame costs the server, against the spiral page's frame in the
same run, and what the momentum bowl's study costs once per setting.

    python bench/race.py [--repeats 15] [--threads N]

A race frame at the page's defaults: four ClassifierTrainers (2-32-3 ReLU, 600 spiral points, full batch) take
10 steps each, four 30×30 decision grids become region images, and what st.vega_lite_chart does to the frozen
specs before sending (Arrow for the datasets, JSON for the spec); every third frame also the loss chart's four
curves. A spiral frame at its defaults: one trainer (2-100-3 ReLU, 3000 points) takes 10 steps, one 60×60 grid,
every third frame its curves and confusion matrix (bench/spiral.py's frame, rebuilt here so both run
alternately). Figures are medians of --repeats frames, taken alternately so drifting load hits both alike.
"""
from __future__ import annotations

import argparse
import logging
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import torch  # noqa: E402

from bench.spiral import CLASSES, SPLITS, cm_df, curve_df, send, specs  # noqa: E402
from core import momentum as M  # noqa: E402
from core.data import make_linear, make_spiral  # noqa: E402
from core.device import configure_threads  # noqa: E402
from core.race import DEFAULT_LRS, RACERS, Race  # noqa: E402
from core.train import ClassifierTrainer  # noqa: E402
from core.train.classifier import points_frame, region_frame, thin  # noqa: E402
from ui.charts import NORMAL, finish  # noqa: E402
from ui.charts.live import feed, freeze, named  # noqa: E402
from ui.charts.race import series_lines  # noqa: E402
from ui.charts.regions import decision_regions, image_table, points_table  # noqa: E402

RACE_RES, SPIRAL_RES, SLOW_EVERY = 30, 60, 3


def race_frame_fns():
    X, y = make_spiral(200, 3, 0.2, seed=0)
    race = Race(X, y, lrs=DEFAULT_LRS, hidden=(32,), seed=0, record_every=10)
    race.step(50)
    shown = points_table(points_frame(X, y, 150), CLASSES, {"train": SPLITS["train"]})
    region = freeze(finish(decision_regions(named("image"), named("points"), class_names=CLASSES,
                                            domain=race.trainers["sgd"].bounds, x_title=None, y_title=None,
                                            parts=[SPLITS["train"]], size=170, legend=False, style=NORMAL), NORMAL))
    curve = freeze(finish(series_lines(named("curve"), x="step", y="loss", series=list(RACERS), x_title="step",
                                       y_title="loss", x_domain=(0, 1000), y_domain=(1e-3, 3.3), height=280,
                                       style=NORMAL), NORMAL))

    def curves():
        parts = [pd.DataFrame({"step": [r["step"] for r in thin(tr.history, 200)],
                               "loss": [r["loss"] for r in thin(tr.history, 200)], "series": k})
                 for k, tr in race.trainers.items()]
        return pd.concat(parts, ignore_index=True)

    def fast():
        race.step(10)
        for tr in race.trainers.values():
            send(feed(region, image=image_table(region_frame(*tr.decision_grid(RACE_RES)), 3), points=shown))

    def slow():
        fast()
        send(feed(curve, curve=curves()))

    return fast, slow, race


def spiral_frame_fns():
    X, y = make_spiral(1000, 3, 0.2, seed=12345)
    tr = ClassifierTrainer(X, y, hidden=(100,), seed=12345, record_every=10)
    tr.step(50)
    pts = points_frame(tr.X_train, tr.y_train, 300)
    frozen = [freeze(c) for c in specs(tr, pts, live=True)]
    shown = points_table(pts, CLASSES, SPLITS)

    def fast():
        tr.step(10)
        send(feed(frozen[0], image=image_table(region_frame(*tr.decision_grid(SPIRAL_RES)), 3), points=shown))

    def slow():
        fast()
        send(feed(frozen[1], curve=curve_df(tr, "loss")))
        send(feed(frozen[2], curve=curve_df(tr, "accuracy")))
        send(feed(frozen[3], cm=cm_df(tr)))

    return fast, slow


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def frames(repeats: int) -> None:
    r_fast, r_slow, race = race_frame_fns()
    s_fast, s_slow = spiral_frame_fns()
    times = {k: [] for k in ("race_fast", "race_slow", "spiral_fast", "spiral_slow", "race_steps", "spiral_steps")}
    X, y = make_spiral(1000, 3, 0.2, seed=12345)
    one = ClassifierTrainer(X, y, hidden=(100,), seed=12345, record_every=10)
    for _ in range(repeats):  # alternate, so drifting load hits both alike
        times["race_fast"].append(timed(r_fast))
        times["spiral_fast"].append(timed(s_fast))
        times["race_slow"].append(timed(r_slow))
        times["spiral_slow"].append(timed(s_slow))
        times["race_steps"].append(timed(lambda: race.step(10)))
        times["spiral_steps"].append(timed(lambda: one.step(10)))
    med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    race_avg = (2 * med["race_fast"] + med["race_slow"]) / SLOW_EVERY
    spiral_avg = (2 * med["spiral_fast"] + med["spiral_slow"]) / SLOW_EVERY
    print(f"one live frame at each page's defaults (ms, median of {repeats}, alternated):")
    print(f"  race   (4 × 2-32-3 on 600 points, 4 × 10 steps, 4 maps {RACE_RES}²): steps {med['race_steps']:.1f}, "
          f"fast frame {med['race_fast']:.1f}, slow frame {med['race_slow']:.1f}, average {race_avg:.1f}")
    print(f"  spiral (2-100-3 on 3000 points, 10 steps, one map {SPIRAL_RES}²):     steps {med['spiral_steps']:.1f}, "
          f"fast frame {med['spiral_fast']:.1f}, slow frame {med['spiral_slow']:.1f}, average {spiral_avg:.1f}")
    print(f"  race / spiral per frame: {race_avg / spiral_avg:.2f}x; at most {1000 / race_avg:.0f} race frames/s "
          f"from one server thread (the player asks for 30)")


def bowl(repeats: int) -> None:
    x, y = make_linear(100, 3.0, 0.8, 0.0, seed=0)
    for steps in (300, 2000):
        t = statistics.median(timed(lambda: M.duel(x, y, steps=steps, w0=1.0, b0=0.0)) for _ in range(max(3, repeats // 5)))
        print(f"momentum bowl study, {steps} steps × 2 runs (cached per setting): {t * 1e3:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: what the server uses)")
    args = ap.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.threads:
        torch.set_num_threads(args.threads)
    else:
        configure_threads()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), CPU")
    frames(args.repeats)
    bowl(args.repeats)


if __name__ == "__main__":
    main()
