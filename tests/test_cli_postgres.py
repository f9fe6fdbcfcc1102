"""On PostgreSQL the command line works while the app is running: no file lock, the app sees what it stored."""

from __future__ import annotations

import subprocess
import sys

from maalstyring.database import queries
from maalstyring.database.storage import REPO_ROOT, connect
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "maalstyring", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )


def test_the_cli_imports_while_the_app_holds_its_connection(pg_cluster, pg_seeded_template, tmp_path):
    url = pg_cluster.create_database(template=pg_seeded_template)
    app = connect(url)  # as the running app holds it (ui/db.py)
    assert queries.current_report_rows(app, "LMST", 2024, Period.H1) == {}
    workbook = tmp_path / "lmst.xlsx"
    workbook.write_bytes(fill(follow_up_template(app, "LMST"), status="Gul"))

    result = cli("--db", url, "import", str(workbook))
    assert result.returncode == 0, result.stderr
    assert "lmst.xlsx: INDLÆST" in result.stdout

    rows = queries.current_report_rows(app, "LMST", 2024, Period.H1)  # the app's connection sees it at once
    assert rows and {r.status for r in rows.values()} == {"Gul"}
    app.close()
    pg_cluster.drop_database(url)


def test_an_unreachable_server_is_exit_code_2_in_danish():
    result = cli("--db", "postgresql://maalstyring@127.0.0.1:1/maalstyring", "init")
    assert result.returncode == 2
    assert "Databasen er ikke tilgængelig lige nu" in result.stderr and "Traceback" not in result.stderr
