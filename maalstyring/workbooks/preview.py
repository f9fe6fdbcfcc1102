"""What committing a valid workbook would change, per målepunkt, compared with what is stored.

A follow-up is compared with the current report for the same institution × year × period; a plan with the
stored plan for the same institution × year. Pure reads; the result also carries the upload it was
compared with, so the commit can refuse a preview that has gone stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders import contract as c
from loaders.reader import ReadResult
from maalstyring.database import queries
from maalstyring.database.plans_store import stored_measures
from maalstyring.database.storage import Connection
from maalstyring.database.stored_fields import MEASURE_FIELDS, REPORT_ROW_FIELDS
from maalstyring.rulebook import plan_rules, rules
from maalstyring.workbooks.ingest import current_upload_for
from maalstyring.workbooks.rule_check import RuleDisagreement, file_disagreements
from vocabulary.formatting import format_date, format_number
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.records import FollowUpRow, Measure, Plan
from vocabulary.terms import Period

NEW = "ny"
CHANGED = "ændret"
UNCHANGED = "uændret"
REMOVED = "fjernet"

# The stored columns compared, in the order they are shown (named by their template header); the key is
# the row itself.
FOLLOW_UP_FIELDS = tuple(col for col in REPORT_ROW_FIELDS if col.field != "measure_id")
PLAN_FIELDS = tuple(col for col in MEASURE_FIELDS if col.field != "measure_id")


@dataclass(frozen=True)
class FieldChange:
    name: str  # Danish field name
    old: str
    new: str


@dataclass(frozen=True)
class ChangeRow:
    """One målepunkt: new, changed, unchanged or removed, with its old → new values."""

    measure_id: str
    change: str
    new_values: dict[str, str]  # Danish field name → shown value (for a removed målepunkt: what it was)
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class KeyFigureChange:
    """One Nøgletal row: new, changed, unchanged or removed, with its old and new value (Danish format)."""

    name: str
    year: int
    change: str
    old: str
    new: str


@dataclass(frozen=True)
class VerdictChange:
    """A computable goal: the computed verdict before and after the file, and what the file reports."""

    goal: str  # e.g. "Økonomisk styring"
    before: str | None
    after: str | None
    reported: str | None
    note: str  # the rule in the plan's words, or why it cannot be computed

    @property
    def changes(self) -> bool:
        return self.before != self.after

    @property
    def contradicts(self) -> bool:
        """The file's own verdict is not what the rule gives from the file's key figures."""
        return rules.disagrees(self.reported, self.after)

    def describe(self) -> str:
        """'Økonomisk styring, beregnet: Opfyldt → Ikke opfyldt'."""
        return f"{self.goal}, beregnet: {self.before or 'ikke beregnet'} → {self.after or 'ikke beregnet'}"


@dataclass
class Preview:
    kind: str
    institution_code: str
    year: int
    period: str | None
    compared_with: int | None  # the upload whose data is current now (None: nothing stored yet)
    rows: list[ChangeRow] = field(default_factory=list)
    key_figures: list[KeyFigureChange] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    # A plan whose wording of a computable goal the rules do not understand: said before it is stored.
    rule_warnings: list[str] = field(default_factory=list)
    # Målepunkter whose verdict in the file is not what the plan's rule gives: a warning, not a refusal.
    disagreements: list[RuleDisagreement] = field(default_factory=list)

    def count(self, change: str) -> int:
        return sum(r.change == change for r in self.rows)

    def count_key_figures(self, change: str) -> int:
        return sum(k.change == change for k in self.key_figures)


def preview_changes(conn: Connection, read: ReadResult) -> Preview:
    """Compare a valid workbook (`read.ok`) with what is stored now."""
    if not read.ok:
        raise ValueError("Only a valid workbook can be previewed.")
    code, year, period, kind = read.institution_code, read.year, read.period, read.kind
    if code is None or year is None or kind is None:  # a valid workbook's Om sheet gives all three
        raise ValueError("Only a valid workbook can be previewed.")
    cur = conn.cursor()
    preview = Preview(kind, code, year, period, current_upload_for(cur, read))
    if read.follow_up is not None:
        if period is None:  # a valid follow-up names its period
            raise ValueError("Only a valid workbook can be previewed.")
        stored = queries.current_report_rows(conn, code, year, period)
        incoming = {r.measure_id: r for r in read.follow_up.rows}
        preview.rows = _compare(incoming, stored, FOLLOW_UP_FIELDS)
        old_figures = _figures(queries.current_key_figures(conn, code, year, period))
        new_figures = {(k.name, int(k.year)): k.value for k in read.follow_up.key_figures}
        preview.key_figures = _compare_figures(new_figures, old_figures)
        plan = queries.load_plan(conn, code, year)
        if plan is not None:
            # What was known by the end of the period: a 1. halvår report never borrows the later
            # Årsafslutning report's figures; an Årsafslutning report may use the year's 1. halvår survey.
            other_figures = (
                _figures(queries.current_key_figures(conn, code, year, Period.H1)) if period == Period.YEAR_END else {}
            )
            preview.verdicts = _verdict_changes(
                plan, period, (stored, old_figures), (incoming, new_figures), other_figures
            )
            preview.disagreements = file_disagreements(conn, read)
    elif read.plan is not None:
        stored_plan = stored_measures(cur, code, year) or {}
        planned = {m.measure_id: m for m in read.plan.measures}
        preview.rows = _compare(planned, stored_plan, PLAN_FIELDS)
        preview.rule_warnings = rule_warnings(read.plan)
    return preview


def _compare(incoming: dict, stored: dict, fields: tuple[c.Column, ...]) -> list[ChangeRow]:
    rows = []
    for measure_id, new in incoming.items():
        new_values = {col.header: _shown(new, col) for col in fields}
        old = stored.get(measure_id)
        if old is None:
            rows.append(ChangeRow(measure_id, NEW, new_values))
            continue
        changes = tuple(
            FieldChange(col.header, _shown(old, col), new_values[col.header])
            for col in fields
            if _shown(old, col) != new_values[col.header]
        )
        rows.append(ChangeRow(measure_id, CHANGED if changes else UNCHANGED, new_values, changes))
    rows += [
        ChangeRow(measure_id, REMOVED, {col.header: _shown(old, col) for col in fields})
        for measure_id, old in stored.items()
        if measure_id not in incoming
    ]
    return rows


def rule_warnings(plan: Plan) -> list[str]:
    """'Økonomisk styring: …' for each computable goal whose wording the rules do not understand."""
    found = []
    for goal in plan.goals:
        measures = [m for m in plan.measures if m.goal_id == goal.goal_id]
        try:
            plan_rules.rule_for_goal(goal.shared_key, goal.measurement, measures)
        except plan_rules.RuleNotUnderstood as exc:
            found.append(f"{SHARED_GOAL_KEYS.get(goal.shared_key or '', goal.title)}: {exc}")
    return found


def _figures(rows) -> dict[tuple[str, int], float]:
    return {(name, int(year)): value for name, year, value in rows}


def _compare_figures(incoming: dict, stored: dict) -> list[KeyFigureChange]:
    """Every key figure the file gives or the stored report had, in the order the file gives them."""
    changes = []
    for key, new in incoming.items():
        old = stored.get(key)
        kind = NEW if old is None else (UNCHANGED if rules.same_number(old, new) else CHANGED)
        changes.append(KeyFigureChange(key[0], key[1], kind, format_number(old), format_number(new)))
    changes += [
        KeyFigureChange(name, year, REMOVED, format_number(old), "")
        for (name, year), old in stored.items()
        if (name, year) not in incoming
    ]
    return changes


def _verdict_changes(plan: Plan, period: str, before: tuple, after: tuple, other_figures: dict) -> list[VerdictChange]:
    """For each computable goal of the plan: what the rule gives now, and with the file's rows and key figures.

    Evaluated exactly as the pages do (maalstyring.rulebook.plan_rules), so the preview promises what they will show.
    """
    changes = []
    for goal in plan.goals:
        measures = [m for m in plan.measures if m.goal_id == goal.goal_id]
        title = SHARED_GOAL_KEYS.get(goal.shared_key or "", goal.title)
        try:
            found = plan_rules.rule_for_goal(goal.shared_key, goal.measurement, measures)
        except plan_rules.RuleNotUnderstood as exc:
            changes.append(VerdictChange(title, None, None, None, f"Kan ikke beregnes: {exc}"))
            continue
        if found is None:
            continue
        rule, judged = found
        verdicts = []
        for rows, figures in (before, after):
            row = rows.get(measures[judged].measure_id)
            outcome = plan_rules.evaluate(
                rule, figures, {**other_figures, **figures}, row.actual if row else None, plan.year, period
            )
            reported = [rows[m.measure_id].verdict if m.measure_id in rows else None for m in measures]
            verdicts.append((plan_rules.goal_verdict(reported, judged, outcome.verdict), reported))
        reported_new = rules.combined_verdict(verdicts[1][1])
        changes.append(VerdictChange(title, verdicts[0][0], verdicts[1][0], reported_new, rule.describe()))
    return changes


def _shown(record: FollowUpRow | Measure, col: c.Column) -> str:
    """A stored value as the preview shows it: numbers and dates in Danish format, text as it is."""
    value = getattr(record, col.field)
    if col.kind == "number":
        return format_number(value)
    if col.kind == "date":
        return format_date(value, missing="")
    return value or ""
