"""Målstyring: the router. Every page is registered here (st.navigation does not scan pages/)."""

from pathlib import Path

import streamlit as st

from maalstyring.dashboard import example_report_count
from ui.db import get_connection
from ui.filters import sidebar_filters
from ui.status import example_banner

# A local icon: a ":material/…" icon is fetched from a font CDN, and the app must work offline.
FAVICON = str(Path(__file__).parent / "static" / "favicon.png")
st.set_page_config(page_title="Målstyring", page_icon=FAVICON, layout="wide")

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

page = st.navigation(PAGES)
# Drawn here, not in the pages, so the filters (bound to the URL) carry over from page to page.
conn = get_connection()
sidebar_filters(conn)
example_banner(example_report_count(conn))
page.run()
