"""Example data: generated from the real templates, loaded through the import path, removable in one action."""

import pytest

from maalstyring.commands import cli
from maalstyring.database.storage import connect
from maalstyring.reading import comparisons, plan_rows, selection
from maalstyring.reading.selection import Filters
from maalstyring.workbooks.defaults import example_files, load_default_data
from maalstyring.workbooks.examples import example_counts, remove_example_data
from maalstyring.workbooks.ingest import import_workbook
from scripts.build_example_data import build
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import STATUSES, VERDICTS, EventAction, Period, Status

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL


def test_bundled_examples_cover_both_periods_of_every_2024_plan():
    names = {p.name for p in example_files()}
    for code in ("LMST", "SSI", "SST", "NCE"):
        assert f"MRP_opfoelgning_{code}_2024_1-halvaar.xlsx" in names
        assert f"MRP_opfoelgning_{code}_2024_aarsafslutning.xlsx" in names


def test_examples_load_as_examples_through_the_import_path(example_conn):
    cur = example_conn.cursor()
    assert cur.execute("SELECT count(*), bool_and(is_example) FROM reports").fetchone() == (10, True)
    uploads = cur.execute("SELECT count(*) FROM uploads WHERE is_example AND outcome = 'godkendt'").fetchone()[0]
    assert uploads == 10
    texts = cur.execute("SELECT assessment FROM report_rows").fetchall()
    assert all(t[0].startswith("Eksempeldata:") for t in texts)  # the files say so themselves
    assert selection.example_report_count(example_conn) == 10


def test_examples_show_a_mix_of_statuses_and_verdicts(example_conn):
    statuses = {r[0] for r in example_conn.cursor().execute("SELECT DISTINCT status FROM report_rows").fetchall()}
    verdicts = {r[0] for r in example_conn.cursor().execute("SELECT DISTINCT verdict FROM report_rows").fetchall()}
    assert set(STATUSES) <= statuses
    assert set(VERDICTS) <= verdicts


def test_examples_hold_one_economy_at_the_boundary_and_one_outside(example_conn):
    economy = comparisons.economy_comparison(example_conn, Filters(2024, Period.YEAR_END))
    deviations = dict(zip(economy["institution_code"], economy["deviation"].abs().round(6), strict=True))
    assert deviations["LMST"] == 5.0
    assert any(d > 5.0 for d in deviations.values())


def test_seeded_fixture_keeps_examples_out(seeded_conn):
    assert seeded_conn.cursor().execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def test_remove_example_data_is_one_recorded_action(example_conn):
    removal = remove_example_data(example_conn, "admin")
    assert (removal.reports, removal.uploads) == (10, 10)
    cur = example_conn.cursor()
    for table in ("reports", "report_rows", "key_figures"):
        assert cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert cur.execute("SELECT count(*) FROM uploads WHERE is_example").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM plans").fetchone()[0] == 5  # the plans stay
    event = cur.execute("SELECT actor, details FROM events WHERE action = ?", [EventAction.EXAMPLES_REMOVED]).fetchone()
    assert event[0] == "admin" and "10 eksempelindberetninger" in event[1]
    assert example_counts(example_conn).uploads == 0
    assert "ingen eksempeldata" in remove_example_data(example_conn, "admin").message()


def test_removing_examples_brings_back_a_real_report_they_superseded(seeded_conn):
    real = fill(follow_up_template(seeded_conn, "SST"), status="Gul")
    assert import_workbook(seeded_conn, real, "sst.xlsx", "controller@sst").accepted
    example = fill(follow_up_template(seeded_conn, "SST"))
    assert import_workbook(seeded_conn, example, "eks.xlsx", "eks", is_example=True).accepted
    remove_example_data(seeded_conn, "admin")
    rows = plan_rows.measure_rows(seeded_conn, Filters(2024, Period.H1, ("SST",)))
    assert set(rows["status"]) == {Status.YELLOW}  # the real report is current again
    assert not rows["is_example"].any()


def test_cli_removes_example_data(example_path, capsys):
    assert cli.main(["--db", str(example_path), "fjern-eksempeldata"]) == 0
    assert "Eksempeldata er fjernet: 10 eksempelindberetninger" in capsys.readouterr().out
    conn = connect(example_path)
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0
    conn.close()


def test_build_script_makes_files_that_the_import_accepts(tmp_path):
    written = build(tmp_path)
    assert len(written) == 10
    conn = connect(":memory:")
    load_default_data(conn, include_examples=False)
    for path in written:
        result = import_workbook(conn, path.read_bytes(), path.name, "test", is_example=True)
        assert result.accepted, [str(f) for f in result.errors]
    conn.close()


def test_removing_examples_while_another_session_writes(example_conn):
    """In the app every session has its own cursor on one connection; a removal must not fail because
    another session (e.g. a controller uploading) has a write transaction open at that moment."""
    other = example_conn.cursor()
    other.execute("BEGIN TRANSACTION")
    other.execute("INSERT INTO institutions VALUES ('ANDEN', 'En anden session')")
    removal = remove_example_data(example_conn, "admin")
    other.execute("COMMIT")
    assert removal.reports > 0
    assert example_counts(example_conn).reports == 0


def test_one_count_of_examples_also_after_a_real_report_replaces_one(example_conn):
    from maalstyring.reading import selection
    from maalstyring.workbooks.examples import example_counts
    from maalstyring.workbooks.ingest import import_workbook
    from tests.workbooks import fill, follow_up_template

    assert selection.example_report_count(example_conn) == example_counts(example_conn).reports == 10
    real = fill(follow_up_template(example_conn, "LMST", 2024, Period.H1))
    assert import_workbook(example_conn, real, "lmst.xlsx", "controller").accepted
    # The banner and Administration (and the CLI) give the same number: the example is still stored.
    assert selection.example_report_count(example_conn) == example_counts(example_conn).reports == 10
