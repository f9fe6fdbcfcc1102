"""A table's own Excel download: the safe way to take a shown table to a spreadsheet.

The tables' built-in CSV download and copy are off (client.disableDataExport in .streamlit/config.toml):
a spreadsheet opening that CSV would run workbook text such as =HYPERLINK(…) as a formula, and prefixing
such cells would show plan bullets ("- punkt") with a stray quote. The workbooks written here store every
text as text (loaders/export.py), so "- punkt" and "=HYPERLINK(…)" open as the words they are.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from loaders.export import write_tables
from ui.templates import XLSX_MIME
from vocabulary.formatting import is_missing


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
TEXT_CLASS = "ms-text"  # a column of running text: a reading width


def table_html(
    frame: pd.DataFrame,
    style=None,
    styled_columns: list[str] | tuple[str, ...] = (),
    text_columns: list[str] | tuple[str, ...] = (),
) -> str:
    """`frame` as an HTML table. Every header, cell and attribute value goes through `escape`; the only markup
    is written here. Each cell carries its column's name (data-label), which ui/readable.css shows as the label
    of its line when a phone turns the rows into cards (CSS cannot read a cell's header)."""
    columns = list(frame.columns)
    styled = {col for col in styled_columns if col in columns}
    texts = {col for col in text_columns if col in columns}
    names = [escape(str(col)) for col in columns]
    head = "".join(
        f'<th scope="col"{_class(col in texts)}>{name}</th>' for col, name in zip(columns, names, strict=True)
    )
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for col, name, value in zip(columns, names, values, strict=True):
            css = style(value) if style and col in styled else ""
            css_attr = f' style="{escape(css)}"' if css else ""
            cells.append(f'<td data-label="{name}"{_class(col in texts)}{css_attr}>{escape(value)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{TABLE_CLASS}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def escape(value) -> str:
    """A value as HTML text: missing is empty, `<>&"'` are entities, a line break is a line break."""
    if is_missing(value):
        return ""
    return html.escape(str(value), quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def _class(is_text: bool) -> str:
    return f' class="{TEXT_CLASS}"' if is_text else ""
