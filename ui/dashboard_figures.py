"""How the leadership pages show a chart: a finished Plotly figure from the cached read models (ui/figures.py,
built once per data version and filters), drawn by st.plotly_chart with Danish chrome.

The mode bar holds one button, "Gem som billede" (a PNG at twice the size, named after the chart); zoom and
pan stay on the chart itself where an axis allows them, and a double click resets. Plotly's own words come in
Danish through its `locales` setting, so no English tooltip is left (tests/test_danish_everywhere.py). The chart's
text alternative goes to the element's accessible name (`alt`).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui.figures import Chart

# Plotly.js's English strings that a leader can meet on these charts, in Danish.
_DANISH = {
    "Download plot as a PNG": "Gem som billede",
    "Download plot as a png": "Gem som billede",
    "Download plot": "Gem som billede",
    "Double-click to zoom back out": "Dobbeltklik for at zoome ud igen",
    "Double-click on legend to isolate one trace": "Dobbeltklik på forklaringen for at vise én linje alene",
    "Click to enter Colorscale title": "",
    "Click to enter Plot title": "",
    "Autoscale": "Tilpas akser",
    "Reset axes": "Nulstil akser",
    "Zoom in": "Zoom ind",
    "Zoom out": "Zoom ud",
    "Taking snapshot - this may take a few seconds": "Gemmer billedet …",
    "Snapshot succeeded": "Billedet er gemt",
    "Sorry, there was a problem downloading your snapshot!": "Billedet kunne ikke gemmes.",
}
_FORMAT = {
    "decimal": ",",
    "thousands": ".",
    "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
    "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
    "months": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
               "november", "december"],
    "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}  # fmt: skip


def chart_config(filename: str) -> dict:
    """Plotly's settings for one chart: only "Gem som billede" in the mode bar, Danish words and numbers."""
    return {
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "locale": "da",
        "locales": {"da": {"dictionary": _DANISH, "format": _FORMAT}},
        "scrollZoom": False,
        "responsive": True,
    }


class _Checked(go.Figure):
    """A figure dict that Plotly checked when it was built (ui/figures.py), handed to st.plotly_chart as it is.

    st.plotly_chart validates a dict trace by trace, and takes a Figure through `to_dict()`; building a Figure from
    the cached dict, even unvalidated, cost Udvikling's two charts of 31 lines ~60 ms a view (docs/BENCHMARKS.md).
    This Figure is never built: it only gives back its dict."""

    def __init__(self, spec: dict) -> None:  # no BaseFigure.__init__: nothing to build or check
        object.__setattr__(self, "_checked_spec", spec)

    def to_dict(self) -> dict:
        return self._checked_spec


def show_figure(chart: Chart, key: str | None = None) -> None:
    """Draw a cached chart across the column's width, without building or checking its figure again."""
    st.plotly_chart(
        _Checked(chart.spec), theme=None, width="stretch", config=chart_config(chart.filename), alt=chart.alt, key=key
    )
