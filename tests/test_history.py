"""The archive of received files: listing, contents, original bytes, and restoring an earlier report or plan."""

import dataclasses

import pytest

from loaders.template_writer import write_plan_workbook
from maalstyring.database import queries
from maalstyring.database.migrations import MIGRATIONS
from maalstyring.database.storage import connect
from maalstyring.reading import history
from maalstyring.roles.access import local_user
from maalstyring.workbooks.defaults import default_plan_files
from maalstyring.workbooks.ingest import import_workbook, receive_workbook
from tests.html_tables import links, static_tables, table_with
from tests.markdown_text import as_read
from tests.workbooks import cell_of, fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL


def rejected_file(conn) -> bytes:
    return fill(
        follow_up_template(conn), edit=lambda wb: setattr(cell_of(wb, "LMST-2024-K1-1", "Status"), "value", "x")
    )


def current_upload(conn, period=Period.H1):
    row = conn.execute(
        "SELECT upload_id FROM reports WHERE institution_code = 'LMST' AND year = 2024 AND period = ? AND is_current",
        [period],
    ).fetchone()
    return row[0] if row else None


def test_every_received_file_is_listed_with_its_outcome_and_whether_it_is_current(seeded_conn):
    bad = rejected_file(seeded_conn)
    rejected = receive_workbook(seeded_conn, bad, "forkert.xlsx", "lokal bruger")
    red = fill(follow_up_template(seeded_conn), status="Rød")
    pending = receive_workbook(seeded_conn, red, "rød.xlsx", "lokal bruger")
    v1 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "anne")
    v2 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Gul"), "v2.xlsx", "bo")

    listed = history.list_uploads(seeded_conn, local_user(), code="LMST")
    by_id = listed.set_index("upload_id")
    assert list(listed["upload_id"])[:4] == [v2.upload_id, v1.upload_id, pending.upload_id, rejected.upload_id]
    assert by_id.loc[rejected.upload_id, "outcome"] == "afvist" and by_id.loc[rejected.upload_id, "errors"] >= 1
    assert by_id.loc[pending.upload_id, "outcome"] == "afventer"
    assert not by_id.loc[v1.upload_id, "is_current"] and by_id.loc[v2.upload_id, "is_current"]
    assert by_id.loc[v2.upload_id, "supersedes_upload_id"] == v1.upload_id
    assert by_id.loc[v2.upload_id, "uploaded_by"] == "bo"
    plan_row = by_id[by_id["kind"] == "Plan"].iloc[0]
    assert plan_row["is_current"] and plan_row["outcome"] == "godkendt"
    assert set(history.list_uploads(seeded_conn, local_user(), code="SSI")["institution_code"]) == {"SSI"}
    assert history.upload_findings(seeded_conn, rejected.upload_id, local_user())[0]["målepunkt"] == "LMST-2024-K1-1"


def test_original_file_comes_back_byte_for_byte(seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    result = import_workbook(seeded_conn, data, "lmst æøå.xlsx", "test")
    assert history.original_file(seeded_conn, result.upload_id, local_user()) == ("lmst æøå.xlsx", data)
    assert history.original_file(seeded_conn, 99_999, local_user()) is None


def test_an_older_report_keeps_its_own_rows(seeded_conn):
    v1 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "test")
    import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "v2.xlsx", "test")
    rows = history.report_rows(seeded_conn, v1.upload_id)
    assert len(rows) == 9 and set(rows["status"]) == {"Grøn"}
    assert rows.iloc[0]["measure_text"]  # the plan's text is joined in


def test_restore_makes_the_earlier_report_current_and_is_recorded(seeded_conn):
    v1 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "test")
    v2 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "v2.xlsx", "test")

    result = history.restore_report(seeded_conn, v1.upload_id, "karen@ism.dk")
    assert result.ok and result.replaced == v2.upload_id
    assert "nu den gældende for Opfølgning LMST 2024 1. halvår" in result.message
    assert current_upload(seeded_conn) == v1.upload_id
    assert {r.status for r in queries.current_report_rows(seeded_conn, "LMST", 2024, Period.H1).values()} == {"Grøn"}
    event = seeded_conn.execute(
        "SELECT actor, details FROM events WHERE action = 'gendannet' AND upload_id = ?", [v1.upload_id]
    ).fetchone()
    assert event[0] == "karen@ism.dk" and f"i stedet for nr. {v2.upload_id}" in event[1]

    again = history.restore_report(seeded_conn, v1.upload_id, "karen@ism.dk")
    assert not again.ok and "allerede den gældende" in again.message
    assert history.restore_report(seeded_conn, v2.upload_id, "karen@ism.dk").ok  # and back again
    assert current_upload(seeded_conn) == v2.upload_id


def test_restore_leaves_other_periods_alone(seeded_conn):
    h1 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "h1.xlsx", "test")
    import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Gul"), "h1b.xlsx", "test")
    year_end = fill(follow_up_template(seeded_conn, period=Period.YEAR_END), verdict="Opfyldt")
    ye = import_workbook(seeded_conn, year_end, "ye.xlsx", "test")
    assert ye.accepted, [str(f) for f in ye.errors]
    assert history.restore_report(seeded_conn, h1.upload_id, "test").ok
    assert current_upload(seeded_conn, Period.YEAR_END) == ye.upload_id


