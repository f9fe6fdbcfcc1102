"""The bundled default data: the five seed plans as Plan workbooks under data/plans/, and example follow-up
reports under data/examples/ (marked as example data, removable with one action).

Both are loaded through `import_workbook`, exactly like a controller's upload, so the default data
proves the real import path every time a new database is created.
"""

from __future__ import annotations

from pathlib import Path

from maalstyring.database.storage import DATA_DIR, Connection
from maalstyring.workbooks.ingest import ImportResult, import_workbook

PLANS_DIR = DATA_DIR / "plans"
EXAMPLES_DIR = DATA_DIR / "examples"
DEFAULT_DATA_USER = "Målstyring (standarddata)"
EXAMPLE_DATA_USER = "Målstyring (eksempeldata)"


def default_plan_files() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.xlsx"))


def example_files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.xlsx"))


def is_empty(conn: Connection) -> bool:
    return conn.cursor().execute("SELECT count(*) FROM uploads").fetchall()[0][0] == 0


def load_default_data(conn: Connection, include_examples: bool = True) -> list[ImportResult]:
    """Import every bundled plan workbook, then (unless told not to) the example follow-ups, flagged as examples.

    An already loaded file is recognised and skipped. Plans come first: a follow-up needs its plan.
    """
    results = [import_workbook(conn, p.read_bytes(), p.name, DEFAULT_DATA_USER) for p in default_plan_files()]
    if include_examples:
        results += [
            import_workbook(conn, p.read_bytes(), p.name, EXAMPLE_DATA_USER, is_example=True) for p in example_files()
        ]
    return results


def ensure_default_data(conn: Connection) -> list[ImportResult]:
    """On a database that has never received a file, load the bundled plans."""
    return load_default_data(conn) if is_empty(conn) else []
