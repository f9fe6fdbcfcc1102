"""Danish formats for what users see: 19. december 2023, 5,0 mio. kr., 2.600 sager."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def is_missing(value) -> bool:
    """True for None, NaN, NaT and pandas' NA. Database columns that may be NULL reach the pages as any of
    them, and NA has no truth value: `value != value` or `if value` on it raises, which took whole pages
    down (issue 10). Every "is there a value?" question on data from a frame goes through here."""
    if value is None:
        return True
    if isinstance(value, str | bytes | bool | int):
        return False
    if isinstance(value, float):  # the common case in tables of numbers (numpy's float64 included)
        return math.isnan(value)
    try:
        return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False
    except (TypeError, ValueError):
        return False


def is_true(value) -> bool:
    """A flag from a frame (e.g. is_example, is_current): NULL and NA count as false instead of raising."""
    return not is_missing(value) and bool(value)


def format_date(value: date | datetime | None, missing: str = "ikke angivet") -> str:
    if value is None or is_missing(value):
        return missing
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def format_number(value: float | None, decimals: int | None = None) -> str:
    """Decimal comma and thousands point; whole numbers without decimals unless asked for."""
    if value is None or is_missing(value):
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_target(target: float | None, unit: str | None, direction: str | None) -> str:
    """E.g. 'mindst 90 pct.', 'højst 5,0 mio. kr.'."""
    if is_missing(target):
        return ""
    unit = unit if isinstance(unit, str) else ""  # NULL arrives as None, NaN or NA
    decimals = 1 if unit == "mio. kr." else None
    parts = [direction.lower() if isinstance(direction, str) else "", format_number(target, decimals), unit]
    return " ".join(p for p in parts if p)


def format_datetime(value: datetime | None, missing: str = "") -> str:
    """E.g. '23.11.2026 kl. 19.05'."""
    if value is None or is_missing(value):
        return missing
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return f"{value:%d.%m.%Y} kl. {value:%H.%M}"


def institution_label(name: str, code: str) -> str:
    """How an institution is named wherever a person reads it: "Statens Serum Institut (SSI)".

    The one place this is built: the sidebar's institution filter binds this label in the URL (Streamlit puts
    a widget's shown label in the query string), so reminder links and page links must build the same text."""
    return f"{name} ({code})"


def institution_labels(names, codes) -> list[str]:
    """`institution_label` for two columns of a frame, row by row."""
    return [institution_label(name, code) for name, code in zip(names, codes, strict=True)]
