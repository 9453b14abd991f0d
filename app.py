"""DL Visual Explainer: `streamlit run app.py`.

The app's script is ``explainer.py``; this file serves it as an ``st.App`` so that the process can warm up
(imports, first torch and Altair calls) before it accepts visitors: the first visitor of a fresh server
no longer waits the 5–7 s of imports (#15). ``streamlit run explainer.py`` runs the same app without it.
"""
import asyncio
from contextlib import asynccontextmanager

import streamlit as st
from streamlit.logger import get_logger


@asynccontextmanager
async def warm_first(app):
    from ui.warmup import warm

    took = await asyncio.to_thread(warm)  # the event loop stays free; the server listens once this returns
    get_logger("dlve").info("warmed up: %s", ", ".join(f"{k} {v:.1f} s" for k, v in took.items()))
    yield


app = st.App("explainer.py", lifespan=warm_first)
