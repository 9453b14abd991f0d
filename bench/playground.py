"""Playground page, headless: what the network diagram adds to one live frame, server side.

    python bench/playground.py [--repeats 30] [--threads 1]

For a 2-8-8-2 and a 2-100-100-2 tanh network on the default circles (300 points, 70% for training, batch 10),
times, as the page's Board draws them: ten training steps (the default steps per frame, for scale) and the
regions every frame; every third frame the diagram (every unit's 16x16 map in one forward pass, the links, the
PNGs, the tables, and what st.vega_lite_chart does to its spec before sending: Arrow for the datasets, JSON for
the spec), the chosen neuron's large map and the loss curve. The spec itself is built
once per script run (``Board.__init__``), timed apart. Figures are medians over --repeats runs, in ms.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
from streamlit.elements.vega_charts import _marshall_chart_data  # noqa: E402
from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart as VegaLiteChartProto  # noqa: E402

from bench.timing import median_time  # noqa: E402
from core.data import make_circles  # noqa: E402
from core.train import ClassifierTrainer  # noqa: E402
from ui.charts import NORMAL  # noqa: E402
from ui.charts.live import feed  # noqa: E402
from ui import playground_view as V  # noqa: E402


def send(spec: dict) -> int:
    """What st.vega_lite_chart does before the proto leaves: datasets to Arrow, spec to JSON. Returns bytes."""
    proto = VegaLiteChartProto()
    spec = dict(spec)
    _marshall_chart_data(proto, spec)
    proto.spec = json.dumps(spec)
    return proto.ByteSize()


def board_for(hidden: tuple[int, ...]):
    X, y = make_circles(150, 2, 0.1, seed=1)
    tr = ClassifierTrainer(X, y, hidden=hidden, activation="tanh", lr=0.03, batch_size=10, test_fraction=0.3,
                           seed=1, weight_decay=0.0, device="cpu", record_every=V.RECORD_EVERY)
    tr.step(50)
    board = V.Board(tr, None, task="classify", n_classes=2, discrete=False, show_test=True, chosen="h1.0",
                    lang="en", style=NORMAL, plane_size=270, on_pick=None, on_spot=None, click_key="x")
    return tr, board


def measure(hidden: tuple[int, ...], repeats: int) -> dict:
    tr, board = board_for(hidden)
    spec_build = median_time(lambda: board_for(hidden), max(3, repeats // 10))

    def diagram():
        return send(feed(board.diagram_spec, **board.diagram_data()))

    def plane():
        image, _ = board.plane_frame()
        return send(feed(board.plane_spec, image=image, points=board.plane_points()))

    def slow_extras():
        big = V.chosen_map(tr.model, board.features, tr.bounds, board.chosen)
        m = max(float(big.abs().max()), 1e-9)
        send(feed(board.unit_spec, image=V.square_image(big.numpy(), tr.bounds, m),
                  scale=V.pd.DataFrame({"x": [0.0, 0.0], "y": [0.0, 0.0], "value": [-m, m]})))
        send(feed(board.curve_spec(V.horizon(tr.steps)), curve=V.curve_frame(tr.history, "loss", board.series, True)))

    return {
        "net": "-".join(str(w) for w in (2, *hidden, 2)),
        "drawn": sum(len(c) for c in board.layout.columns),
        "links": len(board.diagram_data()["links"]),
        "step10": median_time(lambda: tr.step(10), repeats) * 1e3,
        "diagram": median_time(diagram, repeats) * 1e3,
        "diagram_kb": diagram() / 1e3,
        "plane": median_time(plane, repeats) * 1e3,
        "slow": median_time(slow_extras, repeats) * 1e3,
        "board_init": spec_build * 1e3,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} thread(s), medians of {args.repeats}")
    print(f"{'network':>14} {'drawn':>6} {'links':>6} {'10 steps':>9} {'diagram':>8} {'(kB)':>6} {'regions':>8} "
          f"{'slow 1/3':>9} {'per frame':>10} {'diagram share':>14} {'run start':>10}")
    for hidden in ((8, 8), (100, 100)):
        r = measure(hidden, args.repeats)
        frame = r["step10"] + r["plane"] + (r["diagram"] + r["slow"]) / V.SLOW_EVERY
        print(f"{r['net']:>14} {r['drawn']:>6} {r['links']:>6} {r['step10']:>8.1f}  {r['diagram']:>7.1f}  "
              f"{r['diagram_kb']:>5.1f} {r['plane']:>8.1f} {r['slow']:>9.1f} {frame:>10.1f} "
              f"{r['diagram'] / V.SLOW_EVERY / frame:>13.0%} {r['board_init']:>10.1f}")
    print("ms; 'per frame' = 10 steps + regions + a third of the slow frame's diagram and extras (unit map, loss "
          "curve), as the page draws them (Board.draw); 'diagram share' = its third of a frame")


if __name__ == "__main__":
    main()
