"""Key figures as tiles: one HTML block for a row of figures, drawn like Streamlit's bordered st.metric.

A st.metric is a Markdown label, a value, a tooltip and a column each: Koncernoverblik's nine tiles in two rows of
five columns cost a fresh load ~0,05 s in the browser (bench/page_ab.py, docs/BENCHMARKS.md), a tenth of the page.
Here the figures are a description list (`<dl>`: a screen reader reads each label with its value), laid out by
ui/readable.css as a grid, two abreast on a phone. Labels and values are escaped: shown as typed, never Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st

from ui.tables import escape

TILES_CLASS = "ms-tiles"  # ui/readable.css


@dataclass(frozen=True)
class Tile:
    label: str  # e.g. "✕ Rød": a symbol and a word, never a colour alone
    value: str  # e.g. "4 mål"
    note: str = ""  # a short line under the value, e.g. what the figure counts


def tiles_html(tiles: Iterable[Tile], columns: int = 5) -> str:
    """The tiles `columns` abreast on a wide screen (a sixth tile starts the next row), two on a phone."""
    items = "".join(
        f'<div class="ms-tile"><dt>{escape(tile.label)}</dt><dd>{escape(tile.value)}</dd>'
        + (f'<dd class="ms-tile-note">{escape(tile.note)}</dd>' if tile.note else "")
        + "</div>"
        for tile in tiles
    )
    return f'<dl class="{TILES_CLASS}" style="--ms-tile-columns: {int(columns)}">{items}</dl>'


def show_tiles(tiles: Iterable[Tile], columns: int = 5) -> None:
    st.html(tiles_html(tiles, columns))
