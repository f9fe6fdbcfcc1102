"""The server-drawn charts (ui/html_charts.py, ui/line_chart.py: escaped HTML in st.html), read back as a reader
sees them: title, legend, one entry per row with its label and written value, the hover titles, the image texts."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ui.html_charts import FIGURE_CLASS

_VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr"}
# The class of an element whose text is one field of the chart.
_FIELDS = {"ms-label": "label", "ms-total": "value", "ms-value": "value", "ms-count": "count", "ms-sr": "spoken"}


@dataclass
class Row:
    label: str = ""
    value: str = ""
    counts: list[str] = field(default_factory=list)  # the symbol + count written on each segment
    spoken: list[str] = field(default_factory=list)  # the screen-reader texts
    titles: list[str] = field(default_factory=list)  # the hover titles in the row
    styles: list[str] = field(default_factory=list)  # the inline styles (widths, positions)
    classes: list[str] = field(default_factory=list)


@dataclass
class Chart:
    caption: str = ""
    legend: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    axis: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # every title attribute, rows' and points' alike
    images: list[tuple[str, str]] = field(default_factory=list)  # (alt, src) of each drawing
    tags: list[str] = field(default_factory=list)  # every start tag, so a test can see that no text made markup

    def row(self, label: str) -> Row:
        return next(r for r in self.rows if r.label == label)

    def svgs(self) -> list[str]:
        """The SVG source of each drawing (wide, then narrow)."""
        prefix = "data:image/svg+xml;base64,"
        return [base64.b64decode(src.removeprefix(prefix)).decode() for _, src in self.images]


class _ChartReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chart = Chart()
        self._stack: list[str | None] = []  # per open element: the field its text goes to, if any
        self._row_at: int | None = None  # the depth of the open row, if one is open

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.chart.tags.append(tag)
        classes = (attrs.get("class") or "").split()
        target = None
        if tag == "figcaption":
            target = "caption"
        elif tag == "li":
            self.chart.legend.append("")
            target = "legend"
        elif "ms-axis" in classes:
            self.chart.axis.append("")
            target = "axis"
        elif "ms-row" in classes and "ms-scale" not in classes:
            self.chart.rows.append(Row())
            self._row_at = len(self._stack)
        elif self._row_at is not None:
            target = next((_FIELDS[c] for c in classes if c in _FIELDS), None)
            if target == "count":
                self.chart.rows[-1].counts.append("")
            elif target == "spoken":
                self.chart.rows[-1].spoken.append("")
        if "title" in attrs:
            self.chart.titles.append(attrs["title"])
        if self._row_at is not None:
            row = self.chart.rows[-1]
            row.titles += [attrs["title"]] if "title" in attrs else []
            row.styles.append(attrs.get("style") or "")
            row.classes += classes
        if tag == "img":
            self.chart.images.append((attrs.get("alt") or "", attrs.get("src") or ""))
        if tag not in _VOID:
            self._stack.append(target or (self._stack[-1] if self._stack else None))

    def handle_endtag(self, tag):
        if tag not in _VOID and self._stack:
            self._stack.pop()
            if self._row_at is not None and len(self._stack) == self._row_at:
                self._row_at = None

    def handle_data(self, data):
        target = self._stack[-1] if self._stack else None
        chart = self.chart
        if target == "caption":
            chart.caption += data
        elif target == "legend":
            chart.legend[-1] += data
        elif target == "axis":
            chart.axis[-1] += data
        elif target in ("label", "value") and chart.rows:
            setattr(chart.rows[-1], target, getattr(chart.rows[-1], target) + data)
        elif target == "count" and chart.rows:
            chart.rows[-1].counts[-1] += data
        elif target == "spoken" and chart.rows:
            chart.rows[-1].spoken[-1] += data


def read_chart(body: str) -> Chart:
    reader = _ChartReader()
    reader.feed(body)
    return reader.chart


def charts(node) -> list[Chart]:
    """Every chart under an AppTest node, in page order."""
    return [read_chart(el.body) for el in node.html if f'<figure class="{FIGURE_CLASS}' in el.body]
