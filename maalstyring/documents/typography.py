"""Danish typography for the documents: − (U+2212) for negatives, 1.234,5, a sign on every deviation."""

from __future__ import annotations

from vocabulary.formatting import format_number, is_missing

MINUS = "\u2212"


def number(value: float | None, decimals: int | None = None) -> str:
    """1.234,5 and −8,4 (the minus sign, not a hyphen); "" for a missing value."""
    if value is None or is_missing(value):
        return ""
    if decimals is None and float(value).is_integer():
        decimals = 0
    text = format_number(abs(float(value)), decimals)
    negative = float(value) < 0 and text.strip("0,.") != ""
    return f"{MINUS}{text}" if negative else text


def signed(value: float | None, decimals: int | None = 1) -> str:
    """A deviation with its sign either way: +5,0, −8,4, 0,0."""
    text = number(value, decimals)
    if not text or text.startswith(MINUS) or text.strip("0,.") == "":
        return text
    return f"+{text}"


def with_unit(text: str, unit: str | None) -> str:
    return " ".join(p for p in (text, unit if isinstance(unit, str) else "") if p)
