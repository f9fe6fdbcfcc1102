"""The archive of received files: list them, show what each held, hand back the original, restore one.

Restoring makes an earlier accepted report (or plan) current again; it is recorded as an event
'gendannet' and never deletes anything, so it can itself be undone by restoring the other one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from loaders.reader import read_workbook
from maalstyring.database.events import record_event
from maalstyring.database.plans_store import store_plan
from maalstyring.database.reports_store import WRITE_CONFLICTS, PeriodLockedError, make_current
from maalstyring.database.storage import Connection, transaction
from maalstyring.database.stored_fields import REPORT_ROW_FIELDS, select_list
from maalstyring.roles.access import User, upload_scope
from maalstyring.workbooks.ingest import locked_finding, period_lock_finding
from vocabulary.terms import EventAction, UploadOutcome, WorkbookKind


@dataclass(frozen=True)
class Upload:
    upload_id: int
    file_name: str
    uploaded_by: str  # who sent the bytes
    uploaded_at: object
    outcome: str
    kind: str | None
    institution_code: str | None
    year: int | None
    period: str | None
    size_bytes: int
    is_current: bool
    supersedes_upload_id: int | None
    is_example: bool
    committed_by: str | None  # who pressed Indlæs (None when nobody did)
    duplicate_of_upload_id: int | None  # for `dublet`: the earlier upload of the same bytes

    @property
    def what(self) -> str:
        """E.g. 'Opfølgning LMST 2024 1. halvår' or 'Plan SSI 2024' (as much as could be read)."""
        return " ".join(str(x) for x in (self.kind, self.institution_code, self.year, self.period) if x)


@dataclass(frozen=True)
class RestoreResult:
    ok: bool
    message: str  # Danish, for the user
    replaced: int | None = None


_UPLOAD_COLUMNS = """
    u.upload_id, u.file_name, u.uploaded_by, u.uploaded_at, u.outcome, u.kind, u.institution_code, u.year,
    u.period, u.size_bytes,
    -- a plan is current while plans points at it, a follow-up while its report is (each joins only its own)
    p.upload_id IS NOT NULL OR coalesce(r.is_current, FALSE) AS is_current,
    u.supersedes_upload_id, u.is_example, u.committed_by, u.duplicate_of_upload_id
"""
_UPLOAD_JOINS = """
    FROM uploads u
    LEFT JOIN reports r ON r.upload_id = u.upload_id
    LEFT JOIN plans p ON p.upload_id = u.upload_id
"""
# Who may see a file (maalstyring.roles.access.upload_scope): everything, or the viewer's institutions, or a file
# of no institution that the viewer sent. Parameters: (everything?, own institutions, own actor).
_VISIBLE = (
    " (?::BOOLEAN OR list_contains(?::VARCHAR[], u.institution_code)"
    " OR (u.institution_code IS NULL AND u.uploaded_by = ?))"
)
# Built once from the constant fragments above; every value goes in through `?`.
_LIST_UPLOADS_SQL = (
    "SELECT" + _UPLOAD_COLUMNS + ", u.errors_json" + _UPLOAD_JOINS
    + " WHERE (?::VARCHAR IS NULL OR u.institution_code = ?) AND (?::INTEGER IS NULL OR u.year = ?)"
    + " AND" + _VISIBLE + " ORDER BY u.upload_id DESC"
)  # fmt: skip
_ONE_UPLOAD_SQL = "SELECT" + _UPLOAD_COLUMNS + _UPLOAD_JOINS + " WHERE u.upload_id = ?"
_ONE_VISIBLE_SQL = _ONE_UPLOAD_SQL + " AND" + _VISIBLE


def list_uploads(conn: Connection, viewer: User, code: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Every received file `viewer` may see, newest first, optionally for one institution and/or year."""
    frame = conn.cursor().execute(_LIST_UPLOADS_SQL, [code, code, year, year, *upload_scope(viewer)]).df()
    counts = frame.pop("errors_json").map(_count_errors)
    frame["errors"] = [n for n, _ in counts]
    frame["warnings"] = [n for _, n in counts]
    return frame


def in_filters(uploads: pd.DataFrame, year: int | None, codes: tuple[str, ...] = ()) -> pd.Series:
    """Which rows of `list_uploads` belong to the year and institutions chosen (all when none, any year when
    None). A file whose institution or year could not be read belongs to every choice of what it lacks, so
    an unreadable file is never out of reach of the filters."""
    year_known = uploads["year"].notna()
    code_known = uploads["institution_code"].notna()
    in_year = ~year_known | (uploads["year"] == year) if year is not None else pd.Series(True, index=uploads.index)
    in_codes = ~code_known | uploads["institution_code"].isin(codes) if codes else pd.Series(True, index=uploads.index)
    return in_year & in_codes


