"""Who sees which received files and events, who sent and who committed a file, and who the CLI records."""

from __future__ import annotations

import getpass

import pytest

from maalstyring.commands.cli import main
from maalstyring.database.storage import connect
from maalstyring.reading import history
from maalstyring.roles import access
from maalstyring.roles.approval import audit_trail
from maalstyring.workbooks.ingest import commit_workbook, import_workbook, receive_workbook
from tests import hostile_files as hf
from tests.html_tables import every_row, table_with
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL


def controller(email: str, *codes: str) -> access.User:
    return access.User(email, roles=frozenset({access.CONTROLLER}), institutions=frozenset(codes))


LEADER = access.User("lea@sum.dk", roles=frozenset({access.LEADER}))
FINANCE = access.User(
    "kim@sum.dk", roles=frozenset({access.FINANCE}), institutions=frozenset({access.ALL_INSTITUTIONS})
)
CARL = controller("carl@lmst.dk", "LMST")  # LMST only
SARA = controller("sara@ssi.dk", "SSI")  # SSI only


def policy_of(user):
    return lambda kind, code: access.upload_refusal(user, kind, code)


def archive(conn) -> dict[str, int]:
    """One of each: LMST's report, SSI's report, Carl's and Sara's unreadable files, Carl's refused SSI file."""
    ids = {
        "lmst": import_workbook(conn, fill(follow_up_template(conn, "LMST")), "lmst.xlsx", CARL.actor).upload_id,
        "ssi": import_workbook(conn, fill(follow_up_template(conn, "SSI")), "ssi.xlsx", SARA.actor).upload_id,
        "carl_xls": receive_workbook(conn, hf.old_xls(), "c.xls", CARL.actor, policy_of(CARL)).upload_id,
        "sara_csv": receive_workbook(conn, hf.renamed_csv(), "s.xlsx", SARA.actor, policy_of(SARA)).upload_id,
    }
    refused = fill(follow_up_template(conn, "SSI"), status="Gul")
    ids["carl_for_ssi"] = receive_workbook(conn, refused, "ssi2.xlsx", CARL.actor, policy_of(CARL)).upload_id
    return ids


def test_a_controller_lists_and_downloads_only_own_institutions_and_own_files_without_one(seeded_conn):
    ids = archive(seeded_conn)
    plans = set(history.list_uploads(seeded_conn, FINANCE).query("kind == 'Plan'")["upload_id"])
    seen = set(history.list_uploads(seeded_conn, CARL)["upload_id"])
    assert seen - plans == {ids["lmst"], ids["carl_xls"], ids["carl_for_ssi"]}
    assert {p for p in plans if history.get_upload(seeded_conn, p, CARL)} == set(
        history.list_uploads(seeded_conn, CARL, code="LMST").query("kind == 'Plan'")["upload_id"]
    )
    assert set(history.list_uploads(seeded_conn, SARA)["upload_id"]) - plans == {ids["ssi"], ids["sara_csv"]}
    for hidden in (ids["ssi"], ids["sara_csv"]):
        assert history.get_upload(seeded_conn, hidden, CARL) is None
        assert history.original_file(seeded_conn, hidden, CARL) is None
        assert history.upload_findings(seeded_conn, hidden, CARL) == []
        assert history.upload_events(seeded_conn, hidden, CARL).empty
    assert history.original_file(seeded_conn, ids["lmst"], CARL)[0] == "lmst.xlsx"
    # Sara never sees Carl's attempt to send for SSI, nor his e-mail through it.
    assert "carl@lmst.dk" not in set(history.list_uploads(seeded_conn, SARA)["uploaded_by"])


def test_leader_and_koncernokonomi_see_every_file(seeded_conn):
    ids = archive(seeded_conn)
    for user in (LEADER, FINANCE, access.local_user()):
        assert set(ids.values()) <= set(history.list_uploads(seeded_conn, user)["upload_id"])


def test_a_controller_sees_only_events_of_own_institutions_own_events_and_general_ones(seeded_conn):
    archive(seeded_conn)
    trail = audit_trail(seeded_conn, SARA)
    assert set(trail["institution_code"].dropna()) == {"SSI"}
    assert "carl@lmst.dk" not in set(trail[trail["institution_code"].isna()]["actor"])
    assert ("carl@lmst.dk", "nægtet") in set(zip(trail["actor"], trail["action"], strict=True))  # tried for SSI
    carl = audit_trail(seeded_conn, CARL)
    assert set(carl["institution_code"].dropna()) <= {"LMST", "SSI"}  # SSI: only his own refused attempt
    assert set(carl[carl["institution_code"] == "SSI"]["actor"]) == {"carl@lmst.dk"}
    assert "sara@ssi.dk" not in set(carl["actor"])
    assert len(audit_trail(seeded_conn, LEADER)) > len(carl)


