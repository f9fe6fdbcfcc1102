"""The archive of received originals: a file's bytes stored once, with who sent it, when and its outcome, and
the earlier receipts of the same bytes (a duplicate is recognised by its SHA-256).

The functions take a cursor; the caller (ingest) owns the transaction. The per-institution quota on stored
bytes is checked here, where the bytes are stored.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from maalstyring.database.events import findings_json
from maalstyring.workbooks import quota
from vocabulary.terms import UploadOutcome


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def earlier_acceptance(cur, digest: str) -> int | None:
    # Only accepted files count as "seen": a rejected file sent again is checked again, since the plan
    # it refers to may have arrived in the meantime.
    return _upload_with(cur, digest, UploadOutcome.ACCEPTED)


def pending_upload(cur, digest: str, sender: str, only_own: bool = False) -> int | None:
    """The receipt of these bytes waiting for Indlæs: `sender`'s own first (so the report committed names who
    sent and committed it), else — unless `only_own` — the first anyone received."""
    row = cur.execute(
        "SELECT upload_id FROM uploads WHERE sha256 = ? AND outcome = ? AND (uploaded_by = ? OR NOT ?)"
        " ORDER BY uploaded_by = ? DESC, upload_id LIMIT 1",
        [digest, UploadOutcome.PENDING, sender, only_own, sender],
    ).fetchone()
    return row[0] if row else None


def _upload_with(cur, digest: str, outcome: str) -> int | None:
    """The first archived upload of these exact bytes with this outcome."""
    row = cur.execute(
        "SELECT upload_id FROM uploads WHERE sha256 = ? AND outcome = ? ORDER BY upload_id LIMIT 1",
        [digest, outcome],
    ).fetchone()
    return row[0] if row else None


def archive_bytes(
    cur, data, digest, file_name, uploaded_by, outcome, read, superseded, is_example, upload_id=None
) -> int:
    if not is_example:  # the one place bytes are stored: the per-institution limit is checked here
        quota.check_room(cur, read.institution_code, read.year, read.period, uploaded_by, len(data))
    if upload_id is None:
        upload_id = cur.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
    cur.execute(
        """
        INSERT INTO uploads (upload_id, sha256, file_name, content, size_bytes, uploaded_by, uploaded_at,
            outcome, kind, institution_code, year, period, errors_json, supersedes_upload_id, is_example)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            upload_id, digest, file_name, data, len(data), uploaded_by, datetime.now(), outcome, read.kind,
            read.institution_code, read.year, read.period, findings_json(read.findings), superseded, is_example,
        ],
    )  # fmt: skip
    return upload_id
