"""Reading stored records by name: SELECT lists from loaders.contract, records built from the names a query gives.

A template column's database column is named once, in the contract (Column.field / Column.db_column). The
read models take their column lists from here, so a new stored column reaches the preview, the prefilled
template, the archive view and the export without a hand-written list to update, and no record depends on
the order of a SELECT.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from loaders import contract as c

# The stored columns of each data sheet, in sheet order.
GOAL_FIELDS = c.stored_columns(c.GOAL_COLUMNS)
MEASURE_FIELDS = c.stored_columns(c.MEASURE_COLUMNS)
REPORT_ROW_FIELDS = c.stored_columns(c.FOLLOW_UP_COLUMNS)
KEY_FIGURE_FIELDS = c.stored_columns(c.KEY_FIGURE_COLUMNS)


def db_columns(fields: Iterable[c.Column]) -> list[str]:
    """The database columns of stored fields, in order (only a column that is not stored has none)."""
    return [name for col in fields if (name := col.db_column) is not None]


def select_list(columns: Iterable[c.Column], alias: str, skip: Iterable[str] = ()) -> str:
    """'rr.status, rr.verdict, …' for `columns` of the table aliased `alias`, each named by its field.

    Only identifiers from the contract go into the SQL (never user text); `skip` leaves out fields the
    query already selects under another name.
    """
    left_out = set(skip)
    parts = []
    for col in columns:
        if col.field in left_out:
            continue
        name = col.db_column
        parts.append(f"{alias}.{name}" if name == col.field else f"{alias}.{name} AS {col.field}")
    return ", ".join(parts)


def records(cur, record: type) -> list[Any]:
    """The rows of the query just run on `cur`, each as `record(**{column name: value})`."""
    names = [d[0] for d in cur.description]
    return [record(**dict(zip(names, row, strict=True))) for row in cur.fetchall()]
