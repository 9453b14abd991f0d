"""The "show the PyTorch code" expander every page ends with."""
import streamlit as st

from ui.i18n import t


def show_code(source: str, *, expanded: bool = False) -> None:
    with st.expander(t("code.show"), expanded=expanded, icon=":material/code:"):
        st.caption(t("code.caption"))
        st.code(source, language="python")
