"""One document model, two files: .docx through python-docx, .pdf through Typst."""

from __future__ import annotations

from maalstyring.documents import pdf, word
from maalstyring.documents.model import Document

SUFFIXES = ("docx", "pdf")


def render(document: Document, suffix: str) -> bytes:
    """The document as .docx or .pdf; DocumentError (Danish) when the PDF cannot be made."""
    return pdf.render(document) if suffix.lower().lstrip(".") == "pdf" else word.render(document)
