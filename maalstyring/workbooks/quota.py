"""How many received originals (the archived bytes of uploads) one institution may have stored, so one sender
cannot fill the database (issue #28: 10 × 9,9 MB of noise stored in 3 s, without limit).

Counted where bytes are archived (archive.archive_bytes), in the transaction that would store them:
- a file that names an institution and year counts against that institution × year × period (period empty for
  plans): at most FILES_PER_PERIOD originals and BYTES_PER_PERIOD bytes;
- a file that names no institution (unreadable, or refused for access and archived without one) counts against
  its sender for the calendar day: at most UNNAMED_FILES_PER_DAY and UNNAMED_BYTES_PER_DAY.
Duplicate receipts keep no bytes and example data is the app's own; neither counts. A file over the limit is not
stored: the sender is told in Danish, and the refusal is recorded as an event (no bytes). docs/SECURITY.md gives
the figures.
"""

from __future__ import annotations

from datetime import datetime

from vocabulary.formatting import format_number

MB = 1024 * 1024
FILES_PER_PERIOD = 50  # a period takes a handful of versions; 50 leaves room for many corrections
BYTES_PER_PERIOD = 200 * MB  # 20 files at the 10 MB upload limit; a filled template is well under 1 MB
UNNAMED_FILES_PER_DAY = 20
UNNAMED_BYTES_PER_DAY = 50 * MB


class QuotaReached(Exception):
    """Storing this original would pass the limit; the message is Danish and says which limit. `sender` is
    who sent it, to whom the refusal is attributed."""

    def __init__(self, message: str, sender: str):
        super().__init__(message)
        self.sender = sender


def check_room(cur, institution: str | None, year: int | None, period: str | None, sender: str, size: int) -> None:
    """Raise QuotaReached if one more original of `size` bytes does not fit; inside the storing transaction."""
    if institution is not None and year is not None:
        files, stored = cur.execute(
            "SELECT count(*), coalesce(sum(size_bytes), 0) FROM uploads WHERE duplicate_of_upload_id IS NULL "
            "AND NOT is_example AND institution_code = ? AND year = ? AND period IS NOT DISTINCT FROM ?",
            [institution, year, period],
        ).fetchone()
        what = f"{institution} for {period + ' ' if period else ''}{year}"
        _check(files, stored, size, FILES_PER_PERIOD, BYTES_PER_PERIOD, what, sender)
        return
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    files, stored = cur.execute(
        "SELECT count(*), coalesce(sum(size_bytes), 0) FROM uploads WHERE duplicate_of_upload_id IS NULL "
        "AND NOT is_example AND institution_code IS NULL AND uploaded_by = ? AND uploaded_at >= ?",
        [sender, today],
    ).fetchone()
    what = f"filer fra {sender} i dag, som ikke nævner en institution"
    _check(files, stored, size, UNNAMED_FILES_PER_DAY, UNNAMED_BYTES_PER_DAY, what, sender)


def _check(files: int, stored: int, size: int, max_files: int, max_bytes: int, what: str, sender: str) -> None:
    if files + 1 > max_files or stored + size > max_bytes:
        raise QuotaReached(
            f"Filen er ikke gemt: grænsen for gemte filer er nået ({what}: {files} filer på "
            f"{format_number(stored / MB, 1)} MB er gemt; grænsen er {max_files} filer og "
            f"{format_number(max_bytes / MB, 0)} MB). Der er intet galt med filen. Kontakt Koncernøkonomi, hvis I "
            "har brug for at sende flere.",
            sender,
        )
