"""Overview: what each lesson shows, with a link to it."""
import streamlit as st

from ui.i18n import t
from ui.page import header
from ui.shell import PAGES

view = header("home")  # no controls: the link carries only the language (and presenter mode)

PER_ROW = 3
lessons = [p for p in PAGES if not p.default]
st.header(t("home.lessons_header"))  # h2 between the title (h1) and each lesson's card (h3)
for i, page in enumerate(lessons):
    if i % PER_ROW == 0:
        row = st.columns(PER_ROW)
    with row[i % PER_ROW].container(border=True, height="stretch"):
        st.subheader(t(f"nav.{page.slug}"))
        st.write(t(f"home.{page.slug}"))
        st.page_link(page.path, label=t("home.open"), icon=page.icon)

view.publish()
