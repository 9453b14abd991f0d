"""DL Visual Explainer's script: `streamlit run app.py` serves it (see app.py), `streamlit run explainer.py` runs it bare."""
import streamlit as st

from ui import shell

# the icon ships with the app: a :material/ favicon is fetched from fonts.gstatic.com, which a classroom offline lacks
st.set_page_config(page_title="DL Visual Explainer", page_icon=str(shell.ICON), layout="wide",
                   initial_sidebar_state=shell.sidebar_state())
shell.configure_server()
shell.seed_state()  # language and projector from the URL or the browser, before any text is drawn
page = shell.navigation()
shell.language_switch()
shell.projector_switch()
shell.device_panel()
page.run()
