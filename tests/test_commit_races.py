"""One current report per institution × year × period, enforced by the database, under real concurrent sessions
(on DuckDB and on PostgreSQL: on PostgreSQL each session borrows its own server connection, so the ten commits
really run at once in the server).

The sessions are threads with their own cursors on one connection, as Streamlit's sessions share the app's
connection (ui/db.py). Separate processes cannot share a DuckDB file for writing at all (the second gets
DatabaseLockedError, tests/test_cli.py), so within-process sessions are where the races happen.
"""

from __future__ import annotations

import threading

import duckdb
import psycopg
import pytest

from maalstyring.database.migrations import MIGRATIONS
from maalstyring.database.storage import apply_migrations, storage_postgres
from maalstyring.reading import history
from maalstyring.workbooks.ingest import UNCHECKED, commit_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

SESSIONS = 10


def distinct_files(conn, n: int) -> list[bytes]:
    """n valid follow-ups for LMST 2024 1. halvår that differ in their bytes (and one assessment)."""
    template = follow_up_template(conn)

    def with_title(i):
        return lambda wb: setattr(wb.properties, "title", f"udgave {i}")

    return [fill(template, edit=with_title(i)) for i in range(n)]


def run_at_once(work) -> list:
    """Run `work(i)` for i in range(SESSIONS) in threads released together; return results or exceptions."""
    barrier = threading.Barrier(SESSIONS)
    results: list = [None] * SESSIONS

    def session(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # a traceback a user would see
            results[i] = exc

    threads = [threading.Thread(target=session, args=(i,)) for i in range(SESSIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def current_reports(conn) -> tuple[list, list]:
    key = ["LMST", 2024, Period.H1]
    marked = conn.execute(
        "SELECT upload_id FROM reports WHERE institution_code = ? AND year = ? AND period = ? AND is_current", key
    ).fetchall()
    table = conn.execute(
        "SELECT upload_id FROM current_reports WHERE institution_code = ? AND year = ? AND period = ?", key
    ).fetchall()
    return marked, table


@pytest.mark.parametrize("expected", [None, UNCHECKED], ids=["forhåndsvisning", "kommandolinje"])
def test_simultaneous_commits_for_one_key_leave_exactly_one_current_report(seeded_conn, expected):
    files = distinct_files(seeded_conn, SESSIONS)
    results = run_at_once(
        lambda i: commit_workbook(seeded_conn, files[i], f"v{i}.xlsx", f"bruger{i}@lmst.dk", expected_current=expected)
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    outcomes = [r.outcome for r in results]
    assert set(outcomes) <= {UploadOutcome.ACCEPTED, UploadOutcome.STALE}
    if expected is None:  # every preview compared with "nothing stored": one wins, the others are stale
        assert outcomes.count(UploadOutcome.ACCEPTED) == 1
    for r in results:
        if r.outcome == UploadOutcome.STALE:
            message = r.findings[0].message  # Danish: another report was loaded, this one is not stored
            assert r.upload_id is None and "indlæst" in message
            assert "Intet er gemt" in message or "ikke gemt" in message
    marked, table = current_reports(seeded_conn)
    assert len(marked) == 1 and marked == table
    winner = marked[0][0]
    accepted = {r.upload_id for r in results if r.outcome == UploadOutcome.ACCEPTED}
    assert winner in accepted
    # Each accepted upload is archived once, with its rows; nothing half-written for the losers.
    assert seeded_conn.execute("SELECT count(*) FROM reports").fetchone()[0] == len(accepted)
    assert seeded_conn.execute("SELECT count(DISTINCT upload_id) FROM report_rows").fetchone()[0] == len(accepted)


def test_the_same_file_committed_in_many_sessions_is_stored_once(seeded_conn):
    data = distinct_files(seeded_conn, 1)[0]
    results = run_at_once(lambda i: commit_workbook(seeded_conn, data, "samme.xlsx", f"s{i}", expected_current=None))
    assert not [r for r in results if isinstance(r, Exception)], results
    outcomes = sorted(r.outcome for r in results)
    assert outcomes.count(UploadOutcome.ACCEPTED) == 1
    assert set(outcomes) <= {UploadOutcome.ACCEPTED, UploadOutcome.DUPLICATE, UploadOutcome.STALE}
    marked, table = current_reports(seeded_conn)
    assert len(marked) == 1 and marked == table


def test_simultaneous_restores_leave_one_current_report(seeded_conn):
    files = distinct_files(seeded_conn, 3)
    uploads = [commit_workbook(seeded_conn, f, f"v{i}.xlsx", "t").upload_id for i, f in enumerate(files)]
    results = run_at_once(lambda i: history.restore_report(seeded_conn, uploads[i % 2], f"s{i}"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert any(r.ok for r in results)
    marked, table = current_reports(seeded_conn)
    assert len(marked) == 1 and marked == table


def test_the_schema_itself_refuses_a_second_current_report(seeded_conn):
    seeded_conn.execute("INSERT INTO current_reports VALUES ('LMST', 2024, '1. halvår', 1)")
    with pytest.raises((duckdb.ConstraintException, psycopg.errors.UniqueViolation)):
        seeded_conn.execute("INSERT INTO current_reports VALUES ('LMST', 2024, '1. halvår', 2)")


def test_migration_005_backfills_one_current_report_per_key(engine, db_target, monkeypatch):
    """A database from before 005, where a race had left two current reports, comes out with the newest one."""
    conn = duckdb.connect(str(db_target)) if engine == "duckdb" else storage_postgres.connect(db_target)
    monkeypatch.setattr("maalstyring.database.storage.MIGRATIONS", MIGRATIONS[:4])
    apply_migrations(conn)
    conn.execute(
        "INSERT INTO reports VALUES (1, 'LMST', 2024, '1. halvår', TRUE, FALSE), "
        "(2, 'LMST', 2024, '1. halvår', TRUE, FALSE), (3, 'SSI', 2024, '1. halvår', FALSE, FALSE), "
        "(4, 'SSI', 2024, '1. halvår', TRUE, FALSE)"
    )
    monkeypatch.undo()
    apply_migrations(conn)
    assert conn.execute("SELECT * FROM current_reports ORDER BY institution_code").fetchall() == [
        ("LMST", 2024, "1. halvår", 2),
        ("SSI", 2024, "1. halvår", 4),
    ]
    assert conn.execute("SELECT upload_id FROM reports WHERE is_current ORDER BY 1").fetchall() == [(2,), (4,)]
