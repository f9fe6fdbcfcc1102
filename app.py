"""Målstyring: the router. Every page is registered here (st.navigation does not scan pages/)."""

import streamlit as st

st.set_page_config(page_title="Målstyring", page_icon=":material/flag:", layout="wide")

PAGES = [
    st.Page("pages/planer.py", title="Planer", icon=":material/description:", default=True),
]

st.navigation(PAGES).run()
