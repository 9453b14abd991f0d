"""What every page starts with: title, intro, the link to this view, and the URL's controls."""
from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st

from ui import urlstate
from ui.i18n import t

PARAMS_KEY = "dlve_view_params"


class View:
    """The page's URL parameters and its "link to this view" box (filled by ``publish``)."""

    def __init__(self, params: Sequence[urlstate.Param], box):
        self.params, self.box = tuple(params), box

    def publish(self, only: Sequence[urlstate.Param] | None = None) -> None:
        """After the controls: write them to the URL and show the link that reopens this view.

        ``only``: the parameters that shape the view now (say, the knobs of the activations
        chosen), so a knob of something no longer shown does not stay in the link for good.
        """
        urlstate.mirror(self.params if only is None else only)
        if not self.box.open:  # an st.code would load its syntax highlighter on every page, opened or not
            return
        with self.box:
            st.caption(t("link.caption"))
            st.code(urlstate.link(), language=None, wrap_lines=True)


def link_key(slug: str) -> str:
    """The session-state key of a page's link box (True while it is open)."""
    return f"link_box_{slug}"


def header(slug: str, params: Sequence[urlstate.Param] = (), intro: Callable[[], str] | None = None) -> View:
    """Title and the two or three sentences that say what the page teaches.

    ``intro``: the intro for this view, when it depends on the controls (called after they are restored).

    Also starts the page's controls from the URL (before any widget exists) and says, once,
    which URL values were clamped or ignored.
    """
    changed = urlstate.restore(params)
    st.session_state[PARAMS_KEY] = {p.name: p.key for p in params}  # which URL names this page reads
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(t(f"{slug}.title"))
    with share.container(key="share"):
        # on_change="rerun": the box reports whether it is open, so the link is only drawn for who opens it;
        # a key per page, or the box opened on one page would open itself on the next
        box = st.popover(t("link.button"), icon=":material/link:", width="stretch", key=link_key(slug),
                         on_change="rerun")
    with st.container(key="secondary_intro"):  # the lecturer says it; presenter mode leaves the room to the charts
        st.markdown(intro() if intro else t(f"{slug}.intro"))
    if changed:
        st.toast(t("link.adjusted", names=", ".join(f"`{n}`" for n in changed)), icon=":material/tune:")
    return View(params, box)
