"""Frames per second a real browser receives while the spiral page plays, and how much of the
headless training speed survives the drawing.

    python bench/spiral_browser.py [--seconds 5] [--lang en] [--threads N]

Starts the app and Chromium (tests.browser.served_browser), opens /spiral in Chromium at 1400x1000, presses Play
and counts, with a MutationObserver, every change of the step metric's text over the window:
changes per second are the frames the browser shows; the step values give the steps per second
it sees. The headless rate is ClassifierTrainer.step on the same data, model and thread count,
measured in this process right after.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from tests.browser import FRAMES_OBSERVE, FRAMES_READ, served_browser, step_number, wait_until_idle


def browser_rate(seconds: float, lang: str, threads: int) -> tuple[float, float, int]:
    env = {"DLVE_PLAY_SECONDS": str(seconds + 20), **({"DLVE_THREADS": str(threads)} if threads else {})}
    with served_browser(env) as (server, browser):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.url}/spiral?lang={lang}")
        wait_until_idle(page)
        page.get_by_role("button", name="Play" if lang == "en" else "播放").click()
        page.wait_for_timeout(2000)  # warm up: the first frames build the charts and settle "auto"
        page.evaluate(FRAMES_OBSERVE)
        page.wait_for_timeout(seconds * 1000)
        frames = page.evaluate(FRAMES_READ)
        page.get_by_role("button", name="Pause" if lang == "en" else "暂停").click()
    (t0, s0), (t1, s1) = frames[0], frames[-1]
    span = (t1 - t0) / 1000
    steps = step_number(s1) - step_number(s0)
    return (len(frames) - 1) / span, steps / span, len(frames)


def headless_rate(threads: int, repeats: int = 7, n: int = 100) -> float:
    from core.data import make_spiral
    from core.device import configure_threads
    from core.train import ClassifierTrainer

    if threads:
        os.environ["DLVE_THREADS"] = str(threads)
    configure_threads()  # what the server does once
    tr = ClassifierTrainer(*make_spiral(1000, 3, 0.2, seed=12345), hidden=(100,), seed=12345, record_every=10)
    tr.step(n)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        tr.step(n)
        times.append(time.perf_counter() - start)
    return n / statistics.median(times)


def torch_threads() -> int:
    import torch

    return torch.get_num_threads()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--threads", type=int, default=0, help="DLVE_THREADS for the server and this process")
    args = ap.parse_args()
    fps, steps_per_s, frames = browser_rate(args.seconds, args.lang, args.threads)
    headless = headless_rate(args.threads)
    print(f"browser: {fps:.1f} frames/s ({frames} frames in {args.seconds:.0f} s), {steps_per_s:,.0f} steps/s")
    print(f"headless ClassifierTrainer.step(100): {headless:,.0f} steps/s ({torch_threads()} thread(s))")
    print(f"kept: {steps_per_s / headless:.0%} of the headless step rate")


if __name__ == "__main__":
    main()
