"""Koncernøkonomi's approval of a report and the locking of a period; every change is recorded as an event."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from maalstyring.access import User, upload_scope
from maalstyring.ingest import record_event
from maalstyring.storage import transaction


class ApprovalError(ValueError):
    """The action cannot be done; the message says why, in Danish."""


def period_lock(conn: duckdb.DuckDBPyConnection, year: int, period: str) -> tuple[str, datetime] | None:
    """(who, when) if uploads for year × period are locked, else None."""
    row = (
        conn.cursor()
        .execute("SELECT locked_by, locked_at FROM period_locks WHERE year = ? AND period = ?", [year, period])
        .fetchone()
    )
    return (row[0], row[1]) if row else None


def lock_period(conn: duckdb.DuckDBPyConnection, year: int, period: str, actor: str) -> None:
    cur = conn.cursor()
    with transaction(cur):
        if cur.execute("SELECT 1 FROM period_locks WHERE year = ? AND period = ?", [year, period]).fetchone():
            raise ApprovalError(f"{period} {year} er allerede låst.")
        cur.execute("INSERT INTO period_locks VALUES (?, ?, ?, ?)", [year, period, actor, datetime.now()])
        record_event(cur, actor, "låst", None, None, year, period, f"{period} {year} låst for indberetning")


def reopen_period(conn: duckdb.DuckDBPyConnection, year: int, period: str, actor: str) -> None:
    cur = conn.cursor()
    with transaction(cur):
        if not cur.execute("SELECT 1 FROM period_locks WHERE year = ? AND period = ?", [year, period]).fetchone():
            raise ApprovalError(f"{period} {year} er ikke låst.")
        cur.execute("DELETE FROM period_locks WHERE year = ? AND period = ?", [year, period])
        record_event(cur, actor, "genåbnet", None, None, year, period, f"{period} {year} åbnet for indberetning igen")


def approve_report(conn: duckdb.DuckDBPyConnection, code: str, year: int, period: str, actor: str) -> int:
    """Approve the current report of institution × year × period; returns the approved upload's number."""
    cur = conn.cursor()
    with transaction(cur):
        current = cur.execute(
            "SELECT upload_id FROM reports WHERE institution_code = ? AND year = ? AND period = ? AND is_current",
            [code, year, period],
        ).fetchone()
        if current is None:
            raise ApprovalError(f"Der er ingen indberetning fra {code} for {period} {year} at godkende.")
        cur.execute(
            """
            INSERT INTO approvals VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (institution_code, year, period)
            DO UPDATE SET upload_id = excluded.upload_id, approved_by = excluded.approved_by,
                          approved_at = excluded.approved_at
            """,
            [code, year, period, current[0], actor, datetime.now()],
        )
        record_event(cur, actor, "godkendt", current[0], code, year, period, f"Indberetning nr. {current[0]} godkendt")
    return current[0]


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
