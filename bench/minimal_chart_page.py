"""The baseline of the chart pages for bench/page_speed.py: one query, one table and one Plotly chart of the same
data (målepunkter per status and institution, a stacked bar as Koncernoverblik draws it), nothing else. So a
chart page is measured against what a page with one Plotly chart costs at the least: the bundle Chromium loads
and runs, and one figure built with plotly.graph_objects (not plotly.express, which costs more server time)."""

import plotly.graph_objects as go
import streamlit as st

from bench.baseline import current_report_rows
from maalstyring.database.storage import connect
from ui.timing import now, page_timer

started = now()
conn = st.cache_resource(lambda: connect())()
with page_timer("minimal_graf", started):  # logged only with MAALSTYRING_SCRIPT_TIMING=1, like app.py
    st.title("Minimal side med graf")
    rows = current_report_rows(conn)
    st.dataframe(rows)
    counts = rows.groupby(["institution_code", "status"]).size().unstack(fill_value=0)
    bars = [go.Bar(name=str(status), y=list(counts.index), x=list(counts[status]), orientation="h")
            for status in counts.columns]  # fmt: skip
    st.plotly_chart(go.Figure(bars, layout={"barmode": "stack", "separators": ",."}), theme=None)
