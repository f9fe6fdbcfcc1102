"""The reports store: the one place that knows which report is current, and which periods are locked.

Which report is current for an institution × year × period: the table `current_reports` (migration 005) is
keyed on the period, so the database itself refuses a second current report: of two sessions committing for
the same key at once, one commit fails (DuckDB: TransactionException at COMMIT or "Conflict on update";
PostgreSQL: a unique violation) and is retried or answered in Danish by the caller (maalstyring.workbooks.ingest).
`reports.is_current`, which the read models join on, is written in the same transaction, only here, so it
always agrees with the table.

A period lock (Koncernøkonomi's, maalstyring.roles.approval) means no follow-up for year × period may change; the
workflows that would change one (ingest, restore in history) and the reminders ask here.

Locking and committing must not pass each other (write skew: each transaction checking the other's table as it
was when it began). One rule, kept by the database on both engines: every transaction that locks or reopens
year × period, or makes a report current in it, first writes the period's row in `period_gates`
(`claim_period`, migration 008). Two such transactions at once write the same row, so the engine commits one
and fails the other with a write conflict (WRITE_CONFLICTS), which the caller retries; the retry then sees the
lock (and is refused) or the new report (and locks over it). `make_current` takes the claim and refuses a
locked period itself, so no path can make a report current in a locked period.

The functions take a cursor; callers own the transaction.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
from psycopg import errors as pg_errors

from maalstyring.database.storage import insert_rows
from maalstyring.database.stored_fields import KEY_FIGURE_FIELDS, REPORT_ROW_FIELDS, db_columns
from vocabulary.records import FollowUp
from vocabulary.terms import WorkbookKind

# What a losing concurrent writer gets, from DuckDB or PostgreSQL; the whole transaction is then rolled back.
# PostgreSQL (REPEATABLE READ, storage_postgres): a second first report for a key is a UniqueViolation, an
# update of a row another session changed since our snapshot a SerializationFailure, and a row another session
# holds for longer than storage_postgres.LOCK_WAIT a LockNotAvailable.
WRITE_CONFLICTS: tuple[type[Exception], ...] = (
    duckdb.TransactionException,
    duckdb.ConstraintException,
    pg_errors.UniqueViolation,
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
)


# --- Which report is current ------------------------------------------------------------------------------


def current_report(cur, code: str, year: int, period: str) -> int | None:
    """The upload number of the current report for institution × year × period, or None."""
    row = cur.execute(
        "SELECT upload_id FROM current_reports WHERE institution_code = ? AND year = ? AND period = ?",
        [code, year, period],
    ).fetchone()
    return row[0] if row else None


def current_report_is_example(cur, code: str, year: int, period: str) -> bool:
    """Whether the current report for institution × year × period is bundled example data."""
    upload_id = current_report(cur, code, year, period)
    if upload_id is None:
        return False
    row = cur.execute("SELECT is_example FROM reports WHERE upload_id = ?", [upload_id]).fetchone()
    return bool(row and row[0])


class PeriodLockedError(Exception):
    """The period is locked, so no report may become current in it; `lock` is (who, when)."""

    def __init__(self, year: int, period: str, lock: tuple[str, datetime]):
        super().__init__(f"{period} {year} er låst")
        self.year, self.period, self.lock = year, period, lock


def make_current(cur, code: str, year: int, period: str, upload_id: int, *, despite_lock: bool = False) -> int | None:
    """Make `upload_id` the current report for its key; return the report it replaced, if any.

    Call inside a transaction. Claims the period first (claim_period) and raises PeriodLockedError if it is
    locked — only removing example data (`despite_lock`) may change a locked period. An INSERT for a new key
    (not an upsert) so that two first reports for the same key collide on the primary key instead of one
    silently overwriting the other.
    """
    claim_period(cur, year, period)
    lock = period_lock(cur, year, period)
    if lock is not None and not despite_lock:
        raise PeriodLockedError(year, period, lock)
    previous = current_report(cur, code, year, period)
    key = [code, year, period]
    if previous is None:
        cur.execute(
            "INSERT INTO current_reports (institution_code, year, period, upload_id) VALUES (?, ?, ?, ?)",
            [*key, upload_id],
        )
    else:
        cur.execute(
            "UPDATE current_reports SET upload_id = ? WHERE institution_code = ? AND year = ? AND period = ?",
            [upload_id, *key],
        )
    cur.execute(
        """
        UPDATE reports SET is_current = (upload_id = ?)
        WHERE institution_code = ? AND year = ? AND period = ? AND (is_current OR upload_id = ?)
        """,
        [upload_id, *key, upload_id],
    )
    return previous if previous != upload_id else None


def store_follow_up(cur, report: FollowUp, upload_id: int, is_example: bool) -> int | None:
    """Store a checked follow-up as upload `upload_id` and make it current; return the report it replaced."""
    key = (report.institution_code, report.year, report.period)
    cur.execute(
        "INSERT INTO reports (upload_id, institution_code, year, period, is_current, is_example)"
        " VALUES (?, ?, ?, ?, FALSE, ?)",
        [upload_id, *key, is_example],
    )
    previous = make_current(cur, *key, upload_id)
    insert_rows(
        cur,
        "report_rows",
        ["upload_id", *db_columns(REPORT_ROW_FIELDS)],
        ([upload_id, *(getattr(r, col.field) for col in REPORT_ROW_FIELDS)] for r in report.rows),
    )
    insert_rows(
        cur,
        "key_figures",
        ["upload_id", "institution_code", "report_year", "period", *db_columns(KEY_FIGURE_FIELDS)],
        ([upload_id, *key, *(getattr(k, col.field) for col in KEY_FIGURE_FIELDS)] for k in report.key_figures),
    )
    return previous


def remove_example_reports(cur) -> None:
    """Delete every example report with its rows and key figures; where one was current, the newest remaining
    real report of its period becomes current again, so removing examples never hides what was sent."""
    affected = cur.execute("SELECT DISTINCT institution_code, year, period FROM reports WHERE is_example").fetchall()
    examples = "SELECT upload_id FROM reports WHERE is_example"
    cur.execute("DELETE FROM current_reports WHERE upload_id IN (" + examples + ")")  # noqa: S608 - constant
    cur.execute("DELETE FROM key_figures WHERE upload_id IN (" + examples + ")")  # noqa: S608 - constant
    cur.execute("DELETE FROM report_rows WHERE upload_id IN (" + examples + ")")  # noqa: S608 - constant
    cur.execute("DELETE FROM reports WHERE is_example")
    for code, year, period in affected:
        newest = cur.execute(
            "SELECT max(upload_id) FROM reports WHERE institution_code = ? AND year = ? AND period = ?",
            [code, year, period],
        ).fetchone()[0]
        if newest is not None and current_report(cur, code, year, period) is None:
            make_current(cur, code, year, period, newest, despite_lock=True)


# --- Period locks -------------------------------------------------------------------------------------------


def claim_period(cur, year: int, period: str) -> None:
    """Write year × period's gate row, so that no other transaction that locks, reopens or makes a report
    current in the same period can commit alongside this one (see the module's docstring). Inside a
    transaction, before the lock is read."""
    cur.execute(
        "INSERT INTO period_gates (year, period, changes) VALUES (?, ?, 1) "
        "ON CONFLICT (year, period) DO UPDATE SET changes = period_gates.changes + 1",
        [year, period],
    )


def period_lock(cur, year: int, period: str) -> tuple[str, datetime] | None:
    """(who, when) if follow-ups for year × period are locked, else None."""
    row = cur.execute(
        "SELECT locked_by, locked_at FROM period_locks WHERE year = ? AND period = ?", [year, period]
    ).fetchone()
    return (row[0], row[1]) if row else None


def add_period_lock(cur, year: int, period: str, actor: str) -> None:
    cur.execute(
        "INSERT INTO period_locks (year, period, locked_by, locked_at) VALUES (?, ?, ?, ?)",
        [year, period, actor, datetime.now()],
    )


def remove_period_lock(cur, year: int, period: str) -> None:
    cur.execute("DELETE FROM period_locks WHERE year = ? AND period = ?", [year, period])


def follow_up_locked(cur, kind: str | None, year: int | None, period: str | None) -> tuple[str, datetime] | None:
    """The lock that refuses a change of kind × year × period: only follow-ups are locked, plans never."""
    if kind != WorkbookKind.FOLLOW_UP or year is None or period is None:
        return None
    return period_lock(cur, year, period)
