"""A workbook's cell values, read once and within a budget: what the readers need and nothing more.

Only the sheets the readers use (contract.READ_SHEETS) are read; other sheets are kept by name only. A
sheet's XML is streamed element by element and each element is dropped as soon as it is read, so memory
follows what is kept, not what the file describes: empty cells are never stored (a row is a few cells, not a
tuple as wide as its last cell), cells right of MAX_READ_COLUMNS are skipped, and rows, elements, nesting
depth and text are capped (loaders/contract.py says why each value). A text longer than Excel allows is
kept as an `OverlongText`: a short prefix and the real length, so the readers can name the cell without
carrying the text along.

The readers see the same `title`, `iter_rows`, `worksheets` and `wb[title]` they used on openpyxl objects,
plus `SheetValues.rows`, which yields only the rows that hold something.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from loaders import contract as c
from loaders.cells import format_int, is_blank
from loaders.issues import WARNING, Finding
from vocabulary.spelling import normalise_key

SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
INLINE_STRING_TAG = f"{{{SHEET_MAIN_NS}}}is"
_READ_KEYS = frozenset(normalise_key(name) for name in c.READ_SHEETS)


class OverlongText(str):
    """A cell's text longer than Excel allows: its first characters only, and its real `length`."""

    length: int

    def __new__(cls, prefix: str, length: int) -> OverlongText:
        text = super().__new__(cls, prefix)
        text.length = length
        return text

    def __reduce__(self):
        return OverlongText, (str(self), self.length)


class SheetValues:
    """One sheet's non-empty rows: row number → values from column A (ragged, at most MAX_READ_COLUMNS)."""

    def __init__(self, title: str, rows: dict[int, tuple] | list[tuple] | None = None):
        self.title = title
        if isinstance(rows, list):  # contiguous rows from row 1, as tests and older callers build them
            rows = {idx: tuple(row) for idx, row in enumerate(rows, start=1) if row}
        self._rows: dict[int, tuple] = dict(sorted((rows or {}).items()))

    @property
    def max_row(self) -> int:
        return max(self._rows, default=0)

    def rows(self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None) -> Iterator[tuple]:
        """(row number, values) of the rows that hold something, in order; `max_col` pads or cuts."""
        for idx, row in self._rows.items():
            if idx < min_row:
                continue
            if max_row is not None and idx > max_row:
                break
            yield idx, row if max_col is None else (row + (None,) * max_col)[:max_col]

    def iter_rows(
        self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None, values_only: bool = True
    ) -> Iterator[tuple]:
        """Rows `min_row`..`max_row` (1-based, inclusive), empty ones as (); with `max_col`, padded or cut."""
        if not values_only:
            raise ValueError("SheetValues holds values only")
        stop = self.max_row if max_row is None else min(max_row, self.max_row)
        for idx in range(min_row, stop + 1):
            row = self._rows.get(idx, ())
            yield row if max_col is None else (row + (None,) * max_col)[:max_col]


class WorkbookValues:
    """The sheets in file order, by title, with what reading them found (caps reached, formulas)."""

    def __init__(
        self,
        sheets: list[SheetValues],
        findings: list[Finding] | None = None,
        formula_cells: list[tuple[str, int, int]] | None = None,
    ):
        self.worksheets = sheets
        self.findings = findings or []
        # (sheet, row, column) of cells with a formula and no saved result: they read as empty.
        self.formula_cells = formula_cells or []

    def __getitem__(self, title: str) -> SheetValues:
        for sheet in self.worksheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)

    def close(self) -> None:
        """Nothing to release (the file was closed after reading); kept so callers need not know."""


class Budget:
    """What is left of the file's text budget, and whether reading must stop."""

    def __init__(self) -> None:
        self.text_left = c.MAX_READ_TEXT_CHARS
        self.elements_left = c.MAX_FILE_ELEMENTS
        self.exhausted = False


def tame_title(title: object) -> str:
    """A sheet name as shown in messages: Excel allows 31 characters, a hostile file any number."""
    text = str(title)
    return text if len(text) <= 40 else text[:39] + "…"


def is_read(title: str) -> bool:
    """True for the sheets whose cells the readers use."""
    return normalise_key(title) in _READ_KEYS


