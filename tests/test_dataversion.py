"""The data version (maalstyring/database/dataversion.py) changes with every kind of write, so cached read models
(ui/cache.py) never outlive the data; and a page served from the cache shows a new upload on its next run."""

import pytest

from bench.synthetic import generate
from maalstyring.database.dataversion import data_version
from maalstyring.reading import history
from maalstyring.roles import approval
from maalstyring.workbooks import examples
from maalstyring.workbooks.ingest import import_workbook, receive_workbook
from tests.html_tables import plan_headings
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL


def test_every_kind_of_write_changes_the_data_version(example_conn):
    conn = example_conn
    seen = [data_version(conn)]

    def changed() -> bool:
        seen.append(data_version(conn))
        return seen[-1] != seen[-2]

    assert data_version(conn) == seen[-1]  # reading does not change it
    before = (
        conn.cursor()
        .execute(
            "SELECT upload_id FROM reports WHERE institution_code = 'LMST' AND year = 2024 AND period = ? "
            "AND is_current",
            [Period.H1],
        )
        .fetchone()[0]
    )
    data = fill(follow_up_template(conn, "LMST", 2024, Period.H1), status="Rød")
    assert import_workbook(conn, data, "lmst.xlsx", "test").accepted and changed()
    assert import_workbook(conn, b"not a workbook", "x.xlsx", "test").outcome == "afvist" and changed()
    receive_workbook(conn, fill(follow_up_template(conn, "SST", 2024, Period.H1)), "sst.xlsx", "test")
    assert changed()
    assert history.restore_report(conn, before, "test").ok and changed()
    approval.approve_report(conn, "LMST", 2024, Period.H1, "test", before)
    assert changed()
    approval.lock_period(conn, 2024, Period.H1, "test")
    assert changed()
    approval.reopen_period(conn, 2024, Period.H1, "test")
    assert changed()
    assert examples.remove_example_data(conn, "test").reports and changed()


def test_cached_pages_show_a_new_upload_without_a_restart(open_page, seeded_path):
    at = open_page(seeded_path, "pages/planer.py")
    assert at.sidebar.selectbox(key="aar").options == ["2024", "2023"]
    assert at.caption[0].value.startswith("5 af 5 planer")
    at.run()  # a second run is served from the cache
    assert at.caption[0].value.startswith("5 af 5 planer")

    from ui.db import _connection

    conn = _connection(str(seeded_path))  # the app's own connection, as an upload in another session uses it
    plan, *reports = generate(1, 1, first_year=2025)
    for f in (plan, *reports):
        assert import_workbook(conn, f.data, f.name, "test").accepted

    at.run()
    assert at.sidebar.selectbox(key="aar").options == ["2025", "2024", "2023"]
    assert "Syntetisk institution 1 (SYN001)" in at.sidebar.multiselect(key="institution").options
    assert at.caption[0].value.startswith("6 af 6 planer")
    at.sidebar.selectbox(key="aar").select(2025).run()
    assert plan_headings(at.main) == ["Syntetisk institution 1 – mål- og resultatplan 2025"]
