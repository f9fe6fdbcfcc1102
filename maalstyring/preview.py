"""What committing a valid workbook would change, per målepunkt, compared with what is stored.

A follow-up is compared with the current report for the same institution × year × period; a plan with the
stored plan for the same institution × year. Pure reads; the result also carries the upload it was
compared with, so the commit can refuse a preview that has gone stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from loaders.reader import ReadResult
from maalstyring import queries
from maalstyring.domain import FollowUpRow, Measure
from maalstyring.formatting import format_date, format_number
from maalstyring.ingest import current_upload_for, stored_measures

NEW = "ny"
CHANGED = "ændret"
UNCHANGED = "uændret"
REMOVED = "fjernet"

# Danish field names, in the order they are shown.
FOLLOW_UP_FIELDS = (
    ("status", "Status"),
    ("verdict", "Opfyldelse"),
    ("assessment", "Vurdering"),
    ("cause", "Årsag og konsekvens"),
    ("action", "Handling"),
    ("target", "Måltal"),
    ("actual", "Resultat"),
)
PLAN_FIELDS = (
    ("goal_id", "Mål-ID"),
    ("nr", "Nr."),
    ("text", "Målepunkt"),
    ("target", "Måltal"),
    ("unit", "Enhed"),
    ("direction", "Retning"),
    ("deadline", "Frist"),
)


@dataclass(frozen=True)
class FieldChange:
    name: str  # Danish field name
    old: str
    new: str


@dataclass(frozen=True)
class ChangeRow:
    """One målepunkt: new, changed, unchanged or removed, with its old → new values."""

    measure_id: str
    change: str
    new_values: dict[str, str]  # Danish field name → shown value (for a removed målepunkt: what it was)
    changes: tuple[FieldChange, ...] = ()


@dataclass
class Preview:
    kind: str
    institution_code: str
    year: int
    period: str | None
    compared_with: int | None  # the upload whose data is current now (None: nothing stored yet)
    rows: list[ChangeRow] = field(default_factory=list)

    def count(self, change: str) -> int:
        return sum(r.change == change for r in self.rows)

    @property
    def changes_anything(self) -> bool:
        return any(r.change != UNCHANGED for r in self.rows)


def preview_changes(conn: duckdb.DuckDBPyConnection, read: ReadResult) -> Preview:
    """Compare a valid workbook (`read.ok`) with what is stored now."""
    if not read.ok:
        raise ValueError("Only a valid workbook can be previewed.")
    cur = conn.cursor()
    preview = Preview(read.kind, read.institution_code, read.year, read.period, current_upload_for(cur, read))
    if read.follow_up is not None:
        stored = queries.current_report_rows(conn, read.institution_code, read.year, read.period)
        incoming = {r.measure_id: r for r in read.follow_up.rows}
        preview.rows = _compare(incoming, stored, FOLLOW_UP_FIELDS, _follow_up_value)
    else:
        stored = stored_measures(cur, read.institution_code, read.year) or {}
        incoming = {m.measure_id: m for m in read.plan.measures}
        preview.rows = _compare(incoming, stored, PLAN_FIELDS, _plan_value)
    return preview


def _compare(incoming: dict, stored: dict, fields, shown) -> list[ChangeRow]:
    rows = []
    for measure_id, new in incoming.items():
        new_values = {label: shown(new, attr) for attr, label in fields}
        old = stored.get(measure_id)
        if old is None:
            rows.append(ChangeRow(measure_id, NEW, new_values))
            continue
        changes = tuple(
            FieldChange(label, shown(old, attr), new_values[label])
            for attr, label in fields
            if shown(old, attr) != new_values[label]
        )
        rows.append(ChangeRow(measure_id, CHANGED if changes else UNCHANGED, new_values, changes))
    rows += [
        ChangeRow(measure_id, REMOVED, {label: shown(old, attr) for attr, label in fields})
        for measure_id, old in stored.items()
        if measure_id not in incoming
    ]
    return rows


def _follow_up_value(row: FollowUpRow, attr: str) -> str:
    value = getattr(row, attr)
    if attr in ("target", "actual"):
        return format_number(value)
    return value or ""


def _plan_value(measure: Measure, attr: str) -> str:
    value = getattr(measure, attr)
    if attr == "target":
        return format_number(value)
    if attr == "deadline":
        return format_date(value, missing="")
    return value or ""
