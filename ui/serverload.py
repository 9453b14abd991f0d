"""The server's live runs: who is playing in this process, who waits, and whose frame goes next.

Streamlit runs every visitor as a thread of one Python process, and every live page (ui/player.py) runs
its play loop in that thread. Left alone, thirty loops race for one interpreter lock: every frame of
every run slows down together, the event loop that sends the frames waits its turn behind them, and a
newcomer's Play just adds one more racer. So the process keeps one registry of its live runs:

* **admission**: at most ``limits.MAX_LIVE_RUNS`` runs play at once; a newcomer past that waits in a
  first-come line and is told its place and how long at the latest (every run ends by its deadline);
* **fair frames**: at most ``limits.FRAMES_AT_ONCE`` frames are computed at one moment; when more runs
  want one, the slot goes to the run that has had the least CPU time since it began (start-time fair
  queueing), so a run whose frames cost four times as much gets a quarter of the frames, and every run
  the same CPU. Nothing is reserved: a run alone never waits;
* **the share**: each run's slice of the process (``PROCESS_CPU`` / live runs), from which a page
  chooses "auto" steps per frame and how often it redraws its slow charts (``ui.player.share``).

This is server state, not visitor state: one object for the whole process, guarded by a lock, is what
it must be (a per-session copy could not see the others). It holds session ids, clocks and CPU
counters, nothing a visitor typed or computed. Entries a run stops refreshing (a tab closed mid-play, a
thread that died) expire after ``EXPIRE_S``. Time is passed in by the caller, so tests drive it.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from ui import limits

EXPIRE_S = 15.0  # a run or a place in line not refreshed for this long is gone (a live loop refreshes every frame)
POLL_S = 0.25  # how often a waiting thread looks up (and refreshes its entry, and checks for Pause)
PROCESS_CPU = 1.0  # core-seconds per second one process hands out: its Python work holds one interpreter lock


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass
class Run:
    sid: str
    started: float
    deadline: float  # it stops playing by then at the latest (its play budget)
    seen: float
    vtime: float = 0.0  # CPU seconds of frames it has had, counted from the line's clock when it joined
    frame_cpu: float | None = None  # moving averages: CPU seconds of a frame, and of its drawing
    draw_cpu: float | None = None


@dataclass(frozen=True)
class Admission:
    position: int  # 0: playing; k: k-th in line
    live: int  # runs playing now
    eta: float | None  # seconds until a place is sure to free up for this one (None: playing)


@dataclass(frozen=True)
class Share:
    live: int  # runs playing in this process, this one included
    cpu: float  # core-seconds per second this run may count on
    frame_cpu: float | None  # what its frames cost lately, CPU seconds (None before the first)
    draw_cpu: float | None  # ...and their drawing


class Registry:
    def __init__(self, max_live: int | None = None, frames_at_once: int | None = None):
        self.max_live = max_live or _env_int("DLVE_MAX_LIVE_RUNS", limits.MAX_LIVE_RUNS)
        self.frames_at_once = frames_at_once or _env_int("DLVE_FRAMES_AT_ONCE", limits.FRAMES_AT_ONCE)
        self._lock = threading.Lock()
        self._runs: dict[str, Run] = {}
        self._line: dict[str, float] = {}  # sid -> last seen; insertion order is the order of arrival
        self._free = self.frames_at_once
        self._waiting: dict[str, tuple[float, int, threading.Event]] = {}  # sid -> (vtime, arrival, handed a slot)
        self._arrivals = 0

    # ------------------------------------------------------------ admission

    def enter(self, sid: str, now: float, seconds: float) -> Admission:
        """Ask to play for ``seconds``; called again while waiting (it refreshes the place in line).
        A run already playing keeps its place and its deadline (a rerun while playing re-enters)."""
        with self._lock:
            self._expire(now)
            if (run := self._runs.get(sid)) is not None:
                run.seen = now
                return Admission(0, len(self._runs), None)
            self._line[sid] = now  # joins at the end, or refreshes its place
            first = next(iter(self._line))
            if len(self._runs) < self.max_live and first == sid:
                del self._line[sid]
                start = min((r.vtime for r in self._runs.values()), default=0.0)
                self._runs[sid] = Run(sid, started=now, deadline=now + seconds, seen=now, vtime=start)
                return Admission(0, len(self._runs), None)
            position = list(self._line).index(sid) + 1
            return Admission(position, len(self._runs), self._eta(position, now, seconds))

    def _eta(self, position: int, now: float, seconds: float) -> float:
        """When the position-th place frees up at the latest: runs end by their deadlines, and each run
        admitted from the line before this one plays ``seconds`` at most (its budget, as this one's)."""
        ends = sorted(max(r.deadline - now, 0.0) for r in self._runs.values())
        free_now = self.max_live - len(ends)
        k = position - free_now  # places that must end first (those free now go to the line's head)
        if k <= 0 or not ends:
            return 0.0
        rounds, i = divmod(k - 1, len(ends))
        return ends[i] + rounds * seconds

    def beat(self, sid: str, now: float) -> None:
        with self._lock:
            if (run := self._runs.get(sid)) is not None:
                run.seen = now
            elif sid in self._line:
                self._line[sid] = now

    def leave(self, sid: str) -> None:
        with self._lock:
            self._runs.pop(sid, None)
            self._line.pop(sid, None)

    def playing(self, sid: str) -> bool:
        with self._lock:
            return sid in self._runs

    def started(self, sid: str) -> float | None:
        with self._lock:
            run = self._runs.get(sid)
            return run.started if run else None

    def _expire(self, now: float) -> None:
        for sid in [s for s, r in self._runs.items() if now - r.seen > EXPIRE_S]:
            del self._runs[sid]
        for sid in [s for s, seen in self._line.items() if now - seen > EXPIRE_S]:
            del self._line[sid]

    # ------------------------------------------------------------ fair frames

    @contextmanager
    def frame(self, sid: str, now: Callable[[], float], interrupted: Callable[[], bool] = lambda: False):
        """Hold one of the frame slots while a frame is computed; yields a ``cost(advance, draw)`` to
        report the frame's CPU seconds. Yields None instead when ``interrupted()`` turned true while
        waiting (the visitor pressed Pause): the caller then lets Streamlit stop the run."""
        if not self._acquire(sid, now, interrupted):
            yield None
            return
        spent = [0.0, 0.0]

        def cost(advance: float, draw: float) -> None:
            spent[:] = [advance, draw]

        try:
            yield cost
        finally:
            self._release(sid, *spent)

    def _acquire(self, sid: str, now, interrupted) -> bool:
        with self._lock:
            if self._free > 0 and not self._waiting:
                self._free -= 1
                return True
            run = self._runs.get(sid)
            handed = threading.Event()
            self._arrivals += 1
            self._waiting[sid] = (run.vtime if run else 0.0, self._arrivals, handed)
        while not handed.wait(POLL_S):
            self.beat(sid, now())
            if interrupted():
                with self._lock:
                    if not handed.is_set():  # not handed a slot meanwhile: just leave the queue
                        self._waiting.pop(sid, None)
                        return False
                self._release(sid, 0.0, 0.0)  # handed one just now: pass it on
                return False
        return True

    def _release(self, sid: str, advance: float, draw: float) -> None:
        with self._lock:
            if (run := self._runs.get(sid)) is not None:
                cpu = advance + draw
                run.vtime += cpu
                if cpu > 0:
                    run.frame_cpu = cpu if run.frame_cpu is None else 0.8 * run.frame_cpu + 0.2 * cpu
                    run.draw_cpu = draw if run.draw_cpu is None else 0.8 * run.draw_cpu + 0.2 * draw
            if self._waiting:
                nxt = min(self._waiting, key=lambda s: self._waiting[s][:2])  # least CPU had, then first come
                self._waiting.pop(nxt)[2].set()  # the slot passes straight to it
            else:
                self._free += 1

    # ------------------------------------------------------------ the share

    def share(self, sid: str) -> Share:
        with self._lock:
            live = max(len(self._runs), 1) if sid in self._runs else len(self._runs) + 1
            run = self._runs.get(sid)
            return Share(live, min(1.0, PROCESS_CPU / live), run.frame_cpu if run else None,
                         run.draw_cpu if run else None)

    # ------------------------------------------------------------ for tests and benches

    def snapshot(self) -> dict:
        with self._lock:
            return {"live": sorted(self._runs), "line": list(self._line), "waiting": sorted(self._waiting),
                    "free": self._free, "vtime": {s: r.vtime for s, r in self._runs.items()}}


REGISTRY = Registry()
