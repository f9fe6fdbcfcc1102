"""Removing the bundled example data (eksempeldata) in one action, recorded in the history."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from maalstyring.current_reports import current_report, make_current
from maalstyring.ingest import record_event
from maalstyring.storage import transaction
from vocabulary.terms import EventAction


@dataclass(frozen=True)
class Removal:
    reports: int
    uploads: int

    def message(self) -> str:
        if not self.uploads:
            return "Der var ingen eksempeldata at fjerne."
        return f"Eksempeldata er fjernet: {self.reports} eksempelindberetninger og {self.uploads} eksempelfiler."


def example_counts(conn: duckdb.DuckDBPyConnection) -> Removal:
    cur = conn.cursor()
    reports = cur.execute("SELECT count(*) FROM reports WHERE is_example").fetchone()[0]
    uploads = cur.execute("SELECT count(*) FROM uploads WHERE is_example").fetchone()[0]
    return Removal(reports, uploads)


def remove_example_data(conn: duckdb.DuckDBPyConnection, actor: str) -> Removal:
    """Delete every example report, its rows and key figures, and the example files, in one transaction.

    Where an example report had superseded a real one, the newest remaining real report becomes current
    again, so removing the examples never hides what an institution actually sent.
    """
    cur = conn.cursor()
    counts = example_counts(conn)
    with transaction(cur):
        affected = cur.execute(
            "SELECT DISTINCT institution_code, year, period FROM reports WHERE is_example"
        ).fetchall()
        cur.execute("DELETE FROM current_reports WHERE upload_id IN (SELECT upload_id FROM reports WHERE is_example)")
        cur.execute("DELETE FROM key_figures WHERE upload_id IN (SELECT upload_id FROM reports WHERE is_example)")
        cur.execute("DELETE FROM report_rows WHERE upload_id IN (SELECT upload_id FROM reports WHERE is_example)")
        cur.execute("DELETE FROM reports WHERE is_example")
        cur.execute("UPDATE uploads SET supersedes_upload_id = NULL WHERE supersedes_upload_id IN "
                    "(SELECT upload_id FROM uploads WHERE is_example)")  # fmt: skip
        cur.execute("DELETE FROM uploads WHERE is_example")
        for code, year, period in affected:
            newest = cur.execute(
                "SELECT max(upload_id) FROM reports WHERE institution_code = ? AND year = ? AND period = ?",
                [code, year, period],
            ).fetchone()[0]
            if newest is not None and current_report(cur, code, year, period) is None:
                make_current(cur, code, year, period, newest)
        record_event(cur, actor, EventAction.EXAMPLES_REMOVED, details=counts.message())
    # No CHECKPOINT: the commit is durable in the WAL, and a CHECKPOINT fails while another session writes.
    return counts
