"""PostgreSQL restarted or a connection killed: a Danish "ikke tilgængelig" for the request it hits, nothing
half-written, and the next request works again without restarting the app (storage_postgres, ui/errors)."""

from __future__ import annotations

import psycopg
import pytest

from loaders import contract as c
from maalstyring.ingest import import_workbook
from maalstyring.storage import DatabaseUnavailableError, connect, transaction
from tests.pg_cluster import wait_until_accepting
from tests.workbooks import fill, follow_up_template

DANISH = "Databasen er ikke tilgængelig lige nu"


def test_a_restarted_server_costs_one_request_and_the_next_reconnects(pg_cluster, pg_seeded_template):
    url = pg_cluster.create_database(template=pg_seeded_template)
    conn = connect(url)
    assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
    pg_cluster.restart()
    wait_until_accepting(pg_cluster)
    with pytest.raises(DatabaseUnavailableError, match=DANISH):
        conn.execute("SELECT count(*) FROM plans")  # the pooled connection died with the old server
    assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 5  # same connection object, new socket
    conn.close()
    pg_cluster.drop_database(url)


def test_a_server_down_is_a_danish_message_not_a_traceback(pg_cluster, pg_seeded_template):
    url = pg_cluster.create_database(template=pg_seeded_template)
    conn = connect(url)
    pg_cluster.stop()
    try:
        with pytest.raises(DatabaseUnavailableError, match=DANISH):
            conn.execute("SELECT 1")
        with pytest.raises(DatabaseUnavailableError, match=DANISH):
            connect(url)
    finally:
        pg_cluster.start()
    assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
    conn.close()
    pg_cluster.drop_database(url)


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
        "SELECT count(*) FROM current_reports WHERE institution_code = 'LMST' AND period = ?", [c.PERIOD_H1]
    ).fetchone() == (1,)
    conn.close()
    pg_cluster.drop_database(url)


def test_the_app_shows_the_danish_message_then_recovers(open_page, pg_cluster, pg_seeded_template):
    url = pg_cluster.create_database(template=pg_seeded_template)
    at = open_page(url, "pages/planer.py")
    assert at.caption[0].value.startswith("5 af 5 planer")
    pg_cluster.restart()
    wait_until_accepting(pg_cluster)
    at.run()
    assert not at.exception
    assert any(DANISH in e.value for e in at.error), [e.value for e in at.error]
    at.run()
    assert not at.exception and not at.error
    assert at.caption[0].value.startswith("5 af 5 planer")


def test_a_process_opens_at_most_its_share_of_server_connections(pg_url, monkeypatch):
    """Several app servers and importers share PostgreSQL's max_connections: each process keeps to its cap,
    and a request beyond it is told in Danish that the database is busy, then works once one is free."""
    from maalstyring import storage_postgres

    monkeypatch.setattr(storage_postgres, "OPEN_CONNECTIONS_MAX", 2)
    monkeypatch.setattr(storage_postgres, "BORROW_WAIT_SECONDS", 0)  # do not wait: answer at once
    conn = connect(pg_url)
    first, second, third = conn.cursor(), conn.cursor(), conn.cursor()
    first.execute("BEGIN TRANSACTION")
    second.execute("BEGIN TRANSACTION")
    with pytest.raises(DatabaseUnavailableError, match="Databasen har travlt lige nu"):
        third.execute("SELECT 1")
    first.execute("COMMIT")
    assert third.execute("SELECT 1").fetchone() == (1,)
    second.execute("ROLLBACK")
    conn.close()