def test_uploaded_by_is_the_sender_and_committed_by_who_pressed_indlaes(seeded_conn):
    data = fill(follow_up_template(seeded_conn), status="Gul")
    received = receive_workbook(seeded_conn, data, "gul.xlsx", "carl@lmst.dk")
    committed = commit_workbook(seeded_conn, data, "gul.xlsx", "kim@sum.dk", expected_current=None)
    assert committed.accepted and committed.upload_id == received.upload_id
    upload = history.get_upload(seeded_conn, committed.upload_id, FINANCE)
    assert (upload.uploaded_by, upload.committed_by) == ("carl@lmst.dk", "kim@sum.dk")
    direct = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "g.xlsx", "anne@lmst.dk")
    upload = history.get_upload(seeded_conn, direct.upload_id, FINANCE)
    assert (upload.uploaded_by, upload.committed_by) == ("anne@lmst.dk", "anne@lmst.dk")


def test_migration_006_backfills_committed_by_from_the_import_event(seeded_conn):
    plan = history.list_uploads(seeded_conn, FINANCE).query("kind == 'Plan'").iloc[0]
    actor = seeded_conn.execute(
        "SELECT actor FROM events WHERE upload_id = ? AND action = 'indlæst'", [int(plan["upload_id"])]
    ).fetchone()[0]
    assert plan["committed_by"] == actor


def test_the_cli_records_the_os_user_and_marks_a_stated_name(seeded_path, tmp_path, capsys):
    conn = connect(seeded_path)
    first = tmp_path / "a.xlsx"
    first.write_bytes(fill(follow_up_template(conn)))
    second = tmp_path / "b.xlsx"
    second.write_bytes(fill(follow_up_template(conn), status="Gul"))
    conn.close()
    assert main(["--db", str(seeded_path), "import", str(first)]) == 0
    assert main(["--db", str(seeded_path), "import", str(second), "--bruger", "karen@ism.dk"]) == 0
    capsys.readouterr()
    conn = connect(seeded_path)
    rows = conn.execute(
        "SELECT file_name, uploaded_by, committed_by FROM uploads WHERE file_name IN ('a.xlsx', 'b.xlsx') ORDER BY 1"
    ).fetchall()
    events = conn.execute("SELECT actor FROM events WHERE action = 'indlæst' AND period = ?", [Period.H1]).fetchall()
    conn.close()
    me = getpass.getuser()
    plain = f"{me} (OS-bruger, kommandolinje)"
    stated = f"karen@ism.dk (angivet; OS-bruger: {me})"
    assert rows == [("a.xlsx", plain, plain), ("b.xlsx", stated, stated)]
    assert {e[0] for e in events} == {plain, stated}


def test_historik_and_revisionsspor_pages_show_a_controller_only_what_the_read_model_allows(
    seeded_path, open_page, monkeypatch
):
    conn = connect(seeded_path)
    for code, who in (("LMST", CARL), ("SSI", SARA)):
        assert import_workbook(conn, fill(follow_up_template(conn, code)), f"{code}.xlsx", who.actor).accepted
    conn.close()
    everyone = table_with(open_page(seeded_path, "pages/historik.py"), "Indhold")  # local mode: all, now cached
    assert "Opfølgning SSI 2024 1. halvår" in set(everyone["Indhold"])
    monkeypatch.setattr("ui.identity.local_user", lambda: CARL)  # the session's user, as login would give it
    at = open_page(seeded_path, "pages/historik.py")  # the cached listing is per viewer, not shared
    listed = table_with(at, "Indhold")
    assert set(listed["Indhold"]) == {"Plan LMST 2024", "Opfølgning LMST 2024 1. halvår"}
    assert "sara@ssi.dk" not in " ".join(listed["Indberettet af"])
    at = open_page(seeded_path, "pages/revisionsspor.py", {"periode": Period.H1})
    trail = every_row(at, "Hvem", "side_spor")
    assert set(trail["Institution"]) == {"LMST"} and "sara@ssi.dk" not in set(trail["Hvem"])
