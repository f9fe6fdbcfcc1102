"""Opening an .xlsx for its values only, within the reading budget (docs/SECURITY.md).

openpyxl's `load_workbook(read_only=True)` costs what the file describes, not what we read: it parses the
whole shared-string table and stylesheet into objects, and every sheet without a <dimension> tag is parsed
to its end just to size it, unknown sheets included. Here openpyxl still reads the package's small parts
(content types, workbook.xml and its relationships: sheet names, the 1904 flag) with defusedxml, but the
three parts that can be big are streamed by us with the standard library's C parser, keeping only what
is needed: the shared strings (each cut at Excel's own limit), which cell formats are dates, and the
cells of the sheets the readers use (loaders/sheet_values.py).

The C parser does not refuse DTDs the way defusedxml does, so every part is checked first: a part whose
prolog holds a DTD (where entity declarations live) is refused before a byte of it is parsed.
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
from io import BytesIO
from xml.etree import ElementTree

from defusedxml import DTDForbidden
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from loaders import contract as c
from loaders.issues import Finding
from loaders.sheet_values import Budget, OverlongText, SheetValues, WorkbookValues, is_read, read_sheet, tame_title
from vocabulary.spelling import normalise_key

_SI, _T, _R = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))
_NUM_FMT, _CELL_XFS, _XF = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("numFmt", "cellXfs", "xf"))
STYLES_PART = "xl/styles.xml"  # openpyxl reads the stylesheet from this fixed name; so do we


def read_values(data: bytes) -> WorkbookValues:
    """The values of the sheets the readers use; raises on a file openpyxl could not open either."""
    reader = ExcelReader(BytesIO(data), read_only=True, data_only=True, keep_links=False)
    archive = reader.archive
    try:
        reader.read_manifest()
        strings_part = reader.package.find(SHARED_STRINGS)
        shared_strings = []
        if strings_part is not None:
            shared_strings = _read_shared_strings(archive, strings_part.PartName[1:])
        reader.read_workbook()
        wb = reader.parser.wb
        date_formats, timedelta_formats = _date_styles(archive)
        budget = Budget()
        findings: list[Finding] = []
        formulas: list[tuple[str, int, int]] = []  # (sheet, row, column) of the cells with a formula
        sheets: list[SheetValues] = []
        read: set[str] = set()
        for sheet, rel in reader.parser.find_sheets():
            if rel.target not in reader.valid_files or "chartsheet" in rel.Type:
                continue  # as openpyxl: a missing part is skipped; a chart sheet has no cells
            if len(sheets) >= c.MAX_LISTED_SHEETS:
                break
            title = tame_title(sheet.name)
            rows: dict[int, tuple] = {}
            key = normalise_key(title)
            if is_read(title) and key not in read and not budget.exhausted:
                read.add(key)  # the readers use the first sheet of a name, as find_sheet does
                cell_parser = WorkSheetParser(
                    None,  # type: ignore[arg-type]  # no source: read_sheet feeds it one <c> at a time (stubs want one)
                    shared_strings,
                    True,
                    wb.epoch,
                    date_formats,
                    timedelta_formats,
                    rich_text=False,
                )
                with _open_checked(archive, rel.target) as source:
                    rows = read_sheet(source, title, cell_parser, budget, findings, formulas)
            sheets.append(SheetValues(title, rows))
        return WorkbookValues(sheets, findings, formulas)
    finally:
        archive.close()


def _open_checked(archive: zipfile.ZipFile, name: str):
    """The part, opened for streaming, after its prolog was found free of DTDs."""
    from loaders.xlsx_safety import xml_part_verdict  # here: xlsx_safety imports this module

    verdict = xml_part_verdict(archive, archive.getinfo(name))
    if verdict == "dtd":
        raise DTDForbidden(name, None, None)
    if verdict != "ok":
        raise ValueError(f"part {name} does not start like XML")
    return archive.open(name)


def _read_shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    """The shared-string table as openpyxl reads it (plain and rich-text runs, no phonetic guides), each
    text longer than Excel allows kept as an OverlongText prefix."""
    strings: list[str] = []
    with _open_checked(archive, name) as source:
        # End events only (half the work of start and end): the part is at most MAX_SHARED_STRINGS_BYTES,
        # so even one deeply nested element tree of that size stays well inside the worker's memory.
        for _, element in ElementTree.iterparse(source):
            if element.tag != _SI:
                continue
            if len(element) == 1 and element[0].tag == _T:  # plain text, the common case
                text = element[0].text or ""
            else:
                text = "".join(
                    (child.text or "") if child.tag == _T else (child.findtext(_T) or "")
                    for child in element
                    if child.tag in (_T, _R)
                )
            text = text.replace("x005F_", "")
            if len(text) > c.MAX_CELL_CHARS:
                text = OverlongText(text[: c.OVERLONG_PREFIX_CHARS], len(text))
            strings.append(text)
            element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """Which cell formats (indexes into cellXfs) show dates and which durations, as openpyxl decides it."""
    if STYLES_PART not in archive.namelist():
        return set(), set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    with _open_checked(archive, STYLES_PART) as source:
        # End events only, as for the shared strings; the part is at most MAX_STYLES_BYTES. An <xf> is a
        # cell format only inside <cellXfs>; those of <cellStyleXfs> end before their parent does.
        pending: list[int] = []
        for _, element in ElementTree.iterparse(source):
            tag = element.tag
            if tag == _XF:
                pending.append(int(element.get("numFmtId", 0)))
            elif tag == _CELL_XFS:
                formats, pending = pending, []
            elif tag == _NUM_FMT:
                fmt_id, code = element.get("numFmtId"), element.get("formatCode")
                if fmt_id is not None and code is not None:  # a <numFmt> without either formats nothing
                    custom[int(fmt_id)] = code
            elif tag.endswith("Xfs"):
                pending = []  # cellStyleXfs: named styles, not cell formats
            element.clear()
    dates, durations = set(), set()
    for idx, format_id in enumerate(formats):
        fmt = custom[format_id] if format_id in custom else builtin_format_code(format_id)
        is_date, is_duration = _format_kind(fmt)
        if is_date:
            dates.add(idx)
        if is_duration:
            durations.add(idx)
    return dates, durations


@lru_cache(maxsize=1024)
def _format_kind(fmt: str | None) -> tuple[bool, bool]:
    return is_date_format(fmt), is_timedelta_format(fmt)
