"""A database holding every kind of upload and event the app knows, built through the real write paths.

Used by tests/test_every_state.py (every page x role x filter opens without an exception) and by the
plain-text browser test. What is in it, and how it got there:
- the bundled plans and example reports (load_default_data), the example data removed, one example again;
- LMST 2024 1. halvår accepted twice (the first superseded), the first restored, the restored one approved;
- SSI 2024 årsafslutning accepted with verdicts; SST 2024 1. halvår received but never committed (afventer);
- a refused follow-up (errors) whose file name is a formula, unreadable files (garbage bytes, an old .xls
  renamed .xlsx: no kind, institution or year), a refusal by the upload policy (nægtet), a duplicate upload
  row and event (dublet);
- 1. halvår 2024 locked, a file sent to it refused, reopened; årsafslutning 2023 left locked;
- workbook text full of markdown, links, LaTeX and formulas in the LMST plan and reports (HOSTILE_TEXTS).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from loaders.template_writer import write_plan_workbook
from maalstyring.database import queries
from maalstyring.database.events import record_event
from maalstyring.database.storage import connect
from maalstyring.reading import history
from maalstyring.roles import access
from maalstyring.roles.approval import approve_report, lock_period, reopen_period
from maalstyring.workbooks.archive import sha256
from maalstyring.workbooks.defaults import example_files, load_default_data
from maalstyring.workbooks.examples import remove_example_data
from maalstyring.workbooks.ingest import commit_workbook, import_workbook, receive_workbook
from tests import hostile_files
from tests.workbooks import cell_of, fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome, WorkbookKind

PIXEL_HOST = "127.0.0.1:9"  # replaced by the browser test's pixel server; port 9 (discard) never answers
MARKDOWN_IMAGE = "![x](http://{host}/pixel.png)"
MARKDOWN_LINK = "[klik](http://evil.invalid)"
BARE_URL = "www.evil.dk"
COLOUR = ":red[x]"
LATEX = "$x$"
EMOJI = ":smile:"
FORMULA = '=HYPERLINK("http://evil.invalid","Klik")'
BULLETS = "- første punkt\n- andet punkt"


def hostile_text(host: str = PIXEL_HOST) -> str:
    """One text holding every markdown trick workbook text could try, plus a bullet list."""
    return (
        f"Se {MARKDOWN_IMAGE.format(host=host)} og {MARKDOWN_LINK} eller {BARE_URL}; {COLOUR} {LATEX} {EMOJI} "
        f"**fed** <b>html</b>\n{BULLETS}"
    )


def hostile_plan(conn, host: str = PIXEL_HOST) -> bytes:
    """LMST's 2024 plan with markdown in a goal's title, objective and remarks and in a målepunkt's text."""
    plan = queries.load_plan(conn, "LMST", 2024)
    text = hostile_text(host)
    first = plan.goals[0]
    goals = (
        dataclasses.replace(first, title=f"{COLOUR} {MARKDOWN_LINK}", objective=text, remarks=FORMULA),
        *plan.goals[1:],
    )
    measures = tuple(
        dataclasses.replace(m, text=f"{m.text} {MARKDOWN_IMAGE.format(host=host)} {BARE_URL}")
        if m.goal_id == first.goal_id
        else m
        for m in plan.measures
    )
    return write_plan_workbook(dataclasses.replace(plan, goals=goals, measures=measures))


def hostile_follow_up(conn, status: str, host: str = PIXEL_HOST, cause: str = FORMULA) -> bytes:
    """LMST 2024 1. halvår with markdown in every free text and a formula-like cause, written as text."""

    def edit(wb):
        measure = queries.load_plan(conn, "LMST", 2024).measures[0].measure_id
        cell_of(wb, measure, "Vurdering").value = hostile_text(host)
        cause_cell = cell_of(wb, measure, "Årsag og konsekvens")
        cause_cell.value = cause
        cause_cell.data_type = "s"
        cell_of(wb, measure, "Handling").value = f"{BULLETS}\n{MARKDOWN_LINK}"

    return fill(follow_up_template(conn, "LMST", 2024, Period.H1), status=status, edit=edit)


def build(path, host: str = PIXEL_HOST) -> None:
    """Write the every-state database to `path` (a new file)."""
    conn = connect(path)
    try:
        _build(conn, host)
    finally:
        conn.close()


