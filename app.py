"""Målstyring: the router. Every page is registered here (st.navigation does not scan pages/)."""

import streamlit as st

st.set_page_config(page_title="Målstyring", page_icon=":material/flag:", layout="wide")

PAGES = {
    "Ledelse": [
        st.Page("pages/koncernoverblik.py", title="Koncernoverblik", icon=":material/dashboard:", default=True),
        st.Page("pages/faelles_maal.py", title="Koncernfælles mål", icon=":material/compare:"),
        st.Page("pages/institution.py", title="Institution", icon=":material/account_balance:"),
        st.Page("pages/udvikling.py", title="Udvikling over år", icon=":material/timeline:"),
        st.Page("pages/planer.py", title="Planer", icon=":material/description:"),
    ],
    "Indberetning": [
        st.Page("pages/skabeloner.py", title="Skabeloner", icon=":material/download:"),
        st.Page("pages/indberetning.py", title="Indberetning", icon=":material/upload_file:"),
        st.Page("pages/historik.py", title="Historik", icon=":material/history:"),
        st.Page("pages/indberetningsstatus.py", title="Indberetningsstatus", icon=":material/checklist:"),
    ],
}

st.navigation(PAGES).run()
