"""Sharing one server process among live runs (ui/serverload.py, ui/player.py).

The registry on its own (admission in order of arrival, the wait it announces, expiry of runs nobody
refreshes, frame slots handed out by CPU had, safe under many threads), then the player under load:
the notice a newcomer gets past the limit, "auto" work per frame shrinking as load grows, and runs
that share the server ending on exactly the numbers they reach alone. Nothing here is timed: clocks
are passed in, and CPU costs are reported figures.
"""
import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from ui import limits, player, serverload
from ui.i18n import t
from ui.serverload import EXPIRE_S, Registry


@pytest.fixture
def registry(monkeypatch):
    """A fresh registry for the process, so the test's fake runs never meet another test's."""
    def make(**kwargs):
        reg = Registry(**kwargs)
        monkeypatch.setattr(serverload, "REGISTRY", reg)
        return reg
    return make


# ---------------------------------------------------------------- the registry

def test_admits_up_to_the_limit_then_a_line_in_order_of_arrival():
    reg = Registry(max_live=2)
    assert reg.enter("a", 0.0, 100).position == 0
    assert reg.enter("b", 1.0, 100).position == 0  # a ends by 100, b by 101
    c = reg.enter("c", 2.0, 100)
    d = reg.enter("d", 2.0, 100)
    assert (c.position, c.live, c.eta) == (1, 2, 98.0)  # the first place to free up: a's, at 100
    assert (d.position, d.live, d.eta) == (2, 2, 99.0)  # then b's, at 101
    e = reg.enter("e", 2.0, 100)
    assert (e.position, e.eta) == (3, 198.0)  # after c's whole play, which starts by 100 at the latest
    reg.leave("a")
    assert reg.enter("d", 3.0, 100).position == 2  # the place is c's: d does not jump the line
    assert reg.enter("c", 3.0, 100).position == 0
    assert reg.enter("d", 4.0, 100).position == 1
    assert reg.snapshot()["live"] == ["b", "c"] and reg.snapshot()["line"] == ["d", "e"]


def test_a_playing_run_that_enters_again_keeps_its_place_and_deadline():
    reg = Registry(max_live=1)
    reg.enter("a", 0.0, 100)
    reg.enter("b", 1.0, 100)
    again = reg.enter("a", 10.0, 100)  # a rerun while playing (a slider moved)
    assert again.position == 0 and reg.started("a") == 0.0
    assert reg.enter("b", 10.0, 100).eta == 90.0  # a still ends at 100, not 110


def test_runs_and_places_nobody_refreshes_expire():
    reg = Registry(max_live=1)
    reg.enter("gone", 0.0, 1000)  # a tab closed mid-play: no more frames, no leave()
    reg.enter("waiting", 0.0, 1000)
    reg.beat("waiting", EXPIRE_S)  # still polling for its turn
    assert reg.enter("waiting", EXPIRE_S + 1, 1000).position == 0
    assert reg.snapshot()["live"] == ["waiting"]
    reg.enter("late", EXPIRE_S + 1, 1000)  # joins the line, then its tab closes too
    reg.enter("other", EXPIRE_S + 2, 1000)
    reg.beat("waiting", 2 * EXPIRE_S)
    reg.beat("other", 2 * EXPIRE_S)
    assert reg.enter("other", 2 * EXPIRE_S + 2, 1000).position == 1  # "late" is gone from the line


def test_share_shrinks_with_the_runs_playing():
    reg = Registry(max_live=100)
    assert reg.share("a").cpu == 1.0 and reg.share("a").live == 1  # not playing yet: as if it joined
    for i in range(10):
        reg.enter(f"r{i}", 0.0, 100)
    assert reg.share("r0").live == 10 and reg.share("r0").cpu == pytest.approx(serverload.PROCESS_CPU / 10)
    assert reg.share("newcomer").live == 11