def _build(conn, host: str) -> None:
    results = load_default_data(conn)
    assert all(r.accepted for r in results), [str(f) for r in results for f in r.errors]
    remove_example_data(conn, "admin@sum.dk")
    for example in example_files():  # one example report again, so example markers show too
        if "STPS_2023_1-halvaar" in example.name:
            assert import_workbook(conn, example.read_bytes(), example.name, "eksempel", is_example=True).accepted

    assert import_workbook(conn, hostile_plan(conn, host), "plan_lmst.xlsx", "okonomi@sum.dk").accepted
    first = import_workbook(conn, hostile_follow_up(conn, "Gul", host), "lmst_h1.xlsx", "controller@lmst.dk")
    assert first.accepted, [str(f) for f in first.errors]
    second = import_workbook(conn, hostile_follow_up(conn, "Rød", host), "lmst_h1_v2.xlsx", "controller@lmst.dk")
    assert second.accepted and second.superseded == first.upload_id
    assert history.restore_report(conn, first.upload_id, "controller@lmst.dk").ok
    approve_report(conn, "LMST", 2024, Period.H1, "okonomi@sum.dk", first.upload_id)

    ssi = fill(follow_up_template(conn, "SSI", 2024, Period.YEAR_END), status="Gul", verdict="Delvist opfyldt")
    assert import_workbook(conn, ssi, "ssi_aar.xlsx", "controller@ssi.dk").accepted
    pending = receive_workbook(conn, fill(follow_up_template(conn, "SST")), "sst_h1.xlsx", "controller@sst.dk")
    assert pending.outcome == "afventer"

    def bad_status(wb):
        cell_of(wb, queries.load_plan(conn, "NCE", 2024).measures[0].measure_id, "Status").value = "Lilla"

    # Named like a formula: the name shows in Historik and starts the event's details in Revisionsspor.
    bad = fill(follow_up_template(conn, "NCE"), edit=bad_status)
    refused = receive_workbook(conn, bad, f"{FORMULA}.xlsx", "c@nce.dk")
    assert refused.outcome == "afvist"
    for name, data in (("affald.xlsx", hostile_files.random_bytes()), ("gammel.xlsx", hostile_files.old_xls())):
        assert receive_workbook(conn, data, name, "controller@lmst.dk").outcome == "afvist"

    controller = access.User(
        "controller@lmst.dk", roles=frozenset({access.CONTROLLER}), institutions=frozenset({"LMST"})
    )

    def policy(kind, code):
        return access.upload_refusal(controller, kind, code)

    ssi_h1 = fill(follow_up_template(conn, "SSI"))
    assert receive_workbook(conn, ssi_h1, "ssi_h1.xlsx", controller.email, policy=policy).outcome == "ingen adgang"
    _duplicate(conn, ssi, "ssi_aar_igen.xlsx")

    lock_period(conn, 2024, Period.H1, "okonomi@sum.dk")
    late = fill(follow_up_template(conn, "NCE"), status="Grøn")
    assert commit_workbook(conn, late, "nce_sent.xlsx", "c@nce.dk").outcome == "afvist"
    reopen_period(conn, 2024, Period.H1, "okonomi@sum.dk")
    lock_period(conn, 2023, Period.YEAR_END, "okonomi@sum.dk")


def _duplicate(conn, data: bytes, file_name: str) -> None:
    """An archived duplicate, as the upload path records one once it archives duplicates (issue 10): a
    `dublet` row and event. Inserted directly where the code does not (yet) make them."""
    cur = conn.cursor()
    if cur.execute("SELECT count(*) FROM uploads WHERE outcome = ?", [UploadOutcome.DUPLICATE]).fetchone()[0]:
        return
    upload_id = cur.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
    earlier = cur.execute("SELECT upload_id FROM uploads WHERE sha256 = ?", [sha256(data)]).fetchone()[0]
    cur.execute(
        """
        INSERT INTO uploads (upload_id, sha256, file_name, content, size_bytes, uploaded_by, uploaded_at,
            outcome, kind, institution_code, year, period, errors_json, supersedes_upload_id, is_example)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', NULL, FALSE)
        """,
        [upload_id, sha256(data), file_name, data, len(data), "controller@ssi.dk", datetime.now(),
         UploadOutcome.DUPLICATE, WorkbookKind.FOLLOW_UP, "SSI", 2024, Period.YEAR_END],
    )  # fmt: skip
    record_event(
        cur, "controller@ssi.dk", UploadOutcome.DUPLICATE, upload_id, "SSI", 2024, Period.YEAR_END,
        f"{file_name}: samme fil som indberetning nr. {earlier}",
    )  # fmt: skip
