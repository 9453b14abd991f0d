"""What one live frame costs the browser as the page around it grows, and whether a fragment helps (#15).

    python bench/live_elements.py [--seconds 4] [--pages "n=0,n=60,n=200,w=15,w=15&n=60,n=200&f=1"]

Serves a page of its own: ``w`` sliders, a Play button whose loop redraws one ``st.metric`` 30 times a second
for 8 s (the live pages' pattern: a placeholder redrawn in a loop), then ``n`` static Markdown paragraphs;
``f=1`` puts the button and its loop in an ``@st.fragment``. For each query it opens a fresh context, presses
Play, and over ``--seconds`` counts the frames painted (the metric's text changing) and the renderer main
thread's busy time (CDP's sampling profiler, 1 ms: all samples but "(idle)"). Server and browser are pinned
to a core each where there are two.

Measured on the 2-core machine (2 December 2026), busy ms a frame, 119–120 frames painted in 4 s each:
n=0 7.5, n=60 10.0, n=200 19.8, w=15 10.9, w=15&n=60 16.4; in a fragment n=0 10.3, n=200 22.1 (against 8.4
and 20.6 in the same run without). Every element on a page costs the browser work on every frame, even one
that never changes, and a fragment does not spare it: a live page's frame rate in the browser falls with the
length of the page around its charts. Measurements only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import latency as L  # noqa: E402
from tests import browser as B  # noqa: E402

PAGE = textwrap.dedent('''
    import time

    import streamlit as st

    n, w = int(st.query_params.get("n", "0")), int(st.query_params.get("w", "0"))
    for i in range(w):
        st.slider(f"slider {i}", 0, 10, 5, key=f"s{i}")


    def live():
        if st.button("play", key="play"):
            slot, start, k = st.empty(), time.monotonic(), 0
            while time.monotonic() - start < 8:
                k += 1
                slot.metric("Step", f"{k:,}")
                time.sleep(1 / 30)


    (st.fragment(live) if st.query_params.get("f") == "1" else live)()
    for i in range(n):
        st.markdown(f"**Section {i}** some text with `code` and more words to lay out.")
''')


def busy_ms(profile: dict) -> float:
    idle = {n["id"] for n in profile["nodes"] if n["callFrame"]["functionName"] == "(idle)"}
    return sum(dt for sid, dt in zip(profile["samples"], profile["timeDeltas"]) if sid not in idle) / 1000


def measure(browser, url: str, seconds: float) -> tuple[int, float]:
    """(frames painted, busy ms of the renderer's main thread) over ``seconds`` of play."""
    ctx, page = L.new_page(browser)
    try:
        page.goto(url, wait_until="commit")
        L.settle(page, None)
        cdp = ctx.new_cdp_session(page)
        page.get_by_role("button", name="play").click()
        page.wait_for_timeout(1000)  # past the rerun that starts the loop
        page.evaluate(B.FRAMES_OBSERVE)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 1000})
        cdp.send("Profiler.start")
        page.wait_for_timeout(seconds * 1000)
        profile = cdp.send("Profiler.stop")["profile"]
        frames = page.evaluate(B.FRAMES_READ)
    finally:
        ctx.close()
    return max(len(frames) - 1, 0), busy_ms(profile)


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=4.0, help="counted while playing (the loop plays 8 s)")
    ap.add_argument("--pages", default="n=0,n=60,n=200,w=15,w=15&n=60,n=0&f=1,n=200&f=1")
    args = ap.parse_args()
    two = (os.cpu_count() or 1) >= 2
    if two:
        os.sched_setaffinity(0, {1})
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        script = pathlib.Path(tmp) / "live.py"
        script.write_text(PAGE)
        server = L.ScriptServer(script, core=0 if two else None)
        browser = B.launch(p)
        try:
            server.wait_healthy()
            measure(browser, f"{server.url}/?n=0", 1.0)  # warm: the browser's first compile of each chunk
            print(f"{'page':<14}{'frames':>8}{'busy ms':>9}{'ms/frame':>10}")
            for query in args.pages.split(","):
                frames, busy = measure(browser, f"{server.url}/?{query}", args.seconds)
                print(f"{query:<14}{frames:>8}{busy:>9.0f}{busy / max(frames, 1):>10.1f}")
        finally:
            browser.close()
            server.stop()


if __name__ == "__main__":
    main()
