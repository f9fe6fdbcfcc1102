"""How the leadership pages draw a chart: finished HTML from the cached read models (ui/views.py,
ui/shared_goal_views.py, ui/trends.py), built once per data version and filters and shared by every session.

The bar charts are HTML rows (ui/html_charts.py), the line chart an SVG image with HTML around it (ui/line_chart.py).
They replaced Plotly, whose 4,7 MB bundle cost every fresh load of Koncernoverblik, Koncernfælles mål and Udvikling
0,2–0,5 s in the browser (issue 14). They were then cached on their input frames, but hashing a frame to find its
chart cost a view more than the cache saved, so the read models now return them (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import streamlit as st


def show_chart(chart_html: str) -> None:
    """Draw a chart built above: escaped HTML, shown as it is (ui/charts.css comes with the page: ui/app_shell.py)."""
    st.html(chart_html)