def get_upload(conn: Connection, upload_id: int, viewer: User) -> Upload | None:
    """One received file, or None when there is no such file or `viewer` may not see it."""
    row = conn.cursor().execute(_ONE_VISIBLE_SQL, [upload_id, *upload_scope(viewer)]).fetchone()
    return Upload(*row) if row else None


def _any_upload(conn: Connection, upload_id: int) -> Upload | None:
    row = conn.cursor().execute(_ONE_UPLOAD_SQL, [upload_id]).fetchone()
    return Upload(*row) if row else None


def upload_findings(conn: Connection, upload_id: int, viewer: User) -> list[dict[str, str]]:
    """The errors and warnings found in the file, as stored when it was received."""
    if get_upload(conn, upload_id, viewer) is None:
        return []
    row = conn.cursor().execute("SELECT errors_json FROM uploads WHERE upload_id = ?", [upload_id]).fetchone()
    return json.loads(row[0]) if row and row[0] else []


def original_file(conn: Connection, upload_id: int, viewer: User) -> tuple[str, bytes] | None:
    """The file exactly as it was received, if `viewer` may see it: its name and bytes."""
    if get_upload(conn, upload_id, viewer) is None:
        return None
    return _original_file(conn, upload_id)


def _original_file(conn: Connection, upload_id: int) -> tuple[str, bytes] | None:
    # A duplicate receipt keeps no copy of the bytes: they are those of the upload it repeats.
    row = (
        conn.cursor()
        .execute(
            """
            SELECT u.file_name, CASE WHEN u.duplicate_of_upload_id IS NULL THEN u.content ELSE o.content END
            FROM uploads u LEFT JOIN uploads o ON o.upload_id = u.duplicate_of_upload_id
            WHERE u.upload_id = ?
            """,
            [upload_id],
        )
        .fetchone()
    )
    return (row[0], bytes(row[1])) if row and row[1] is not None else None


# The row's own columns from the contract (stored_fields), with the plan's context around them.
_REPORT_ROWS_SQL = (
    "SELECT rr.measure_id, g.nr AS goal_nr, g.title AS goal_title, m.text AS measure_text, "  # noqa: S608 - names from loaders.contract
    + select_list(REPORT_ROW_FIELDS, "rr", skip=["measure_id"]) + ", m.unit"
    + " FROM report_rows rr LEFT JOIN measures m ON m.measure_id = rr.measure_id"
    + " LEFT JOIN goals g ON g.goal_id = m.goal_id WHERE rr.upload_id = ?"
    + " ORDER BY g.sort_order NULLS LAST, m.sort_order NULLS LAST, rr.measure_id"
)  # fmt: skip


def report_rows(conn: Connection, upload_id: int) -> pd.DataFrame:
    """The målepunkt rows a follow-up upload stored, with the plan's goal and målepunkt text where known."""
    return conn.cursor().execute(_REPORT_ROWS_SQL, [upload_id]).df()


def key_figures(conn: Connection, upload_id: int) -> pd.DataFrame:
    return (
        conn.cursor()
        .execute(
            "SELECT name, figure_year, value FROM key_figures WHERE upload_id = ? ORDER BY name, figure_year",
            [upload_id],
        )
        .df()
    )


def plan_measures(conn: Connection, upload_id: int) -> pd.DataFrame:
    """The målepunkter a plan upload held, read back from the archived file (older plans are not in tables)."""
    found = _original_file(conn, upload_id)
    columns = ["goal_id", "goal_title", "measure_id", "measure_text", "target", "unit", "direction"]
    if found is None:
        return pd.DataFrame(columns=columns)
    read = read_workbook(found[1], found[0], lambda _code, _year: None)
    if read.plan is None:
        return pd.DataFrame(columns=columns)
    titles = {g.goal_id: f"{g.nr}. {g.title}" for g in read.plan.goals}
    return pd.DataFrame(
        [
            [m.goal_id, titles.get(m.goal_id, ""), m.measure_id, m.text, m.target, m.unit, m.direction]
            for m in read.plan.measures
        ],
        columns=columns,
    )


