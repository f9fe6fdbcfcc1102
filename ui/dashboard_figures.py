"""The leadership pages' charts, built once per input (ui/cache.built_once) and shared by every session.

Each is an HTML string for `show_chart` below: the bar charts are HTML rows (ui/html_charts.py), the line chart
an SVG image with HTML around it (ui/line_chart.py). They replaced Plotly, whose 4,7 MB bundle cost every fresh
load of Koncernoverblik, Koncernfælles mål and Udvikling 0,2–0,5 s in the browser (issue 14).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import html_charts, line_chart
from ui.cache import built_once


@built_once
def status_by_institution(goals: pd.DataFrame) -> str:
    """Koncernoverblik: goals per rolled-up status for each institution, each segment with its count."""
    return html_charts.status_bars(goals)


@built_once
def economy_chart(economy: pd.DataFrame) -> str:
    """Koncernfælles mål: deviation per institution (or quarter) against the plan's band, the verdict written."""
    return html_charts.economy_bars(economy)


@built_once
def alt_dumbbell(dims: pd.DataFrame) -> str:
    """Koncernfælles mål: ALT baseline → plan year per institution and dimension."""
    return html_charts.alt_tracks(dims)


@built_once
def fulfilment_lines(series: pd.DataFrame, value: str, title: str, axis: str) -> str:
    """Udvikling: the koncern's and the institutions' shares across year × period."""
    return line_chart.fulfilment_lines(series, value, title, axis)


def show_chart(chart_html: str) -> None:
    """Draw a chart built above: escaped HTML, shown as it is (ui/charts.css comes with the page: ui/app_shell.py)."""
    st.html(chart_html)