def frames_by_cpu(reg: Registry, costs: dict[str, float], frames_each: int) -> dict[str, int]:
    """One thread per run, each asking for frames back to back and reporting ``costs[run]`` CPU seconds a
    frame, until the cheapest run has had ``frames_each``. Returns the frames each run got."""
    got = {sid: 0 for sid in costs}
    stop, together = threading.Event(), threading.Barrier(len(costs))
    for sid in costs:
        reg.enter(sid, 0.0, 1e9)

    def play(sid):
        together.wait()
        while not stop.is_set():
            with reg.frame(sid, lambda: 0.0) as cost:
                time.sleep(0.001)  # a frame takes a while: the others are asking meanwhile
                cost(costs[sid], 0.0)
                got[sid] += 1
                if got[sid] >= frames_each:
                    stop.set()

    threads = [threading.Thread(target=play, args=(sid,)) for sid in costs]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not any(th.is_alive() for th in threads)
    return got


def test_frame_slots_go_to_the_run_that_has_had_the_least_cpu():
    """Three cheap runs and one whose frames cost four times as much, one slot: the dear one gets about a
    quarter of the frames, so all four get the same CPU. (Handed out in order of asking instead, it gets
    as many frames as the others, four times their CPU: this test then fails.)"""
    reg = Registry(max_live=10, frames_at_once=1)
    got = frames_by_cpu(reg, {"a": 1.0, "b": 1.0, "c": 1.0, "dear": 4.0}, frames_each=200)
    vtime = reg.snapshot()["vtime"]
    assert max(vtime.values()) - min(vtime.values()) <= 2 * 4.0, vtime
    assert got["dear"] <= 60, got
    assert reg.snapshot()["free"] == 1 and not reg.snapshot()["waiting"]


def test_registry_under_many_threads_keeps_its_limits():
    """Forty threads entering, taking frames and leaving at once: never more live runs than the limit nor
    more frames at once than the slots, and everything handed back at the end."""
    reg = Registry(max_live=5, frames_at_once=2)
    seen = {"live": 0, "frames": 0}
    inside = []
    lock = threading.Lock()

    def visitor(i):
        sid = f"v{i}"
        while reg.enter(sid, 0.0, 1e9).position:
            time.sleep(0.001)
        with lock:
            seen["live"] = max(seen["live"], len(reg.snapshot()["live"]))
        for _ in range(20):
            with reg.frame(sid, lambda: 0.0) as cost:
                with lock:
                    inside.append(sid)
                    seen["frames"] = max(seen["frames"], len(inside))
                cost(0.001, 0.0)
                with lock:
                    inside.remove(sid)
        reg.leave(sid)

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(40)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not any(th.is_alive() for th in threads)
    assert seen["live"] <= 5 and seen["frames"] <= 2, seen
    snap = reg.snapshot()
    assert snap["live"] == [] and snap["line"] == [] and snap["free"] == 2 and not snap["waiting"]


# ---------------------------------------------------------------- the player under load

def counting_page():
    """A live page whose run is a counter: each frame adds "spf" (its work is what the tests read)."""
    import streamlit as st

    from ui import player

    st.session_state.setdefault("count", 0)
    player.controls("demo", on_step=lambda: None, on_reset=lambda: None)
    shown = st.empty()

    def advance():
        st.session_state.count += st.session_state.get("spf", 1)
        return None

    player.run("demo", advance=advance, draw=lambda: shown.write(f"count={st.session_state.count}"))
    st.write(f"count={st.session_state.count}")


class Clock:
    """Stands in for ui.player's ``time``: every sleep passes that much of the test's time at once."""

    def __init__(self, now=1000.0):
        self.now = now

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def fill(reg: Registry, n: int, now: float, seconds: float = 100.0) -> None:
    for i in range(n):
        assert reg.enter(f"fake{i}", now, seconds).position == 0


