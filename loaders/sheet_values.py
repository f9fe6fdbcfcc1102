"""A workbook's cell values, read once: what the readers need from openpyxl and nothing more.

openpyxl's read-only sheets parse their XML again on every `iter_rows` call, and the readers look at a
sheet several times (the Om keys, the header search, the rows). Reading each sheet once into tuples
made validation markedly faster and keeps the readers' code as it was: the same `title`, `iter_rows`,
`worksheets` and `wb[title]` they used on openpyxl objects.
"""

from __future__ import annotations

from collections.abc import Iterator


class SheetValues:
    """One sheet's rows of values (ragged: a row ends at its last cell with content in the file)."""

    def __init__(self, title: str, rows: list[tuple]):
        self.title = title
        self._rows = rows

    def iter_rows(
        self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None, values_only: bool = True
    ) -> Iterator[tuple]:
        """Rows `min_row`..`max_row` (1-based, inclusive); with `max_col`, padded or cut to that width."""
        if not values_only:
            raise ValueError("SheetValues holds values only")
        stop = len(self._rows) if max_row is None else min(max_row, len(self._rows))
        for row in self._rows[min_row - 1 : stop]:
            if max_col is None:
                yield row
            else:
                yield (row + (None,) * max_col)[:max_col]


class WorkbookValues:
    """The sheets in file order, by title."""

    def __init__(self, sheets: list[SheetValues]):
        self.worksheets = sheets

    def __getitem__(self, title: str) -> SheetValues:
        for sheet in self.worksheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)

    def close(self) -> None:
        """Nothing to release (the file was closed after reading); kept so callers need not know."""


def read_values(openpyxl_workbook) -> WorkbookValues:
    """Every value of every worksheet of a read-only openpyxl workbook, which is closed afterwards."""
    try:
        sheets = []
        for ws in openpyxl_workbook.worksheets:
            # A read-only sheet trusts the file's own <dimension> tag, which some programs write wrong;
            # forgetting it makes openpyxl read every row there is instead of silently stopping early.
            ws.reset_dimensions()
            sheets.append(SheetValues(ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)]))
        return WorkbookValues(sheets)
    finally:
        openpyxl_workbook.close()
