"""Adversarial shapes of workbook, built as bytes: files within the upload limits that describe far more work
than their size suggests. Used by tests/test_upload_budget.py and bench/adversarial.py.

Each shape is a Plan workbook (so no stored plan is needed to judge it) or a follow-up for a plan that has no
målepunkter, written part by part with a tiny writer, so a part can say what openpyxl would never write. Big
repetitive parts are stored rather than deflated where deflating them would trip the zip-bomb ratio check:
the point is to reach the parser, not the checks in front of it.
"""

from __future__ import annotations

import random
import zipfile
import zlib
from collections.abc import Callable, Iterable
from io import BytesIO
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from loaders import contract as c
from tests import hostile_files as hf
from vocabulary.terms import Direction, GoalKind, Period, WorkbookKind

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PREFIX = "LMST-2024-"
MINIMAL_STYLES = (
    f'<styleSheet xmlns="{NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    "</styleSheet>"
).encode()


class Strings:
    """The shared-string table being built: text → index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def ref(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def xml(self) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self.index)
        return f'<sst xmlns="{NS}" count="{len(self.index)}" uniqueCount="{len(self.index)}">{items}</sst>'.encode()


def cell(ref: str, value: object, strings: Strings) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="s"><v>{strings.ref(str(value))}</v></c>'


def row(number: int, values: Iterable[object], strings: Strings) -> str:
    cells = "".join(cell(f"{get_column_letter(col)}{number}", v, strings) for col, v in enumerate(values, start=1))
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: Iterable[str]) -> bytes:
    return f'<worksheet xmlns="{NS}"><sheetData>{"".join(rows)}</sheetData></worksheet>'.encode()


def package(sheets: list[tuple[str, bytes]], strings: Strings | bytes, styles: bytes = MINIMAL_STYLES) -> bytes:
    """A .xlsx from (sheet name, worksheet XML) pairs; big repetitive parts are stored, not deflated."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT}.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{CT_NS}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>{overrides}</Types>'
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{REL_NS}/officeDocument"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<workbook xmlns="{NS}" xmlns:r="{REL_NS}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, (name, _) in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PKG_REL_NS}">'
            + "".join(
                f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="{REL_NS}/worksheet"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="{REL_NS}/sharedStrings"/>'
            f'<Relationship Id="rIdY" Target="styles.xml" Type="{REL_NS}/styles"/></Relationships>'
        ).encode(),
        "xl/sharedStrings.xml": strings if isinstance(strings, bytes) else strings.xml(),
        "xl/styles.xml": styles,
    }
    for i, (_, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in parts.items():
            deflated = zipfile.ZIP_DEFLATED
            if len(content) > 1024 * 1024:
                # Deflate only if it stays under the zip-bomb ratio (the real check decides, not this guess).
                ratio = len(content) / max(len(zlib.compress(content, 6)), 1)
                deflated = zipfile.ZIP_DEFLATED if ratio < c.MAX_COMPRESSION_RATIO * 0.8 else zipfile.ZIP_STORED
            zf.writestr(name, content, compress_type=deflated)
    return out.getvalue()


# --- An honest plan to start from -------------------------------------------------------------------------


def about_rows(strings: Strings, kind: str = WorkbookKind.PLAN, name: object = "Testinstitutionen") -> list[str]:
    values = [
        (c.ABOUT_KIND, kind),
        (c.ABOUT_VERSION, c.TEMPLATE_VERSION),
        (c.ABOUT_INSTITUTION, "LMST"),
        (c.ABOUT_YEAR, 2024),
        (c.ABOUT_INSTITUTION_NAME, name),
    ]
    if kind == WorkbookKind.FOLLOW_UP:
        values.append((c.ABOUT_PERIOD, Period.H1))
    return [row(i, pair, strings) for i, pair in enumerate(values, start=1)]


def goal_rows(strings: Strings) -> list[str]:
    header = [col.header for col in c.GOAL_COLUMNS]
    goal = [f"{PREFIX}1", 1, GoalKind.SPECIFIC, None, "Hurtig sagsbehandling", "Sagerne behandles hurtigt."]
    return [row(1, header, strings), row(2, goal, strings)]


def measure_values(n: int) -> list[object]:
    return [f"{PREFIX}1-{n}", f"{PREFIX}1", n, f"Målepunkt nummer {n}", 90, "pct.", Direction.AT_LEAST]


def measure_rows(strings: Strings, count: int = 3, first_row: int = 1) -> list[str]:
    header = [col.header for col in c.MEASURE_COLUMNS]
    body = [row(first_row + i, measure_values(i), strings) for i in range(1, count + 1)]
    return [row(first_row, header, strings), *body]


def honest_plan() -> bytes:
    strings = Strings()
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml(measure_rows(strings))),
        ],
        strings,
    )


