"""Concurrency, scaled down for CI: sessions browse every page while others upload different files at once.

The full version (20 browsing, 10 uploading, 30×10) is `make bench` → bench/concurrency.py.
"""

import pytest

from bench.concurrency import new_reports, run, stored_once
from bench.synthetic import build_database
from maalstyring.database.storage import connect
from maalstyring.workbooks.ingest import import_workbook
from ui.navigation import PAGE_SPECS


@pytest.fixture(scope="module")
def small_koncern(tmp_path_factory):
    """5 institutions × 1 year, plans and both periods' reports, through the normal import path."""
    return build_database(5, 1, directory=tmp_path_factory.mktemp("skala"))


def test_the_checker_finds_a_missing_and_accepts_a_stored_upload(small_koncern, tmp_path):
    db = tmp_path / "kopi.duckdb"
    db.write_bytes(small_koncern.read_bytes())
    first, second = new_reports(db, 2)
    conn = connect(db)
    assert import_workbook(conn, first.data, first.file_name, "test").accepted
    conn.close()
    problems = stored_once(db, [first, second])
    assert len(problems) == 1 and problems[0].startswith(second.file_name) and "0 arkiverede rækker" in problems[0]


@pytest.mark.browser
def test_browsing_while_uploading_shows_no_error_and_stores_each_upload_once(small_koncern):
    browsing, uploading = 3, 2
    report = run(small_koncern, browsing=browsing, uploading=uploading, rounds=1)
    print("\n".join(report.lines(browsing, uploading)))  # the figures, in the CI log
    assert report.outcome.errors == []
    assert report.problems == []
    assert len(report.outcome.upload_seconds) == uploading
    assert len(report.outcome.page_seconds) == browsing * len(PAGE_SPECS)
