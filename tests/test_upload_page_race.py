"""The Indberetning page when its commit collides with another session's: a Danish message, never a traceback."""

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database import queries
from maalstyring.database.storage import REPO_ROOT, connect
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

APP = str(REPO_ROOT / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEY = ["LMST", 2024, Period.H1]


def test_a_commit_that_collides_with_another_session_gets_a_danish_message(monkeypatch, seeded_path):
    conn = connect(seeded_path)
    assert import_workbook(conn, fill(follow_up_template(conn)), "foer.xlsx", "anne").accepted
    mine = fill(follow_up_template(conn), status="Gul")
    conn.close()
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/indberetning.py").run()
    at.file_uploader[0].set_value([("gul.xlsx", mine, XLSX)])
    at.run()
    from ui.db import _connection

    try:
        db = _connection(str(seeded_path))
        other = db.cursor()  # another session, in the middle of changing the same period's current report
        other.execute("BEGIN TRANSACTION")
        other.execute(  # e.g. a restore for the same period, not yet committed (on main: a traceback)
            "UPDATE reports SET is_current = FALSE "
            "WHERE institution_code = ? AND year = ? AND period = ? AND is_current",
            KEY,
        )
        next(b for b in at.button if b.label.startswith("Indlæs Opfølgning")).click().run()
        assert not at.exception
        assert any("i samme øjeblik" in w.value and "ikke gemt" in w.value for w in at.warning)
        assert {r.status for r in queries.current_report_rows(db, *KEY).values()} == {"Grøn"}
        other.execute("ROLLBACK")

        next(b for b in at.button if b.label.startswith("Indlæs Opfølgning")).click().run()  # the other is done
        assert not at.exception
        assert any("**Indlæst** som indberetning nr." in s.value for s in at.success)
        assert {r.status for r in queries.current_report_rows(db, *KEY).values()} == {"Gul"}
    finally:
        _connection.clear()
