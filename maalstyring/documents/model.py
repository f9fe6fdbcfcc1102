"""The one document model both renderers read: sections of headings, paragraphs, tables and figures.

maalrapportering.py and ledelse.py build a Document from the read models; word.py renders it with python-docx and
pdf.py with Typst. Text is plain text everywhere (workbook text is never markup): each renderer escapes it its way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from maalstyring.documents.errors import DocumentError

# A document reads workbook text verbatim; these caps keep one document's size, and so the time and memory its
# rendering takes, bounded whatever a workbook holds (the loaders cap cells too; this is the document's own bound).
MAX_CELL_CHARS = 6_000
MAX_BLOCKS = 4_000
MAX_TABLE_ROWS = 2_000


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = section, 2 = subsection, 3 = a labelled part (Årsag og konsekvens, Handling)
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False
    label: str = ""  # a bold lead-in ("Målepunkt 2:") before the text
    kind: str = "paragraph"


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1
    strong: bool = False
    detail: str = ""  # a second paragraph in normal weight under a strong text (a goal's objective)
    tone: str = ""  # a status or verdict word: the renderers tint the cell (the word itself carries the meaning)
    align: str = ""  # "" = the column's alignment; "end" = right

    def __post_init__(self) -> None:  # a missing value from a frame (None, NaN) is an empty cell, never "nan"
        for name in ("text", "detail", "tone"):
            if not isinstance(getattr(self, name), str):
                object.__setattr__(self, name, "")


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    role: str = "body"  # "body"; "group" (a goal's name: kept with the rows under it, repeated on a new page);
    # "total" (the summary line)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # relative width
    align: str = "start"


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str = ""  # read by screen readers as the table's summary; shown above the table
    size: float = 9.0  # points
    width: float = 1.0  # share of the text width
    kind: str = "table"


@dataclass(frozen=True)
class PageBreak:
    kind: str = "pagebreak"


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: stacked segments (count per status) or one signed value (a deviation)."""

    label: str
    segments: tuple[tuple[str, float, str], ...]  # (status or verdict word, value, the value as the bar says it)


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart drawn by the renderer (Typst natively; Word gets matplotlib's image of it)."""

    title: str
    alt: str  # the chart in words, for screen readers and for a reader who cannot see the colours
    bars: tuple[Bar, ...]
    axis: str  # the axis label with its unit
    style: str = "stacked"  # "stacked" (counts by status) or "deviation" (signed values with the plan's limit)
    limit: float | None = None
    limit_text: str = ""  # the limit as the plan says it, with its unit ("5,0 mio. kr.")
    kind: str = "chart"


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    author: str  # the institution (Målrapportering) or the department (leadership pack)
    running_head: str
    blocks: tuple[Block, ...]
    subtitle: tuple[str, ...] = ()  # lines under the title (the institution, the period)
    example_notice: str = ""  # on every page when the document rests on example data
    landscape: bool = False
    created: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    def as_data(self) -> dict:
        """The document as plain data (Typst reads it with json())."""
        data = asdict(self)
        data["created"] = self.created.isoformat()
        return data

    def text(self) -> str:
        """Every word of the document once, in reading order (tests and the 'før du sender' check read it)."""
        parts = [self.title, *self.subtitle, self.running_head, self.example_notice]
        for block in self.blocks:
            if isinstance(block, Table):
                parts += [block.caption, *(c.header for c in block.columns)]
                parts += [f"{c.text}\n{c.detail}".strip() for row in block.rows for c in row.cells]
            elif isinstance(block, Chart):
                parts += [block.title, block.alt]
            elif isinstance(block, Paragraph):
                parts.append(f"{block.label} {block.text}".strip())
            elif isinstance(block, Heading):
                parts.append(block.text)
        return "\n".join(p for p in parts if p)


def clip(text: str) -> str:
    """Workbook text as a cell holds it, cut at MAX_CELL_CHARS with an ellipsis (never silently)."""
    text = str(text or "")
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def bounded(blocks: list[Block]) -> tuple[Block, ...]:
    """The blocks, or DocumentError when a document would be larger than any real plan makes it."""
    if len(blocks) > MAX_BLOCKS or any(isinstance(b, Table) and len(b.rows) > MAX_TABLE_ROWS for b in blocks):
        raise DocumentError("Dokumentet ville blive for stort til at blive dannet. Kontakt Koncernøkonomi.")
    return tuple(blocks)
