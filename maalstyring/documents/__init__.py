"""The årsrapport's Målrapportering and the leadership pack as Word (python-docx) and PDF (LibreOffice).

Every verdict comes from the verdict model (maalstyring.reading.verdict_model); nothing here judges a goal.
"""

from maalstyring.documents.errors import DocumentError

__all__ = ["DocumentError"]
