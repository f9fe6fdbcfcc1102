"""Koncernøkonomi's approval of a report and the locking of a period; every change is recorded as an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from maalstyring.database import reports_store
from maalstyring.database.events import record_event
from maalstyring.database.storage import Connection, transaction
from maalstyring.roles.access import User, upload_scope
from vocabulary.terms import PERIODS, ApprovalStanding, EventAction


class ApprovalError(ValueError):
    """The action cannot be done; the message says why, in Danish."""


def period_lock(conn: Connection, year: int, period: str) -> tuple[str, datetime] | None:
    """(who, when) if uploads for year × period are locked, else None."""
    return reports_store.period_lock(conn.cursor(), year, period)


# A lock, reopening or approval that loses a race with a commit in the same period is tried again from the start
# (it then sees what the other stored); after this many lost races the answer is a Danish "try again".
ATTEMPTS = 5
CHANGED_SINCE_OPENED = "Indberetningen er ændret, siden du åbnede den"


def lock_period(conn: Connection, year: int, period: str, actor: str) -> None:
    """Lock year × period. Claims the period (reports_store.claim_period) so that no report commit in flight
    can become current after the lock: of the two, the database lets one commit, and the other is retried."""

    def lock(cur) -> None:
        reports_store.claim_period(cur, year, period)
        if reports_store.period_lock(cur, year, period) is not None:
            raise ApprovalError(f"{period} {year} er allerede låst.")
        reports_store.add_period_lock(cur, year, period, actor)
        record_event(cur, actor, EventAction.LOCKED, None, None, year, period, f"{period} {year} låst for indberetning")

    _in_transaction(conn, lock, f"{period} {year} er ikke låst")


def reopen_period(conn: Connection, year: int, period: str, actor: str) -> None:
    def reopen(cur) -> None:
        reports_store.claim_period(cur, year, period)
        if reports_store.period_lock(cur, year, period) is None:
            raise ApprovalError(f"{period} {year} er ikke låst.")
        reports_store.remove_period_lock(cur, year, period)
        record_event(
            cur, actor, EventAction.REOPENED, None, None, year, period, f"{period} {year} åbnet for indberetning igen"
        )

    _in_transaction(conn, reopen, f"{period} {year} er ikke åbnet igen")


def _in_transaction(conn, change, not_done: str):
    """Run `change(cursor)` in one transaction; a write conflict with a concurrent commit, lock or approval is
    retried from the start (the retry sees what the other stored). After ATTEMPTS lost races: a Danish refusal."""
    for _ in range(ATTEMPTS):
        cur = conn.cursor()
        try:
            with transaction(cur):
                return change(cur)
        except reports_store.WRITE_CONFLICTS:
            continue
    raise ApprovalError(f"{not_done}: en anden ændring for perioden blev gemt i samme øjeblik. Prøv igen.")


def approve_report(conn: Connection, code: str, year: int, period: str, actor: str, seen_upload_id: int | None) -> int:
    """Approve the report `seen_upload_id` of institution × year × period — the one the reviewer had on screen;
    returns its number. Refused in Danish if another report has become current since (or none is)."""

    def approve(cur) -> int:
        current = reports_store.current_report(cur, code, year, period)
        if current is None:
            raise ApprovalError(f"Der er ingen indberetning fra {code} for {period} {year} at godkende.")
        if current != seen_upload_id:
            raise ApprovalError(
                f"{CHANGED_SINCE_OPENED}: {code} har indlæst indberetning nr. {current} for {period} {year} i stedet "
                f"for nr. {seen_upload_id}, som du så. Intet er godkendt. Se den nye indberetning, og godkend den, "
                "hvis den er i orden."
            )
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

    return _in_transaction(conn, approve, f"Indberetning nr. {seen_upload_id} er ikke godkendt")


def approvals(conn: Connection) -> pd.DataFrame:
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
    upload_id: int | None = None  # the current report's number: what a reviewer sees and approves


def approval_states(conn: Connection, year: int, codes: tuple[str, ...] | list[str] = ()) -> list[ApprovalState]:
    """Every current report of `year` (of the given institutions; all when none are given), by institution
    name and period, with where its approval stands. An approval covers the report it was given for only."""
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT r.institution_code, i.name, r.period, a.upload_id = r.upload_id, a.approved_by, a.approved_at,
                   r.upload_id
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
            upload_id,
        )
        for code, name, period, covers, by, at, upload_id in rows
    ]


def audit_trail(
    conn: Connection,
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
