"""Shared look of generated workbooks: headers, widths, wrapping, locking and text-safe cells."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LOCKED_FILL = PatternFill("solid", fgColor="E7E9EC")
WRAP = Alignment(wrap_text=True, vertical="top")


def set_text_safe(cell, value) -> None:
    """Write a value; text is always stored as text, so '=HYPERLINK(…)' from a user never becomes a formula."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


def write_header(ws, headers: list[str], widths: list[int]) -> None:
    for col, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def style_body_cell(cell, locked: bool) -> None:
    cell.alignment = WRAP
    cell.protection = Protection(locked=locked)
    if locked:
        cell.fill = LOCKED_FILL


def write_key_values(ws, rows: list[tuple[str, object]]) -> None:
    """The Om sheet: key in column A, value in column B."""
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 48
    for row, (key, value) in enumerate(rows, start=1):
        ws.cell(row=row, column=1, value=key).font = Font(bold=True)
        set_text_safe(ws.cell(row=row, column=2), value)
        if hasattr(value, "year") and value is not None:
            ws.cell(row=row, column=2).number_format = "DD.MM.YYYY"


def write_guide(wb: Workbook, title: str, paragraphs: list[str], columns: list[tuple[str, str]]) -> None:
    """The Vejledning sheet: how to fill the workbook, and what each column means."""
    ws = wb.create_sheet("Vejledning")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    row = 3
    for text in paragraphs:
        cell = ws.cell(row=row, column=1, value=text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell.alignment = WRAP
        ws.row_dimensions[row].height = 15 * (1 + len(text) // 110)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Kolonne").font = Font(bold=True)
    ws.cell(row=row, column=2, value="Sådan udfylder du den").font = Font(bold=True)
    for header, help_text in columns:
        row += 1
        ws.cell(row=row, column=1, value=header)
        ws.cell(row=row, column=2, value=help_text).alignment = WRAP
