"""Play / Pause / Step / Reset for the live pages (the pattern in DESIGN.md).

The trainer and a ``Player`` live in ``st.session_state``; the buttons' callbacks only
change state. After the controls, the page calls ``run()``, which steps and redraws into
placeholders while ``playing`` holds. Any widget interaction reruns the script and so
preempts the loop; the loop also ends by itself after a time or frame budget (a server
thread per visitor is busy while it runs) and when ``advance`` says training is done.

Sharing the server (ui/serverload.py): a run first takes a place among the process's live runs
(past ``limits.MAX_LIVE_RUNS`` it waits in line, and the notice under the buttons says where and for
how long at most), then computes each frame in one of the process's frame slots, handed out fairly by
CPU time had. Every live page gets this from ``run()`` alone. A page that picks its own work per frame
reads its slice: ``train_seconds`` ("auto" steps per frame) and ``slow_every`` (how often the slow
charts are redrawn). What a run computes never depends on any of it: only when frames come.
"""
from __future__ import annotations

import os
import time
from time import thread_time  # CPU seconds of this thread: a frame's own cost, whatever else runs
import math
from dataclasses import dataclass, field
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui import limits, serverload
from ui.i18n import t

SECONDS_KEY = "dlve_play_seconds"  # session-state overrides, so tests can lower the bounds
FRAMES_KEY = "dlve_play_frames"
DEFAULT_SECONDS = limits.PLAY_SECONDS
FRAME_INTERVAL = 1 / 30  # no point sending frames faster than a browser paints them


@dataclass
class Player:
    playing: bool = False
    note: str | None = None  # i18n key of why playing stopped by itself
    note_args: dict | None = None
    # this script run's placeholder under the buttons (controls() makes it): the stop note, or while
    # running, that the server is busy or shared. Not state: replaced every run.
    slot: object = field(default=None, repr=False, compare=False)


def get(key: str) -> Player:
    return st.session_state.setdefault(f"player_{key}", Player())


def budget() -> tuple[float, int | None]:
    """(seconds, frames) one play may last: session state, then DLVE_PLAY_SECONDS/FRAMES, then defaults."""
    seconds = st.session_state.get(SECONDS_KEY) or os.environ.get("DLVE_PLAY_SECONDS") or DEFAULT_SECONDS
    frames = st.session_state.get(FRAMES_KEY) or os.environ.get("DLVE_PLAY_FRAMES")
    return float(seconds), (int(frames) if frames else None)


def _toggle(p: Player, play: bool) -> None:
    """What the button said when drawn: Play plays, Pause pauses. (Not a flip of ``playing``: after
    Streamlit's Stop the button still reads Pause, with nothing playing, until the next run.)"""
    p.playing = play
    if play:
        p.note, p.note_args = None, None


def _step(p: Player, on_step: Callable[[], None]) -> None:
    p.playing, p.note = False, None
    on_step()


def _reset(p: Player, on_reset: Callable[[], None]) -> None:
    p.playing, p.note = False, None
    on_reset()


def controls(key: str, *, on_step: Callable[[], None], on_reset: Callable[[], None], can_play: bool = True,
             steps: int | None = None) -> Player:
    """Draw the four buttons in a row; returns the player so the page can read ``playing``.

    ``steps``: how many training steps one press of Step takes (a frame's worth); the button says so.
    """
    p = get(key)
    play, step, reset = st.columns(3)
    # One keyed button whose label flips: two buttons (Play, Pause) would leave the old one
    # drawn, faded, under the new one until the loop's script run ends.
    play.button(
        t("player.pause" if p.playing else "player.play"), key=f"{key}_toggle", on_click=_toggle, args=(p, not p.playing),
        icon=":material/pause:" if p.playing else ":material/play_arrow:", type="primary",
        disabled=not (p.playing or can_play), width="stretch",
    )
    step.button(t("player.step_n", n=steps) if steps else t("player.step"), key=f"{key}_step", on_click=_step,
                args=(p, on_step), icon=":material/skip_next:", disabled=not can_play, width="stretch",
                help=t("player.step_help", n=steps) if steps else None)
    reset.button(t("player.reset"), key=f"{key}_reset", on_click=_reset, args=(p, on_reset), icon=":material/replay:",
                 width="stretch")
    p.slot = st.empty()
    if p.note:
        p.slot.info(t(p.note, **(p.note_args or {})))
    return p