def test_a_newcomer_past_the_limit_is_told_its_place_and_wait_and_then_gives_up_plainly(registry, monkeypatch):
    reg = registry(max_live=3)
    clock = Clock()
    monkeypatch.setattr(player, "time", clock)
    fill(reg, 3, clock.now, seconds=100)  # three runs playing, each ends 100 s from now at the latest
    said = []
    real_t = player.t
    monkeypatch.setattr(player, "t", lambda key, **kw: said.append((key, kw)) or real_t(key, **kw))
    at = AppTest.from_function(counting_page, default_timeout=30)
    at.session_state["dlve_play_seconds"] = 10  # waits at most one play's time
    at.run()
    at.button(key="demo_toggle").click().run()
    busy = [kw for key, kw in said if key == "player.busy"]
    assert busy[0] == {"live": 3, "position": 1, "eta": 100}
    assert busy[-1]["eta"] in (90, 91)  # counting down while it waits
    assert at.session_state["count"] == 0  # it never played
    assert at.session_state["player_demo"].playing is False
    note = [i.value for i in at.info]
    assert note == [t("player.busy_gave_up", lang="en", live=3, waited=10.0)] and "playing: 3" in note[0]
    assert reg.snapshot()["line"] == [] and len(reg.snapshot()["live"]) == 3  # it left the line


def test_the_busy_notice_names_the_runs_the_place_and_the_wait_in_both_languages():
    for lang in ("en", "zh"):
        text = t("player.busy", lang=lang, live=30, position=4, eta=75)
        assert "30" in text and "4" in text and "75" in text


def test_a_newcomer_plays_once_a_place_frees_and_ends_on_the_numbers_it_reaches_alone(registry, monkeypatch):
    reg = registry(max_live=2)
    alone = AppTest.from_function(counting_page, default_timeout=30)
    alone.session_state["dlve_play_frames"], alone.session_state["spf"] = 12, 7
    alone.run()
    alone.button(key="demo_toggle").click().run()
    assert alone.session_state["count"] == 84

    clock = Clock()
    monkeypatch.setattr(player, "time", clock)
    fill(reg, 2, clock.now)  # never refreshed: after EXPIRE_S of the test's time they are gone, as closed tabs
    at = AppTest.from_function(counting_page, default_timeout=30)
    at.session_state["dlve_play_frames"], at.session_state["spf"] = 12, 7
    at.run()
    at.button(key="demo_toggle").click().run()
    assert clock.now > 1000.0 + EXPIRE_S  # it waited for them
    assert at.session_state["count"] == alone.session_state["count"]
    assert [i.value for i in at.info] == [t("player.paused_budget", lang="en", seconds=0.0)]


def auto_page():
    """Records the "auto" training seconds and slow-chart spacing the player gives a frame that draws for 6 ms."""
    import streamlit as st

    from ui import player

    st.session_state["train_s"] = player.train_seconds("demo", 0.006)
    st.session_state["slow_every"] = player.slow_every("demo", 3)


def test_auto_work_per_frame_shrinks_as_load_grows(registry):
    reg = registry(max_live=100)
    seen = []
    for live in (0, 4, 9, 19, 39):
        fill(reg, live, 0.0)
        at = AppTest.from_function(auto_page, default_timeout=30).run()
        seen.append((at.session_state["train_s"], at.session_state["slow_every"]))
        for i in range(live):
            reg.leave(f"fake{i}")
    train = [s for s, _ in seen]
    d, fps = 0.006, limits.PICTURE_FPS
    # alone: the spiral's rule (fill frames at 30 a second, at least 2.4x the drawing)
    assert train[0] == pytest.approx(max(1 / 30 - d, 2.4 * d))
    assert all(a >= b for a, b in zip(train, train[1:])) and train[-1] < train[0] / 3, train
    # 5 and 10 runs: a slice of 0.2 or 0.1 core-seconds a second still affords PICTURE_FPS frames that train 70%
    assert train[1] == train[2] == pytest.approx(2.4 * d)
    # 20 and 40 runs: PICTURE_FPS frames a second first, training in what is left of the slice
    assert train[3] == pytest.approx(1 / 20 / fps - d) and train[4] == pytest.approx(1 / 40 / fps - d)
    assert [k for _, k in seen] == [3, 3, 3, 6, 9], seen


