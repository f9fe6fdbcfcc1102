"""The Word renderer: a document model as .docx through python-docx, for årsrapport authors to paste and edit.

Real styles ("Heading 1", "Table Grid") rather than hand-formatted text, so a section pasted into an institution's
årsrapport takes that report's look and shows up in its table of contents. Danish is the default language of
every style (docDefaults), the core properties are the document's own, header rows repeat and rows never split.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from maalstyring.documents.model import Chart, Document, Heading, PageBreak, Paragraph, Table
from maalstyring.documents.pdf import tones

FONT = "IBM Plex Sans"  # the PDF's font; Word falls back to its default sans where it is not installed
LANGUAGE = "da-DK"
HEADING_COLOUR = RGBColor(0x1F, 0x3A, 0x5F)
HEADER_FILL = "DCE3EC"
GROUP_FILL = "EEF1F5"
EXAMPLE_FILL = "FBE7A6"


def render(document: Document) -> bytes:
    doc = new_docx()
    _page(doc, document.landscape)
    _styles(doc)
    _properties(doc, document)
    _running_header(doc, document)
    doc.add_paragraph(document.title, style="Title")
    for line in document.subtitle:
        doc.add_paragraph().add_run(line).bold = True
    section = doc.sections[0]
    page_width, left, right = section.page_width, section.left_margin, section.right_margin
    # python-docx's default template sets all three; None would mean a section that inherits them
    assert page_width is not None and left is not None and right is not None
    width_cm = (page_width - left - right) / 360000
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            if block.label:
                paragraph.add_run(f"{block.label} ").bold = True
            _lines(paragraph, block.text, bold=block.strong)
        elif isinstance(block, Table):
            _table(doc, block, width_cm)
        elif isinstance(block, Chart):
            _chart(doc, block, width_cm)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page(doc, landscape: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)


def _styles(doc) -> None:
    _default_language(doc)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11), ("Heading 4", 10)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = HEADING_COLOUR
        style.font.italic = False
        style.paragraph_format.space_before = Pt(8 if name in ("Heading 3", "Heading 4") else 14)
        style.paragraph_format.space_after = Pt(4)
        # The theme fonts of the default template would override the name in Word; pin every script to FONT.
        fonts = style.element.rPr.find(qn("w:rFonts"))
        if fonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attr), FONT)
    doc.styles["Title"].paragraph_format.space_after = Pt(6)
    ppr = doc.styles["Title"].element.pPr  # the default template underlines Title with a blue rule
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _default_language(doc) -> None:
    """Danish in the styles' rPrDefault, so every style and every pasted paragraph is spell-checked as Danish."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANGUAGE)
    for style in doc.styles.element.findall(qn("w:style")):  # styles that name a language of their own
        for named in style.iter(qn("w:lang")):
            named.set(qn("w:val"), LANGUAGE)


def _properties(doc, document: Document) -> None:
    """The document's own title, author and time, not python-docx's template defaults."""
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = document.title, document.author, document.author
    props.language = LANGUAGE
    props.subject, props.keywords, props.category, props.comments = document.running_head, "", "", ""
    created = document.created.replace(tzinfo=None)
    props.created = props.modified = created
    props.last_printed = created
    props.revision = 1


def _running_header(doc, document: Document) -> None:
    """The sender at the top of every page, the example-data notice under it, 'Side X af Y' at the bottom."""
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    run = header.add_run(document.running_head)
    run.font.size, run.font.color.rgb = Pt(8.5), RGBColor(0x5F, 0x6B, 0x7A)
    if document.example_notice:
        notice = section.header.add_paragraph()
        marked = notice.add_run(document.example_notice)
        marked.bold, marked.font.size = True, Pt(9)
        marked.font.color.rgb = RGBColor(0x8A, 0x2B, 0x0B)
        _shade(notice._p.get_or_add_pPr(), EXAMPLE_FILL)
    doc.styles["Footer"].font.size = Pt(8.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Side ")
    _field(footer, "PAGE")
    footer.add_run(" af ")
    _field(footer, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _shade(properties, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _lines(paragraph, text: str, bold: bool = False, size: float | None = None) -> None:
    """Plain text (never markup: workbook text goes in as written), its line breaks kept."""
    lines = str(text or "").split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()


def _row_property(row, name: str) -> None:
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _table(doc, table: Table, width_cm: float) -> None:
    if table.caption:
        caption = doc.add_paragraph()
        caption.add_run(table.caption).bold = True
        caption.paragraph_format.keep_with_next = True
    total = sum(c.width for c in table.columns)
    widths = [Cm(width_cm * table.width * c.width / total) for c in table.columns]
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    tints = {name: look["tint"].lstrip("#") for name, look in tones().items()}
    head = grid.rows[0]
    _row_property(head, "w:tblHeader")  # repeated at the top of every page the table runs onto
    _row_property(head, "w:cantSplit")
    for cell, column in zip(head.cells, table.columns, strict=True):
        _write(cell, column.header, bold=True, size=table.size)
        _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
    for row in table.rows:
        added = grid.add_row()
        _row_property(added, "w:cantSplit")  # a row is never split across pages
        start = 0
        for spec in row.cells:
            cell = added.cells[start]
            if spec.span > 1:
                cell = cell.merge(added.cells[start + spec.span - 1])
            _write(cell, spec.text, bold=spec.strong or row.role != "body", size=table.size,
                   keep_with_next=row.role == "group", right=spec.align == "end")  # fmt: skip
            if spec.detail:
                _lines(cell.add_paragraph(), spec.detail, size=table.size)
            fill = tints.get(spec.tone) or {"group": GROUP_FILL, "total": HEADER_FILL}.get(row.role)
            if fill:
                _shade(cell._tc.get_or_add_tcPr(), fill)
            start += spec.span
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
    for column, width in zip(grid.columns, widths, strict=False):
        column.width = width
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _write(cell, text: str, bold: bool, size: float, keep_with_next: bool = False, right: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    _lines(paragraph, text, bold=bold, size=size)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.keep_with_next = keep_with_next or None  # a goal's name stays with its first row
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _chart(doc, chart: Chart, width_cm: float) -> None:
    from maalstyring.documents import charts  # matplotlib: loaded only when a Word document has a chart

    doc.add_picture(io.BytesIO(charts.png(chart)), width=Cm(min(width_cm, 22)))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = doc.inline_shapes[-1]._inline
    properties = shape.docPr
    properties.set("descr", chart.alt)  # Word's alt text, read by screen readers
    properties.set("title", chart.title)