# --- The shapes ---------------------------------------------------------------------------------------------


def sparse_far_cells(rows: int = 30_000) -> bytes:
    """Rows whose only cell is an empty one in the last column (XFD): in Målepunkter and in an extra sheet."""
    strings = Strings()
    far = [f'<row r="{i}"><c r="XFD{i}" s="0"/></row>' for i in range(10, 10 + rows)]
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml(measure_rows(strings) + far)),
            ("Data", sheet_xml(far)),
        ],
        strings,
    )


def huge_shared_string(rows: int = 500, length: int = 1_000_000) -> bytes:
    """One shared string of `length` characters referenced from every cell of every row, IDs included."""
    strings = Strings()
    huge = "Ø" + "x" * (length - 1)
    header = [col.header for col in c.MEASURE_COLUMNS]
    body = [row(i, [huge] * len(header), strings) for i in range(2, rows + 2)]
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings, name=huge))),
            (c.SHEET_GOALS, sheet_xml([*goal_rows(strings), row(3, [huge] * 6, strings)])),
            (c.SHEET_MEASURES, sheet_xml([row(1, header, strings), *body])),
        ],
        strings,
    )


def huge_string_follow_up(rows: int = 500, length: int = 1_000_000) -> bytes:
    """The reported case: a follow-up whose Målepunkt-ID cells all hold one huge shared string."""
    strings = Strings()
    huge = "x" * length
    header = [col.header for col in c.FOLLOW_UP_COLUMNS]
    ids = [row(i, [huge, None, None, None, "Grøn", None, huge], strings) for i in range(2, rows + 2)]
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings, kind=WorkbookKind.FOLLOW_UP))),
            (c.SHEET_FOLLOW_UP, sheet_xml([row(1, header, strings), *ids])),
        ],
        strings,
    )


def many_sheets(count: int = 900) -> bytes:
    """As many sheets as the zip-entry limit allows, each with a little content."""
    strings = Strings()
    extra = [(f"Ark {i}", sheet_xml([row(1, ["Noter", i], strings)])) for i in range(count)]
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml(measure_rows(strings))),
            *extra,
        ],
        strings,
    )


def many_rows(rows: int = 40_000) -> bytes:
    """Far more filled rows than a plan may have, each with every column."""
    strings = Strings()
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml(measure_rows(strings, count=rows))),
        ],
        strings,
    )


def many_styles(count: int = 64_000) -> bytes:
    """A stylesheet with `count` cell formats (Excel's own limit is about 64.000), each with its own font."""
    fonts = "".join(f'<font><sz val="{8 + i % 20}"/><name val="Font{i}"/></font>' for i in range(count))
    xfs = "".join(f'<xf numFmtId="{i % 50}" fontId="{i}" fillId="0" borderId="0" xfId="0"/>' for i in range(count))
    styles = MINIMAL_STYLES.replace(
        b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>',
        f'<fonts count="{count}">{fonts}</fonts>'.encode(),
    ).replace(
        b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>',
        f'<cellXfs count="{count}">{xfs}</cellXfs>'.encode(),
    )
    strings = Strings()
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml(measure_rows(strings))),
        ],
        strings,
        styles,
    )


def deep_nesting(depth: int = 200_000) -> bytes:
    """A cell whose inline string nests `depth` unknown elements (real sheets nest 7 deep)."""
    strings = Strings()
    nested = "<x>" * depth + "tekst" + "</x>" * depth
    deep_cell = f'<row r="9"><c r="A9" t="inlineStr"><is><t>{nested}</t></is></c></row>'
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml([*measure_rows(strings), deep_cell])),
        ],
        strings,
    )


