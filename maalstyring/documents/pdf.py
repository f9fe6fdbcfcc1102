"""The PDF renderer: a document model typeset by Typst (the `typst` package, in process, no system dependency).

The model goes to document.typ as JSON through sys.inputs, so workbook text is data, never Typst markup. The PDF
is tagged PDF/UA-1 with /Lang da, IBM Plex Sans embedded (shipped in fonts/, OFL), title, author and creation
time of the document itself. A document's size is capped when it is built (model.bounded, model.clip), which
bounds the time and memory Typst takes; a compile that still overruns COMPILE_SECONDS is reported in Danish.
"""

from __future__ import annotations

import json
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import typst

from maalstyring.documents.errors import DocumentError
from maalstyring.documents.model import Document
from vocabulary import palette

if TYPE_CHECKING:
    from typst import PDFStandard  # in typst's stubs only

HERE = Path(__file__).parent
TEMPLATE = HERE / "document.typ"
FONTS = HERE / "fonts"
COMPILE_SECONDS = 20  # a real document takes 0,1–0,3 s; this is the bound for the unforeseen
STANDARDS: list[PDFStandard] = ["ua-1"]


@cache
def _compiler() -> typst.Compiler:
    """One compiler per process: loading the fonts once saves ~50 ms a document. Only the shipped fonts are used,
    so a PDF looks the same on every server."""
    return typst.Compiler(font_paths=[str(FONTS)], ignore_system_fonts=True)


_lock = threading.Lock()  # the compiler is one object: documents are typeset one at a time per process


# A deviation bar is a series colour, not a status: its verdict is in the table beside the chart.
DEVIATION = {"fill": "#0072B2", "tint": "#FFFFFF", "pattern": "", "label": "Afvigelse", "dark": True}


def tones() -> dict[str, dict]:
    """Fill, light tint, hatch, legend word and whether text on the fill is white, per status and verdict."""
    tints = {palette.GREEN.fill: "#C4E3DF", palette.YELLOW.fill: "#FBE7A6", palette.RED.fill: "#F6C9B9"}
    styles = {**palette.STATUS_STYLES, **palette.VERDICT_STYLES, palette.MISSING.status: palette.MISSING}
    return {
        name: {
            "fill": style.fill, "tint": tints.get(style.fill, "#FFFFFF"), "pattern": style.pattern,
            "label": style.label.replace("✕", "×"), "dark": style.fill in (palette.GREEN.fill, palette.RED.fill),
        }
        for name, style in styles.items()
    } | {"Afvigelse": DEVIATION}  # fmt: skip


@cache
def _covered() -> frozenset[int]:
    """The characters IBM Plex Sans can draw: PDF/UA forbids text the font cannot show."""
    from fontTools.ttLib import TTFont  # matplotlib's dependency; only read here

    return frozenset(TTFont(FONTS / "IBMPlexSans_400Regular.ttf").getBestCmap())


def _printable(value, covered: frozenset[int]):
    """Every string with a character the font lacks (an emoji in a workbook) shown as U+FFFD, not a failed PDF."""
    if isinstance(value, str):
        if all(ord(ch) in covered or ch in "\n\t" for ch in value):
            return value
        return "".join(ch if ord(ch) in covered or ch in "\n\t" else "\ufffd" for ch in value)
    if isinstance(value, dict):
        return {k: _printable(v, covered) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(v, covered) for v in value]
    return value


def row_pages(document: Document) -> dict[tuple[int, int], set[int]]:
    """(block index, row index) → the pages its cells' beginnings and ends lie on, from Typst's own layout (tests
    assert one page per row: a row never splits). A repeated goal row counts on every page it heads."""
    data = _data(document)
    data["probe"] = True
    # typst's stubs tie input and font_paths to one TypeVar (bytes and str here); typst takes each on its own
    found = json.loads(typst.query(  # type: ignore[misc]
        TEMPLATE.read_bytes(), "<row-probe>", field="value", font_paths=[str(FONTS)], ignore_system_fonts=True,
        sys_inputs={"document": json.dumps(data, ensure_ascii=False)},
    ))  # fmt: skip
    pages: dict[tuple[int, int], set[int]] = {}
    for probe in found:
        pages.setdefault((probe["table"], probe["row"]), set()).add(probe["page"])
    return pages


def _data(document: Document) -> dict:
    data = document.as_data()
    created = document.created
    data["created_parts"] = [created.year, created.month, created.day, created.hour, created.minute, created.second]
    data["palette"] = tones()
    return _printable(data, _covered())


def render(document: Document) -> bytes:
    """The PDF of the document; DocumentError (Danish) if Typst fails or takes longer than COMPILE_SECONDS."""
    created = document.created
    inputs = {"document": json.dumps(_data(document), ensure_ascii=False)}
    outcome: dict = {}

    def typeset() -> None:
        try:
            with _lock:
                outcome["pdf"] = _compiler().compile(
                    input=TEMPLATE.read_bytes(), format="pdf", sys_inputs=inputs, pdf_standards=STANDARDS,
                    timestamp=created,
                )  # fmt: skip
        except Exception as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=typeset, name="typst-dokument", daemon=True)
    worker.start()
    worker.join(COMPILE_SECONDS)
    if worker.is_alive():
        raise DocumentError(
            f"PDF'en blev ikke færdig inden for {COMPILE_SECONDS} sekunder. Prøv igen om lidt, eller hent Word-udgaven."
        )
    if "error" in outcome or not outcome.get("pdf"):
        raise DocumentError(
            "PDF'en kunne ikke dannes. Hent Word-udgaven i stedet, og meld fejlen til Koncernøkonomi."
        ) from outcome.get("error")
    return outcome["pdf"]
