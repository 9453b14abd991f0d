"""How fast the lessons open and answer a slider in a real browser, against what Streamlit itself costs.

    python bench/latency.py [--runs 3] [--steps 3] [--play-seconds 5] [--plays 3] [--no-pin]

Starts ``streamlit run app.py`` and, in the same run, a floor page of its own (written to a temp dir and
served by its own ``streamlit run``, idle while the lessons are measured: one slider and one Altair line
chart of 200 points), and drives them
from headless Chromium (tests.browser's Chromium and arguments), each server and the browser pinned to one
core (``taskset``/``sched_setaffinity``) where the machine has two or more.

Printed, medians of --runs opens (a fresh browser context each: a first visit, warm server) and of
--steps slider steps per open, measured in rounds (every page once, the floor among them, then again):
- open: from navigation start until the page has *settled*;
- step: from the key press on one slider (tensors: a click on a number input's +) until settled again;
- both divided by the floor page's figures;
- a cold server's first chart: server start, then the time from opening /activations until the first
  chart paints (measured before anything warms the server);
- the spiral playing: painted frames/s and steps/s the browser sees (tests.browser.FRAMES_OBSERVE), medians of
  --plays plays (a fresh context each), and the share of the headless ClassifierTrainer step rate
  (bench/spiral_browser.headless_rate) it keeps. The headless rate is measured before each play on the server's
  core, while nothing plays, and its median taken: one measurement beside a browser closing swung by half.

Settled: the app's script state is ``notRunning`` (after a run that began after the press, for a step),
the main block has an element, no element is still a loading skeleton (Streamlit draws one while an
element's code chunk loads), every visible chart has its canvas or svg, and nothing has changed for
QUIET_MS: no DOM mutation anywhere (MutationObserver) and no 2D-canvas drawing call (Vega paints a canvas
without touching the DOM). The time reported is that of the last change, not the end of the quiet wait.
Measurements only: nothing here is asserted.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import browser as B

QUIET_MS = 300
LESSONS = ("neuron", "backprop", "tensors", "activations", "initialization", "regression", "spiral", "playground",
           "optimizers")
# what one step is on each page: ("key", slider's widget key) presses ArrowRight/ArrowLeft on it,
# ("click", selector) clicks it
STEP = {
    "neuron": ("key", "n_b"), "backprop": ("key", "bp_b"),
    "tensors": ("click", "[data-testid=stMain] [data-testid=stNumberInputStepUp]"),
    "activations": ("key", "act_x0"), "initialization": ("key", "ini_depth"),
    "regression": ("key", "reg_w"), "spiral": ("key", "sp_noise"), "playground": ("key", "pg_noise"),
    "optimizers": ("key", "op_noise"), "floor": ("key", "f"),
}

FLOOR_PAGE = textwrap.dedent('''
    import altair as alt
    import numpy as np
    import pandas as pd
    import streamlit as st

    f = st.slider("frequency", 1.0, 10.0, 2.0, 0.1, key="f")
    x = np.linspace(0.0, 1.0, 200)
    st.altair_chart(alt.Chart(pd.DataFrame({"x": x, "y": np.sin(2 * np.pi * f * x)})).mark_line()
                    .encode(x="x", y="y"), use_container_width=True)
''')

# Installed before any page script: the time of the last change (DOM mutation or 2D-canvas call), the first
# canvas call, every script run as [start, end] and the last press, all in performance.now() ms.
ACTIVITY_JS = """
(() => {
  window.__act = performance.now(); window.__firstPaint = null; window.__runs = []; window.__press = null;
  const mark = () => { window.__act = performance.now(); };
  const P = CanvasRenderingContext2D.prototype;
  for (const m of ['clearRect', 'fillRect', 'drawImage', 'fill', 'stroke', 'fillText', 'putImageData']) {
    const f = P[m];
    P[m] = function (...a) { const t = performance.now(); window.__act = t; window.__firstPaint ??= t; return f.apply(this, a); };
  }
  let app = null;
  new MutationObserver(() => {
    mark();
    app ??= document.querySelector('[data-testid=stApp]');
    if (!app) return;
    const running = app.getAttribute('data-test-script-state') === 'running';
    const open = window.__runs.length && window.__runs[window.__runs.length - 1][1] === null;
    if (running && !open) window.__runs.push([performance.now(), null]);
    else if (!running && open) window.__runs[window.__runs.length - 1][1] = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  for (const ev of ['keydown', 'mousedown']) addEventListener(ev, () => { window.__press = performance.now(); }, true);
})();
"""

# since: null for an open, else the press time (a run must have begun after it and ended)
SETTLED_JS = """
([since, quiet]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('[data-testid=stMain] [data-testid=stElementContainer]')) return false;
  if (document.querySelector('[data-testid=stSkeleton]')) return false;  // a lazy element still loading
  if (since !== null && !window.__runs.some(([s, e]) => s >= since && e !== null)) return false;
  const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].filter(c => c.offsetParent);
  if (charts.some(c => !c.querySelector('canvas, svg'))) return false;
  return performance.now() - window.__act >= quiet;
}
"""


def pin(pid: int, core: int) -> None:
    """Every thread of ``pid`` (and its children) on ``core``; silently nothing where that fails."""
    for p in B.descendants(pid):
        subprocess.run(["taskset", "-a", "-p", "-c", str(core), str(p)], capture_output=True, check=False)


class ScriptServer(B.Server):
    """tests.browser.Server for any script (the floor page), pinned to ``core`` as it starts."""

    def __init__(self, script: pathlib.Path | None = None, env: dict | None = None, core: int | None = None):
        self.script, self.core = script or B.ROOT / "app.py", core
        super().__init__(env=env)

    def _spawn(self) -> None:
        self.port = B.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.address", "127.0.0.1",
               "--server.port", str(self.port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
        self.log = open(B.ARTIFACTS / f"latency-server-{self.port}.log", "w")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(cmd, cwd=self.script.parent, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(self.env or {})})
        if self.core is not None:
            try:
                os.sched_setaffinity(self.proc.pid, {self.core})  # threads it starts inherit it
            except OSError:
                pass

    def wait_healthy(self, timeout: float = 180) -> float:
        took = super().wait_healthy(timeout)
        if self.core is not None:
            pin(self.proc.pid, self.core)
        return took


def settle(page, since, timeout_ms: int = 60_000) -> float:
    """Wait until settled; the ms from ``since`` (navigation start when None) to the last change."""
    page.wait_for_function(SETTLED_JS, arg=[since, QUIET_MS], timeout=timeout_ms, polling=50)
    return page.evaluate("() => window.__act") - (since or 0.0)


def new_page(browser):
    ctx = browser.new_context(viewport=B.VIEWPORT, locale="en-US")
    ctx.add_init_script(ACTIVITY_JS)
    return ctx, ctx.new_page()


def step_once(page, slug: str, direction: int) -> float:
    kind, target = STEP[slug]
    if kind == "key":
        box = page.locator(f".st-key-{target} input[type=range]")
        box.focus()
        page.wait_for_timeout(50)
        box.press("ArrowRight" if direction > 0 else "ArrowLeft")
    else:
        page.locator(target).first.click()
    since = page.evaluate("() => window.__press")
    return settle(page, since)


def measure(browser, url: str, slug: str, runs: int, steps: int) -> tuple[list[float], list[float]]:
    opens, moves = [], []
    for _ in range(runs):
        ctx, page = new_page(browser)
        try:
            page.goto(url, wait_until="commit")
            opens.append(settle(page, None))
            for i in range(steps):
                moves.append(step_once(page, slug, 1 if i % 2 == 0 else -1))
            errors = B.error_boxes(page)
            if errors:
                print(f"  ! {slug}: {errors[0][:200]}")
        finally:
            ctx.close()
    return opens, moves


def cold_first_chart(browser, server, slug: str = "activations") -> float:
    ctx, page = new_page(browser)
    try:
        page.goto(f"{server.url}/{slug}?lang=en", wait_until="commit")
        page.wait_for_function("() => window.__firstPaint !== null", timeout=120_000, polling=20)
        return page.evaluate("() => window.__firstPaint")
    finally:
        ctx.close()


def spiral_play(browser, server, seconds: float) -> tuple[float, float, int]:
    """(painted frames/s, steps/s the browser sees, frames) while the spiral plays at its defaults."""
    ctx, page = new_page(browser)
    try:
        page.goto(f"{server.url}/spiral?lang=en", wait_until="commit")
        settle(page, None)
        page.locator(B.toggle_selector("spiral")).click()
        page.wait_for_timeout(2000)  # the first frames build the charts and settle "auto"
        page.evaluate(B.FRAMES_OBSERVE)
        page.wait_for_timeout(seconds * 1000)
        frames = page.evaluate(B.FRAMES_READ)
        page.locator(B.toggle_selector("spiral")).click()
    finally:
        ctx.close()
    (t0, s0), (t1, s1) = frames[0], frames[-1]
    span = (t1 - t0) / 1000
    return (len(frames) - 1) / span, (B.step_number(s1) - B.step_number(s0)) / span, len(frames)


def spiral_plays(browser, server, seconds: float, plays: int, core: int | None) -> list[tuple[float, float, float]]:
    """(painted frames/s, steps/s, headless steps/s just before) for each of ``plays`` plays."""
    from bench.spiral_browser import headless_rate

    out = []
    for _ in range(plays):
        mine = os.sched_getaffinity(0)
        if core is not None:
            os.sched_setaffinity(0, {core})  # this thread only: where the server trains
        try:
            headless = headless_rate(0, repeats=15)
        finally:
            os.sched_setaffinity(0, mine)
        fps, steps, _ = spiral_play(browser, server, seconds)
        out.append((fps, steps, headless))
    return out


def med(xs) -> float:
    return statistics.median(xs) if xs else float("nan")


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3, help="opens per page (a fresh context each)")
    ap.add_argument("--steps", type=int, default=3, help="slider steps per open")
    ap.add_argument("--play-seconds", type=float, default=5.0)
    ap.add_argument("--plays", type=int, default=3, help="spiral plays (a fresh context each); medians")
    ap.add_argument("--no-pin", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated lessons (default: all)")
    args = ap.parse_args()
    lessons = [s for s in args.only.split(",") if s] or list(LESSONS)
    two = (os.cpu_count() or 1) >= 2 and not args.no_pin
    server_core, browser_core = (0, 1) if two else (None, None)
    if browser_core is not None:
        os.sched_setaffinity(0, {browser_core})  # this process, Playwright's driver and Chromium
    started = time.monotonic()
    print(f"Chromium headless {B.VIEWPORT['width']}x{B.VIEWPORT['height']}; "
          + (f"server on core {server_core}, browser on core {browser_core}" if two else "not pinned")
          + f"; median of {args.runs} opens and {args.runs * args.steps} steps; settled = notRunning + "
          f"{QUIET_MS} ms without DOM or canvas change; load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        floor_script = pathlib.Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR_PAGE)
        browser = B.launch(p)
        try:
            env = {"DLVE_PLAY_SECONDS": str(args.play_seconds + 30)}
            server = ScriptServer(env=env, core=server_core)
            floor = None
            try:
                healthy = server.wait_healthy()
                cold = cold_first_chart(browser, server)
                print(f"cold server: healthy {healthy:.1f} s after start; first chart painted {cold / 1000:.2f} s "
                      f"after opening /activations")
                floor = ScriptServer(floor_script, core=server_core)  # after the cold figure: none of its CPU in it
                floor.wait_healthy()
                pages = {slug: f"{server.url}/{slug}?lang=en" for slug in lessons} | {"floor": floor.url}
                for slug, url in pages.items():  # warm: imports, caches, the browser's first compile of each chunk
                    measure(browser, url, slug, 1, 1)
                results = {slug: ([], []) for slug in pages}
                for _ in range(args.runs):  # in rounds, the floor among them, so drifting load hits all alike
                    for slug, url in pages.items():
                        o, s = measure(browser, url, slug, 1, args.steps)
                        results[slug][0].extend(o)
                        results[slug][1].extend(s)
                plays = spiral_plays(browser, server, args.play_seconds, args.plays, server_core) \
                    if "spiral" in lessons else None
            finally:
                server.stop()
                if floor:
                    floor.stop()
        finally:
            browser.close()
    f_open, f_step = (med(x) for x in results["floor"])
    print(f"\n{'page':<15}{'open s':>8}{'× floor':>9}{'step s':>9}{'× floor':>9}   (open runs; step runs, s)")
    for slug in (*lessons, "floor"):
        o, s = results[slug]
        print(f"{slug:<15}{med(o) / 1e3:8.2f}{med(o) / f_open:9.2f}{med(s) / 1e3:9.2f}{med(s) / f_step:9.2f}   "
              f"({' '.join(f'{x / 1e3:.2f}' for x in o)}; {' '.join(f'{x / 1e3:.2f}' for x in s)})")
    if plays:
        fps, steps, headless = (med([play[i] for play in plays]) for i in range(3))
        print(f"\nspiral playing (median of {len(plays)} plays of {args.play_seconds:.0f} s): {fps:.1f} frames/s "
              f"painted, {steps:,.0f} steps/s; headless ClassifierTrainer.step(100) {headless:,.0f} steps/s "
              f"-> kept {steps / headless:.0%}   (plays: "
              + "; ".join(f"{f:.1f} fps {s:,.0f} steps/s headless {h:,.0f}" for f, s, h in plays) + ")")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end; bench took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