def test_rejected_or_unknown_uploads_cannot_be_restored(seeded_conn):
    bad = rejected_file(seeded_conn)
    rejected = receive_workbook(seeded_conn, bad, "forkert.xlsx", "test")
    result = history.restore_report(seeded_conn, rejected.upload_id, "test")
    assert not result.ok and "blev ikke indlæst" in result.message
    assert not history.restore_report(seeded_conn, 99_999, "test").ok
    assert seeded_conn.execute("SELECT count(*) FROM events WHERE action = 'gendannet'").fetchone()[0] == 0


def test_restoring_an_earlier_plan_brings_back_its_measures(seeded_conn):
    original = queries.load_plan(seeded_conn, "LMST", 2024)
    original_upload = seeded_conn.execute("SELECT upload_id FROM plans WHERE plan_id = 'LMST-2024'").fetchone()[0]
    changed = dataclasses.replace(
        original, measures=tuple(dataclasses.replace(m, text=m.text + " (rettet)") for m in original.measures)
    )
    assert import_workbook(seeded_conn, write_plan_workbook(changed), "rettet.xlsx", "test").accepted
    assert queries.load_plan(seeded_conn, "LMST", 2024).measures[0].text.endswith("(rettet)")
    assert len(history.plan_measures(seeded_conn, original_upload)) == len(original.measures)

    result = history.restore_report(seeded_conn, original_upload, "test")
    assert result.ok, result.message
    assert queries.load_plan(seeded_conn, "LMST", 2024) == original


def test_replacing_a_plan_works_on_a_database_made_before_the_foreign_key_migration(tmp_path, monkeypatch):
    path = tmp_path / "gammel.duckdb"
    before = tuple(m for m in MIGRATIONS if m[0] != "004_goals_and_measures_without_foreign_keys")
    monkeypatch.setattr("maalstyring.database.storage.MIGRATIONS", before)
    old = connect(path)
    plan_file = default_plan_files()[0]
    assert import_workbook(old, plan_file.read_bytes(), plan_file.name, "test").accepted
    old.close()
    monkeypatch.undo()
    conn = connect(path)  # applies the new migration to a database holding data
    code = plan_file.stem.split("_")[2]
    plan = queries.load_plan(conn, code, int(plan_file.stem.split("_")[3]))
    renamed = dataclasses.replace(plan, goals=tuple(dataclasses.replace(g, title=g.title + "!") for g in plan.goals))
    assert import_workbook(conn, write_plan_workbook(renamed), "ny.xlsx", "test").accepted
    assert queries.load_plan(conn, code, plan.year) == renamed


def test_historik_page_restores_an_earlier_report(seeded_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from maalstyring.database.storage import REPO_ROOT

    conn = connect(seeded_path)
    v1 = import_workbook(conn, fill(follow_up_template(conn)), "v1.xlsx", "anne")
    v2 = import_workbook(conn, fill(follow_up_template(conn), status="Rød"), "v2.xlsx", "bo")
    conn.close()
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    try:
        at.switch_page("pages/historik.py").run()
        assert not at.exception
        listing = table_with(at, "Nr.")
        assert list(listing["Nr."])[:2] == [str(v2.upload_id), str(v1.upload_id)]
        assert listing["Gældende"][0] == "✓ Gældende" and listing["Gældende"][1] == ""

        # Each file's name links to the page with that file (`?fil=`), keeping the page's choices.
        address = dict(links(at.main))["v1.xlsx"]
        assert address.startswith("historik?") and address.endswith(f"fil={v1.upload_id}")
        at.query_params["fil"] = str(v1.upload_id)
        at.run()
        assert at.header[0].value == f"Indberetning nr. {v1.upload_id}"
        assert at.button(key="restore").label == f"Gør indberetning nr. {v1.upload_id} gældende igen"
        at.button(key="restore").click().run()
        at.button(key="gendan_confirm").click().run()  # asks first (issue 27)
        assert not at.exception
        assert f"Indberetning nr. {v1.upload_id} er nu den gældende" in as_read(at.success[0].value)
        assert table_with(at, "Nr.")["Gældende"][1] == "✓ Gældende"
        assert any("Gjort gældende igen" in t.to_string() for t in static_tables(at))
    finally:
        from ui.db import _connection

        _connection.clear()


def test_restore_is_refused_in_a_locked_period(seeded_conn):
    from maalstyring.roles.approval import lock_period

    v1 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "test")
    v2 = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "v2.xlsx", "test")
    lock_period(seeded_conn, 2024, Period.H1, "koncernøkonomi@ism.dk")
    result = history.restore_report(seeded_conn, v1.upload_id, "test")
    assert not result.ok and "er låst for indberetning" in result.message
    assert current_upload(seeded_conn) == v2.upload_id
