"""Streamlit's own Stop while playing: the page must not be left on Pause with nothing running (#13)."""
from streamlit.testing.v1 import AppTest

from ui.i18n import t


def stopped_page():
    import streamlit as st
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    from ui import player

    st.session_state.setdefault("count", 0)
    player.controls("demo", on_step=lambda: None, on_reset=lambda: None, steps=st.session_state.get("spf"))

    def advance():
        st.session_state.count += 1
        if st.session_state.count == 3:
            raise StopException()  # what Streamlit raises in the loop when the visitor presses its Stop
        return None

    player.run("demo", advance=advance, draw=lambda: None)


def test_stop_while_playing_clears_playing_and_the_next_run_shows_play():
    at = AppTest.from_function(stopped_page, default_timeout=30)
    at.session_state["dlve_play_frames"] = 50
    at.run()
    at.button(key="demo_toggle").click().run()
    assert at.session_state["count"] == 3
    assert at.session_state["player_demo"].playing is False
    # the button the visitor still sees reads Pause; pressing it pauses (it does not start playing again)
    at.button(key="demo_toggle").click().run()
    assert at.session_state["player_demo"].playing is False and at.session_state["count"] == 3
    assert at.button(key="demo_toggle").label == "Play"
    at.button(key="demo_toggle").click().run()  # and Play plays again, up to the next stop
    assert at.session_state["count"] > 3


def test_step_says_how_many_steps_a_press_takes():
    for lang in ("en", "zh"):
        at = AppTest.from_function(stopped_page, default_timeout=30)
        at.session_state["lang"], at.session_state["spf"] = lang, 10
        at.run()
        step = at.button(key="demo_step")
        assert step.label == t("player.step_n", lang=lang, n=10) and "10" in step.label
        assert "10" in step.help and step.help == t("player.step_help", lang=lang, n=10)
