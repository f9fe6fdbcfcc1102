"""Shared look of generated workbooks: headers, widths, wrapping, locking and text-safe cells."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

# Name the font: a bold Font() without a name makes LibreOffice fall back to a serif face.
FONT_NAME = "Calibri"
BOLD = Font(name=FONT_NAME, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
LINE_HEIGHT = 15  # points per line of 11-point text
LOCKED_FILL = PatternFill("solid", fgColor="E7E9EC")
WRAP = Alignment(wrap_text=True, vertical="top")
LEFT = Alignment(horizontal="left")


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


def wrapped_lines(text: object, width: float) -> int:
    """About how many lines `text` takes when wrapped in a column `width` characters wide."""
    if text is None:
        return 1
    per_line = max(int(width * 1.15), 1)  # a column width counts '0's; average text is a little narrower
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))


def fit_row_height(ws, row: int, values: list, widths: list[float], min_lines: int = 1) -> None:
    """Give a row of wrapped text the height its longest cell needs, since neither openpyxl nor every
    spreadsheet program sizes rows on opening."""
    lines = max([min_lines, *(wrapped_lines(v, w) for v, w in zip(values, widths, strict=True))])
    ws.row_dimensions[row].height = LINE_HEIGHT * lines


def style_body_cell(cell, locked: bool) -> None:
    cell.alignment = WRAP
    cell.protection = Protection(locked=locked)
    if locked:
        cell.fill = LOCKED_FILL


def fit_to_page_width(ws, landscape: bool = False) -> None:
    """Print on one page width (as many pages down as needed)."""
    if landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_key_values(ws, rows: list[tuple[str, object]]) -> None:
    """The Om sheet: key in column A, value in column B."""
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 44
    fit_to_page_width(ws)
    for row, (key, value) in enumerate(rows, start=1):
        ws.cell(row=row, column=1, value=key).font = BOLD
        set_text_safe(ws.cell(row=row, column=2), value)
        ws.cell(row=row, column=2).alignment = LEFT
        if hasattr(value, "year") and value is not None:
            ws.cell(row=row, column=2).number_format = "DD.MM.YYYY"


def write_guide(wb: Workbook, title: str, paragraphs: list[str], columns: list[tuple[str, str]]) -> None:
    """The Vejledning sheet: how to fill the workbook, and what each column means."""
    ws = wb.create_sheet("Vejledning")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    fit_to_page_width(ws)
    ws.cell(row=1, column=1, value=title).font = Font(name=FONT_NAME, bold=True, size=14)
    row = 3
    for text in paragraphs:
        cell = ws.cell(row=row, column=1, value=text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell.alignment = WRAP
        fit_row_height(ws, row, [text], [ws.column_dimensions["A"].width + ws.column_dimensions["B"].width])
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Kolonne").font = BOLD
    ws.cell(row=row, column=2, value="Sådan udfylder du den").font = BOLD
    for header, help_text in columns:
        row += 1
        ws.cell(row=row, column=1, value=header).alignment = WRAP
        ws.cell(row=row, column=2, value=help_text).alignment = WRAP
        fit_row_height(ws, row, [header, help_text], [ws.column_dimensions["A"].width, ws.column_dimensions["B"].width])
