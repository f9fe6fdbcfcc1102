"""The reports store is the one place that knows which report is current and which periods are locked."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from maalstyring.database import reports_store
from maalstyring.database.storage import transaction
from maalstyring.roles.approval import lock_period
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period, WorkbookKind

REPO = Path(__file__).resolve().parent.parent
ALLOWED = {"maalstyring/database/reports_store.py", "maalstyring/database/migrations.py"}
# SQL that reads or changes what is current or locked: the tables themselves, and writes of reports.is_current.
KNOWS = re.compile(r"\b(current_reports|period_locks)\b|SET\s+is_current", re.IGNORECASE)


SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b")


def sql_texts(path: Path) -> list[str]:
    """The module's string constants that are SQL (comments are not constants; prose has no upper-case SELECT)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)
    ]


def test_no_module_but_the_store_queries_current_reports_or_period_locks():
    offenders = sorted(
        str(path.relative_to(REPO))
        for package in ("maalstyring", "loaders", "ui", "pages")
        for path in (REPO / package).rglob("*.py")
        if str(path.relative_to(REPO)) not in ALLOWED and any(KNOWS.search(text) for text in sql_texts(path))
    )
    assert offenders == []


def test_current_report_and_its_example_flag_follow_the_newest_commit(seeded_conn):
    key = ("LMST", 2024, Period.H1)
    cur = seeded_conn.cursor()
    assert reports_store.current_report(cur, *key) is None
    assert reports_store.current_report_is_example(cur, *key) is False
    example = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "eks.xlsx", "test", is_example=True)
    assert reports_store.current_report(cur, *key) == example.upload_id
    assert reports_store.current_report_is_example(cur, *key) is True
    real = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "rigtig.xlsx", "test")
    assert reports_store.current_report(cur, *key) == real.upload_id
    assert reports_store.current_report_is_example(cur, *key) is False
    with transaction(cur):
        reports_store.remove_example_reports(cur)
    assert reports_store.current_report(cur, *key) == real.upload_id


def test_removing_an_example_that_was_current_makes_the_newest_real_report_current_again(seeded_conn):
    key = ("LMST", 2024, Period.H1)
    cur = seeded_conn.cursor()
    real = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "rigtig.xlsx", "test")
    import_workbook(
        seeded_conn, fill(follow_up_template(seeded_conn), status="Rød"), "eks.xlsx", "test", is_example=True
    )
    assert reports_store.current_report(cur, *key) != real.upload_id
    with transaction(cur):
        reports_store.remove_example_reports(cur)
    assert reports_store.current_report(cur, *key) == real.upload_id
    flags = cur.execute("SELECT upload_id, is_current FROM reports WHERE institution_code = 'LMST'").fetchall()
    assert flags == [(real.upload_id, True)]


def test_only_follow_ups_are_locked_and_the_lock_says_who(seeded_conn):
    cur = seeded_conn.cursor()
    assert reports_store.follow_up_locked(cur, WorkbookKind.FOLLOW_UP, 2024, Period.H1) is None
    lock_period(seeded_conn, 2024, Period.H1, "okonomi")
    locked_by, _when = reports_store.follow_up_locked(cur, WorkbookKind.FOLLOW_UP, 2024, Period.H1)
    assert locked_by == "okonomi"
    assert reports_store.follow_up_locked(cur, WorkbookKind.PLAN, 2024, Period.H1) is None
    assert reports_store.follow_up_locked(cur, WorkbookKind.FOLLOW_UP, 2024, Period.YEAR_END) is None
