"""The static tables (ui.tables.static_table: escaped HTML in st.html) and the native disclosures
(ui.tables.details_html) of an AppTest tree, as a reader sees them."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pandas as pd

from ui.tables import DETAILS_CLASS, TABLE_CLASS
from ui.tiles import TILES_CLASS
from ui.views import PLAN_HEADING_CLASS


class _TableReader(HTMLParser):
    """Headers and rows of one table: entities resolved, <br> as a line break, no other markup expected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.tags: list[str] = []  # every start tag, so a test can see that no cell made markup
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_body = True
        if tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell)
            (self.headers if tag == "th" else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    _in_body = False


def read_table(body: str) -> tuple[pd.DataFrame, list[str]]:
    """One static table's HTML as a frame of the texts shown, and the tags it contains."""
    reader = _TableReader()
    reader.feed(body)
    return pd.DataFrame(reader.rows, columns=reader.headers), reader.tags


_TABLE = re.compile(rf'<table class="{TABLE_CLASS}">.*?</table>', re.S)  # ours are never nested


def tables_in(body: str) -> list[pd.DataFrame]:
    """The static tables in one piece of HTML, in order."""
    return [read_table(match)[0] for match in _TABLE.findall(body)]


def static_tables(node) -> list[pd.DataFrame]:
    """Every static table under an AppTest node (the app, an expander, a column), in page order."""
    return [table for el in node.html for table in tables_in(el.body)]


def overview_matrix(node) -> pd.DataFrame:
    """Koncernoverblik's goal matrix (institution × goal), wherever it stands on the page: the one static table of
    institutions without a Status column (the troubled goals before it have one)."""
    (matrix,) = [t for t in static_tables(node) if t.columns[0] == "Institution" and "Status" not in t.columns]
    return matrix


@dataclass
class Disclosure:
    """One `<details>` as a reader sees it: its summary, whether it is open, its paragraphs and its tables."""

    label: str
    expanded: bool
    paragraphs: list[str]
    tables: list[pd.DataFrame]


_DETAILS = re.compile(rf'<details class="{DETAILS_CLASS}"( open)?><summary>(.*?)</summary>(.*?)</details>', re.S)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br>", "\n")))


def disclosures(node) -> list[Disclosure]:
    """Every native disclosure under an AppTest node, in page order."""
    found = []
    for el in node.html:
        for opened, summary, body in _DETAILS.findall(el.body):
            paragraphs = [_text(p) for p in re.findall(r"<p>(.*?)</p>", _TABLE.sub("", body), re.S)]
            found.append(Disclosure(_text(summary), bool(opened), paragraphs, tables_in(body)))
    return found


def plan_headings(node) -> list[str]:
    """Planer's heading over each shown plan, as read (one escaped HTML block: ui/views.plan_sections)."""
    block = "".join(el.body for el in node.html)
    return [_text(h) for h in re.findall(rf'<h2 class="{PLAN_HEADING_CLASS}">(.*?)</h2>', block, re.S)]


_TILE = re.compile(
    r'<div class="ms-tile"><dt>(.*?)</dt><dd>(.*?)</dd>(?:<dd class="ms-tile-note">(.*?)</dd>)?</div>', re.S
)


def tiles(node) -> dict[str, str]:
    """The key-figure tiles under an AppTest node (ui/tiles.py): label → value, as a reader sees them."""
    return {
        _text(label): _text(value)
        for el in node.html
        if f'<dl class="{TILES_CLASS}"' in el.body
        for label, value, _ in _TILE.findall(el.body)
    }


def tile_notes(node) -> dict[str, str]:
    """The tiles' notes under their values (label → note; tiles without one are left out)."""
    return {_text(label): _text(note) for el in node.html for label, _, note in _TILE.findall(el.body) if note}


def links(node) -> list[tuple[str, str]]:
    """Every link in the static HTML under an AppTest node: (its text as read, its address), in page order."""
    return [
        (_text(text), html.unescape(href))
        for el in node.html
        for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', el.body, re.S)
    ]


def table_with(at, column: str) -> pd.DataFrame:
    """The first static table having `column` (as a reader sees its header)."""
    return next(frame for frame in static_tables(at) if column in frame.columns)


def every_row(at, column: str, page_key: str) -> pd.DataFrame:
    """Every row of the paged table having `column` (ui/tables.paged_table under `page_key`): page by page, as a
    reader turning the pages sees them, in order. A table that fits one page has no page choice."""
    choice = [p for p in at.pagination if p.key == page_key]
    if not choice:
        return table_with(at, column)
    pages = []
    for number in range(1, choice[0].proto.num_pages + 1):
        at.pagination(key=page_key).set_value(number).run()
        pages.append(table_with(at, column))
    return pd.concat(pages, ignore_index=True)
