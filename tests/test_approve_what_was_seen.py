"""Koncernøkonomi approves the report they had on screen, never one committed while they looked (issue #28, point 7).

On PostgreSQL the other report is committed through its own connection, as by a controller on another app server.
"""

from __future__ import annotations

import pytest

from maalstyring.database.reports_store import current_report
from maalstyring.database.storage import connect
from maalstyring.roles.approval import ApprovalError, approvals, approve_report
from maalstyring.workbooks.ingest import import_workbook
from tests.html_tables import table_with
from tests.views import show_view
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.both_engines

CHANGED = "Indberetningen er ændret, siden du åbnede den"


def test_approval_of_a_report_no_longer_current_is_refused(seeded_conn):
    seen = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "a.xlsx", "anne").upload_id
    newer = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "b.xlsx", "bo").upload_id
    with pytest.raises(ApprovalError, match=CHANGED) as refused:
        approve_report(seeded_conn, "LMST", 2024, Period.H1, "okonomi@sum.dk", seen)
    assert f"nr. {newer}" in str(refused.value) and "Intet er godkendt" in str(refused.value)
    assert approvals(seeded_conn).empty
    assert seeded_conn.execute("SELECT count(*) FROM events WHERE action = 'godkendt'").fetchone() == (0,)
    assert approve_report(seeded_conn, "LMST", 2024, Period.H1, "okonomi@sum.dk", newer) == newer


def test_godkend_on_the_page_approves_what_was_shown_not_what_arrived_since(open_page, reported_path):
    at = show_view(
        open_page(reported_path, "pages/indberetningsstatus.py", {"periode": "1. halvår"}), "Godkendelse og låsning"
    )
    writer = connect(reported_path)  # the controller on the other server
    shown = current_report(writer.cursor(), "LMST", 2024, Period.H1)
    assert at.selectbox(key="approve_choice").value.institution_code == "LMST" and shown is not None
    red = fill(follow_up_template(writer), status="Rød")
    arrived = import_workbook(writer, red, "alt_er_roedt.xlsx", "controller@lmst.dk").upload_id
    next(b for b in at.button if b.label == "Godkend").click().run()
    assert not at.exception
    assert any(CHANGED in e.value for e in at.main.error), [e.value for e in at.main.error]
    assert approvals(writer).empty  # neither the report shown nor the one that arrived is approved
    # The page now shows the new report; approving that one works.
    assert f"nr. {arrived}" in at.selectbox(key="approve_choice").format_func(at.selectbox(key="approve_choice").value)
    next(b for b in at.button if b.label == "Godkend").click().run()
    assert not at.main.error
    assert list(approvals(writer).upload_id) == [arrived]
    assert table_with(at, "Godkendt af Koncernøkonomi")["Godkendt af Koncernøkonomi"][0].startswith("✓ Godkendt")
    writer.close()
