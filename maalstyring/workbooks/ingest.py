"""Getting a workbook into Målstyring: receive (archive + validate), preview, commit.

This is the only way data gets in: a controller's upload on the Indberetning page, the CLI's `import`
and the bundled default data all end in `commit_workbook`.

When is a file archived (bytes, SHA-256, name, who, when, outcome)?
- The page calls `receive_workbook` once per received file. A rejected file is archived right then
  (outcome `afvist`), so nothing a controller sent is lost even if they never come back. A valid file is
  archived as `afventer` (received, waiting for the controller's "Indlæs"): it is in the history but is not
  data. If it is never committed it stays `afventer` for ever, visible and downloadable on Historik, and
  changes nothing. The same bytes received again from the same sender reuse that row instead of piling up
  copies; another sender of the same bytes gets a row and an event of their own (every receipt recorded), and
  the commit stores the committer's own receipt, so the current report names who sent and committed it.
- `commit_workbook` re-reads the bytes inside the transaction (the plan may have changed since the
  preview), refuses a stale preview, and turns the archived row into `godkendt` (or inserts one, for the
  CLI), and stores the data — all of the file or nothing.
- Bytes already accepted once are recognised and change no data; the receipt is archived as `dublet`
  (pointing at the earlier upload, without a second copy of the bytes) and recorded as an event.
- A file that cannot be read is archived as `afvist` with its real reason, whoever sent it. A readable
  workbook its sender may not send (UploadPolicy) is refused before its data is used; see `_refusal`.
- Concurrent commits for the same plan or period: the database lets one win (maalstyring.database.reports_store);
  the others are retried and end as `forældet` or `dublet`, with a Danish message.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from loaders import contract as c
from loaders.issues import WARNING, Finding
from loaders.reader import ReadResult, read_workbook
from maalstyring.database import plans_store, reports_store
from maalstyring.database.events import findings_json, record_event
from maalstyring.database.storage import CommitOutcomeUnknownError, Connection, DatabaseUnavailableError, transaction
from maalstyring.workbooks import quota
from maalstyring.workbooks.archive import archive_bytes, earlier_acceptance, pending_upload, sha256
from vocabulary.formatting import format_date
from vocabulary.terms import EventAction, UploadOutcome, WorkbookKind

COMMIT_ATTEMPTS = 3  # a commit that loses a race to another session is tried again from the start
# What a new attempt may overcome: another session's write at the same moment, or a period locked since the check.
RETRYABLE: tuple[type[Exception], ...] = (*reports_store.WRITE_CONFLICTS, reports_store.PeriodLockedError)
LOST_CONNECTION_PAUSE_SECONDS = 0.2  # before a retry after a lost connection: a restarting server gets a moment

# Sentinel for commit_workbook: no preview to check against (CLI, default data).
UNCHECKED = object()

# Given what a workbook says it is (kind, institution): why its sender may not send it, or None.
# Enforced here, below every page, so that no write path depends on what a page shows or hides.
UploadPolicy = Callable[[str | None, str | None], str | None]


@dataclass
class ImportResult:
    file_name: str
    outcome: str
    upload_id: int | None
    read: ReadResult
    duplicate_of: int | None = None
    superseded: int | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.outcome == UploadOutcome.ACCEPTED

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def current_upload_for(cur: Connection, read: ReadResult) -> int | None:
    """The upload whose data is current for what `read` would replace (plan, or report for its period)."""
    code, year, period = read.institution_code, read.year, read.period
    if code is None or year is None:  # nothing stored can match (the SQL would compare with NULL)
        return None
    if read.kind == WorkbookKind.PLAN:
        return plans_store.current_plan(cur, code, year)
    return None if period is None else reports_store.current_report(cur, code, year, period)


def validate_workbook(conn: Connection, data: bytes, file_name: str) -> ReadResult:
    """Read and check a workbook against the stored plans and period locks. Writes nothing."""
    return _read_checked(conn.cursor(), data, file_name)


def _read_checked(cur, data: bytes, file_name: str) -> ReadResult:
    read = read_workbook(data, file_name, lambda code, year: plans_store.stored_measures(cur, code, year))
    locked = period_lock_finding(cur, read.kind, read.year, read.period)
    if locked is not None:
        read.findings.append(locked)
    return read


def period_lock_finding(cur, kind: str | None, year: int | None, period: str | None) -> Finding | None:
    """Koncernøkonomi locks a period once its reports are approved: no follow-up for it may then change."""
    lock = reports_store.follow_up_locked(cur, kind, year, period)
    if lock is None or year is None or period is None:  # a lock is found only for a year and period
        return None
    return locked_finding(year, period, lock)


def locked_finding(year: int, period: str, lock: tuple) -> Finding:
    """The Danish refusal for a change of a locked period; `lock` is (who, when)."""
    locked_by, locked_at = lock
    return Finding(
        f"{period} {year} er låst for indberetning (låst af {locked_by} den {format_date(locked_at)}), så intet kan "
        "ændres for perioden. Kontakt Koncernøkonomi, hvis perioden skal åbnes igen.",
        c.SHEET_ABOUT,
    )


def receive_workbook(
    conn: Connection,
    data: bytes,
    file_name: str,
    uploaded_by: str,
    policy: UploadPolicy | None = None,
) -> ImportResult:
    """Validate and archive a received file without storing its data (the page's first step)."""
    read = validate_workbook(conn, data, file_name)
    receive = lambda cur: _receive_once(cur, data, file_name, uploaded_by, policy, read)  # noqa: E731
    return _with_retry(conn, receive, file_name, read, lost_is_told=False)  # the page says it; the next run retries


def _receive_once(cur, data: bytes, file_name: str, uploaded_by: str, policy, read: ReadResult) -> ImportResult:
    digest = sha256(data)
    with transaction(cur):
        refused = _refusal(cur, policy, read, data, digest, file_name, uploaded_by)
        if refused is not None:
            return refused
        earlier = earlier_acceptance(cur, digest)
        if earlier is not None:
            return _record_duplicate(cur, data, digest, file_name, uploaded_by, earlier)
        outcome = UploadOutcome.PENDING if read.ok else UploadOutcome.REJECTED
        result = ImportResult(file_name, outcome, None, read, findings=list(read.findings))
        # The same sender sending the same bytes again reuses their receipt; another sender gets their own.
        pending = pending_upload(cur, digest, uploaded_by, only_own=True) if read.ok else None
        if pending is not None:
            result.upload_id = pending
        else:
            result.upload_id = archive_bytes(cur, data, digest, file_name, uploaded_by, outcome, read, None, False)
            record_event(
                cur, uploaded_by, EventAction.RECEIVED if read.ok else EventAction.REJECTED, result.upload_id,
                read.institution_code, read.year, read.period, _summary(file_name, read),
            )  # fmt: skip
    return result


def commit_workbook(
    conn: Connection,
    data: bytes,
    file_name: str,
    actor: str,
    expected_current: object = UNCHECKED,
    is_example: bool = False,
    policy: UploadPolicy | None = None,
) -> ImportResult:
    """Re-validate and store one workbook in one transaction. Never raises on bad input or a lost race.

    `actor` pressed Indlæs (`committed_by`); a file received earlier keeps its sender as `uploaded_by`, one
    that was not (CLI, default data) gets `actor` as both.
    `expected_current` is the current upload the preview was compared with (None: nothing stored yet).
    If another upload became current for the same plan or period since, nothing is written and the
    outcome is `forældet`, so a controller never commits changes they have not seen. A commit that loses a
    race in the database is retried from the start (read, check, store); the retry then sees the winner.
    """
    return _with_retry(
        conn, lambda cur: _commit_once(cur, data, file_name, actor, expected_current, is_example, policy), file_name
    )


def _commit_once(cur, data, file_name, actor, expected_current, is_example, policy) -> ImportResult:
    digest = sha256(data)
    with transaction(cur):
        # Read inside the transaction: the plan it is checked against cannot change under us.
        read = _read_checked(cur, data, file_name)
        refused = _refusal(cur, policy, read, data, digest, file_name, actor)
        if refused is not None:
            return refused
        earlier = earlier_acceptance(cur, digest)
        if earlier is not None:
            return _record_duplicate(cur, data, digest, file_name, actor, earlier, pending_upload(cur, digest, actor))
        outcome = UploadOutcome.ACCEPTED if read.ok else UploadOutcome.REJECTED
        result = ImportResult(file_name, outcome, None, read, findings=list(read.findings))
        if read.ok and expected_current is not UNCHECKED and current_upload_for(cur, read) != expected_current:
            result.outcome = UploadOutcome.STALE
            result.findings.insert(0, Finding(_stale_message(read), severity=WARNING))
            return result
        pending = pending_upload(cur, digest, actor)
        upload_id = pending if pending is not None else cur.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
        result.upload_id = upload_id
        if read.ok and read.plan is not None:
            result.superseded = plans_store.store_plan(cur, read.plan, upload_id)
        elif read.ok and read.follow_up is not None:
            result.superseded = reports_store.store_follow_up(cur, read.follow_up, upload_id, is_example)
        if pending is None:
            archive_bytes(cur, data, digest, file_name, actor, outcome, read, result.superseded, is_example, upload_id)
        else:
            cur.execute(
                """
                UPDATE uploads SET outcome = ?, errors_json = ?, supersedes_upload_id = ?, is_example = ?
                WHERE upload_id = ?
                """,
                [outcome, findings_json(read.findings), result.superseded, is_example, upload_id],
            )
        if read.ok:
            cur.execute("UPDATE uploads SET committed_by = ? WHERE upload_id = ?", [actor, upload_id])
        record_event(
            cur, actor, EventAction.COMMITTED if read.ok else EventAction.REJECTED, upload_id,
            read.institution_code, read.year, read.period, _summary(file_name, read),
        )  # fmt: skip
        if result.superseded is not None:
            record_event(
                cur, actor, EventAction.SUPERSEDED, result.superseded, read.institution_code, read.year, read.period,
                f"Erstattet af indberetning nr. {upload_id} ({file_name}).",
            )  # fmt: skip
    # No CHECKPOINT here: the commit is durable in DuckDB's WAL, which DuckDB folds into the file on its
    # own once it passes `wal_autocheckpoint`. A checkpoint per file halved the import speed and grew with
    # the database; tests/test_crash_safety.py kills imports mid-way to prove the WAL alone holds.
    return result


def _with_retry(
    conn, attempt: Callable, file_name: str, read: ReadResult | None = None, lost_is_told: bool = True
) -> ImportResult:
    """Run `attempt(cursor)` (one whole transaction); if another session's commit won a race, or the database
    connection was lost (PostgreSQL restarted, a connection killed), run it again.

    Each attempt gets a fresh cursor and transaction and re-reads what it checks, so a retry sees what the
    winner stored and ends as `forældet`, `dublet` or a normal supersede — never a traceback. After
    COMMIT_ATTEMPTS lost races the answer is a Danish "try again", with nothing written. A connection still
    lost after the attempts is `ikke gemt` (or, with `lost_is_told` false, DatabaseUnavailableError for the
    page to show), and one lost during COMMIT itself is told as such: it may have been stored, so it is not
    done again blindly. Never a refusal of the file: the file was not at fault.
    """
    for attempt_number in range(1, COMMIT_ATTEMPTS + 1):
        try:
            return attempt(conn.cursor())
        except RETRYABLE:
            continue  # a period locked since this attempt's check: the retry's check refuses the file
        except CommitOutcomeUnknownError:
            return _not_saved(file_name, read, COMMIT_UNKNOWN)
        except quota.QuotaReached as full:
            return _over_quota(conn, full, file_name, read)
        except DatabaseUnavailableError:
            if attempt_number == COMMIT_ATTEMPTS:
                if not lost_is_told:
                    raise
                return _not_saved(file_name, read, NOT_SAVED)
            time.sleep(LOST_CONNECTION_PAUSE_SECONDS * attempt_number)
    note = Finding(
        "En anden indberetning for det samme blev indlæst i samme øjeblik, så denne fil er ikke gemt. "
        "Indlæs den igen for at se, hvad der nu er gældende.",
        severity=WARNING,
    )
    return ImportResult(file_name, UploadOutcome.STALE, None, read or ReadResult(findings=[]), findings=[note])


NOT_SAVED = (
    "Forbindelsen til databasen blev afbrudt, så filen er ikke gemt — prøv igen. Der er intet galt med filen; "
    "tryk Indlæs igen om lidt. Fortsætter det, så kontakt driften."
)
COMMIT_UNKNOWN = (
    "Forbindelsen til databasen blev afbrudt, lige mens filen blev gemt, så det er uvist, om den er gemt. "
    "Se under Historik, om den er indlæst, før du prøver igen."
)


def _not_saved(file_name: str, read: ReadResult | None, message: str) -> ImportResult:
    note = Finding(message, severity=WARNING)
    return ImportResult(file_name, UploadOutcome.NOT_SAVED, None, read or ReadResult(findings=[]), findings=[note])


def _over_quota(conn, full: quota.QuotaReached, file_name: str, read: ReadResult | None) -> ImportResult:
    """Nothing was stored (the attempt's transaction rolled back); the refusal is recorded, on its own."""
    read = read or ReadResult(findings=[])
    cur = conn.cursor()
    with transaction(cur):
        record_event(
            cur, full.sender, EventAction.OVER_QUOTA, None, read.institution_code, read.year, read.period,
            f"{file_name}: {full}",
        )  # fmt: skip
    note = Finding(str(full))
    return ImportResult(file_name, UploadOutcome.OVER_QUOTA, None, read, findings=[note])


def import_workbook(
    conn: Connection,
    data: bytes,
    file_name: str,
    uploaded_by: str,
    is_example: bool = False,
) -> ImportResult:
    """Archive, validate and (if valid) store one workbook in one go (CLI and default data)."""
    return commit_workbook(conn, data, file_name, uploaded_by, UNCHECKED, is_example)


def _refusal(cur, policy: UploadPolicy | None, read: ReadResult, data, digest, file_name, actor) -> ImportResult | None:
    """Refuse a workbook its sender may not send; its data is never used, the attempt is archived and recorded.

    Only a workbook that says what it is (a plan, or an institution) can be refused for access: a file that
    could not be read names nobody's data, so it is archived as refused with its real reason instead
    (receive/commit continue). A refused workbook's bytes are archived (every received file is kept) with
    only the refusal as its finding and without institution, year or period: it is then listed for its sender
    and for Koncernøkonomi/administrators, not as a receipt of the institution it names, and nothing checked
    against that institution's plan reaches the sender.
    """
    if policy is None or (read.institution_code is None and read.kind != WorkbookKind.PLAN and not read.ok):
        return None
    reason = policy(read.kind, read.institution_code)
    if reason is None:
        return None
    refusal = Finding(reason)
    archived = ReadResult(kind=read.kind, findings=[refusal])
    upload_id = archive_bytes(cur, data, digest, file_name, actor, UploadOutcome.REJECTED, archived, None, False)
    record_event(
        cur, actor, EventAction.FORBIDDEN, upload_id, read.institution_code, read.year, read.period,
        f"{file_name}: {reason}",
    )  # fmt: skip
    return ImportResult(file_name, UploadOutcome.FORBIDDEN, upload_id, archived, findings=[refusal])


def _record_duplicate(cur, data, digest, file_name, actor, earlier: int, pending: int | None = None) -> ImportResult:
    """Bytes accepted before change no data, but their receipt is kept: an archive row `dublet` that points at
    the earlier upload (its bytes are not stored twice) and an event, so it shows in Historik and
    Revisionsspor. A pending row of the same bytes (received, then committed by someone else) becomes it."""
    note = Finding(
        f"Præcis den samme fil er modtaget og indlæst før (indberetning nr. {earlier}). Intet er ændret.",
        severity=WARNING,
    )
    if pending is not None:
        cur.execute(
            "UPDATE uploads SET outcome = ?, duplicate_of_upload_id = ?, errors_json = ? WHERE upload_id = ?",
            [UploadOutcome.DUPLICATE, earlier, findings_json([note]), pending],
        )
        upload_id = pending
    else:
        upload_id = cur.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
        cur.execute(
            """
            INSERT INTO uploads (upload_id, sha256, file_name, content, size_bytes, uploaded_by, uploaded_at,
                outcome, kind, institution_code, year, period, errors_json, is_example, duplicate_of_upload_id)
            SELECT ?, ?, ?, ''::BLOB, ?, ?, ?, ?, kind, institution_code, year, period, ?, is_example, upload_id
            FROM uploads WHERE upload_id = ?
            """,
            [upload_id, digest, file_name, len(data), actor, datetime.now(), UploadOutcome.DUPLICATE,
             findings_json([note]), earlier],
        )  # fmt: skip
    code, year, period = cur.execute(
        "SELECT institution_code, year, period FROM uploads WHERE upload_id = ?", [earlier]
    ).fetchone()
    record_event(
        cur, actor, EventAction.DUPLICATE, upload_id, code, year, period,
        f"{file_name}: samme fil som indberetning nr. {earlier}; intet ændret.",
    )  # fmt: skip
    read = ReadResult(findings=[note])
    return ImportResult(file_name, UploadOutcome.DUPLICATE, upload_id, read, earlier, findings=[note])


def _summary(file_name: str, read: ReadResult) -> str:
    return f"{file_name}: {len(read.errors)} fejl, {len(read.warnings)} advarsler"


def _stale_message(read: ReadResult) -> str:
    what = f"planen for {read.institution_code} {read.year}"
    if read.kind == WorkbookKind.FOLLOW_UP:
        what = f"{read.period} {read.year} for {read.institution_code}"
    return (
        f"Der er indlæst en anden indberetning for {what}, efter at forhåndsvisningen blev lavet. "
        "Intet er gemt. Se den nye forhåndsvisning, og indlæs igen, hvis ændringerne stadig er rigtige."
    )
