"""Danish formats for what users see: 19. december 2023, 5,0 mio. kr., 2.600 sager."""

from __future__ import annotations

import math
from datetime import date, datetime

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def format_date(value: date | datetime | None, missing: str = "ikke angivet") -> str:
    if value is None or value != value:  # NaN and pandas' NaT are not equal to themselves
        return missing
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def format_number(value: float | None, decimals: int | None = None) -> str:
    """Decimal comma and thousands point; whole numbers without decimals unless asked for."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_target(target: float | None, unit: str | None, direction: str | None) -> str:
    """E.g. 'mindst 90 pct.', 'højst 5,0 mio. kr.'."""
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return ""
    decimals = 1 if unit == "mio. kr." else None
    parts = [direction.lower() if isinstance(direction, str) else "", format_number(target, decimals), unit or ""]
    return " ".join(p for p in parts if p)


def format_datetime(value: datetime | None, missing: str = "") -> str:
    """E.g. '23.11.2026 kl. 19.05'."""
    if value is None or value != value:
        return missing
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return f"{value:%d.%m.%Y} kl. {value:%H.%M}"
