"""Import path: accepted, rejected, duplicate, superseded; and nothing half-written."""

import pytest

from maalstyring.database import queries, reports_store
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import cell_of, fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

DATA_TABLES = ("institutions", "plans", "goals", "measures", "reports", "report_rows", "key_figures")


def snapshot(conn) -> dict:
    return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in DATA_TABLES}


def test_valid_follow_up_is_stored_with_every_row(seeded_conn):
    data = fill(follow_up_template(seeded_conn), status="Gul")
    result = import_workbook(seeded_conn, data, "lmst.xlsx", "test")
    assert result.accepted, [str(f) for f in result.errors]
    rows = queries.current_report_rows(seeded_conn, "LMST", 2024, Period.H1)
    assert len(rows) == 9
    assert {r.status for r in rows.values()} == {"Gul"}
    assert rows["LMST-2024-I2-1"].target == 90


def test_rejected_file_is_archived_and_changes_no_data(seeded_conn):
    before = snapshot(seeded_conn)
    data = fill(
        follow_up_template(seeded_conn),
        edit=lambda wb: setattr(cell_of(wb, "LMST-2024-I2-1", "Status"), "value", "Lilla"),
    )
    result = import_workbook(seeded_conn, data, "forkert.xlsx", "controller@lmst")
    assert result.outcome == UploadOutcome.REJECTED
    assert any("Lilla" in f.message and f.measure_id == "LMST-2024-I2-1" for f in result.errors)
    assert snapshot(seeded_conn) == before
    archived = seeded_conn.execute(
        "SELECT file_name, outcome, uploaded_by, content = ? FROM uploads WHERE upload_id = ?", [data, result.upload_id]
    ).fetchone()
    assert archived == ("forkert.xlsx", "afvist", "controller@lmst", True)


def test_same_bytes_again_are_recognised_and_change_nothing(seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    first = import_workbook(seeded_conn, data, "a.xlsx", "test")
    uploads = seeded_conn.execute("SELECT count(*) FROM uploads").fetchone()[0]
    before = snapshot(seeded_conn)
    again = import_workbook(seeded_conn, data, "a-kopi.xlsx", "test")
    assert again.outcome == UploadOutcome.DUPLICATE and again.duplicate_of == first.upload_id
    # No data changed; the receipt itself is one more archive row (see test_history for how it is listed).
    assert seeded_conn.execute("SELECT count(*) FROM uploads").fetchone()[0] == uploads + 1
    assert snapshot(seeded_conn) == before


def test_newer_report_supersedes_older_which_stays_in_history(seeded_conn):
    first = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "test")
    second = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "v2.xlsx", "test")
    assert second.superseded == first.upload_id
    current = seeded_conn.execute(
        "SELECT upload_id FROM reports WHERE institution_code = 'LMST' AND is_current"
    ).fetchall()
    assert current == [(second.upload_id,)]
    assert (
        seeded_conn.execute("SELECT count(*) FROM report_rows WHERE upload_id = ?", [first.upload_id]).fetchone()[0]
        == 9
    )
    assert {r.status for r in queries.current_report_rows(seeded_conn, "LMST", 2024, Period.H1).values()} == {"Rød"}


def test_failure_during_commit_writes_nothing(seeded_conn, monkeypatch):
    before = snapshot(seeded_conn)
    uploads = seeded_conn.execute("SELECT count(*) FROM uploads").fetchone()[0]
    real_store = reports_store.store_follow_up

    def store_then_fail(cur, report, upload_id, is_example):
        real_store(cur, report, upload_id, is_example)  # rows are written …
        raise RuntimeError("disk full")  # … and then the commit fails

    monkeypatch.setattr(reports_store, "store_follow_up", store_then_fail)
    with pytest.raises(RuntimeError):
        import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "x.xlsx", "test")
    assert snapshot(seeded_conn) == before
    assert seeded_conn.execute("SELECT count(*) FROM uploads").fetchone()[0] == uploads


def test_follow_up_for_a_plan_that_does_not_exist_is_rejected(conn, seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    result = import_workbook(conn, data, "lmst.xlsx", "test")  # empty database: no plans
    assert result.outcome == UploadOutcome.REJECTED
    assert "ingen mål- og resultatplan for LMST 2024" in result.errors[0].message


def test_events_record_who_and_what(seeded_conn):
    result = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "a.xlsx", "anne@lmst.dk")
    event = seeded_conn.execute(
        "SELECT actor, action, institution_code, year, period FROM events WHERE upload_id = ?", [result.upload_id]
    ).fetchone()
    assert event == ("anne@lmst.dk", "indlæst", "LMST", 2024, "1. halvår")