def many_empty_cells(rows: int = 40_000, width: int = 60) -> bytes:
    """A sheet stuffed with formatted empty cells inside the columns that are read."""
    strings = Strings()
    letters = [get_column_letter(col) for col in range(1, width + 1)]
    empty = [
        f'<row r="{r}">' + "".join(f'<c r="{x}{r}" s="0"/>' for x in letters) + "</row>" for r in range(10, 10 + rows)
    ]
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml(measure_rows(strings) + empty)),
        ],
        strings,
    )


def empty_cells_everywhere(rows: int = 17_000, width: int = 60) -> bytes:
    """Formatted empty cells filling all four data sheets a reader may use, up to the 100 MB unpacked."""
    strings = Strings()
    letters = [get_column_letter(col) for col in range(1, width + 1)]
    empty = [
        f'<row r="{r}">' + "".join(f'<c r="{x}{r}" s="0"/>' for x in letters) + "</row>" for r in range(10, 10 + rows)
    ]
    stuffed = sheet_xml(empty)
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings) + empty)),
            (c.SHEET_MEASURES, sheet_xml(measure_rows(strings) + empty)),
            (c.SHEET_FOLLOW_UP, stuffed),
            (c.SHEET_KEY_FIGURES, stuffed),
        ],
        strings,
    )


def huge_inline_text(megabytes: int = 24) -> bytes:
    """One inline string of `megabytes` MB of varied text: too varied to compress past the ratio check."""
    rng = random.Random(10)
    words = ["mål", "plan", "resultat", "styring", "afrapportering", "institution", "ø", "æ", "å"]
    parts, size = [], 0
    while size < megabytes * 1024 * 1024:
        word = rng.choice(words) + str(rng.randint(0, 99999))
        parts.append(word)
        size += len(word) + 1
    text = " ".join(parts)
    strings = Strings()
    big = f'<row r="9"><c r="D9" t="inlineStr"><is><t>{text}</t></is></c></row>'
    return package(
        [
            (c.SHEET_ABOUT, sheet_xml(about_rows(strings))),
            (c.SHEET_GOALS, sheet_xml(goal_rows(strings))),
            (c.SHEET_MEASURES, sheet_xml([*measure_rows(strings), big])),
        ],
        strings,
    )


def many_shared_strings(megabytes: int = 7) -> bytes:
    """A shared-string table just under its cap, of tiny distinct strings."""
    strings = Strings()
    rows = sheet_xml(about_rows(strings))
    for i in range(megabytes * 1024 * 1024 // 46):  # <si><t xml:space="preserve">#1234567</t></si>
        strings.ref(f"#{i}")
    return package([(c.SHEET_ABOUT, rows)], strings)


# Shape name → (builder, what it tries). The budget holds for every one of them.
SHAPES: dict[str, tuple[Callable[[], bytes], str]] = {
    "honest_plan": (honest_plan, "an honest three-measure plan (the baseline)"),
    "sparse_far_cells": (
        sparse_far_cells,
        "30.000 rows with one empty cell in column XFD, in Målepunkter and an extra sheet",
    ),
    "huge_shared_string": (huge_shared_string, "one 1.000.000-character shared string in every cell of 500 rows"),
    "huge_string_follow_up": (huge_string_follow_up, "the same in a follow-up's Målepunkt-ID cells"),
    "many_sheets": (many_sheets, "900 extra sheets"),
    "many_rows": (many_rows, "40.000 filled rows (shared strings just under their cap)"),
    "many_styles": (many_styles, "64.000 cell formats and fonts (styles.xml just under its cap)"),
    "deep_nesting": (deep_nesting, "200.000 nested elements in one cell"),
    "many_empty_cells": (many_empty_cells, "40.000 rows of 60 formatted empty cells"),
    "empty_cells_everywhere": (
        empty_cells_everywhere,
        "17.000 rows of 60 formatted empty cells in each of the four data sheets (100 MB unpacked)",
    ),
    "huge_inline_text": (huge_inline_text, "one 24 MB inline string"),
    "many_shared_strings": (many_shared_strings, "a 7 MB shared-string table of tiny strings (just under its cap)"),
    "zip_bomb": (lambda: hf.zip_bomb(200), "200 MB of zeros in a sheet (refused by the zip checks)"),
    "xml_bomb": (hf.xml_bomb, "billion laughs (refused by the XML checks)"),
}
