"""Removing the bundled example data (eksempeldata) in one action, recorded in the history."""

from __future__ import annotations

from dataclasses import dataclass

from maalstyring.database import reports_store
from maalstyring.database.events import record_event
from maalstyring.database.storage import Connection, transaction
from vocabulary.terms import EventAction


@dataclass(frozen=True)
class Removal:
    reports: int
    uploads: int

    def message(self) -> str:
        if not self.uploads:
            return "Der var ingen eksempeldata at fjerne."
        return f"Eksempeldata er fjernet: {self.reports} eksempelindberetninger og {self.uploads} eksempelfiler."


def example_counts(conn: Connection) -> Removal:
    cur = conn.cursor()
    reports = cur.execute("SELECT count(*) FROM reports WHERE is_example").fetchall()[0][0]
    uploads = cur.execute("SELECT count(*) FROM uploads WHERE is_example").fetchall()[0][0]
    return Removal(reports, uploads)


def remove_example_data(conn: Connection, actor: str) -> Removal:
    """Delete every example report, its rows and key figures, and the example files, in one transaction.

    Where an example report had superseded a real one, the newest remaining real report becomes current
    again, so removing the examples never hides what an institution actually sent.
    """
    cur = conn.cursor()
    counts = example_counts(conn)
    with transaction(cur):
        reports_store.remove_example_reports(cur)
        cur.execute("UPDATE uploads SET supersedes_upload_id = NULL WHERE supersedes_upload_id IN "
                    "(SELECT upload_id FROM uploads WHERE is_example)")  # fmt: skip
        cur.execute("DELETE FROM uploads WHERE is_example")
        record_event(cur, actor, EventAction.EXAMPLES_REMOVED, details=counts.message())
    # No CHECKPOINT: the commit is durable in the WAL, and a CHECKPOINT fails while another session writes.
    return counts
