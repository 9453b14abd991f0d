"""Play / Pause / Step / Reset for the live pages (the pattern in DESIGN.md).

The trainer and a ``Player`` live in ``st.session_state``; the buttons' callbacks only
change state. After the controls, the page calls ``run()``, which steps and redraws into
placeholders while ``playing`` holds. Any widget interaction reruns the script and so
preempts the loop; the loop also ends by itself after a time or frame budget (a server
thread per visitor is busy while it runs) and when ``advance`` says training is done.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from ui import limits
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
    if p.note:
        st.info(t(p.note, **(p.note_args or {})))
    return p


def run(key: str, *, advance: Callable[[], str | None], draw: Callable[[], None]) -> None:
    """While playing: ``advance()`` one frame of steps, then ``draw()`` into placeholders.

    ``advance`` returns None to go on, or an i18n key (or ``(key, format arguments)``) saying why
    training stopped by itself (converged, diverged). Whenever the loop ends on its own, the script
    reruns once so the controls show Play again. Streamlit's own Stop (or a closed tab) ends the
    run by an exception in the middle of a frame: then playing is cleared too, so the next run
    shows Play rather than a Pause with nothing behind it.
    """
    p = get(key)
    if not p.playing:
        return
    seconds, frames = budget()
    try:
        _loop(p, advance, draw, seconds, frames)
    except StopException:
        p.playing = False
        raise
    st.rerun()


def _loop(p: Player, advance, draw, seconds: float, frames: int | None) -> None:
    start = last = time.monotonic()
    frame = 0
    while p.playing:
        reason = advance()
        draw()
        frame += 1
        now = time.monotonic()
        if reason:
            key, args = reason if isinstance(reason, tuple) else (reason, None)
            p.playing, p.note, p.note_args = False, key, args
        elif now - start >= seconds or (frames is not None and frame >= frames):
            p.playing, p.note, p.note_args = False, "player.paused_budget", {"seconds": now - start}
        else:
            wait = FRAME_INTERVAL - (now - last)
            if wait > 0:
                time.sleep(wait)
            last = time.monotonic()
