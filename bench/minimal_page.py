"""The baseline page for bench/page_speed.py: one query, one table of the same data, nothing else."""

import streamlit as st

from bench.baseline import current_report_rows
from maalstyring.database.storage import connect
from ui.timing import now, page_timer

started = now()
conn = st.cache_resource(lambda: connect())()
with page_timer("minimal", started):  # logged only with MAALSTYRING_SCRIPT_TIMING=1, like app.py
    st.title("Minimal side")
    st.dataframe(current_report_rows(conn))
