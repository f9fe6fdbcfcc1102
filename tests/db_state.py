"""What the database holds as data, to assert that a rejected file changed nothing."""

from __future__ import annotations

DATA_TABLES = ("institutions", "plans", "goals", "measures", "reports", "report_rows", "key_figures")


def synthetic_koncern(path, institutions: int) -> None:
    """`institutions` synthetic institutions × 2 years (2023, 2024): plans and both periods' reports, loaded into the
    database at `path` through the import path, as controllers' files would be (bench/synthetic.py)."""
    from bench.synthetic import generate
    from maalstyring.database.storage import connect
    from maalstyring.workbooks.ingest import import_workbook

    conn = connect(path)
    try:
        for f in generate(institutions, 2, first_year=2023):
            assert import_workbook(conn, f.data, f.name, "test").accepted, f.name
    finally:
        conn.close()


def snapshot(conn) -> dict:
    """Every row of every data table (not the upload archive or the event log), in a stable order."""
    return {t: sorted(conn.cursor().execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in DATA_TABLES}


def upload_outcome(conn, upload_id: int) -> str:
    return conn.cursor().execute("SELECT outcome FROM uploads WHERE upload_id = ?", [upload_id]).fetchone()[0]
