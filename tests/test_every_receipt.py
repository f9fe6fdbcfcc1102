"""Every receipt recorded (issue #28, point 12): a second sender of the same bytes as a pending file gets a row and an
event of their own, and the report committed names who sent and committed it."""

from __future__ import annotations

import pytest

from maalstyring.database.reports_store import current_report
from maalstyring.workbooks.ingest import commit_workbook, receive_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome

pytestmark = pytest.mark.both_engines


def receipts(conn) -> list[tuple]:
    return conn.execute("SELECT upload_id, uploaded_by, file_name, outcome, committed_by FROM uploads "
                        "WHERE kind = 'Opfølgning' ORDER BY upload_id").fetchall()  # fmt: skip


def received_events(conn) -> list[tuple]:
    return conn.execute("SELECT upload_id, actor FROM events WHERE action = 'modtaget' ORDER BY event_id").fetchall()


def test_a_second_sender_of_the_same_bytes_gets_a_row_and_an_event_and_the_report_names_the_committer(seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    anne = receive_workbook(seeded_conn, data, "annes.xlsx", "anne@lmst.dk")
    bo = receive_workbook(seeded_conn, data, "bos.xlsx", "bo@lmst.dk")
    assert anne.outcome == bo.outcome == UploadOutcome.PENDING
    assert anne.upload_id != bo.upload_id
    assert received_events(seeded_conn) == [(anne.upload_id, "anne@lmst.dk"), (bo.upload_id, "bo@lmst.dk")]
    # The same sender again: their receipt, not a third copy.
    assert receive_workbook(seeded_conn, data, "bos.xlsx", "bo@lmst.dk").upload_id == bo.upload_id

    committed = commit_workbook(seeded_conn, data, "bos.xlsx", "bo@lmst.dk", expected_current=None)
    assert committed.accepted and committed.upload_id == bo.upload_id
    assert current_report(seeded_conn.cursor(), "LMST", 2024, Period.H1) == bo.upload_id
    assert receipts(seeded_conn) == [
        (anne.upload_id, "anne@lmst.dk", "annes.xlsx", UploadOutcome.PENDING, None),
        (bo.upload_id, "bo@lmst.dk", "bos.xlsx", UploadOutcome.ACCEPTED, "bo@lmst.dk"),
    ]
    # Anne's Indlæs afterwards: her receipt becomes a recorded duplicate of Bo's report; nothing changes.
    again = commit_workbook(seeded_conn, data, "annes.xlsx", "anne@lmst.dk", expected_current=bo.upload_id)
    assert again.outcome == UploadOutcome.DUPLICATE and again.upload_id == anne.upload_id
    assert again.duplicate_of == bo.upload_id
    assert current_report(seeded_conn.cursor(), "LMST", 2024, Period.H1) == bo.upload_id
