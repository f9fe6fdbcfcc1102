"""A cheap fingerprint of the database's content, for caching read models until something is written.

Every write the app and the CLI make records an event in the same transaction (ingest: received, loaded,
rejected, replaced; history: restored; approval: approved, locked, reopened; examples: removed), and events
are never deleted, so the newest event id changes with every commit. The uploads table is in the
fingerprint too, so an archived file shows up even if a future write path forgot its event.
"""

from __future__ import annotations

from maalstyring.database.storage import Connection

DataVersion = tuple[int, int, int, int]


def data_version(conn: Connection) -> DataVersion:
    """(newest event id, events, newest upload id, uploads): changes on every commit that changes data."""
    row = (
        conn.cursor()
        .execute(
            """
            SELECT (SELECT coalesce(max(event_id), 0) FROM events), (SELECT count(*) FROM events),
                   (SELECT coalesce(max(upload_id), 0) FROM uploads), (SELECT count(*) FROM uploads)
            """
        )
        .fetchall()[0]
    )
    events_max, events, uploads_max, uploads = row
    return int(events_max), int(events), int(uploads_max), int(uploads)
