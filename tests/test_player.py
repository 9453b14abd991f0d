"""The live-play pattern: Play runs a bounded loop, Pause/Step/Reset only change state."""
import pytest
from streamlit.testing.v1 import AppTest


def live_page():
    import streamlit as st

    from ui import player

    st.session_state.setdefault("count", 0)

    def step():
        st.session_state.count += 1

    def reset():
        st.session_state.count = 0

    player.controls("demo", on_step=step, on_reset=reset)
    shown = st.empty()
    shown.write(f"count={st.session_state.count}")

    def advance():
        st.session_state.count += st.session_state.get("per_frame", 1)
        return "player.finished" if st.session_state.count >= st.session_state.get("stop_at", 10**9) else None

    player.run("demo", advance=advance, draw=lambda: shown.write(f"count={st.session_state.count}"))


@pytest.fixture
def at():
    at = AppTest.from_function(live_page, default_timeout=30)
    at.session_state["dlve_play_frames"] = 5
    return at.run()


def text(at):
    return [m.value for m in at.markdown if m.value.startswith("count=")][0]


def test_step_and_reset(at):
    at.button(key="demo_step").click().run()
    at.button(key="demo_step").click().run()
    assert text(at) == "count=2"
    at.button(key="demo_reset").click().run()
    assert text(at) == "count=0"


def test_play_stops_at_frame_budget_and_says_so(at):
    at.button(key="demo_toggle").click().run()
    assert text(at) == "count=5"
    assert at.button(key="demo_toggle")  # the script reran: the control shows Play again
    assert any("Paused" in i.value for i in at.info)
    assert not at.exception


def test_play_stops_when_training_says_done(at):
    at.session_state["stop_at"] = 3
    at.button(key="demo_toggle").click().run()
    assert text(at) == "count=3"
    assert any("converged" in i.value for i in at.info)


def test_step_clears_the_note(at):
    at.button(key="demo_toggle").click().run()
    at.button(key="demo_step").click().run()
    assert not at.info


def controls_only():
    from ui import player

    player.controls("demo", on_step=lambda: None, on_reset=lambda: None)


def test_one_toggle_reads_pause_while_playing_and_pauses():
    from ui.player import Player

    at = AppTest.from_function(controls_only, default_timeout=30)
    at.session_state["player_demo"] = Player(playing=True)
    at.run()
    assert at.button(key="demo_toggle").label == "Pause"
    assert len(at.button) == 3  # no second, stale Play button beside Pause
    at.button(key="demo_toggle").click().run()
    assert at.session_state["player_demo"].playing is False
    assert at.button(key="demo_toggle").label == "Play"


def timed_page():
    """A live page whose every frame takes one second of a clock the test holds (session state "clock")."""
    import streamlit as st

    from ui import player

    st.session_state.setdefault("count", 0)
    player.controls("demo", on_step=lambda: None, on_reset=lambda: None)

    def advance():
        st.session_state.count += 1
        st.session_state.clock.now += 1.0
        return "player.finished" if st.session_state.count >= 1000 else None  # a stop if the clock is ignored

    player.run("demo", advance=advance, draw=lambda: None)
    st.write(f"count={st.session_state.count}")


class Clock:
    """Stands in for ui.player's ``time``: ``monotonic`` reads the page's clock, ``sleep`` passes no time."""

    def __init__(self):
        self.now = 100.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        pass


def test_play_stops_at_its_wall_clock_budget_with_no_frame_budget(monkeypatch):
    """The time limit alone ends a play (what frees a server thread on the public demo): with no
    frame budget, frames of one second each and a 5 s budget, the loop ends after 5 frames, saying so."""
    from ui import player

    monkeypatch.delenv("DLVE_PLAY_FRAMES", raising=False)
    monkeypatch.setenv("DLVE_PLAY_SECONDS", "5")
    clock = Clock()
    monkeypatch.setattr(player, "time", clock)
    at = AppTest.from_function(timed_page, default_timeout=30)
    at.session_state["clock"] = clock
    at.run()
    at.button(key="demo_toggle").click().run()
    assert text(at) == "count=5"
    assert clock.now == 105.0
    assert at.session_state["player_demo"].playing is False
    assert at.session_state["player_demo"].note == "player.paused_budget"
    assert at.session_state["player_demo"].note_args == {"seconds": 5.0}


@pytest.mark.parametrize("frame_s, seconds, expected", [
    (1 / 16, 0.25, [0, 4, 8, 12]),  # fast frames: the seconds bind, four slow frames a second
    (1.0, 0.25, [0, 3, 6, 9, 12]),  # slow frames (a busy server): every third frame, as before
    (1 / 16, 0.0, [0, 3, 6, 9, 12]),  # no floor in seconds: the frame count alone
])
def test_slow_frames_wait_for_both_their_frames_and_their_seconds(frame_s, seconds, expected):
    from ui import player

    now = [0.0]
    slow = player.SlowFrames("nobody", 3, seconds=seconds, clock=lambda: now[0])
    seen = []
    for i in range(15):
        now[0] = i * frame_s  # exact in binary: no rounding decides a frame
        if slow():
            seen.append(i)
    assert seen == expected
