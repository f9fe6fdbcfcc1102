"""Approval of reports, locking and reopening of periods, and the audit trail."""

import pytest

from maalstyring.roles.access import local_user
from maalstyring.roles.approval import (
    ApprovalError,
    approvals,
    approve_report,
    audit_trail,
    lock_period,
    period_lock,
    reopen_period,
)
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL


def test_approving_the_current_report_is_recorded(seeded_conn):
    first = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "anne")
    approved = approve_report(seeded_conn, "LMST", 2024, Period.H1, "okonomi@sum.dk", first.upload_id)
    assert approved == first.upload_id
    row = approvals(seeded_conn).iloc[0]
    assert (row.institution_code, row.upload_id, row.approved_by, bool(row.covers_current)) == (
        "LMST", first.upload_id, "okonomi@sum.dk", True,
    )  # fmt: skip
    # A newer upload supersedes the approved version: the approval no longer covers what is current.
    import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Gul"), "v2.xlsx", "anne")
    assert not bool(approvals(seeded_conn).iloc[0].covers_current)


def test_nothing_to_approve_says_so(seeded_conn):
    with pytest.raises(ApprovalError, match=r"ingen indberetning fra SSI for 1\. halvår 2024"):
        approve_report(seeded_conn, "SSI", 2024, Period.H1, "okonomi", None)


def test_lock_and_reopen_are_recorded_and_not_repeated(seeded_conn):
    assert period_lock(seeded_conn, 2024, Period.H1) is None
    lock_period(seeded_conn, 2024, Period.H1, "okonomi")
    assert period_lock(seeded_conn, 2024, Period.H1)[0] == "okonomi"
    with pytest.raises(ApprovalError, match="allerede låst"):
        lock_period(seeded_conn, 2024, Period.H1, "okonomi")
    reopen_period(seeded_conn, 2024, Period.H1, "admin")
    assert period_lock(seeded_conn, 2024, Period.H1) is None
    with pytest.raises(ApprovalError, match="ikke låst"):
        reopen_period(seeded_conn, 2024, Period.H1, "admin")
    trail = audit_trail(seeded_conn, local_user(), year=2024, period=Period.H1)
    assert list(trail["action"])[:2] == ["genåbnet", "låst"]
    assert list(trail["actor"])[:2] == ["admin", "okonomi"]


def test_audit_trail_filters_by_institution(seeded_conn):
    import_workbook(seeded_conn, fill(follow_up_template(seeded_conn, "SSI")), "ssi.xlsx", "bo")
    import_workbook(seeded_conn, fill(follow_up_template(seeded_conn, "LMST")), "lmst.xlsx", "anne")
    ssi = audit_trail(seeded_conn, local_user(), institution="SSI")
    assert set(ssi["institution_code"]) == {"SSI"}
    assert ssi.iloc[0].actor == "bo" and "anne" not in set(ssi["actor"])
