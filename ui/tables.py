"""A table's own Excel download: the safe way to take a shown table to a spreadsheet.

The tables' built-in CSV download and copy are off (client.disableDataExport in .streamlit/config.toml):
a spreadsheet opening that CSV would run workbook text such as =HYPERLINK(…) as a formula, and prefixing
such cells would show plan bullets ("- punkt") with a stray quote. The workbooks written here store every
text as text (loaders/export.py), so "- punkt" and "=HYPERLINK(…)" open as the words they are.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from loaders.export import write_tables
from maalstyring import jobs
from ui.job_queue import deferred
from ui.templates import XLSX_MIME
from vocabulary.formatting import format_number, is_missing


def table_workbook(frame: pd.DataFrame, sheet: str) -> bytes:
    """`frame` as one sheet, its column names as headers, every text cell as text."""
    return write_tables({sheet: (frame, {col: str(col) for col in frame.columns})})


def excel_download(
    label: str, frame: pd.DataFrame | Callable[[], pd.DataFrame], file_name: str, sheet: str, key: str
) -> None:
    """A button that hands out `frame` (or what `frame()` gives, when the page holds no frame) as a workbook,
    written only when pressed."""
    st.download_button(
        label,
        data=deferred(jobs.EXPORTS, lambda: table_workbook(frame() if callable(frame) else frame, sheet)),
        file_name=file_name,
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


def static_table(
    frame: pd.DataFrame,
    style=None,
    styled_columns: list[str] | tuple[str, ...] = (),
    text_columns: list[str] | tuple[str, ...] = (),
) -> None:
    """A table whose every text stays in view: cells wrap (an HTML table), nothing hides in a scrolled canvas.

    st.dataframe draws on a canvas with one line per cell, so long texts and wide tables were cut off at 1440 px
    (issue 14). st.table wraps, but renders every cell as its own Markdown component: at 30 institutions that cost
    the leadership pages 0,1–0,3 s of server time (a pandas Styler re-rendered cell by cell) and more in the
    browser (docs/BENCHMARKS.md). So the table is written here as plain HTML by `table_html`, where every text
    is escaped: workbook text is shown exactly as typed, and is never Markdown, a link or markup.
    `style` maps a raw cell value to CSS for the `styled_columns` (status colours; the cells also say the status
    in a symbol and a word). `text_columns` hold running text (cause, action, assessment): they get a reading
    width, and the short columns beside them give way, instead of every column wrapping to a word a line.
    """
    st.html(table_html(frame, style, styled_columns, text_columns))


TABLE_CLASS = "ms-table"  # ui/readable.css: borders, wrapping, and cards on a phone
SELF_LABELLED_CLASS = "ms-self-labelled"  # a cell whose text is its column's name: no label on a phone's card
TEXT_CLASS = "ms-text"  # a column of running text: a reading width
# A cell holding a word longer than this (a file name, an e-mail address) may break it anywhere. Only such cells:
# letting every cell break anywhere let the table squeeze short columns to a letter a line ("Nr." as "Nr" / ".").
LONG_WORD = 20
LONG_CLASS = "ms-long"


def table_html(
    frame: pd.DataFrame,
    style=None,
    styled_columns: list[str] | tuple[str, ...] = (),
    text_columns: list[str] | tuple[str, ...] = (),
    links: dict[str, list[str]] | None = None,
) -> str:
    """`frame` as an HTML table. Every header, cell and attribute value goes through `escape`; the only markup
    is written here. Each cell carries its column's name (data-label), which ui/readable.css shows as the label
    of its line when a phone turns the rows into cards (CSS cannot read a cell's header).
    `links` (column → an address per row, built by the app, never taken from a workbook) makes that column's
    cells links."""
    columns = list(frame.columns)
    hrefs = {col: iter(addresses) for col, addresses in (links or {}).items() if col in columns}
    styled = {col for col in styled_columns if col in columns}
    texts = {col for col in text_columns if col in columns}
    names = [escape(str(col)) for col in columns]
    head = "".join(
        f'<th scope="col"{_class(col in texts, False)}>{name}</th>' for col, name in zip(columns, names, strict=True)
    )
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for col, name, value in zip(columns, names, values, strict=True):
            css = style(value) if style and col in styled else ""
            css_attr = f' style="{escape(css)}"' if css else ""
            # A cell that says its column's name ("Eksempeldata" under Eksempeldata) is not labelled again on a
            # phone's card, where it read "Eksempeldata / Eksempeldata".
            classes = _class(col in texts, _has_long_word(value), str(value).strip() == str(col).strip())
            text = escape(value)
            if col in hrefs:
                text = f'<a href="{escape(next(hrefs[col]))}" target="_self">{text}</a>'
            cells.append(f'<td data-label="{name}"{classes}{css_attr}>{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{TABLE_CLASS}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


DETAILS_CLASS = "ms-details"  # ui/readable.css: drawn like Streamlit's expander


def details_html(summary: str, body_html: str, is_open: bool) -> str:
    """A native disclosure (`<details>`): `summary` (plain text, escaped here) opens and closes `body_html`, which
    the caller built from escaped parts. For long lists of goals: the browser opens one without asking the server,
    and a page of them costs one element instead of an expander and its texts each (docs/BENCHMARKS.md)."""
    opened = " open" if is_open else ""
    return (
        f'<details class="{DETAILS_CLASS}"{opened}><summary>{escape(summary)}</summary>'
        f'<div class="{DETAILS_CLASS}-body">{body_html}</div></details>'
    )


def paragraph(text, heading: str = "") -> str:
    """One paragraph of escaped text, line breaks kept, after an optional bold `heading` (escaped too)."""
    lead = f"<strong>{escape(heading)}</strong> " if heading else ""
    return f"<p>{lead}{escape(text)}</p>"


def escape(value) -> str:
    """A value as HTML text: missing is empty, `<>&"'` are entities, a line break is a line break."""
    if is_missing(value):
        return ""
    return html.escape(str(value), quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def _has_long_word(value) -> bool:
    return isinstance(value, str) and any(len(word) > LONG_WORD for word in value.split())


def _class(is_text: bool, has_long_word: bool, says_its_label: bool = False) -> str:
    flags = ((TEXT_CLASS, is_text), (LONG_CLASS, has_long_word), (SELF_LABELLED_CLASS, says_its_label))
    names = [name for name, on in flags if on]
    return f' class="{" ".join(names)}"' if names else ""


# One table draws at most about this many cells at once, so a page's first screen stays light however long a log
# grows (the browser lays out every cell of a static table; a canvas table drew only the rows in view).
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
    with page_choice(len(frame), rows, key) as first:
        shown = frame.iloc[first : first + rows]
        for title, columns in (parts or {"": list(frame.columns)}).items():
            if title:
                st.markdown(f"**{title}**")  # the caller's constant words, never workbook text
            static_table(shown[columns], style, styled_columns, text_columns)


def paged_prebuilt(
    pages: tuple[str, ...] | list[str], total: int, rows_per_page: int, key: str, default: int = 1
) -> None:
    """As `paged_table`, for a table whose pages were written beforehand (cached with the read model, ui/views.py):
    `pages` holds each page's HTML (from `table_html`), `total` the rows in all. `default` is the page shown when
    the URL names none (e.g. the page holding the row a link opened)."""
    with page_choice(total, rows_per_page, key, default) as first:
        st.html(pages[first // rows_per_page])


@contextmanager
def page_choice(total: int, rows: int, key: str, default: int = 1) -> Iterator[int]:
    """The page choice of a paged table: yields the index of the page's first row, for the caller to draw that
    page's rows in the block; the caption goes above them and the page numbers under them."""
    pages = max(1, math.ceil(total / rows))
    above = st.container()  # filled once the page choice below is known
    page = (
        st.pagination(pages, default=min(max(1, default), pages), key=key, bind="query-params", max_visible_pages=5)
        if pages > 1
        else 1
    )
    first = (page - 1) * rows
    with above:
        if pages > 1:
            st.caption(page_caption(page, pages, first, min(rows, total - first), total))
        yield first


def page_caption(page: int, pages: int, first: int, shown: int, total: int) -> str:
    """E.g. 'Side 2 af 7 · viser række 26–50 af 170' (`first` counts from 0)."""
    n = format_number  # Danish thousands: 'række 1.001–1.025 af 1.234'
    return f"Side {n(page)} af {n(pages)} · viser række {n(first + 1)}–{n(first + shown)} af {n(total)}"
