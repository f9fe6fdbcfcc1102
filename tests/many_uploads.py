"""A koncern with more received files than one page of a log shows: 20 synthetic institutions' plans and both
periods' follow-ups for 2024 (60 uploads: Historik's list is 25 + 25 + 10 rows), through the import path."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic import generate
from maalstyring.database.storage import connect
from maalstyring.workbooks.ingest import import_workbook

INSTITUTIONS = 20
UPLOADS = 3 * INSTITUTIONS


def build(path: Path) -> Path:
    conn = connect(path)
    try:
        for f in generate(INSTITUTIONS, 1, first_year=2024):
            assert import_workbook(conn, f.data, f.name, "test").accepted, f.name
    finally:
        conn.close()
    return path


def newest_first(path: Path) -> list[str]:
    """Every upload's number, newest first, as Historik lists them."""
    conn = connect(path)
    try:
        return [str(n) for (n,) in conn.execute("SELECT upload_id FROM uploads ORDER BY upload_id DESC").fetchall()]
    finally:
        conn.close()
