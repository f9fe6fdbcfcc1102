"""Faults lose nothing and misname nothing (issue #28, point 2): a commit whose PostgreSQL connection is killed
(pg_terminate_backend) or whose server was restarted is retried, or told "ikke gemt — prøv igen" — never recorded
as a refusal of the file, never an event outside its transaction, never an error panel on the page.

The connection is killed from inside the commit, at the step named: the real function runs right after its own
server session was terminated by an administrator's connection, as when a server drops it.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database import plans_store, reports_store
from maalstyring.database.storage import REPO_ROOT, connect
from maalstyring.workbooks import ingest
from maalstyring.workbooks.ingest import commit_workbook, receive_workbook
from tests.pg_cluster import wait_until_accepting
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import UploadOutcome

NOT_SAVED = "ikke gemt — prøv igen"
STEPS = {  # where in the commit the connection dies
    "mens planen læses": (plans_store, "stored_measures"),
    "mens data gemmes": (reports_store, "store_follow_up"),
    "ved hændelsen": (ingest, "record_event"),
}


@pytest.fixture
def pg_db(pg_cluster, pg_seeded_template):
    url = pg_cluster.create_database(template=pg_seeded_template)
    yield url
    pg_cluster.drop_database(url)


def terminate_own_backend(cur, admin_url: str) -> None:
    pid = cur.execute("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            time.sleep(0.01)


def kill_at(monkeypatch, step: str, admin_url: str, times: int) -> list[int]:
    """Make the commit's connection die at `step`, the first `times` times it gets there; returns the kill count."""
    module, name = STEPS[step]
    real = getattr(module, name)
    kills: list[int] = []

    def dying(cur, *args, **kwargs):
        if len(kills) < times:
            kills.append(1)
            terminate_own_backend(cur, admin_url)
        return real(cur, *args, **kwargs)

    monkeypatch.setattr(module, name, dying)
    return kills


def trail(conn, upload_id: int) -> list[str]:
    rows = conn.execute("SELECT action FROM events WHERE upload_id = ? ORDER BY event_id", [upload_id]).fetchall()
    return [r[0] for r in rows]


def refusals(conn) -> int:
    return conn.execute("SELECT count(*) FROM uploads WHERE outcome = 'afvist'").fetchone()[0]


@pytest.mark.parametrize("step", list(STEPS))
def test_a_connection_killed_mid_commit_is_retried_and_the_file_stored_once(monkeypatch, pg_db, pg_cluster, step):
    conn = connect(pg_db)
    data = fill(follow_up_template(conn, "LMST"))
    received = receive_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk")
    assert received.outcome == UploadOutcome.PENDING
    kills = kill_at(monkeypatch, step, pg_cluster.url(), times=1)
    result = commit_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk", expected_current=None)
    assert kills == [1]
    assert result.outcome == UploadOutcome.ACCEPTED, [f.message for f in result.findings]
    assert result.upload_id == received.upload_id
    assert refusals(conn) == 0
    assert trail(conn, result.upload_id) == ["modtaget", "indlæst"]  # once each: nothing from the killed attempt
    assert conn.execute(
        "SELECT outcome, committed_by FROM uploads WHERE upload_id = ?", [result.upload_id]
    ).fetchone() == (
        "godkendt",
        "controller@lmst.dk",
    )
    conn.close()


@pytest.mark.parametrize("step", list(STEPS))
def test_a_connection_that_keeps_dying_is_told_ikke_gemt_and_nothing_is_written(monkeypatch, pg_db, pg_cluster, step):
    conn = connect(pg_db)
    data = fill(follow_up_template(conn, "LMST"))
    received = receive_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk")
    before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    kill_at(monkeypatch, step, pg_cluster.url(), times=99)
    result = commit_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk", expected_current=None)
    assert result.outcome == UploadOutcome.NOT_SAVED and result.upload_id is None
    assert NOT_SAVED in result.findings[0].message and "uventet" not in result.findings[0].message
    assert refusals(conn) == 0
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert conn.execute("SELECT outcome FROM uploads WHERE upload_id = ?", [received.upload_id]).fetchone() == (
        "afventer",
    )
    assert conn.execute("SELECT count(*) FROM current_reports").fetchone() == (0,)
    monkeypatch.undo()  # the connection is fine again: the same file goes in
    assert commit_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk", expected_current=None).accepted
    conn.close()


def test_a_commit_after_postgresql_restarted_goes_through(pg_db, pg_cluster):
    conn = connect(pg_db)
    data = fill(follow_up_template(conn, "LMST"))
    received = receive_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk")
    pg_cluster.restart()  # every pooled connection of this app dies with the old server
    wait_until_accepting(pg_cluster)
    result = commit_workbook(conn, data, "lmst.xlsx", "controller@lmst.dk", expected_current=None)
    assert result.outcome == UploadOutcome.ACCEPTED and result.upload_id == received.upload_id
    assert refusals(conn) == 0 and trail(conn, result.upload_id) == ["modtaget", "indlæst"]
    conn.close()


def test_the_page_says_ikke_gemt_in_danish_and_the_next_click_stores_it(monkeypatch, pg_db, pg_cluster):
    conn = connect(pg_db)
    data = fill(follow_up_template(conn, "LMST"))
    conn.close()
    monkeypatch.setenv("MAALSTYRING_DB", pg_db)
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/indberetning.py").run()
    at.file_uploader[0].set_value(
        [("lmst.xlsx", data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    )
    at.run()
    real = plans_store.stored_measures
    kill_at(monkeypatch, "mens planen læses", pg_cluster.url(), times=99)
    next(b for b in at.button if b.label.startswith("Indlæs Opfølgning")).click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]  # no error panel, no refusal
    assert any(NOT_SAVED in w.value for w in at.warning), [w.value for w in at.warning]
    monkeypatch.setattr(plans_store, "stored_measures", real)  # the connection holds again
    next(b for b in at.button if b.label.startswith("Indlæs Opfølgning")).click().run()
    assert not at.exception
    assert any("**Indlæst** som indberetning nr." in s.value for s in at.success)
    from ui.db import _connection

    _connection.clear()
