"""Which report is current for an institution × year × period: the one place that changes it.

The table `current_reports` (migration 005) is keyed on the period, so the database itself refuses a
second current report: of two sessions committing for the same key at once, one commit fails (DuckDB:
TransactionException at COMMIT or "Conflict on update"; PostgreSQL: a unique violation) and is retried or
answered in Danish by the caller (maalstyring.ingest). `reports.is_current`, which the read models use, is
written in the same transaction, only here, so it always agrees with the table.
"""

from __future__ import annotations

import duckdb
from psycopg import errors as pg_errors

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


def current_report(cur, code: str, year: int, period: str) -> int | None:
    row = cur.execute(
        "SELECT upload_id FROM current_reports WHERE institution_code = ? AND year = ? AND period = ?",
        [code, year, period],
    ).fetchone()
    return row[0] if row else None


def make_current(cur, code: str, year: int, period: str, upload_id: int) -> int | None:
    """Make `upload_id` the current report for its key; return the report it replaced, if any.

    Call inside a transaction. An INSERT for a new key (not an upsert) so that two first reports for the
    same key collide on the primary key instead of one silently overwriting the other.
    """
    previous = current_report(cur, code, year, period)
    key = [code, year, period]
    if previous is None:
        cur.execute("INSERT INTO current_reports VALUES (?, ?, ?, ?)", [*key, upload_id])
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
