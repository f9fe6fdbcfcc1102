"""What the database holds as data, to assert that a rejected file changed nothing."""

from __future__ import annotations

DATA_TABLES = ("institutions", "plans", "goals", "measures", "reports", "report_rows", "key_figures")


def snapshot(conn) -> dict:
    """Every row of every data table (not the upload archive or the event log), in a stable order."""
    return {t: sorted(conn.cursor().execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in DATA_TABLES}


def upload_outcome(conn, upload_id: int) -> str:
    return conn.cursor().execute("SELECT outcome FROM uploads WHERE upload_id = ?", [upload_id]).fetchone()[0]
