"""Importing a workbook: archive what was received, validate it, and store it in one transaction.

This is the only way data gets into Målstyring: a controller's upload, the CLI's `import` and the
bundled default data all come through `import_workbook`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from loaders.issues import Finding
from loaders.reader import ReadResult, read_workbook
from maalstyring.domain import FollowUp, Measure, Plan
from maalstyring.storage import transaction

OUTCOME_ACCEPTED = "godkendt"
OUTCOME_REJECTED = "afvist"
OUTCOME_DUPLICATE = "dublet"


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
        return self.outcome == OUTCOME_ACCEPTED

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def stored_measures(cur: duckdb.DuckDBPyConnection, code: str, year: int) -> dict[str, Measure] | None:
    """The målepunkter of a stored plan, keyed by ID, or None when there is no such plan."""
    found = cur.execute("SELECT 1 FROM plans WHERE institution_code = ? AND year = ?", [code, year]).fetchone()
    if not found:
        return None
    rows = cur.execute(
        """
        SELECT m.measure_id, m.goal_id, m.nr, m.text, m.target, m.unit, m.direction, m.deadline
        FROM measures m JOIN goals g USING (goal_id) JOIN plans p USING (plan_id)
        WHERE p.institution_code = ? AND p.year = ?
        ORDER BY g.sort_order, m.sort_order
        """,
        [code, year],
    ).fetchall()
    return {r[0]: Measure(*r) for r in rows}


def import_workbook(
    conn: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    uploaded_by: str,
    is_example: bool = False,
) -> ImportResult:
    """Archive, validate and (if valid) store one workbook. Never raises on bad input."""
    cur = conn.cursor()
    digest = hashlib.sha256(data).hexdigest()
    # Only accepted files count as "seen": a rejected file sent again is checked again, since the plan
    # it refers to may have arrived in the meantime.
    earlier = cur.execute(
        "SELECT upload_id, outcome FROM uploads WHERE sha256 = ? AND outcome = ? ORDER BY upload_id LIMIT 1",
        [digest, OUTCOME_ACCEPTED],
    ).fetchone()
    if earlier:
        note = Finding(
            f"Præcis den samme fil er modtaget før (indberetning nr. {earlier[0]}, {earlier[1]}). Intet er ændret.",
            severity="Advarsel",
        )
        return ImportResult(
            file_name, OUTCOME_DUPLICATE, None, ReadResult(findings=[note]), earlier[0], findings=[note]
        )

    read = read_workbook(data, file_name, lambda code, year: stored_measures(cur, code, year))
    outcome = OUTCOME_ACCEPTED if read.ok else OUTCOME_REJECTED
    result = ImportResult(file_name, outcome, None, read, findings=list(read.findings))
    now = datetime.now()
    with transaction(cur):
        upload_id = cur.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
        result.upload_id = upload_id
        if read.ok and read.plan is not None:
            result.superseded = _store_plan(cur, read.plan, upload_id)
        elif read.ok and read.follow_up is not None:
            result.superseded = _store_follow_up(cur, read.follow_up, upload_id, is_example)
        cur.execute(
            """
            INSERT INTO uploads (upload_id, sha256, file_name, content, size_bytes, uploaded_by, uploaded_at,
                outcome, kind, institution_code, year, period, errors_json, supersedes_upload_id, is_example)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                upload_id, digest, file_name, data, len(data), uploaded_by, now, outcome, read.kind,
                read.institution_code, read.year, read.period, _findings_json(read.findings),
                result.superseded, is_example,
            ],
        )  # fmt: skip
        record_event(
            cur, uploaded_by, "indlæst" if read.ok else "afvist", upload_id,
            read.institution_code, read.year, read.period,
            f"{file_name}: {len(read.errors)} fejl, {len(read.warnings)} advarsler",
        )  # fmt: skip
    if read.ok:
        # Fold the WAL into the database file so a crash right after a commit loses nothing.
        cur.execute("CHECKPOINT")
    return result


def record_event(cur, actor, action, upload_id=None, code=None, year=None, period=None, details=None) -> None:
    cur.execute(
        "INSERT INTO events VALUES (nextval('event_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?)",
        [datetime.now(), actor, action, upload_id, code, year, period, details],
    )


def _store_plan(cur, plan: Plan, upload_id: int) -> int | None:
    cur.execute(
        "INSERT INTO institutions VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        [plan.institution_code, plan.institution_name],
    )
    previous = cur.execute("SELECT upload_id FROM plans WHERE plan_id = ?", [plan.plan_id]).fetchone()
    if previous:
        cur.execute(
            "DELETE FROM measures WHERE goal_id IN (SELECT goal_id FROM goals WHERE plan_id = ?)", [plan.plan_id]
        )
        cur.execute("DELETE FROM goals WHERE plan_id = ?", [plan.plan_id])
        cur.execute("DELETE FROM plans WHERE plan_id = ?", [plan.plan_id])
    cur.execute(
        "INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            plan.plan_id, plan.institution_code, plan.year, plan.director, plan.director_signed,
            plan.secretary, plan.secretary_signed, upload_id,
        ],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [g.goal_id, plan.plan_id, i, g.nr, g.kind, g.shared_key, g.title, g.objective, g.remarks,
             g.goal_type, g.measurement, g.reporting]
            for i, g in enumerate(plan.goals)
        ],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO measures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [m.measure_id, m.goal_id, i, m.nr, m.text, m.target, m.unit, m.direction, m.deadline]
            for i, m in enumerate(plan.measures)
        ],
    )
    return previous[0] if previous else None


def _store_follow_up(cur, report: FollowUp, upload_id: int, is_example: bool) -> int | None:
    key = [report.institution_code, report.year, report.period]
    previous = cur.execute(
        "SELECT upload_id FROM reports WHERE institution_code = ? AND year = ? AND period = ? AND is_current",
        key,
    ).fetchone()
    if previous:
        cur.execute("UPDATE reports SET is_current = FALSE WHERE upload_id = ?", [previous[0]])
    cur.execute("INSERT INTO reports VALUES (?, ?, ?, ?, TRUE, ?)", [upload_id, *key, is_example])
    cur.executemany(
        "INSERT INTO report_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [upload_id, r.measure_id, r.status, r.verdict, r.assessment, r.cause, r.action, r.target, r.actual]
            for r in report.rows
        ],
    )
    if report.key_figures:
        cur.executemany(
            "INSERT INTO key_figures VALUES (?, ?, ?, ?, ?, ?, ?)",
            [[upload_id, *key, k.name, k.year, k.value] for k in report.key_figures],
        )
    return previous[0] if previous else None


def _findings_json(findings: list[Finding]) -> str:
    return json.dumps(
        [{"alvor": f.severity, "ark": f.sheet, "celle": f.cell, "målepunkt": f.measure_id, "besked": f.message}
         for f in findings],
        ensure_ascii=False,
    )  # fmt: skip
