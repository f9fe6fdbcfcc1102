"""Layout rules Streamlit has no setting for, as one small documented CSS file (ui/readable.css).

Issue 14: at 1440 px nothing a leader needs may be cut off, and on a 390 px phone the first screen must show the
figures. Streamlit's own means do most of it (st.columns stack, st.container keys); the CSS draws the static tables
(ui/tables.py), lets long words break inside them, turns their rows into cards and shrinks the banners to one line
on a phone. st.html sends a stylesheet to
the page without taking up space; the file holds selectors and constants only, never user text.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STYLESHEET = Path(__file__).with_name("readable.css")
CHART_STYLESHEET = Path(__file__).with_name("charts.css")  # the charts' rows, fills and hatches (ui/html_charts.py)


def readable_layout() -> None:
    st.html(STYLESHEET)
    st.html(CHART_STYLESHEET)
