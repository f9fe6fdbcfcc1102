"""The bundled default data: the five seed plans as Plan workbooks under data/plans/.

They are loaded through `import_workbook`, exactly like a controller's upload, so the default data
proves the real import path every time a new database is created.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from maalstyring.ingest import ImportResult, import_workbook
from maalstyring.storage import DATA_DIR

PLANS_DIR = DATA_DIR / "plans"
DEFAULT_DATA_USER = "Målstyring (standarddata)"


def default_plan_files() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.xlsx"))


def is_empty(conn: duckdb.DuckDBPyConnection) -> bool:
    return conn.cursor().execute("SELECT count(*) FROM uploads").fetchone()[0] == 0


def load_default_data(conn: duckdb.DuckDBPyConnection) -> list[ImportResult]:
    """Import every bundled plan workbook; an already loaded file is recognised and skipped."""
    return [import_workbook(conn, path.read_bytes(), path.name, DEFAULT_DATA_USER) for path in default_plan_files()]


def ensure_default_data(conn: duckdb.DuckDBPyConnection) -> list[ImportResult]:
    """On a database that has never received a file, load the bundled plans."""
    return load_default_data(conn) if is_empty(conn) else []
