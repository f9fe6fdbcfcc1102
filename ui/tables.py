"""A table's own Excel download: the safe way to take a shown table to a spreadsheet.

The tables' built-in CSV download and copy are off (client.disableDataExport in .streamlit/config.toml):
a spreadsheet opening that CSV would run workbook text such as =HYPERLINK(…) as a formula, and prefixing
such cells would show plan bullets ("- punkt") with a stray quote. The workbooks written here store every
text as text (loaders/export.py), so "- punkt" and "=HYPERLINK(…)" open as the words they are.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from loaders.export import write_tables
from ui.plain_text import label, plain
from ui.templates import XLSX_MIME
from vocabulary.formatting import format_number


def table_workbook(frame: pd.DataFrame, sheet: str) -> bytes:
    """`frame` as one sheet, its column names as headers, every text cell as text."""
    return write_tables({sheet: (frame, {col: str(col) for col in frame.columns})})


def excel_download(label: str, frame: pd.DataFrame, file_name: str, sheet: str, key: str) -> None:
    """A button that hands out `frame` as a workbook, written only when pressed."""
    st.download_button(
        label,
        data=lambda: table_workbook(frame, sheet),
        file_name=file_name,
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


# About 25 characters a line: wide enough to read, narrow enough that three such columns fit beside the rest.
TEXT_COLUMN_WIDTH = ("min-width", "11rem")


def static_table(
    frame: pd.DataFrame,
    style=None,
    styled_columns: list[str] | tuple[str, ...] = (),
    text_columns: list[str] | tuple[str, ...] = (),
) -> None:
    """A table whose every text stays in view: cells wrap (st.table is HTML), nothing hides in a scrolled canvas.

    st.dataframe draws on a canvas with one line per cell, so long texts and wide tables were cut off at 1440 px
    (issue 14). st.table renders Markdown in cells, so every cell and header is escaped (ui.plain_text): workbook
    text is shown exactly as typed. `style` maps a raw cell text to CSS for the `styled_columns` (status colours).
    `text_columns` hold running text (cause, action, assessment): they get a reading width, and the short columns
    beside them give way, instead of every column wrapping to a word a line.
    """
    shown = frame.fillna("").astype(str).map(plain)
    shown.columns = [label(col) for col in frame.columns]
    styler = shown.style
    present = [col for col in styled_columns if col in frame.columns]
    if style and present:
        css = pd.DataFrame("", index=frame.index, columns=frame.columns)
        css[present] = frame[present].map(style)
        css.columns = shown.columns
        styler = styler.apply(lambda _: css, axis=None)
    st.table(styler.set_table_styles(column_styles(list(frame.columns), text_columns)), hide_index=True)


def column_styles(columns: list, text_columns) -> list[dict]:
    """Per column: its name as the label of its line when ui/readable.css turns the rows into cards on a phone
    (CSS cannot read a cell's header), and a reading width for running text. The name goes into a CSS string with
    every character but letters, digits and spaces written as an escape, so no text can leave the string."""
    styles = []
    for i, col in enumerate(columns):
        styles.append({"selector": f"td.col{i}::before", "props": [("content", css_string(str(col)))]})
        if col in text_columns:
            styles.append({"selector": f".col{i}", "props": [TEXT_COLUMN_WIDTH]})
    return styles


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: 'Årsag og konsekvens' stays readable, '"' or '}' become \\22 and \\7d."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text) + '"'


# st.table renders every cell as markdown in the browser (about 0,5 ms a cell in Chromium): one table draws at most
# about this many cells at once, so a page's first screen is no slower than the canvas table it replaced.
CELLS_AT_ONCE = 300


def rows_within_budget(columns: int) -> int:
    """How many rows of a table with `columns` columns one page draws (never fewer than ten)."""
    return max(10, CELLS_AT_ONCE // max(1, columns))


def paged_table(
    frame: pd.DataFrame,
    key: str,
    rows_per_page: int | None = None,
    style=None,
    styled_columns: list[str] | tuple[str, ...] = (),
    text_columns: list[str] | tuple[str, ...] = (),
    parts: dict[str, list[str]] | None = None,
) -> None:
    """`static_table` a page of rows at a time, in the frame's order (newest first for a log): for tables that
    grow without bound (received files, the audit trail) or run past CELLS_AT_ONCE cells.

    A table that fits one page is drawn as it is, with no page choice. Otherwise a caption above says which rows
    show ("Side 2 af 7 · viser række 26–50 af 170"), and the page is chosen under the table (st.pagination:
    numbers, previous and next) and kept in the URL under `key`, so a reload or a shared link opens the same page.
    A page number the table does not have (or not a number) opens the first page (Streamlit's own check).

    `parts` (title → columns) splits a table too wide for 1440 px into tables one under the other, each titled,
    of the same rows under one page choice: every column stays in view, and each part names its rows.
    """
    drawn = sum(map(len, parts.values())) if parts else len(frame.columns)  # the row names repeat in each part
    rows = rows_per_page or rows_within_budget(drawn)
    total = len(frame)
    pages = max(1, math.ceil(total / rows))
    above = st.container()  # filled once the page choice below is known
    page = st.pagination(pages, key=key, bind="query-params", max_visible_pages=5) if pages > 1 else 1
    first = (page - 1) * rows
    shown = frame.iloc[first : first + rows]
    with above:
        if pages > 1:
            st.caption(page_caption(page, pages, first, len(shown), total))
        for title, columns in (parts or {"": list(frame.columns)}).items():
            if title:
                st.markdown(f"**{title}**")  # the caller's constant words, never workbook text
            static_table(shown[columns], style, styled_columns, text_columns)


def page_caption(page: int, pages: int, first: int, shown: int, total: int) -> str:
    """E.g. 'Side 2 af 7 · viser række 26–50 af 170' (`first` counts from 0)."""
    n = format_number  # Danish thousands: 'række 1.001–1.025 af 1.234'
    return f"Side {n(page)} af {n(pages)} · viser række {n(first + 1)}–{n(first + shown)} af {n(total)}"