def upload_events(conn: Connection, upload_id: int, viewer: User) -> pd.DataFrame:
    """What happened to one file (received, committed, replaced, restored …), if `viewer` may see it."""
    if get_upload(conn, upload_id, viewer) is None:
        upload_id = -1  # no such upload: an empty frame with the same columns
    return (
        conn.cursor()
        .execute(
            "SELECT happened_at, actor, action, details FROM events WHERE upload_id = ? ORDER BY event_id",
            [upload_id],
        )
        .df()
    )


def restore_report(conn: Connection, upload_id: int, actor: str) -> RestoreResult:
    """Make an earlier accepted follow-up (or plan) current again, recorded as 'gendannet'."""
    upload = _any_upload(conn, upload_id)
    if upload is None:
        return RestoreResult(False, f"Indberetning nr. {upload_id} findes ikke.")
    if upload.outcome != UploadOutcome.ACCEPTED:
        return RestoreResult(False, f"Indberetning nr. {upload_id} blev ikke indlæst, så den kan ikke gendannes.")
    if upload.is_current:
        return RestoreResult(False, f"Indberetning nr. {upload_id} er allerede den gældende for {upload.what}.")
    locked = period_lock_finding(conn.cursor(), upload.kind, upload.year, upload.period)
    if locked is not None:
        return RestoreResult(False, locked.message)
    try:  # durable in the WAL on commit; no CHECKPOINT (see ingest.commit_workbook)
        if upload.kind == WorkbookKind.PLAN:
            return _restore_plan(conn, upload, actor)
        return _restore_follow_up(conn, upload, actor)
    except PeriodLockedError as exc:  # locked between the check above and the restore's own transaction
        return RestoreResult(False, locked_finding(exc.year, exc.period, exc.lock).message)
    except WRITE_CONFLICTS:  # another session changed the same plan or period at this very moment
        return RestoreResult(
            False,
            f"En anden ændring for {upload.what} blev gemt i samme øjeblik, så indberetning nr. {upload_id} er "
            "ikke gjort gældende. Se, hvad der nu er gældende, og prøv igen, hvis det stadig er rigtigt.",
        )


def _restore_follow_up(conn, upload: Upload, actor: str) -> RestoreResult:
    cur = conn.cursor()
    code, year, period = upload.institution_code, upload.year, upload.period
    if code is None or year is None or period is None:  # an accepted follow-up names all three (ingest checks)
        raise ValueError(f"indberetning nr. {upload.upload_id} mangler institution, år eller periode")
    key = (code, year, period)
    with transaction(cur):
        replaced = make_current(cur, *key, upload.upload_id)
        record_event(cur, actor, EventAction.RESTORED, upload.upload_id, *key, _restored_details(upload, replaced))
    return RestoreResult(True, _restored_message(upload, replaced), replaced)


def _restore_plan(conn, upload: Upload, actor: str) -> RestoreResult:
    found = _original_file(conn, upload.upload_id)
    if found is None:  # the upload is gone (restore_upload found it a moment ago)
        return RestoreResult(False, f"Indberetning nr. {upload.upload_id} findes ikke længere i arkivet.")
    read = read_workbook(found[1], found[0], lambda _code, _year: None)
    if read.plan is None:
        return RestoreResult(
            False,
            f"Den arkiverede plan i indberetning nr. {upload.upload_id} kan ikke læses med denne version af "
            "Målstyring, så den kan ikke gendannes. Hent den oprindelige fil, ret den, og indlæs den igen.",
        )
    cur = conn.cursor()
    with transaction(cur):
        replaced = store_plan(cur, read.plan, upload.upload_id)
        record_event(
            cur, actor, EventAction.RESTORED, upload.upload_id, upload.institution_code, upload.year, None,
            _restored_details(upload, replaced),
        )  # fmt: skip
    return RestoreResult(True, _restored_message(upload, replaced), replaced)


def _restored_details(upload: Upload, replaced: int | None) -> str:
    instead = f" i stedet for nr. {replaced}" if replaced else ""
    return f"Indberetning nr. {upload.upload_id} ({upload.file_name}) gjort gældende igen{instead}."


def _restored_message(upload: Upload, replaced: int | None) -> str:
    instead = f" Indberetning nr. {replaced} er gemt i historikken og kan gendannes igen." if replaced else ""
    return f"Indberetning nr. {upload.upload_id} er nu den gældende for {upload.what}.{instead}"


def _count_errors(errors_json: str | None) -> tuple[int, int]:
    findings = json.loads(errors_json) if isinstance(errors_json, str) and errors_json else []
    errors = sum(f.get("alvor") == "Fejl" for f in findings)
    return errors, len(findings) - errors
