"""Word building blocks shared by the documents: A4 page, Word's own heading and table styles, a running header
that labels example data on every page, and page numbers.

Real styles ("Heading 1", "Table Grid") rather than hand-formatted text, so a section pasted into an
institution's årsrapport takes that report's look and shows up in its table of contents.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans, so line breaks match Word's
HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
HEADER_FILL = "DCE3EC"
EXAMPLE_NOTICE = "EKSEMPELDATA: opdigtede tal og tekster, ikke en institutions indberetning"


def new_document(title: str, landscape: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    _danish(normal)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = HEADING_COLOUR
        style.font.italic = False
        style.paragraph_format.space_before = Pt(14 if name != "Heading 3" else 8)
        style.paragraph_format.space_after = Pt(4)
        # The theme fonts of the default template would override the name in Word; pin every script to FONT.
        fonts = style.element.rPr.find(qn("w:rFonts"))
        if fonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attr), FONT)
    doc.styles["Title"].paragraph_format.space_after = Pt(6)
    _remove_title_border(doc)
    doc.core_properties.title = title
    doc.core_properties.language = "da-DK"
    doc.core_properties.author = "Målstyring"
    return doc


def _danish(style) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "da-DK")


def _remove_title_border(doc) -> None:
    """The default template underlines the Title style with a blue rule; a ministry document has none."""
    ppr = doc.styles["Title"].element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def running_header(doc, left: str, example: bool) -> None:
    """Sender at the top of every page, the example-data notice under it when the document holds example data,
    and 'Side X af Y' at the bottom."""
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run(left)
    run.font.size, run.font.color.rgb = Pt(8.5), RGBColor(0x5F, 0x6B, 0x7A)
    if example:
        notice = section.header.add_paragraph()
        marked = notice.add_run(EXAMPLE_NOTICE)
        marked.bold, marked.font.size = True, Pt(9)
        marked.font.color.rgb = RGBColor(0x8A, 0x2B, 0x0B)
        _shade_paragraph(notice, "FBE7A6")
    doc.styles["Footer"].font.size = Pt(8.5)  # the page number fields take the paragraph's size
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in ("Side ", None, " af ", "NUMPAGES"):
        if text is None:
            _field(footer, "PAGE")
        elif text == "NUMPAGES":
            _field(footer, "NUMPAGES")
        else:
            footer.add_run(text).font.size = Pt(8.5)


def _field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(8.5)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "1":
            element = OxmlElement("w:t")
            element.text = "1"
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _shade_paragraph(paragraph, fill: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    ppr.append(shading)


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def table(doc, headers: Sequence[str], widths_cm: Sequence[float]):
    """A 'Table Grid' table with a shaded header row that repeats on every page."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    head = grid.rows[0]
    trpr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for cell, text in zip(head.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        shade(cell, HEADER_FILL)
    set_widths(grid, widths_cm)
    return grid


def set_widths(grid, widths_cm: Sequence[float]) -> None:
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    for column, width in zip(grid.columns, widths_cm, strict=False):
        column.width = Cm(width)


def add_row(grid, values: Sequence[str], bold: bool = False, size: float | None = 9):
    """One row of plain text (never markup: workbook text goes in as written); line breaks kept."""
    row = grid.add_row()
    for cell, value in zip(row.cells, values, strict=True):
        write_cell(cell, value, bold=bold, size=size)
    return row


def write_cell(cell, value: str, bold: bool = False, size: float | None = 9) -> None:
    cell.text = ""
    lines = str(value or "").split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    paragraph.paragraph_format.space_after = Pt(0)


def keep_rows_whole(grid) -> None:
    """A row is not split across pages (a long cause stays on one page with its goal)."""
    for row in grid.rows:
        trpr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        trpr.append(cant)


def labelled(doc, label: str, text: str) -> None:
    """'Label: text' as one paragraph, the label bold; text verbatim."""
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def page_break(doc) -> None:
    from docx.enum.text import WD_BREAK

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def picture(doc, png: bytes, width_cm: float) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