def read_sheet(source, title: str, cell_parser: WorkSheetParser, budget: Budget, findings: list, formulas: list):
    """Stream one sheet's XML, keeping non-empty cells within the caps; stop at </sheetData>.

    `source` is the open part; its prolog was checked for DTDs before (loaders/xlsx_values.py), so the fast
    C parser of the standard library is used. `cell_parser` is openpyxl's: it turns one <c> element into a
    value (shared strings, dates, booleans); the loop around it is ours, so nothing is kept that the caps
    do not allow.
    """
    cells: dict[int, dict[int, object]] = {}
    elements, depth, beyond, skipped = 0, 0, "", None
    allowed = min(c.MAX_SHEET_ELEMENTS, budget.elements_left)
    root = sheet_data = None
    # The loop is the hot path of a hostile sheet (500.000 empty elements): it does as little as it can.
    for event, element in ElementTree.iterparse(source, events=("start", "end")):
        tag = element.tag
        if event == "start":
            elements += 1
            depth += 1
            if elements > allowed:
                findings.append(_too_many_elements(title))
                budget.exhausted = True  # one such finding per file is enough
                break
            if depth > c.MAX_XML_DEPTH:
                findings.append(_too_deep(title))
                break
            if tag == ROW_TAG:
                _start_row(cell_parser, element)
                skipped = None
            elif tag == SHEET_DATA_TAG:
                sheet_data = element
            elif root is None:
                root = element
            continue
        depth -= 1
        if tag == CELL_TAG:
            if len(element):  # <v>, <f> or <is>: something to read
                beyond = _read_cell(cell_parser, element, title, cells, budget, formulas, findings, skipped) or beyond
                skipped = None
            elif element.get("r") is None:
                cell_parser.col_counter += 1
            else:
                skipped = element.get("r")  # an empty, perhaps formatted cell: the common case, skipped
        elif tag == ROW_TAG:
            if sheet_data is not None:
                sheet_data.clear()  # the row is read: drop it, so the tree never holds more than one
            if budget.exhausted or len(cells) > c.MAX_READ_ROWS:
                break  # the table reader reports "mere end … rækker" in its own words
        elif tag == SHEET_DATA_TAG:
            break
        elif depth == 1 and root is not None:  # None when the part's root is <sheetData> itself
            root.clear()  # sheet settings before the cells (views, columns): not needed
    budget.elements_left -= elements
    if beyond:
        findings.append(
            Finding(
                f"Arket har indhold til højre for kolonne {get_column_letter(c.MAX_READ_COLUMNS)} (fx i celle "
                f"{beyond}). Så langt ude er der ingen kolonner i skabelonen, så det bliver ikke læst.",
                title,
                severity=WARNING,
            )
        )
    return {row: _as_tuple(values) for row, values in cells.items()}


def _start_row(parser: WorkSheetParser, element) -> None:
    """The row number, as openpyxl's parse_row finds it, for cells that do not name their own."""
    ref = element.get("r")
    if ref is None:
        parser.row_counter += 1
    else:
        number = float(ref)
        if not number.is_integer():
            raise ValueError(f"{ref} is not a valid row number")
        parser.row_counter = int(number)
    parser.col_counter = 0


def _read_cell(parser, element, title, cells, budget: Budget, formulas, findings, skipped: str | None) -> str:
    """Keep one cell's value if it is within the caps and not empty; return its ref if it is skipped content.

    `skipped` is the ref of an empty cell just before it, which openpyxl would have counted from.
    """
    if budget.exhausted:
        return ""  # the rest of the row after the text budget ran out: already said, not read
    ref = element.get("r")
    if ref:
        row, col = coordinate_to_tuple(ref)
    else:
        if skipped:
            parser.col_counter = coordinate_to_tuple(skipped)[1]
        row, col = parser.row_counter, parser.col_counter + 1
    if col > c.MAX_READ_COLUMNS:
        parser.col_counter = col
        has_content = element.find(VALUE_TAG) is not None or element.find(INLINE_STRING_TAG) is not None
        return (ref or f"{get_column_letter(min(col, 16_384))}{row}") if has_content else ""
    value = parser.parse_cell(element)["value"]
    if value is None:
        if element.find(FORMULA_TAG) is not None and len(formulas) <= c.MAX_FINDINGS:
            formulas.append((title, row, col))  # more would only be counted by bound_findings
        return ""
    if isinstance(value, str):
        if is_blank(value):
            return ""
        if len(value) > c.MAX_CELL_CHARS:
            value = OverlongText(value[: c.OVERLONG_PREFIX_CHARS], len(value))
        budget.text_left -= len(value)
        if budget.text_left < 0:
            budget.exhausted = True
            findings.append(
                Finding(
                    f"Filen indeholder mere end {format_int(c.MAX_READ_TEXT_CHARS)} tegn tekst, langt mere end "
                    "en udfyldt skabelon; resten er ikke læst. Fjern den overflødige tekst, og prøv igen.",
                    title,
                    f"{get_column_letter(col)}{row}",
                )
            )
            return ""
    cells.setdefault(row, {})[col] = value
    return ""


def _as_tuple(values: dict[int, object]) -> tuple:
    row: list[object] = [None] * max(values)
    for col, value in values.items():
        row[col - 1] = value
    return tuple(row)


def _too_many_elements(title: str) -> Finding:
    return Finding(
        f"Arket har usædvanligt mange celler (over {format_int(c.MAX_SHEET_ELEMENTS)} XML-elementer i arket eller "
        f"{format_int(c.MAX_FILE_ELEMENTS)} i filen, tomme og formaterede celler medregnet); resten er ikke læst. "
        "Slet tomme rækker og kolonner under og til højre for tabellen, eller kopiér indholdet over i en ny "
        "skabelon, og prøv igen.",
        title,
    )


def _too_deep(title: str) -> Finding:
    return Finding(
        f"Arket har en usædvanlig opbygning (XML-elementer indlejret mere end {c.MAX_XML_DEPTH} niveauer), som af "
        "sikkerhedshensyn ikke læses. Åbn filen i Excel, gem den igen som 'Excel-projektmappe (*.xlsx)', og "
        "prøv igen.",
        title,
    )
