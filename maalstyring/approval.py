"""Koncernøkonomi's approval of a report and the locking of a period; every change is recorded as an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from maalstyring import reports_store
from maalstyring.access import User, upload_scope
from maalstyring.events import record_event
from maalstyring.storage import transaction
from vocabulary.terms import PERIODS, ApprovalStanding, EventAction


class ApprovalError(ValueError):
    """The action cannot be done; the message says why, in Danish."""


def period_lock(conn: duckdb.DuckDBPyConnection, year: int, period: str) -> tuple[str, datetime] | None:
    """(who, when) if uploads for year × period are locked, else None."""
    return reports_store.period_lock(conn.cursor(), year, period)


def lock_period(conn: duckdb.DuckDBPyConnection, year: int, period: str, actor: str) -> None:
    cur = conn.cursor()
    with transaction(cur):
        if reports_store.period_lock(cur, year, period) is not None:
            raise ApprovalError(f"{period} {year} er allerede låst.")
        reports_store.add_period_lock(cur, year, period, actor)
        record_event(cur, actor, EventAction.LOCKED, None, None, year, period, f"{period} {year} låst for indberetning")


def reopen_period(conn: duckdb.DuckDBPyConnection, year: int, period: str, actor: str) -> None:
    cur = conn.cursor()
    with transaction(cur):
        if reports_store.period_lock(cur, year, period) is None:
            raise ApprovalError(f"{period} {year} er ikke låst.")
        reports_store.remove_period_lock(cur, year, period)
        record_event(
            cur, actor, EventAction.REOPENED, None, None, year, period, f"{period} {year} åbnet for indberetning igen"
        )


def approve_report(conn: duckdb.DuckDBPyConnection, code: str, year: int, period: str, actor: str) -> int:
    """Approve the current report of institution × year × period; returns the approved upload's number."""
    cur = conn.cursor()
    with transaction(cur):
        current = reports_store.current_report(cur, code, year, period)
        if current is None:
            raise ApprovalError(f"Der er ingen indberetning fra {code} for {period} {year} at godkende.")
        cur.execute(
            """
            INSERT INTO approvals (institution_code, year, period, upload_id, approved_by, approved_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (institution_code, year, period)
            DO UPDATE SET upload_id = excluded.upload_id, approved_by = excluded.approved_by,
                          approved_at = excluded.approved_at
            """,
            [code, year, period, current, actor, datetime.now()],
        )
        record_event(
            cur, actor, EventAction.APPROVED, current, code, year, period, f"Indberetning nr. {current} godkendt"
        )
    return current


def approvals(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every approval, and whether it still covers the current report (a newer upload voids it)."""
    return (
        conn.cursor()
        .execute(
            """
        SELECT a.institution_code, a.year, a.period, a.upload_id, a.approved_by, a.approved_at,
               coalesce(r.is_current, FALSE) AS covers_current
        FROM approvals a LEFT JOIN reports r ON r.upload_id = a.upload_id
        ORDER BY a.year DESC, a.period, a.institution_code
        """
        )
        .df()
    )


# Where a current report stands with Koncernøkonomi. Codes, not the words shown: the page words them.
NOT_APPROVED = ApprovalStanding.NOT_APPROVED
APPROVED = ApprovalStanding.APPROVED
SUPERSEDED = ApprovalStanding.SUPERSEDED  # approved, but a newer report has since become the current one


@dataclass(frozen=True)
class ApprovalState:
    """One current report of the year and whether Koncernøkonomi's approval covers it."""

    institution_code: str
    institution_name: str
    period: str
    state: str  # NOT_APPROVED, APPROVED or SUPERSEDED
    approved_by: str | None
    approved_at: datetime | None


def approval_states(
    conn: duckdb.DuckDBPyConnection, year: int, codes: tuple[str, ...] | list[str] = ()
) -> list[ApprovalState]:
    """Every current report of `year` (of the given institutions; all when none are given), by institution
    name and period, with where its approval stands. An approval covers the report it was given for only."""
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT r.institution_code, i.name, r.period, a.upload_id = r.upload_id, a.approved_by, a.approved_at
            FROM reports r
            JOIN institutions i ON i.code = r.institution_code
            LEFT JOIN approvals a ON a.institution_code = r.institution_code AND a.year = r.year
                                 AND a.period = r.period
            WHERE r.is_current AND r.year = ?
            ORDER BY i.name, r.institution_code
            """,
            [year],
        )
        .fetchall()
    )
    # Filtered and put in period order here, not in SQL, so the query is the same on both engines.
    order = {period: n for n, period in enumerate(PERIODS)}
    rows = [row for row in rows if not codes or row[0] in codes]
    rows.sort(key=lambda row: (row[1], row[0], order.get(row[2], len(order))))
    return [
        ApprovalState(
            code,
            name,
            period,
            NOT_APPROVED if covers is None else (APPROVED if covers else SUPERSEDED),
            by,
            at,
        )
        for code, name, period, covers, by, at in rows
    ]


def audit_trail(
    conn: duckdb.DuckDBPyConnection,
    viewer: User,
    institution: str | None = None,
    year: int | None = None,
    period: str | None = None,
) -> pd.DataFrame:
    """Every recorded event `viewer` may see, newest first, optionally for one institution, year and period.

    Leder, Koncernøkonomi and admin see every event. A controller sees the events of their own institutions,
    their own events, and events of no institution and no file (period locks, removal of example data) —
    not who sent or was refused what for other institutions.
    """
    everything, own, actor = upload_scope(viewer)
    return (
        conn.cursor()
        .execute(
            """
        SELECT happened_at, actor, action, institution_code, year, period, upload_id, details
        FROM events
        WHERE (?::VARCHAR IS NULL OR institution_code = ?)
          AND (?::INTEGER IS NULL OR year = ?)
          AND (?::VARCHAR IS NULL OR period = ?)
          AND (?::BOOLEAN OR list_contains(?::VARCHAR[], institution_code) OR actor = ?
               OR (institution_code IS NULL AND upload_id IS NULL))
        ORDER BY happened_at DESC, event_id DESC
        """,
            [institution, institution, year, year, period, period, everything, own, actor],
        )
        .df()
    )
