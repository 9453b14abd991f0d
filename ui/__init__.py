"""Streamlit-side helpers shared by the pages: i18n, charts, sidebar, live player."""
