"""Every received file is kept: unreadable files for every role, and duplicates, in Historik and Revisionsspor."""

from __future__ import annotations

import pytest

from maalstyring.reading import history
from maalstyring.roles import access
from maalstyring.roles.approval import audit_trail
from maalstyring.workbooks.examples import remove_example_data
from maalstyring.workbooks.ingest import commit_workbook, import_workbook, receive_workbook
from tests import hostile_files as hf
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome, WorkbookKind

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

USERS = {
    "controller": access.User("carl@lmst.dk", roles=frozenset({access.CONTROLLER}), institutions=frozenset({"LMST"})),
    "leder": access.User("lea@sum.dk", roles=frozenset({access.LEADER})),
    "koncernøkonomi": access.User(
        "kim@sum.dk", roles=frozenset({access.FINANCE}), institutions=frozenset({access.ALL_INSTITUTIONS})
    ),
}
UNREADABLE = {
    "gammel xls": (hf.old_xls, "rapport.xls", "gamle excel-format (.xls)"),
    "omdøbt csv": (hf.renamed_csv, "rapport.xlsx", "csv- eller tekstfil"),
    "xml-bombe": (hf.xml_bomb, "rapport.xlsx", "dtd/entiteter"),
    "støj omdøbt .xlsx": (hf.random_bytes, "rapport.xlsx", "ikke en excel-projektmappe"),
}


def policy_of(user):
    return lambda kind, code: access.upload_refusal(user, kind, code)


@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("shape", list(UNREADABLE))
def test_unreadable_file_is_archived_as_refused_with_its_real_reason_for_every_role(seeded_conn, role, shape):
    make, name, reason = UNREADABLE[shape]
    user = USERS[role]
    data = make()
    for step in (receive_workbook, commit_workbook):
        result = step(seeded_conn, data, name, user.email, policy=policy_of(user))
        assert result.outcome == UploadOutcome.REJECTED, [f.message for f in result.findings]
        messages = " ".join(f.message for f in result.findings).casefold()
        assert reason in messages and "ingen adgang" not in messages and "ikke adgang" not in messages
        archived = seeded_conn.execute(
            "SELECT outcome, uploaded_by, institution_code, content = ? FROM uploads WHERE upload_id = ?",
            [data, result.upload_id],
        ).fetchone()
        assert archived == ("afvist", user.email, None, True)


def test_readable_workbook_for_another_institution_is_still_refused_as_forbidden(seeded_conn):
    user = USERS["controller"]
    ssi = fill(follow_up_template(seeded_conn, "SSI"))
    result = receive_workbook(seeded_conn, ssi, "ssi.xlsx", user.email, policy=policy_of(user))
    assert result.outcome == "ingen adgang"
    assert [f.message for f in result.findings] == [access.upload_refusal(user, WorkbookKind.FOLLOW_UP, "SSI")]


def test_a_duplicate_is_recorded_in_the_archive_and_the_audit_trail_without_a_second_copy(seeded_conn):
    data = fill(follow_up_template(seeded_conn))
    first = import_workbook(seeded_conn, data, "lmst.xlsx", "anne@lmst.dk")
    by_page = receive_workbook(seeded_conn, data, "lmst-igen.xlsx", "bo@lmst.dk")
    by_cli = import_workbook(seeded_conn, data, "lmst-kopi.xlsx", "kommandolinje")
    for again in (by_page, by_cli):
        assert again.outcome == UploadOutcome.DUPLICATE and again.duplicate_of == first.upload_id
        assert again.upload_id not in (None, first.upload_id)
    listed = history.list_uploads(seeded_conn, access.local_user(), code="LMST").set_index("upload_id")
    for again, who in ((by_page, "bo@lmst.dk"), (by_cli, "kommandolinje")):
        row = listed.loc[again.upload_id]
        assert (row["outcome"], row["uploaded_by"], row["year"], row["period"]) == (
            UploadOutcome.DUPLICATE, who, 2024, Period.H1
        )  # fmt: skip
        assert row["duplicate_of_upload_id"] == first.upload_id
        # The bytes are kept once; the original comes back under the duplicate's number too.
        stored = seeded_conn.execute("SELECT octet_length(content) FROM uploads WHERE upload_id = ?", [again.upload_id])
        assert stored.fetchone()[0] == 0
        assert history.original_file(seeded_conn, again.upload_id, access.local_user())[1] == data
    trail = audit_trail(seeded_conn, access.local_user(), institution="LMST", year=2024, period=Period.H1)
    duplicates = trail[trail["action"] == "dublet"]
    assert sorted(duplicates["upload_id"]) == sorted([by_page.upload_id, by_cli.upload_id])


def test_a_received_file_committed_elsewhere_first_becomes_a_duplicate_receipt(seeded_conn):
    data = fill(follow_up_template(seeded_conn), status="Gul")
    pending = receive_workbook(seeded_conn, data, "gul.xlsx", "anne@lmst.dk")
    assert pending.outcome == UploadOutcome.PENDING
    other = commit_workbook(seeded_conn, data, "gul.xlsx", "bo@lmst.dk")  # takes over the pending row
    assert other.accepted and other.upload_id == pending.upload_id
    late = commit_workbook(seeded_conn, data, "gul.xlsx", "anne@lmst.dk", expected_current=None)
    assert late.outcome == UploadOutcome.DUPLICATE and late.duplicate_of == pending.upload_id


def test_duplicates_of_example_files_go_with_the_examples(example_path):
    from maalstyring.database.storage import connect

    conn = connect(example_path)
    example_id, name = conn.execute(
        "SELECT upload_id, file_name FROM uploads WHERE is_example ORDER BY upload_id LIMIT 1"
    ).fetchone()
    data = history.original_file(conn, example_id, access.local_user())[1]
    assert import_workbook(conn, data, name, "test").outcome == UploadOutcome.DUPLICATE
    remove_example_data(conn, "test")
    assert conn.execute("SELECT count(*) FROM uploads WHERE outcome = 'dublet'").fetchone()[0] == 0
    conn.close()
