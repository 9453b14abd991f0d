"""What every page starts with."""
import streamlit as st

from ui.i18n import t


def header(slug: str) -> None:
    """Title and the two or three sentences that say what the page teaches."""
    st.title(t(f"{slug}.title"))
    st.markdown(t(f"{slug}.intro"))
