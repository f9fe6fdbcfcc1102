"""Finding sheets and columns by name and reading their rows, collecting every problem on the way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from loaders.cells import CellError, is_blank, parse_cell, shorten
from loaders.contract import MAX_DATA_ROWS, MAX_ID_CHARS, Column, stored_columns
from loaders.issues import WARNING, Finding
from loaders.sheet_values import SheetValues, WorkbookValues
from vocabulary.spelling import normalise_key

HEADER_SEARCH_ROWS = 10  # a header may sit below a title row or two


def cell_ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def find_sheet(wb: WorkbookValues, name: str) -> SheetValues | None:
    wanted = normalise_key(name)
    for ws in wb.worksheets:
        if normalise_key(ws.title) == wanted:
            return ws
    return None


def read_about(ws) -> dict[str, tuple[object, str]]:
    """Key/value rows of the Om sheet: normalised key → (value, cell of the value)."""
    about: dict[str, tuple[object, str]] = {}
    for row_idx, row in ws.rows(min_row=1, max_row=200, max_col=2):
        key = row[0]
        if is_blank(key):
            continue
        value = row[1] if len(row) > 1 else None
        about.setdefault(normalise_key(key), (value, cell_ref(row_idx, 2)))
    return about


@dataclass
class TableRow:
    """One data row: the parsed values by header, and where each came from."""

    row: int
    # What a value is follows its column's kind (text and choice: str, number: float, date: date), which is
    # data in loaders.contract, not a type: hence Any, for the records' typed fields to take.
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    key: str = ""  # the row key (e.g. Målepunkt-ID) as stored, or as typed when unknown
    invalid: set[str] = field(default_factory=set)  # headers whose cell could not be parsed (already reported)

    def get(self, header: str) -> Any:
        return self.values.get(header)

    def fields(self, columns: tuple[Column, ...]) -> dict[str, Any]:
        """The row's values by the record field each stored column names (missing or invalid: None)."""
        return {col.field: self.get(col.header) for col in stored_columns(columns)}


@dataclass
class Table:
    rows: list[TableRow]
    columns: dict[str, int]  # header → 1-based column index
    findings: list[Finding]


def read_table(
    ws,
    columns: tuple[Column, ...],
    row_key: str | None = None,
    ignored: tuple[Column, ...] = (),
    canonical_key: Callable[[str], str] | None = None,
) -> Table:
    """Read a sheet whose columns are found by header name, in any order.

    Every cell problem becomes a Finding; a value that cannot be parsed is left out of the row so that
    the rules after it do not report the same cell twice. `ignored` columns are known but not read (no
    warning); `canonical_key` turns the row key as typed into the stored spelling, for messages.
    """
    sheet = ws.title
    findings: list[Finding] = []
    header = _find_header(ws, columns, ignored)
    mapping = header.mapping
    missing = [c.header for c in columns if c.required and c.header not in mapping]
    if header.row is None or missing:
        names = ", ".join(missing or [c.header for c in columns if c.required])
        findings.append(
            Finding(
                f"Kolonne(r) mangler: {names}. Overskrifterne skal stå i én række øverst på arket; "
                "hent en ny skabelon, hvis du er i tvivl.",
                sheet=sheet,
            )
        )
        return Table([], mapping, findings)
    for name, (first, again) in header.duplicates.items():
        findings.append(
            Finding(
                f"Kolonnen '{name}' står to gange (i {first} og {again}). Slet den ene; kun {first} er læst.",
                sheet,
                again,
            )
        )
    for name, ref in header.extras:
        findings.append(
            Finding(f"Kolonnen '{shorten(name)}' kendes ikke og bliver ikke læst.", sheet, ref, severity=WARNING)
        )

    rows: list[TableRow] = []
    by_header = {c.header: c for c in columns}
    for row_idx, raw in ws.rows(min_row=header.row + 1):
        if all(is_blank(v) for v in raw):
            continue
        if len(rows) >= MAX_DATA_ROWS:
            findings.append(Finding(f"Arket har mere end {MAX_DATA_ROWS} rækker; resten er ikke læst.", sheet))
            break
        table_row = TableRow(row_idx)
        key_value = ""
        if row_key and row_key in mapping:
            key_cell = raw[mapping[row_key] - 1] if mapping[row_key] - 1 < len(raw) else None
            key_value = "" if is_blank(key_cell) else " ".join(str(key_cell).replace("\u00a0", " ").split())
            # An overlong ID is refused by parse_cell below; only a short prefix may follow it into messages.
            key_value = shorten(key_value, MAX_ID_CHARS)
            if key_value and canonical_key:
                key_value = canonical_key(key_value)
        table_row.key = key_value
        for name, col in mapping.items():
            ref = cell_ref(row_idx, col)
            table_row.cells[name] = ref
            value = raw[col - 1] if col - 1 < len(raw) else None
            column = by_header[name]
            if is_blank(value):
                if column.required:
                    findings.append(Finding(f"{name} skal udfyldes.", sheet, ref, key_value))
                continue
            try:
                table_row.values[name] = parse_cell(value, column)
            except CellError as exc:
                table_row.invalid.add(name)
                findings.append(Finding(f"{name}: {exc}", sheet, ref, key_value))
        rows.append(table_row)
    return Table(rows, mapping, findings)


@dataclass
class _Header:
    row: int | None = None
    mapping: dict[str, int] = field(default_factory=dict)  # header → 1-based column
    extras: list[tuple[str, str]] = field(default_factory=list)  # unknown header text, its cell
    duplicates: dict[str, tuple[str, str]] = field(default_factory=dict)  # header → first cell, repeated cell


def _find_header(ws, columns: tuple[Column, ...], ignored: tuple[Column, ...] = ()) -> _Header:
    """The row among the first few with most known headers (a title row or two may sit above it)."""
    known = {normalise_key(c.header): c.header for c in columns}
    skip = {normalise_key(c.header) for c in ignored}
    best = _Header()
    for row_idx, raw in ws.rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        found = _Header(row_idx)
        for col_idx, value in enumerate(raw, start=1):
            if is_blank(value):
                continue
            key = normalise_key(value)
            header = known.get(key)
            if header and header not in found.mapping:
                found.mapping[header] = col_idx
            elif header:
                first = cell_ref(row_idx, found.mapping[header])
                found.duplicates.setdefault(header, (first, cell_ref(row_idx, col_idx)))
            elif key not in skip:
                found.extras.append((str(value).strip(), cell_ref(row_idx, col_idx)))
        if len(found.mapping) > len(best.mapping):
            best = found
    return best
