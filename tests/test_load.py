"""Load: one server on 127.0.0.1, ten sessions (browser contexts) playing the spiral and regression
pages at once. No error box in any, every session ends on exactly the numbers it shows when it
plays alone, and the server's memory stays bounded and does not grow from one round to the next.

Each play is a fixed number of frames (DLVE_PLAY_FRAMES) at a fixed number of steps per frame, so
what a session shows at the end depends only on its own settings (seeded data, seeded init, one
torch thread per computation), never on how the server's time was shared out: the process's frame
slots and its line of waiting runs (ui/serverload.py) decide only when frames come
(tests/test_fairshare.py holds that without a browser, with a line).
Frames per second under load: bench/load.py.
"""
import time


from tests.browser import (
    ARTIFACTS,
    FRAMES_OBSERVE,
    FRAMES_READ,
    LOST_PRESSES,
    RssSampler,
    click_together,
    error_boxes,
    metric_values,
    most_at_once,
    open_live,
    requires_browser,
    rss_bytes,
    served_browser,
    set_steps_per_frame,
    wait_played,
    wait_reset,
    wait_until_idle,
)
from ui.i18n import t

pytestmark = requires_browser()

FRAMES = 20
SPIRAL_SPF = 10  # fixed: "auto" steps per frame follow the machine's speed
REGRESSION_SPF = 5  # the page's default
SESSIONS = ("spiral", "regression") * 5  # ten sessions, interleaved so both pages start together
# Memory the ten sessions add to the server while they play, over what it held before they opened
# (not an absolute figure: a CUDA build of torch alone makes the process some GiB larger).
RSS_ADDED_LIMIT = int(1.5 * 2**30)
MB = 2**20
# No file watcher, as on the public demo: a source file saved while the test runs would otherwise
# make Streamlit unload modules under the running sessions (KeyError: 'ui' in a script run).
ENV = {"DLVE_PLAY_FRAMES": str(FRAMES), "DLVE_PLAY_SECONDS": "600", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}


def open_session(browser, server, slug, *, wait=True):
    return open_live(browser, server, slug, query=f"spf={SPIRAL_SPF}" if slug == "spiral" else "", wait=wait)


def ready(page, slug):
    """Past the first script run, steps per frame fixed, frames counted from here on."""
    if slug == "spiral":
        set_steps_per_frame(page, slug, SPIRAL_SPF)
    page.evaluate(FRAMES_OBSERVE)


def alone(browser, server, slug):
    ctx, page = open_session(browser, server, slug)
    try:
        ready(page, slug)
        click_together([(page, slug)], delay_ms=0)
        wait_played(page, slug)
        assert error_boxes(page) == [], f"{slug} alone: {error_boxes(page)}"
        return metric_values(page)
    finally:
        ctx.close()


def play_round(server, sessions):
    """Press Play in every session at one moment and wait for all to end. Per session:
    (slug, metrics, error boxes, (first, last) frame time); and the server's peak RSS meanwhile."""
    with RssSampler(server.proc.pid) as rss:
        click_together([(page, slug) for slug, _, page in sessions])
        for slug, _, page in sessions:
            wait_played(page, slug)
    out = []
    for slug, _, page in sessions:
        frames = page.evaluate(FRAMES_READ)
        out.append((slug, metric_values(page), error_boxes(page), (frames[0][0], frames[-1][0]) if frames else None))
    return out, rss.peak


def test_ten_sessions_playing_at_once_match_alone_and_memory_stays_bounded():
    t0 = time.monotonic()
    LOST_PRESSES.clear()
    with served_browser(ENV, load=True) as (server, browser):
        reference = {slug: alone(browser, server, slug) for slug in ("spiral", "regression")}
        # a played run, not an empty page: the step metric says exactly how far FRAMES frames go
        for slug, spf in (("spiral", SPIRAL_SPF), ("regression", REGRESSION_SPF)):
            assert dict(reference[slug]).get(t(f"{slug}.step", lang="en")) == f"{FRAMES * spf:,}", reference[slug]
        print(f"\nalone after {time.monotonic() - t0:.0f} s: {reference}")
        before = rss_bytes(server.proc.pid)
        # Each session its own browser context: own cookies, own websocket, own Streamlit session.
        sessions = [(slug, *open_session(browser, server, slug, wait=False)) for slug in SESSIONS]
        try:
            for slug, _, page in sessions:
                wait_until_idle(page, timeout_ms=180_000)
                ready(page, slug)
            print(f"{len(sessions)} sessions open after {time.monotonic() - t0:.0f} s")
            rounds = [play_round(server, sessions)]
            for i in (0, 1):
                page = sessions[i][2]
                page.screenshot(path=str(ARTIFACTS / f"load-{sessions[i][0]}.png"), full_page=True)
            # Round two: the same sessions, Reset together, then Play together again.
            click_together([(page, slug) for slug, _, page in sessions], button="reset")
            for slug, _, page in sessions:
                wait_reset(page)
                page.evaluate(FRAMES_OBSERVE)
            rounds.append(play_round(server, sessions))
        finally:
            for _, ctx, _ in sessions:
                ctx.close()
        for n, (results, peak) in enumerate(rounds, 1):
            spans = [s for *_, s in results]
            print(f"round {n}: {most_at_once([s for s in spans if s])} of {len(results)} playing at one moment; "
                  f"server RSS {before / MB:.0f} MB before, peak {peak / MB:.0f} MB")
        print(f"done after {time.monotonic() - t0:.0f} s")

    # first: a lost press, pressed again, also makes that session's numbers differ below
    assert not LOST_PRESSES, f"{len(LOST_PRESSES)} Play press(es) lost and pressed again: {LOST_PRESSES}"
    for n, (results, peak) in enumerate(rounds, 1):
        errors = [(i, slug, e) for i, (slug, _, e, _) in enumerate(results) if e]
        assert not errors, f"round {n}: error boxes under load: {errors}"
        differ = [(i, slug, got, reference[slug]) for i, (slug, got, _, _) in enumerate(results) if got != reference[slug]]
        assert not differ, f"round {n}: sessions whose numbers differ from the same page played alone: {differ}"
        spans = [s for *_, s in results]
        assert all(spans), f"round {n}: a session showed no frame: {spans}"
        # How many played at one instant depends on the machine (printed above); that at least two did
        # is what makes this a test of sessions sharing a server, and holds on any machine.
        assert most_at_once(spans) >= 2, f"round {n}: no two plays overlapped: {spans}"
        assert peak - before < RSS_ADDED_LIMIT, f"round {n}: server RSS {before / MB:.0f} -> {peak / MB:.0f} MB"
    (_, peak1), (_, peak2) = rounds
    assert peak2 <= peak1 * 1.3 + 100 * MB, f"server RSS grew between rounds: {peak1 / MB:.0f} -> {peak2 / MB:.0f} MB"
