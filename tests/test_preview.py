"""Validate → preview → commit: what a page upload does, step by step, and the guards between the steps."""

import dataclasses

import pytest

from loaders import contract as c
from loaders.template_writer import write_plan_workbook
from maalstyring.database import queries
from maalstyring.workbooks.ingest import commit_workbook, import_workbook, receive_workbook, validate_workbook
from maalstyring.workbooks.preview import CHANGED, NEW, REMOVED, UNCHANGED, preview_changes
from tests.workbooks import cell_of, fill, follow_up_template
from vocabulary.key_figures import KEY_FIGURE_BUDGET, KEY_FIGURE_RESULT
from vocabulary.terms import Period, UploadOutcome, Verdict

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

TABLES = ("institutions", "plans", "goals", "measures", "reports", "report_rows", "key_figures", "uploads", "events")


def snapshot(conn) -> dict:
    return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def outcome_of(conn, upload_id):
    return conn.execute("SELECT outcome FROM uploads WHERE upload_id = ?", [upload_id]).fetchone()[0]


def test_validate_and_preview_write_nothing(seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    before = snapshot(seeded_conn)
    read = validate_workbook(seeded_conn, data, "lmst.xlsx")
    assert read.ok
    preview = preview_changes(seeded_conn, read)
    assert snapshot(seeded_conn) == before
    assert preview.compared_with is None
    assert len(preview.rows) == 9 and {r.change for r in preview.rows} == {NEW}
    assert preview.rows[0].new_values["Status"] == "Grøn"


def test_preview_shows_old_and_new_values_of_a_changed_measure(seeded_conn):
    first = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "test")

    def one_turns_yellow(wb):
        cell_of(wb, "LMST-2024-I2-1", "Status").value = "Gul"
        cell_of(wb, "LMST-2024-I2-1", "Årsag og konsekvens").value = "Flere ansøgninger end ventet."
        cell_of(wb, "LMST-2024-I2-1", "Handling").value = "Midlertidig opnormering."

    read = validate_workbook(seeded_conn, fill(follow_up_template(seeded_conn), edit=one_turns_yellow), "v2.xlsx")
    preview = preview_changes(seeded_conn, read)
    assert preview.compared_with == first.upload_id
    assert (preview.count(NEW), preview.count(CHANGED), preview.count(UNCHANGED)) == (0, 1, 8)
    changed = next(r for r in preview.rows if r.change == CHANGED)
    assert changed.measure_id == "LMST-2024-I2-1"
    assert ("Status", "Grøn", "Gul") in [(f.name, f.old, f.new) for f in changed.changes]
    assert ("Handling", "", "Midlertidig opnormering.") in [(f.name, f.old, f.new) for f in changed.changes]


def test_plan_preview_compares_measures_with_the_stored_plan(seeded_conn):
    plan = queries.load_plan(seeded_conn, "LMST", 2024)
    same = validate_workbook(seeded_conn, write_plan_workbook(plan), "plan.xlsx")
    assert {r.change for r in preview_changes(seeded_conn, same).rows} == {UNCHANGED}

    dropped = plan.measures[0]
    with_target = next(m for m in plan.measures if m.target == 90)
    measures = tuple(dataclasses.replace(m, target=95.0) if m is with_target else m for m in plan.measures[1:])
    read = validate_workbook(seeded_conn, write_plan_workbook(dataclasses.replace(plan, measures=measures)), "p.xlsx")
    preview = preview_changes(seeded_conn, read)
    by_id = {r.measure_id: r for r in preview.rows}
    assert by_id[dropped.measure_id].change == REMOVED
    assert by_id[dropped.measure_id].new_values["Målepunkt"] == dropped.text  # what is removed is shown
    assert [(f.name, f.old, f.new) for f in by_id[with_target.measure_id].changes] == [("Måltal", "90", "95")]
    assert preview.count(CHANGED) == 1 and preview.count(UNCHANGED) == len(plan.measures) - 2


