"""The leadership pages' Plotly charts (ui/figures.py, shown by ui/dashboard_figures.py), read back from an AppTest
run as the browser gets them: the figure's JSON, Plotly's settings and the text alternative."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass
class Figure:
    spec: dict  # Plotly's figure: data and layout
    config: dict  # Plotly's settings (mode bar, locale, file name of "Gem som billede")
    alt: str  # the chart's accessible name

    @property
    def layout(self) -> dict:
        return self.spec["layout"]

    @property
    def title(self) -> str:
        return self.layout["title"]["text"]

    @property
    def traces(self) -> list[dict]:
        return self.spec["data"]

    @property
    def legend(self) -> list[str]:
        """The legend's entries: every trace that shows one, in the legend's order (legendrank, then trace order)."""
        shown = [(t.get("legendrank", 1000), i, t["name"]) for i, t in enumerate(self.traces)
                 if t.get("showlegend", True)]  # fmt: skip
        return [name for _, _, name in sorted(shown)]

    def trace(self, name: str) -> dict:
        return next(t for t in self.traces if t.get("name") == name)

    def bar_texts(self, label: str) -> list[str]:
        """What is written on the bars of one row (institution), worst status first."""
        return [t["text"][t["y"].index(label)] for t in self.traces
                if t.get("type") == "bar" and label in t["y"] and t["text"][t["y"].index(label)]]  # fmt: skip


def figures(node) -> list[Figure]:
    """Every Plotly chart under an AppTest node, in page order."""
    return [
        Figure(json.loads(el.proto.spec), json.loads(el.proto.config or "{}"), el.proto.alt)
        for el in node.get("plotly_chart")
    ]