def run(key: str, *, advance: Callable[[], str | None], draw: Callable[[], None]) -> None:
    """While playing: ``advance()`` one frame of steps, then ``draw()`` into placeholders.

    ``advance`` returns None to go on, or an i18n key (or ``(key, format arguments)``) saying why
    training stopped by itself (converged, diverged). Whenever the loop ends on its own, the script
    reruns once so the controls show Play again. Streamlit's own Stop (or a closed tab) ends the
    run by an exception in the middle of a frame: then playing is cleared too, so the next run
    shows Play rather than a Pause with nothing behind it. A rerun while playing (a slider moved)
    keeps the run's place among the live runs, and its deadline: the next script run goes on with it.
    """
    p, sid, registry = get(key), _sid(key), serverload.REGISTRY
    if not p.playing:
        registry.leave(sid)
        return
    if p.slot is None:
        p.slot = st.empty()
    seconds, frames = budget()
    try:
        if _wait_turn(p, sid, seconds):
            _loop(p, sid, advance, draw, seconds, frames)
    except RerunException:
        raise
    except BaseException:  # Streamlit's Stop, a closed tab, an error in a frame
        p.playing = False
        registry.leave(sid)
        raise
    registry.leave(sid)
    st.rerun()


# ---------------------------------------------------------------- sharing the server

def _sid(key: str) -> str:
    ctx = get_script_run_ctx(suppress_warning=True)
    return f"{ctx.session_id if ctx else 'local'}:{key}"


def _interrupted() -> bool:
    """Whether the visitor has asked for this script run to end (Pause, a slider, a closed tab) while it
    waits without drawing: Streamlit only acts on that at the next element sent, which a wait does not send.
    A read of the request's state, which Streamlit keeps private; if that ever moves, waits just run to their
    end (they are bounded: a poll, or a frame slot)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    state = getattr(getattr(ctx, "script_requests", None), "_state", None)
    return state is not None and getattr(state, "name", "CONTINUE") != "CONTINUE"


def share(key: str) -> serverload.Share:
    """This session's slice of the process: runs playing, core-seconds a second it may count on."""
    return serverload.REGISTRY.share(_sid(key))


def train_seconds(key: str, draw_s: float) -> float:
    """Seconds of training for one frame of an "auto" run whose drawing takes ``draw_s``: as many as fill
    frames at 30 a second, and at least 70% of a frame (2.4 x its drawing) while this run's slice of the
    server still affords ``limits.PICTURE_FPS`` such frames a second; on a busier server, what is left of a
    slice once that many frames a second are drawn (at least one step, the page's minimum). Frames without
    training show nothing moving, frames too rare show no motion: this keeps both while it can. Alone (a
    slice of 1) this is the rule the spiral always had, for any drawing under about 100 ms.

    While the run plays, its drawing's CPU time as the player measures it stands in for ``draw_s``: on a
    busy server a wall-clock figure also counts the waits for the interpreter lock, and would starve training."""
    sh = share(key)
    cpu, draw_s = sh.cpu, draw_s if sh.draw_cpu is None else sh.draw_cpu
    rich = cpu * FRAME_INTERVAL - draw_s
    keep = min(2.4 * draw_s, cpu / limits.PICTURE_FPS - draw_s)
    return max(rich, keep, 0.0)


def slow_every(key: str, base: int) -> int:
    """Every how many frames a page redraws its slow charts (figures, curves): its own ``base`` while at most
    ten runs play, then twice, then three times as rarely, so more of a scarce frame goes to the main chart."""
    return base * min(3, max(1, math.ceil(share(key).live / 10)))


SLOW_SECONDS = 0.25  # the slow charts at most four times a second, however fast frames come
SLOW_SECONDS_KEY = "dlve_slow_seconds"  # a session-state override: tests pin slow frames to the frame count with 0


