"""`python -m maalstyring kopier --til …`: a whole database from the embedded file to PostgreSQL and back.

Checked independently of the command's own checksums: every table's rows, compared as sorted lists of values,
the archived originals byte for byte, and new ids continuing after the copied ones.
"""

from __future__ import annotations

from datetime import date, datetime

from maalstyring.commands.cli import main
from maalstyring.database.storage import connect
from maalstyring.reading import history
from maalstyring.reminding import deadlines
from maalstyring.roles import approval
from maalstyring.roles.access import local_user
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome

TABLES = (
    "institutions", "uploads", "plans", "goals", "measures", "reports", "report_rows", "key_figures",
    "events", "approvals", "period_locks", "current_reports", "deadlines", "reminders_sent",
)  # fmt: skip


def rows_of(conn, table: str) -> list[tuple]:
    rows = conn.execute(f"SELECT * FROM {table}").fetchall()
    return sorted((tuple(bytes(v) if isinstance(v, bytearray) else v for v in row) for row in rows), key=repr)


def everything(target) -> dict[str, list[tuple]]:
    conn = connect(target)
    try:
        return {table: rows_of(conn, table) for table in TABLES}
    finally:
        conn.close()


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def busy_database(path) -> None:
    """The example database with something in every table: a rejected file, a restore, an approval, a locked
    period, a deadline and a reminder sent."""
    conn = connect(path)
    assert import_workbook(conn, b"not a workbook", "rod.xlsx", "controller@lmst.dk").outcome != UploadOutcome.ACCEPTED
    accepted = import_workbook(conn, fill(follow_up_template(conn, "LMST")), "lmst.xlsx", "controller@lmst.dk")
    assert accepted.accepted
    approval.approve_report(conn, "LMST", 2024, Period.H1, "leder@ism.dk", accepted.upload_id)
    approval.lock_period(conn, 2023, Period.YEAR_END, "koncern@ism.dk")
    deadlines.set_deadline(conn, 2024, Period.YEAR_END, date(2025, 2, 15), "koncern@ism.dk")
    conn.execute(
        "INSERT INTO reminders_sent VALUES ('SSI', 2024, '1. halvår', 'a@ssi.dk', ?, ?, 'koncern@ism.dk')",
        [date(2024, 9, 1), datetime(2024, 9, 1, 8, 0, 0, 123456)],
    )
    earlier = [u for u in history.list_uploads(conn, local_user(), "LMST")["upload_id"] if u != accepted.upload_id]
    conn.close()
    assert earlier


def test_copy_to_postgresql_and_back_keeps_every_row_and_file(example_path, pg_url, tmp_path, capsys):
    busy_database(example_path)
    original = everything(example_path)
    assert all(original[t] for t in TABLES), [t for t in TABLES if not original[t]]

    code, out, err = run(capsys, "--db", str(example_path), "kopier", "--til", pg_url)
    assert (code, err) == (0, ""), err
    assert "Antal rækker og kontrolsummer stemmer for alle tabeller." in out
    assert everything(pg_url) == original

    back = tmp_path / "tilbage.duckdb"
    code, out, err = run(capsys, "--db", pg_url, "kopier", "--til", str(back))
    assert (code, err) == (0, ""), err
    assert everything(back) == original

    # The archived original of every upload is the same bytes in all three.
    pg, duck = connect(pg_url), connect(back)
    for upload_id, *_rest in original["uploads"]:
        assert history.original_file(pg, upload_id, local_user()) == history.original_file(
            duck, upload_id, local_user()
        )
    # New ids continue after the copied ones on both engines (the sequences were carried over).
    highest = max(r[0] for r in original["uploads"])
    for conn in (pg, duck):
        result = import_workbook(conn, fill(follow_up_template(conn, "SSI")), "ssi.xlsx", "controller@ssi.dk")
        assert result.accepted and result.upload_id == highest + 1
    pg.close()
    duck.close()


def test_a_non_empty_target_is_refused_and_left_alone(seeded_path, pg_url, capsys):
    assert run(capsys, "--db", str(seeded_path), "kopier", "--til", pg_url)[0] == 0
    before = everything(pg_url)
    code, out, err = run(capsys, "--db", str(seeded_path), "kopier", "--til", pg_url)
    assert code == 1 and out == ""
    assert "er ikke tom" in err and "Intet er kopieret" in err
    assert everything(pg_url) == before


def test_copying_a_database_onto_itself_is_refused(seeded_path, capsys):
    code, _, err = run(capsys, "--db", str(seeded_path), "kopier", "--til", str(seeded_path))
    assert code == 1 and "samme database" in err


def test_an_unreachable_target_is_a_danish_message(seeded_path, tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(seeded_path), "kopier", "--til", "postgresql://x@127.0.0.1:1/ingen")
    assert code == 2 and "Databasen er ikke tilgængelig lige nu" in err
