"""PostgreSQL restarted, stopped or a connection killed (storage_postgres, ui/errors): a restart between two
requests costs nothing (the pool checks a connection before lending it, issue #29); a server that is down or a
connection lost mid-request is a Danish "ikke tilgængelig" for the request it hits, nothing half-written, and the
next request works again without restarting the app.

The tests that stop or restart the server do it on a cluster of this module's own (pg_private_cluster), so the
run's shared cluster stays up for everything else.
"""

from __future__ import annotations

import time

import psycopg
import pytest

from maalstyring.database.migrations import MIGRATIONS
from maalstyring.database.storage import DatabaseUnavailableError, connect, transaction
from maalstyring.workbooks.defaults import load_default_data
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

DANISH = "Databasen er ikke tilgængelig lige nu"


@pytest.fixture(scope="module")
def private_plans(pg_private_cluster) -> str:
    """The five bundled plans on the private cluster, to copy per test (as pg_seeded_template on the shared one)."""
    url = pg_private_cluster.create_database("planer")
    conn = connect(url)
    assert all(r.accepted for r in load_default_data(conn, include_examples=False))
    conn.close()
    return url


@pytest.fixture
def private_db(pg_private_cluster, private_plans):
    url = pg_private_cluster.create_database(template=private_plans)
    yield url
    pg_private_cluster.drop_database(url)


def backends_of(cluster, url: str, settle_at: int | None = None) -> int:
    """How many server sessions are connected to the database at `url`. With `settle_at`: waits (a few seconds at
    most) for sessions just closed by the client to be gone, since a server process ends a moment after its client
    said goodbye; the count then is the one that stays."""
    deadline = time.monotonic() + 10
    with psycopg.connect(cluster.url(), autocommit=True) as admin:
        while True:
            count = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [url.rsplit("/", 1)[1]]
            ).fetchone()[0]
            if settle_at is None or count <= settle_at or time.monotonic() > deadline:
                return count
            time.sleep(0.05)


def test_a_restarted_server_costs_nothing_the_next_statement_reconnects(pg_private_cluster, private_db):
    conn = connect(private_db)
    cur = conn.cursor()
    assert cur.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
    assert backends_of(pg_private_cluster, private_db) >= 1  # the pool keeps connections open between requests
    pg_private_cluster.restart()
    # The pooled connections died with the old server; the pool notices on checkout and lends a new one.
    assert cur.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
    pg_private_cluster.restart()
    with transaction(cur):  # a transaction's first statement borrows the same way
        cur.execute("UPDATE plans SET director = director WHERE institution_code = 'LMST'")
    assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
    pg_private_cluster.restart()
    again = connect(private_db)  # and a new connection (the CLI, another app server) opens as usual
    assert again.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    again.close()
    conn.close()


def test_a_server_down_is_a_danish_message_not_a_traceback(pg_private_cluster, private_db):
    conn = connect(private_db)
    pg_private_cluster.stop()
    try:
        with pytest.raises(DatabaseUnavailableError, match=DANISH):
            conn.execute("SELECT 1")
        with pytest.raises(DatabaseUnavailableError, match=DANISH):
            conn.cursor().execute("BEGIN TRANSACTION")
        with pytest.raises(DatabaseUnavailableError, match=DANISH):
            connect(private_db)
    finally:
        pg_private_cluster.start()
    assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
    conn.close()


def test_closing_ends_the_server_sessions_and_later_use_is_told_in_danish(pg_private_cluster, private_db):
    """Closing a connection (and, at exit, every one still open: storage_postgres._close_pools) closes its pool."""
    from maalstyring.database import storage_postgres

    first, second = connect(private_db), connect(private_db)
    assert backends_of(pg_private_cluster, private_db) >= 2
    first.close()
    storage_postgres._close_pools()  # what the process runs when it ends
    assert backends_of(pg_private_cluster, private_db, settle_at=0) == 0
    with pytest.raises(DatabaseUnavailableError, match=DANISH):
        second.execute("SELECT 1")


def test_a_connection_lost_mid_commit_writes_nothing(pg_cluster, pg_seeded_template):
    url = pg_cluster.create_database(template=pg_seeded_template)
    conn = connect(url)
    data = fill(follow_up_template(conn, "LMST"))
    before = conn.execute("SELECT count(*) FROM uploads").fetchone()[0]
    cur = conn.cursor()
    reached_the_kill = []
    with pytest.raises(DatabaseUnavailableError, match=DANISH):
        with transaction(cur):
            cur.execute(
                "INSERT INTO uploads (upload_id, sha256, file_name, content, size_bytes, uploaded_by, uploaded_at, "
                "outcome) VALUES (999, 'x', 'halv.xlsx', ?, 1, 't', now(), 'godkendt')",
                [b"x"],
            )
            pid = cur.execute("SELECT pg_backend_pid()").fetchone()[0]
            reached_the_kill.append(pid)
            with psycopg.connect(url, autocommit=True) as admin:  # as when the server drops this session
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            cur.execute("SELECT 1")
    assert reached_the_kill
    assert conn.execute("SELECT count(*) FROM uploads").fetchone()[0] == before
    # …and the next commit on the same app connection goes through.
    assert import_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk").accepted
    assert conn.execute(
        "SELECT count(*) FROM current_reports WHERE institution_code = 'LMST' AND period = ?", [Period.H1]
    ).fetchone() == (1,)
    conn.close()
    pg_cluster.drop_database(url)


def test_the_app_shows_the_danish_message_then_recovers(open_page, pg_private_cluster, private_db):
    at = open_page(private_db, "pages/planer.py")
    assert at.caption[0].value.startswith("5 af 5 planer")
    pg_private_cluster.restart()
    at.run()  # restarted between two runs: the page does not notice
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.caption[0].value.startswith("5 af 5 planer")
    pg_private_cluster.stop()
    try:
        at.run()
        assert not at.exception
        assert any(DANISH in e.value for e in at.error), [e.value for e in at.error]
    finally:
        pg_private_cluster.start()
    at.run()
    assert not at.exception and not at.error
    assert at.caption[0].value.startswith("5 af 5 planer")


def test_a_process_opens_at_most_its_share_of_server_connections(pg_cluster, pg_url, monkeypatch):
    """Several app servers and importers share PostgreSQL's max_connections: each process keeps to its cap,
    and a request beyond it is told in Danish that the database is busy, then works once one is free."""
    from maalstyring.database import storage_postgres

    monkeypatch.setattr(storage_postgres, "OPEN_CONNECTIONS_MAX", 2)
    monkeypatch.setattr(storage_postgres, "BORROW_WAIT_SECONDS", 0.5)  # hardly wait: answer at once
    conn = connect(pg_url)
    first, second, third = conn.cursor(), conn.cursor(), conn.cursor()
    first.execute("BEGIN TRANSACTION")
    second.execute("BEGIN TRANSACTION")
    with pytest.raises(DatabaseUnavailableError, match="Databasen har travlt lige nu"):
        third.execute("SELECT 1")
    assert backends_of(pg_cluster, pg_url, settle_at=2) == 2  # the server was asked whether it is there, and left again
    first.execute("COMMIT")
    assert third.execute("SELECT 1").fetchone() == (1,)
    second.execute("ROLLBACK")
    conn.close()
