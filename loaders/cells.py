"""Turning one cell's value into a clean Python value, or a Danish explanation of why not."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from loaders.contract import MAX_TEXT_CHARS, Column
from vocabulary.spelling import canonical_choice

DANISH_MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

# What a formula's cached value is when the formula failed; never a controller's answer.
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)

_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_NUMBER_TEXT_DOT = re.compile(r"^[+-]?\d+\.\d+$")


class CellError(ValueError):
    """The cell holds something its column does not allow; str() is the Danish explanation."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.replace("\u00a0", " ").strip())


def clean_text(value: object, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Text as the controller meant it: NBSP as space, ends stripped, numbers without a trailing .0."""
    # The reader kept only a prefix of a text longer than Excel allows (OverlongText): judge its real length.
    length = getattr(value, "length", None) if isinstance(value, str) else None
    if length is None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime):
            value = value.date().isoformat()
        text = str(value).replace("\u00a0", " ").replace("\r\n", "\n").strip()
        length = len(text)
    else:
        text = str(value)
    if length > max_chars:
        raise CellError(
            f"Teksten er {format_int(length)} tegn lang; højst {format_int(max_chars)} tegn er tilladt. "
            "Forkort teksten."
        )
    return text


def parse_number(value: object) -> float:
    """A real number, or Danish text like '5,0', '-3,2', '90 %', '2.600' or '1.234,5'."""
    if isinstance(value, bool):
        raise CellError(f"'{value}' er ikke et tal.")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("Tallet er ikke et endeligt tal.")
        return float(value)
    text = clean_text(value)
    # U+2212 is the minus sign Word and some locales put in pasted numbers.
    compact = text.replace(" ", "").replace("\u2212", "-").removesuffix("%").removesuffix("pct.").removesuffix("pct")
    if _NUMBER_TEXT.match(compact):
        return float(compact.replace(".", "").replace(",", "."))
    if _NUMBER_TEXT_DOT.match(compact):  # "5.0" from an English-locale sheet: unambiguous, not a thousands dot
        return float(compact)
    raise CellError(f"'{shorten(text)}' er ikke et tal. Skriv fx 5,0 eller 90.")


def parse_date(value: object) -> date:
    """A real date, or text like 19.12.2023, 2023-12-19 or 19. december 2023."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value).lower()
    for pattern in (r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", r"^(\d{1,2})-(\d{1,2})-(\d{4})$"):
        match = re.match(pattern, text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return _make_date(year, month, day, text)
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make_date(year, month, day, text)
    match = re.match(r"^(\d{1,2})\.?\s+([a-zæøå]+)\s+(\d{4})$", text)
    if match and match.group(2) in DANISH_MONTHS:
        return _make_date(int(match.group(3)), DANISH_MONTHS[match.group(2)], int(match.group(1)), text)
    raise CellError(f"'{shorten(text)}' er ikke en dato. Skriv fx 19.12.2023.")


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise CellError(f"'{text}' er ikke en gyldig dato.") from exc


def parse_choice(value: object, column: Column) -> str:
    text = clean_text(value)
    found = canonical_choice(text, column.choices)
    if found is None:
        allowed = ", ".join(column.choices)
        raise CellError(f"'{shorten(text)}' er ikke tilladt i kolonnen {column.header}. Tilladt: {allowed}.")
    return found


def parse_cell(value: object, column: Column) -> object:
    """Parse a non-blank cell by its column's kind."""
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        raise CellError(f"Cellen viser fejlen {value.strip()} fra en formel. Ret formlen, eller skriv værdien direkte.")
    if column.kind == "number":
        return parse_number(value)
    if column.kind == "date":
        return parse_date(value)
    if column.kind == "choice":
        return parse_choice(value, column)
    return clean_text(value, column.max_chars or MAX_TEXT_CHARS)


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_int(number: int) -> str:
    """Danish thousands separator: 40000 → 40.000."""
    return f"{number:,}".replace(",", ".")
