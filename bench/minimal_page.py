"""The baseline page for bench/page_speed.py: one query, one table of the same data, nothing else."""

import streamlit as st

from maalstyring.storage import connect

conn = st.cache_resource(lambda: connect())()
st.title("Minimal side")
st.dataframe(
    conn.cursor()
    .execute(
        "SELECT r.institution_code, r.year, r.period, rr.measure_id, rr.status, rr.verdict "
        "FROM reports r JOIN report_rows rr USING (upload_id) WHERE r.is_current"
    )
    .df()
)