class Slot:
    """Stands in for the player's placeholder under the buttons: keeps what it was last told to show."""

    def __init__(self):
        self.shown = []

    def info(self, text, **kwargs):
        self.shown.append(text)

    def caption(self, text, **kwargs):
        self.shown.append(text)

    def empty(self):
        self.shown.append(None)


def descent():
    from core.data import make_linear
    from core.train import RegressionTrainer

    x, y = make_linear(50, 2.0, -1.0, 0.3, seed=7)
    return RegressionTrainer(x, y, lr=0.05, w0=0.0, b0=0.0)


def play_descent(sid: str, frames: int) -> tuple[tuple, list]:
    """One visitor's play, as ui.player.run does it (a place among the live runs, then the frame loop),
    in a thread of this process: AppTest runs one app at a time, so the sessions here are plain threads
    calling the player's own wait and loop. Returns the run's numbers and what its notice slot showed."""
    tr, p = descent(), player.Player(playing=True, slot=Slot())
    if player._wait_turn(p, sid, 600):
        player._loop(p, sid, lambda: tr.step(5) and None, lambda: None, 600, frames)
    serverload.REGISTRY.leave(sid)
    return (tr.steps, tr.w, tr.b, tr.loss), p.slot.shown


def test_runs_sharing_the_server_and_waiting_in_line_end_on_their_numbers_alone(registry):
    """Six sessions press Play at once on a process that takes two runs and one frame at a time: four wait
    in line (told so), all six play, and every one ends on exactly the numbers of the same run played alone."""
    registry(max_live=100)
    alone, _ = play_descent("alone", 40)
    assert alone[0] == 200
    reg = registry(max_live=2, frames_at_once=1)
    results = [None] * 6
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, play_descent(f"s{i}", 40))) for i in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(300)
    assert [numbers for numbers, _ in results] == [alone] * 6
    waited = [shown for _, shown in results if any(s and "in line" in s for s in shown)]
    assert len(waited) >= 4, [shown for _, shown in results]  # only two could play at first
    assert reg.snapshot()["live"] == [] and reg.snapshot()["line"] == [] and reg.snapshot()["free"] == 1


def test_a_run_slowed_by_sharing_says_so_and_how_fast_it_goes(registry):
    reg = registry(max_live=100)
    fill(reg, 9, 0.0)
    reg.enter("me", 0.0, 100)
    with reg.frame("me", lambda: 0.0) as cost:
        cost(0.02, 0.01)  # its frames cost 30 ms: alone it would get about 33 a second
    p = player.Player(playing=True, slot=Slot())
    said = player._say_shared(p, "me", 0.5, None)  # under load it gets one every half second
    assert said == (10, 2.0) and p.slot.shown == [t("player.shared", lang="en", live=10, fps=2.0)]
    assert "10 runs" in p.slot.shown[0] and "2.0 frames" in p.slot.shown[0]
    assert player._say_shared(p, "me", 0.5, said) == said and len(p.slot.shown) == 1  # unchanged: not resent
    assert player._say_shared(p, "me", 0.05, said) is None and p.slot.shown[-1] is None  # back to its pace
    for i in range(9):
        reg.leave(f"fake{i}")
    assert player._say_shared(p, "me", 0.5, None) is None  # alone: slow by its own work, not by sharing


def test_auto_work_reads_the_drawing_cpu_the_player_measured_while_playing(registry):
    """A wall-clock drawing time on a busy server counts waits for the interpreter lock: once the run has
    frames, the player's own CPU figure for its drawing decides (here 5 ms, against a page's 50 ms)."""
    reg = registry(max_live=100)
    fill(reg, 9, 0.0)
    sid = player._sid("demo")  # outside a script run: the same id run() would use
    reg.enter(sid, 0.0, 100)
    assert player.train_seconds("demo", 0.05) == 0.0  # 0.1 core-s a second: 3 frames of 50 ms leave nothing
    with reg.frame(sid, lambda: 0.0) as cost:
        cost(0.02, 0.005)
    assert player.train_seconds("demo", 0.05) == pytest.approx(2.4 * 0.005)