class SlowFrames:
    """Which frames of a live run redraw its slow charts (figures, curves, tables): the first, then one once
    both ``slow_every(key, base)`` frames and ``seconds`` have passed since the last.

    The frame count keeps a busy server's scarce frames for the main chart; the seconds keep a fast run's
    browser from redrawing line charts it cannot paint in time (measured on the spiral in Chromium: the two
    learning curves, redrawn every third frame, took the page from 27 frames/s painted to 20). Nobody reads
    a figure that changes more than four times a second. One per Board (per script run)."""

    def __init__(self, key: str, base: int, seconds: float = SLOW_SECONDS, clock=time.monotonic):
        override = st.session_state.get(SLOW_SECONDS_KEY) if get_script_run_ctx(suppress_warning=True) else None
        self.seconds = seconds if override is None else float(override)
        self.key, self.base, self.clock = key, base, clock
        self.since, self.at = None, -math.inf  # frames since the last slow one; when it was drawn

    def __call__(self) -> bool:
        """Called once a frame: whether this one is slow."""
        now = self.clock()
        if self.since is None or (self.since >= slow_every(self.key, self.base) and now - self.at >= self.seconds):
            self.since, self.at = 1, now
            return True
        self.since += 1
        return False


def _wait_turn(p: Player, sid: str, seconds: float) -> bool:
    """Take a place among the live runs, waiting in line while the server is full (saying so, where, and
    for how long at the latest). Gives up after a whole play's time, with a note."""
    registry, start, shown = serverload.REGISTRY, time.monotonic(), None
    while True:
        now = time.monotonic()
        got = registry.enter(sid, now, seconds)
        if got.position == 0:
            if shown is not None:
                p.slot.empty()
            return True
        if now - start >= seconds:
            registry.leave(sid)
            p.playing, p.note, p.note_args = False, "player.busy_gave_up", {"live": got.live, "waited": now - start}
            return False
        text = t("player.busy", live=got.live, position=got.position, eta=math.ceil(got.eta))
        if text != shown or _interrupted():  # drawing the notice is also where Streamlit acts on a Pause
            p.slot.info(text, icon=":material/hourglass_top:")
            shown = text
        time.sleep(serverload.POLL_S)


def _say_shared(p: Player, sid: str, period: float, said: tuple | None) -> tuple | None:
    """Under the buttons, while sharing slows this run to under half its own pace: how many play, and the
    frames a second it gets. Redrawn only when those change (to a tenth of a frame a second)."""
    sh = serverload.REGISTRY.share(sid)
    alone = max(FRAME_INTERVAL, sh.frame_cpu or 0.0)
    now = (sh.live, round(1 / period, 1)) if sh.live > 1 and period > 2 * alone else None
    if now != said:
        if now is None:
            p.slot.empty()
        else:
            p.slot.caption(t("player.shared", live=now[0], fps=now[1]))
    return now


def _loop(p: Player, sid: str, advance, draw, seconds: float, frames: int | None) -> None:
    registry = serverload.REGISTRY
    start = last = time.monotonic()
    begun = registry.started(sid) or start  # a rerun while playing goes on with the run's own start
    frame, period, said = 0, None, None
    while p.playing:
        with registry.frame(sid, lambda: time.monotonic(), _interrupted) as cost:
            if cost is None:  # asked to end while waiting for a slot: an element sent lets Streamlit end it
                p.slot.empty()
                said = None
                continue
            t0 = thread_time()
            reason = advance()
            t1 = thread_time()
            draw()
            cost(t1 - t0, thread_time() - t1)
        frame += 1
        now = time.monotonic()
        registry.beat(sid, now)
        if reason:
            key, args = reason if isinstance(reason, tuple) else (reason, None)
            p.playing, p.note, p.note_args = False, key, args
        elif now - begun >= seconds or (frames is not None and frame >= frames):
            p.playing, p.note, p.note_args = False, "player.paused_budget", {"seconds": now - begun}
        else:
            wait = FRAME_INTERVAL - (now - last)
            if wait > 0:
                time.sleep(wait)
            took = time.monotonic() - last
            period = took if period is None else 0.8 * period + 0.2 * took
            said = _say_shared(p, sid, period, said)
            last = time.monotonic()