def test_rejected_file_is_archived_when_received_and_stores_no_data(seeded_conn):
    data = fill(
        follow_up_template(seeded_conn), edit=lambda wb: setattr(cell_of(wb, "LMST-2024-K1-1", "Status"), "value", "x")
    )
    result = receive_workbook(seeded_conn, data, "forkert.xlsx", "lokal bruger")
    assert result.outcome == UploadOutcome.REJECTED and result.errors
    row = seeded_conn.execute(
        "SELECT outcome, file_name, uploaded_by, content = ? FROM uploads WHERE upload_id = ?", [data, result.upload_id]
    ).fetchone()
    assert row == ("afvist", "forkert.xlsx", "lokal bruger", True)
    assert seeded_conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def test_valid_file_waits_until_committed_and_then_becomes_current(seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    received = receive_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger")
    assert received.outcome == UploadOutcome.PENDING and outcome_of(seeded_conn, received.upload_id) == "afventer"
    assert seeded_conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0
    again = receive_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger")  # e.g. a page rerun or a re-upload
    assert again.upload_id == received.upload_id

    committed = commit_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger", expected_current=None)
    assert committed.accepted and committed.upload_id == received.upload_id
    assert outcome_of(seeded_conn, received.upload_id) == "godkendt"
    assert len(queries.current_report_rows(seeded_conn, "LMST", 2024, Period.H1)) == 9
    assert receive_workbook(seeded_conn, data, "igen.xlsx", "lokal bruger").outcome == UploadOutcome.DUPLICATE


def test_stale_preview_is_refused_and_nothing_is_written(seeded_conn):
    mine = fill(follow_up_template(seeded_conn), status="Gul")
    read = validate_workbook(seeded_conn, mine, "mine.xlsx")
    preview = preview_changes(seeded_conn, read)
    other = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "kollega.xlsx", "kollega")
    before = snapshot(seeded_conn)

    stale = commit_workbook(seeded_conn, mine, "mine.xlsx", "lokal bruger", expected_current=preview.compared_with)
    assert stale.outcome == UploadOutcome.STALE
    assert "efter at forhåndsvisningen blev lavet" in stale.findings[0].message
    assert snapshot(seeded_conn) == before

    fresh = preview_changes(seeded_conn, validate_workbook(seeded_conn, mine, "mine.xlsx"))
    assert fresh.compared_with == other.upload_id and fresh.count(CHANGED) == 9
    done = commit_workbook(seeded_conn, mine, "mine.xlsx", "lokal bruger", expected_current=fresh.compared_with)
    assert done.accepted and done.superseded == other.upload_id


def test_commit_revalidates_against_a_plan_that_changed_after_the_preview(seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    received = receive_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger")
    plan = queries.load_plan(seeded_conn, "LMST", 2024)
    fewer = dataclasses.replace(plan, measures=plan.measures[1:])
    assert import_workbook(seeded_conn, write_plan_workbook(fewer), "ny-plan.xlsx", "test").accepted

    result = commit_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger", expected_current=None)
    assert result.outcome == UploadOutcome.REJECTED
    assert any(plan.measures[0].measure_id in f.message for f in result.errors)
    assert outcome_of(seeded_conn, received.upload_id) == "afvist"
    assert seeded_conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def test_superseding_is_recorded_as_an_event_on_the_older_upload(seeded_conn):
    first = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "anne")
    import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "v2.xlsx", "bo")
    actions = seeded_conn.execute(
        "SELECT action, actor FROM events WHERE upload_id = ? ORDER BY event_id", [first.upload_id]
    ).fetchall()
    assert actions == [("indlæst", "anne"), ("erstattet", "bo")]


def test_a_locked_period_refuses_uploads_at_receipt_and_at_commit(seeded_conn):
    from maalstyring.roles.approval import lock_period, reopen_period

    data = fill(follow_up_template(seeded_conn))
    received = receive_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger")
    assert received.outcome == UploadOutcome.PENDING
    lock_period(seeded_conn, 2024, Period.H1, "koncernøkonomi@ism.dk")

    again = validate_workbook(seeded_conn, data, "lmst.xlsx")
    assert not again.ok and "1. halvår 2024 er låst for indberetning (låst af koncernøkonomi@ism.dk" in str(
        again.errors
    )
    result = commit_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger", expected_current=None)
    assert result.outcome == UploadOutcome.REJECTED
    assert seeded_conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0
    year_end = fill(follow_up_template(seeded_conn, period=Period.YEAR_END), verdict="Opfyldt")
    assert validate_workbook(seeded_conn, year_end, "ye.xlsx").ok  # only the locked period is closed

    reopen_period(seeded_conn, 2024, Period.H1, "koncernøkonomi@ism.dk")
    assert import_workbook(seeded_conn, data, "lmst.xlsx", "lokal bruger").accepted


