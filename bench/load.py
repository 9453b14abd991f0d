"""Frames per second each session gets, and the server's memory, while many people play at once.

    python bench/load.py [--client ws|browser] [--sessions 10] [--seconds 20] [--spf 10]
    python bench/load.py --client ws --sessions 30 --seconds 20 [--replicas 2]    # see bench/load_ws.py
    python bench/load.py --client ws --sessions 30 --url http://127.0.0.1:8631 --pid PID   # a server already up
    python bench/load.py --client browser [--sessions 10] [--alone-seconds 10]

``--client ws`` (the default) speaks Streamlit's websocket protocol from Python, no browsers, and ends
with the line ``sessions N: frames/s per session median X min Y; steps/s total Z (headless W); RSS peak M MB``
(bench/load_ws.py). ``--client browser``, the rest of this note:

One server (tests.browser.Server, file watcher off as on the public demo) and one headless
Chromium. First one spiral session alone, then one regression session alone, for the reference
rate. Then ``--sessions`` browser contexts (each its own Streamlit session), half on /spiral
(``spf`` fixed, not "auto") and half on /regression (5 steps a frame, the default), all pressing
Play at one moment. After a warm-up, a MutationObserver in every page counts the changes of the
step metric (the frames that page received and painted) over ``--seconds``. The server's RSS
(it and its children, /proc VmRSS) is sampled every 0.5 s in a thread.

Prints frames/s per session (median, min, max per page: frames painted, as the observer sees
the step change; "sent/s" is the frames the server produced, from the steps made, which is more
when React folds several updates into one paint), steps/s summed over the sessions, and
RSS before the sessions open, at its peak while they play, and after their contexts are closed.
On a shared machine the figures move with whatever else runs: compare runs on one quiet host.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from tests.browser import (
    FRAMES_OBSERVE,
    FRAMES_SINCE,
    RssSampler,
    chromium_missing_reason,
    click_together,
    open_live,
    rss_bytes,
    served_browser,
    set_steps_per_frame,
    step_number,
    wait_until_idle,
)

MB = 2**20
PAGES = ("spiral", "regression")
REGRESSION_SPF = 5  # the page's default steps per frame


def open_session(browser, server, slug: str, spf: int):
    return open_live(browser, server, slug, query=f"spf={spf}" if slug == "spiral" else "", wait=False)


def ready(page, slug: str, spf: int) -> None:
    wait_until_idle(page, timeout_ms=180_000)
    if slug == "spiral":
        set_steps_per_frame(page, slug, spf)


def measure(sessions, warmup: float, seconds: float, spf: dict[str, int]) -> list[dict]:
    """Play in every session at one moment; after ``warmup``, count frames for ``seconds``; pause all."""
    pairs = [(page, slug) for slug, _, page in sessions]
    at = click_together(pairs, delay_ms=1000)
    time.sleep(max(0.0, at / 1000 - time.time()) + warmup)
    for page, _ in pairs:
        page.evaluate(FRAMES_OBSERVE)
    time.sleep(seconds)
    got = [page.evaluate(FRAMES_SINCE) for page, _ in pairs]
    click_together(pairs, delay_ms=200)  # Pause
    for page, _ in pairs:
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=180_000)
    out = []
    for (page, slug), g in zip(pairs, got):
        frames = g["frames"]
        if g["from"] is None:  # never drew a step in the window
            out.append({"page": slug, "fps": 0.0, "steps_per_s": 0.0, "frames": 0, "sent": 0.0})
            continue
        window = (g["now"] - g["from"][0]) / 1000
        steps = step_number(frames[-1][1]) - step_number(g["from"][1]) if frames else 0
        out.append({"page": slug, "fps": len(frames) / window, "steps_per_s": steps / window, "frames": len(frames),
                    "sent": steps / window / spf[slug]})
    return out


def row(label: str, results: list[dict]) -> str:
    fps = [r["fps"] for r in results]
    sent = statistics.median(r["sent"] for r in results)
    return (f"{label:<24}{len(results):>9}{statistics.median(fps):>12.1f}{min(fps):>8.1f}{max(fps):>8.1f}"
            f"{sent:>13.1f}{sum(r['steps_per_s'] for r in results):>16,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=20.0, help="counting window under load")
    ap.add_argument("--alone-seconds", type=float, default=10.0, help="counting window for each session alone")
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds of play before counting")
    ap.add_argument("--spf", type=int, default=10, help="spiral steps per frame (regression keeps its 5)")
    ap.add_argument("--client", choices=("ws", "browser"), default="ws",
                    help="ws: Streamlit's websocket protocol from Python (bench/load_ws.py); browser: Chromium pages")
    ap.add_argument("--replicas", type=int, default=0, help="ws: 0 = one streamlit process; K = deploy/serve with K")
    ap.add_argument("--page", choices=("both", "spiral", "regression"), default="both", help="ws: which live pages")
    ap.add_argument("--url", help="ws: measure a server already running here (e.g. http://127.0.0.1:8631) ...")
    ap.add_argument("--pid", type=int, help="ws: ... whose process is this (for its RSS and CPU)")
    ap.add_argument("--headless-seconds", type=float, default=8.0, help="ws: the trainers stepped without a server")
    args = ap.parse_args()
    if args.client == "ws":
        from bench.load_ws import run

        return run(args)
    if reason := chromium_missing_reason():
        sys.exit(reason)
    play_s = args.warmup + max(args.seconds, args.alone_seconds) + 120
    env = {"DLVE_PLAY_SECONDS": str(play_s), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    kinds = [PAGES[i % 2] for i in range(args.sessions)]
    spf = {"spiral": args.spf, "regression": REGRESSION_SPF}
    with served_browser(env, load=True) as (server, browser):
        pid = server.proc.pid
        alone = {}
        for slug in PAGES:
            s = [(slug, *open_session(browser, server, slug, args.spf))]
            ready(s[0][2], slug, args.spf)
            alone[slug] = measure(s, args.warmup, args.alone_seconds, spf)
            s[0][1].close()
        time.sleep(2)
        before = rss_bytes(pid)
        sessions = [(slug, *open_session(browser, server, slug, args.spf)) for slug in kinds]
        try:
            for slug, _, page in sessions:
                ready(page, slug, args.spf)
            opened = rss_bytes(pid)
            with RssSampler(pid) as rss:
                loaded = measure(sessions, args.warmup, args.seconds, spf)
        finally:
            for _, ctx, _ in sessions:
                ctx.close()
        time.sleep(5)
        after = rss_bytes(pid)

    print(f"\n{args.sessions} sessions ({kinds.count('spiral')} spiral at {args.spf} steps/frame, "
          f"{kinds.count('regression')} regression at {REGRESSION_SPF}), {args.seconds:.0f} s counted after {args.warmup:.0f} s of play")
    print(f"{'':<24}{'sessions':>9}{'fps median':>12}{'min':>8}{'max':>8}{'sent/s med':>13}{'steps/s (sum)':>16}")
    for slug in PAGES:
        print(row(f"{slug} alone", alone[slug]))
    for slug in PAGES:
        print(row(f"{slug} under load", [r for r in loaded if r["page"] == slug]))
    print(row("all under load", loaded))
    for slug in PAGES:
        under = statistics.median(r["fps"] for r in loaded if r["page"] == slug)
        print(f"{slug}: a session under load gets {under / alone[slug][0]['fps']:.0%} of the frames/s it gets alone")
    print(f"server RSS: {before / MB:.0f} MB before the sessions, {opened / MB:.0f} MB with them open, "
          f"{rss.peak / MB:.0f} MB peak while playing ({len(rss.samples)} samples), "
          f"{after / MB:.0f} MB 5 s after closing them")
    print("(a shared machine: these figures move with whatever else is running)")


if __name__ == "__main__":
    main()
