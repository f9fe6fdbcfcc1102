"""The audit trail's writer: every change of data or settings is recorded as an event, in its transaction.

Also the one JSON form of findings (uploads.errors_json), shown on Historik and read back by the archive.
"""

from __future__ import annotations

import json
from datetime import datetime

from loaders.issues import Finding


class UnattributedWriteError(ValueError):
    """A write without a verified person to name (issue 28, point 3); the message is Danish."""


def record_event(cur, actor, action, upload_id=None, code=None, year=None, period=None, details=None) -> None:
    # Every write path records an event in its transaction, so this refusal rolls back any write that has no one
    # to name: the pages already refuse users without a verified identity (access.may_write); this is the backstop.
    if not str(actor or "").strip():
        raise UnattributedWriteError("Ændringen blev ikke gemt: der er ingen bekræftet bruger at skrive den på.")
    cur.execute(
        """
        INSERT INTO events (event_id, happened_at, actor, action, upload_id, institution_code, year, period, details)
        VALUES (nextval('event_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [datetime.now(), actor, action, upload_id, code, year, period, details],
    )


def findings_json(findings: list[Finding]) -> str:
    return json.dumps(
        [{"alvor": f.severity, "ark": f.sheet, "celle": f.cell, "målepunkt": f.measure_id, "besked": f.message}
         for f in findings],
        ensure_ascii=False,
    )  # fmt: skip