def _figures(result: float):
    """Set the LMST 2024 economy key figures: an agreed result of 0,0 and `result` as årets resultat."""

    def edit(wb):
        ws = wb[c.SHEET_KEY_FIGURES]
        for row in range(2, ws.max_row + 1):
            name = ws.cell(row, 1).value
            if name == KEY_FIGURE_BUDGET:
                ws.cell(row, 3).value = 0.0
            elif name == KEY_FIGURE_RESULT:
                ws.cell(row, 3).value = result

    return edit


def test_preview_of_a_file_that_changes_only_a_key_figure(seeded_conn):
    end = Period.YEAR_END
    template = follow_up_template(seeded_conn, period=end)
    import_workbook(seeded_conn, fill(template, verdict=Verdict.MET, edit=_figures(4.2)), "v1.xlsx", "test")
    read = validate_workbook(seeded_conn, fill(template, verdict=Verdict.MET, edit=_figures(12.0)), "v2.xlsx")
    assert read.ok
    preview = preview_changes(seeded_conn, read)
    # Every målepunkt row is the same ...
    assert {r.change for r in preview.rows} == {UNCHANGED}
    # ... but the key figure changed, and with it the economy goal's computed verdict: the preview says both.
    changed = [k for k in preview.key_figures if k.change == CHANGED]
    assert [(k.name, k.year, k.old, k.new) for k in changed] == [(KEY_FIGURE_RESULT, 2024, "4,2", "12")]
    economy = next(v for v in preview.verdicts if v.goal == "Økonomisk styring")
    assert economy.describe() == "Økonomisk styring, beregnet: Opfyldt → Ikke opfyldt"
    # The file still reports Opfyldt: that contradicts the plan's rule, and the preview must say so.
    assert economy.reported == Verdict.MET and economy.contradicts
    alt = next(v for v in preview.verdicts if v.goal == "Attraktiv arbejdsplads")
    assert not alt.changes


def test_preview_page_text_names_the_key_figure_and_the_verdict(seeded_conn):
    from ui.upload import key_figures_frame, preview_summary

    end = Period.YEAR_END
    template = follow_up_template(seeded_conn, period=end)
    import_workbook(seeded_conn, fill(template, verdict=Verdict.MET, edit=_figures(4.2)), "v1.xlsx", "test")
    read = validate_workbook(seeded_conn, fill(template, verdict=Verdict.MET, edit=_figures(12.0)), "v2.xlsx")
    preview = preview_changes(seeded_conn, read)
    summary = preview_summary(preview)
    assert "0 nye, 0 ændrede og 9 uændrede målepunkter; nøgletal: 0 nye, 1 ændrede" in summary
    assert "beregnet opfyldelse ændres for 1 mål" in summary
    frame = key_figures_frame(preview).set_index("Nøgletal")
    assert frame.loc[KEY_FIGURE_RESULT, "Værdi"] == "4,2 → 12"


def test_plan_preview_warns_when_a_computable_goals_wording_is_not_understood(seeded_conn):
    plan = queries.load_plan(seeded_conn, "LMST", 2024)
    same = validate_workbook(seeded_conn, write_plan_workbook(plan), "plan.xlsx")
    assert preview_changes(seeded_conn, same).rule_warnings == []
    economy = next(m for m in plan.measures if m.measure_id == "LMST-2024-K2-1")
    vague = dataclasses.replace(economy, text="Budgettet skal overholdes.")
    measures = tuple(vague if m is economy else m for m in plan.measures)
    read = validate_workbook(seeded_conn, write_plan_workbook(dataclasses.replace(plan, measures=measures)), "p.xlsx")
    warnings = preview_changes(seeded_conn, read).rule_warnings
    assert warnings == ["Økonomisk styring: Målepunktet nævner ingen grænse i mio. kr. eller pct.: "
                        "»Budgettet skal overholdes.«."]  # fmt: skip
