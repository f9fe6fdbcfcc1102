"""A table's own Excel download: the safe way to take a shown table to a spreadsheet.

The tables' built-in CSV download and copy are off (client.disableDataExport in .streamlit/config.toml):
a spreadsheet opening that CSV would run workbook text such as =HYPERLINK(…) as a formula, and prefixing
such cells would show plan bullets ("- punkt") with a stray quote. The workbooks written here store every
text as text (loaders/export.py), so "- punkt" and "=HYPERLINK(…)" open as the words they are.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.export import write_tables
from ui.templates import XLSX_MIME


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
