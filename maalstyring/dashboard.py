"""Read models for the leadership pages. Parameterised SQL only; each query through its own cursor.

The pages pass a `Filters` and get data frames back; roll-ups and computed rules come from `rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from maalstyring import plan_rules, queries, rules
from maalstyring.examples import example_counts
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.terms import PERIODS, STATUSES, VERDICTS, GoalKind, Period, Status, UploadOutcome, Verdict, WorkbookKind

NOT_REPORTED = "Ikke indberettet"
STATUS_FILTER_CHOICES = (*STATUSES, NOT_REPORTED)

# The one mark for a goal whose reported verdict is not what the plan's rule gives, on every page and export.
VERDICT_MISMATCH = "⚠ Beregning og indberetning er uenige"

RECEIPT_ACCEPTED = "Modtaget og indlæst"  # not "godkendt": that word is Koncernøkonomi's approval
RECEIPT_REJECTED = "Afvist"
RECEIPT_MISSING = "Ikke modtaget"


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty tuples mean "all"."""

    year: int | None = None
    period: str = Period.YEAR_END
    institutions: tuple[str, ...] = field(default_factory=tuple)
    goal_kind: str | None = None
    statuses: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> list[tuple[str, str]]:
        """The filters in Danish, for exports and captions."""
        return [
            ("År", str(self.year) if self.year else "alle"),
            ("Periode", self.period),
            ("Institutioner", ", ".join(self.institutions) or "alle"),
            ("Måltype", self.goal_kind or "alle"),
            ("Status", ", ".join(self.statuses) or "alle"),
        ]


def _frame(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return conn.cursor().execute(sql, params or []).df()


def _codes(filters: Filters) -> list[str] | None:
    return list(filters.institutions) or None


# --- Filter choices ----------------------------------------------------------------------------


def plan_years(conn: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in conn.cursor().execute("SELECT DISTINCT year FROM plans ORDER BY year DESC").fetchall()]


def institutions_with_plans(conn: duckdb.DuckDBPyConnection, year: int | None = None) -> dict[str, str]:
    """Code → name of institutions with a plan (in `year` when given), ordered by name."""
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT DISTINCT i.code, i.name FROM institutions i JOIN plans p ON p.institution_code = i.code
            WHERE ?::INTEGER IS NULL OR p.year = ?
            ORDER BY i.name
            """,
            [year, year],
        )
        .fetchall()
    )
    return dict(rows)


def plan_years_of(conn: duckdb.DuckDBPyConnection, codes: tuple[str, ...]) -> list[tuple[str, int]]:
    """(institution, year) of every plan the given institutions have, newest first: what exists to offer
    when the chosen year has none."""
    return [
        (r[0], int(r[1]))
        for r in conn.cursor()
        .execute(
            "SELECT institution_code, year FROM plans WHERE list_contains(?::VARCHAR[], institution_code) "
            "ORDER BY year DESC, institution_code",
            [list(codes)],
        )
        .fetchall()
    ]


def example_report_count(conn: duckdb.DuckDBPyConnection) -> int:
    """Every example report, current or superseded: the one count the banner, Administration and the CLI give."""
    return example_counts(conn).reports


# --- Målepunkter and goals -------------------------------------------------------------------------

_MEASURE_SQL = """
    SELECT p.institution_code, i.name AS institution_name, p.year, g.plan_id, g.goal_id,
           g.sort_order AS goal_order, g.nr AS goal_nr, g.kind, g.shared_key, g.title, g.objective,
           g.measurement AS goal_measurement, m.measure_id, m.sort_order AS measure_order, m.nr AS measure_nr,
           m.text AS measure_text,
           m.target AS plan_target, m.unit, m.direction, m.deadline AS measure_deadline, ?::VARCHAR AS period,
           rr.status, rr.verdict, rr.assessment, rr.cause, rr.action,
           coalesce(rr.target, m.target) AS target, rr.actual, r.upload_id,
           coalesce(r.is_example, FALSE) AS is_example
    FROM plans p
    JOIN institutions i ON i.code = p.institution_code
    JOIN goals g ON g.plan_id = p.plan_id
    JOIN measures m ON m.goal_id = g.goal_id
    LEFT JOIN reports r ON r.institution_code = p.institution_code AND r.year = p.year
                       AND r.period = ? AND r.is_current
    LEFT JOIN report_rows rr ON rr.upload_id = r.upload_id AND rr.measure_id = m.measure_id
    WHERE (?::INTEGER IS NULL OR p.year = ?)
      AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
      AND (?::VARCHAR IS NULL OR g.kind = ?)
    ORDER BY p.year DESC, i.name, g.sort_order, m.sort_order
"""


def measure_rows(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every målepunkt of the filtered plans with what the current report of the period says about it."""
    codes = _codes(filters)
    frame = _frame(
        conn,
        _MEASURE_SQL,
        [filters.period, filters.period, filters.year, filters.year, codes, codes, filters.goal_kind,
         filters.goal_kind],
    )  # fmt: skip
    # One label for a shared goal on every leadership page and export ("Økonomisk styring", though the 2024
    # plans write "Økonomisk Styring"); the plan's own wording stays in plan_title and on the Planer page.
    frame["plan_title"] = frame["title"]
    frame["title"] = [
        SHARED_GOAL_KEYS.get(key, title) if isinstance(key, str) else title
        for key, title in zip(frame["shared_key"], frame["title"], strict=True)
    ]
    # At 1. halvår a target for the whole year is not judged against the half year's Resultat (1.900 is not
    # "ikke opfyldt" against an annual 3.700): only where the plan measures the målepunkt half-yearly.
    frame["judged_now"] = [
        plan_rules.judged_in(filters.period, int(y), d, _text(m))
        for y, d, m in zip(frame["year"], frame["measure_deadline"], frame["goal_measurement"], strict=True)
    ]
    frame["computed_met"] = [
        rules.meets_target(a, t, d) if now else None
        for a, t, d, now in zip(frame["actual"], frame["target"], frame["direction"], frame["judged_now"], strict=True)
    ]
    if filters.statuses:
        shown = frame["status"].fillna(NOT_REPORTED)
        frame = frame[shown.isin(filters.statuses)]
    return frame.reset_index(drop=True)


def goal_rows(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per goal: its rolled-up status and verdict, why, and the causes and actions behind it.

    The status filter applies to the goal's rolled-up status, so "Rød" shows red goals with all their
    målepunkter in the explanation, not only the red ones.
    """
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions, filters.goal_kind))
    columns = [
        "institution_code", "institution_name", "year", "period", "goal_id", "goal_order", "goal_nr", "kind",
        "shared_key", "title", "status", "verdict", "explanation", "causes", "actions", "measures",
        "reported", "upload_id", "is_example", "computed_verdict", "verdict_mismatch", "rule_note", "judged_later",
    ]  # fmt: skip
    computed = goal_computations(conn, filters, measures)
    # Plain records, not a pandas group per goal: at 30 institutions x 10 years the per-group pandas
    # calls cost over a second per page view (docs/BENCHMARKS.md).
    by_goal: dict[str, list[dict]] = {}
    for row in measures.to_dict("records"):
        by_goal.setdefault(row["goal_id"], []).append(row)
    troubling = {Status.YELLOW, Status.RED, Verdict.PARTLY, Verdict.NOT_MET}
    records = []
    for group in by_goal.values():
        first = group[0]
        rollup = rules.roll_up_goal(
            [rules.MeasureResult(str(m["measure_nr"]), _text(m["status"]), _text(m["verdict"])) for m in group]
        )
        troubled = [m for m in group if m["status"] in troubling or m["verdict"] in troubling]
        upload_ids = [m["upload_id"] for m in group if pd.notna(m["upload_id"])]
        records.append(
            [
                first["institution_code"], first["institution_name"], int(first["year"]), filters.period,
                first["goal_id"], int(first["goal_order"]), first["goal_nr"], first["kind"],
                _text(first["shared_key"]), first["title"], rollup.status, rollup.verdict, rollup.explanation,
                _numbered(troubled, "cause"), _numbered(troubled, "action"), len(group),
                sum(isinstance(m["status"], str) for m in group), int(upload_ids[0]) if upload_ids else None,
                any(m["is_example"] == 1 for m in group), *_verdict_columns(rollup.verdict, group,
                                                                           computed.get(first["goal_id"])),
            ]
        )  # fmt: skip
    frame = pd.DataFrame(records, columns=columns)
    frame["mismatch_text"] = mismatch_texts(frame)
    frame["explanation"] = [
        _with_rule(text, computed, mismatch, note, later)
        for text, computed, mismatch, note, later in zip(
            frame["explanation"],
            frame["computed_verdict"],
            frame["verdict_mismatch"],
            frame["rule_note"],
            frame["judged_later"],
            strict=True,
        )
    ]
    if filters.statuses:
        frame = frame[frame["status"].fillna(NOT_REPORTED).isin(filters.statuses)]
    return frame.reset_index(drop=True)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _numbered(rows: list[dict], column: str) -> str:
    """'Målepunkt 1: text' per målepunkt that has the text, so a goal's causes stay traceable to it."""
    return "\n".join(f"Målepunkt {row['measure_nr']}: {row[column]}" for row in rows if isinstance(row[column], str))


# --- The one verdict model: reported and computed side by side -------------------------------------------


@dataclass(frozen=True)
class Computation:
    """What a computable goal's rule (read from the plan's text) says about one institution's report."""

    goal_id: str
    measure_id: str | None  # the målepunkt the rule judges
    rule: object | None  # plan_rules.EconomyRule | plan_rules.AltRule; None when the wording is not understood
    outcome: object | None  # rules.EconomyOutcome | rules.AltOutcome
    note: str  # the rule in the plan's words, or why it could not be computed
    later: bool = False  # the rule judges only at årsafslutning, and the period is 1. halvår

    @property
    def verdict(self) -> str | None:
        return None if self.later else getattr(self.outcome, "verdict", None)


def goal_computations(conn, filters: Filters, measures: pd.DataFrame | None = None) -> dict[str, Computation]:
    """Goal → Computation for every computable shared goal in the filtered plans (ØKONOMI and ALT)."""
    if measures is None:
        measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions, filters.goal_kind))
    measures = measures[measures["shared_key"].isin(plan_rules.COMPUTED_KEYS)]
    if measures.empty:
        return {}
    own_period = _figure_values(_key_figures(conn, filters, fall_back=False))
    # What was known by the end of the period: at årsafslutning a survey figure may come from the year's
    # 1. halvår report; at 1. halvår never from the later Årsafslutning report.
    any_period = (
        own_period if filters.period == Period.H1 else _figure_values(_key_figures(conn, filters, fall_back=True))
    )
    by_goal: dict[str, list[dict]] = {}
    for row in measures.to_dict("records"):
        by_goal.setdefault(row["goal_id"], []).append(row)
    found = {}
    for goal_id, group in by_goal.items():
        first = group[0]
        texts = [{"text": m["measure_text"], "target": m["plan_target"]} for m in group]
        try:
            rule, index = plan_rules.rule_for_goal(first["shared_key"], _text(first["goal_measurement"]), texts)
        except plan_rules.RuleNotUnderstood as exc:
            found[goal_id] = Computation(goal_id, None, None, None, f"Kan ikke beregnes: {exc}")
            continue
        judged = group[index]
        code = first["institution_code"]
        outcome = plan_rules.evaluate(
            rule, own_period.get(code, {}), any_period.get(code, {}), _num(judged["actual"]), int(first["year"]),
            filters.period,
        )  # fmt: skip
        later = not rule.judged_at(filters.period, bool(judged["judged_now"]))
        found[goal_id] = Computation(goal_id, judged["measure_id"], rule, outcome, rule.describe(), later)
    return found


def _figure_values(figures: pd.DataFrame) -> dict[str, dict[tuple[str, int], float]]:
    values: dict[str, dict[tuple[str, int], float]] = {}
    for r in figures.itertuples():
        values.setdefault(r.institution_code, {})[(r.name, int(r.figure_year))] = float(r.value)
    return values


def _verdict_columns(reported: str | None, group: list[dict], computation: Computation | None) -> list:
    """[computed verdict, mismatch, rule note, judged only at årsafslutning] of a goal.

    The goal's computed verdict is its målepunkter rolled up with the judged målepunkt's verdict replaced by
    what the rule gives (the others keep their reported verdict): a one-målepunkt goal (Økonomisk styring,
    ALT 2024) gets the rule's verdict itself.
    """
    if computation is None:
        return [None, False, None, False]
    if computation.rule is None:
        return [None, False, computation.note, False]
    if computation.later:
        return [None, False, computation.note, True]
    judged = next(i for i, m in enumerate(group) if m["measure_id"] == computation.measure_id)
    computed = plan_rules.goal_verdict([_text(m["verdict"]) for m in group], judged, computation.verdict)
    return [computed, rules.disagrees(reported, computed), computation.note, False]


def _with_rule(explanation: str, computed, mismatch: bool, note, later: bool = False) -> str:
    """The roll-up's reason, and for a computable goal what the plan's rule gives (or why it cannot)."""
    if not isinstance(note, str):
        return explanation
    if not isinstance(computed, str):
        if note.startswith("Kan ikke beregnes"):
            return f"{explanation} {note}"
        if flagged(later):
            return f"{explanation} Planens regel: {note}. Beregnet: {plan_rules.MEASURED_AT_YEAR_END.lower()}."
        return f"{explanation} Planens regel: {note}. Beregnet: endnu ikke, tallene mangler."
    said = f"{explanation} Planens regel: {note}. Beregnet: {computed}."
    return said + (" Det er ikke den indberettede opfyldelse." if flagged(mismatch) else "")


def verdict_mismatch_count(goals: pd.DataFrame) -> int:
    """Goals where the reported verdict is not what the plan's rule gives."""
    return int(goals["verdict_mismatch"].fillna(False).astype(bool).sum()) if len(goals) else 0


def goal_column_label(row) -> str:
    """The matrix column of a goal: shared goals by their stable key, own goals by number."""
    if isinstance(row.shared_key, str) and row.shared_key:
        return SHARED_GOAL_KEYS.get(row.shared_key, row.shared_key)
    return f"Eget mål {row.goal_nr}"


def natural_key(text) -> tuple:
    """Sorts "2" before "10" and "2a" after "2": numbers by value, the rest as text (goal numbers are text)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", str(text)))


def matrix_columns(goals: pd.DataFrame) -> list[str]:
    """The overview matrix's goal columns (goal_column_label), in order: shared goals in plan order, then own
    goals by number, so "Eget mål 2" comes before "Eget mål 10". Decided on the goal kind and number, not on
    the labels."""
    shared = goals[goals["kind"] == GoalKind.SHARED].sort_values("goal_order")
    own = goals[goals["kind"] != GoalKind.SHARED]
    own = own.iloc[sorted(range(len(own)), key=lambda i: natural_key(own["goal_nr"].iloc[i]))]
    return list(dict.fromkeys(goal_column_label(g) for frame in (shared, own) for g in frame.itertuples()))


def status_counts(goals: pd.DataFrame) -> dict[str, int]:
    """Goals per rolled-up status (Ikke indberettet where nothing came in)."""
    counted = goals["status"].fillna(NOT_REPORTED).value_counts()
    return {s: int(counted.get(s, 0)) for s in STATUS_FILTER_CHOICES}


def verdict_counts(goals: pd.DataFrame) -> dict[str, int]:
    counted = goals["verdict"].value_counts()
    return {v: int(counted.get(v, 0)) for v in VERDICTS}


def reports_received(conn: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[int, int]:
    """(received, expected): current reports of the period against plans of the year, for the filtered institutions."""
    codes = _codes(filters)
    row = (
        conn.cursor()
        .execute(
            """
            SELECT count(r.upload_id), count(*)
            FROM plans p
            LEFT JOIN reports r ON r.institution_code = p.institution_code AND r.year = p.year
                               AND r.period = ? AND r.is_current
            WHERE (?::INTEGER IS NULL OR p.year = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
            """,
            [filters.period, filters.year, filters.year, codes, codes],
        )
        .fetchone()
    )
    return int(row[0]), int(row[1])


# --- One institution --------------------------------------------------------------------------------


def plan_header(conn: duckdb.DuckDBPyConnection, code: str, year: int) -> dict | None:
    row = (
        conn.cursor()
        .execute(
            """
            SELECT p.institution_code, i.name, p.year, p.director, p.director_signed, p.secretary,
                   p.secretary_signed
            FROM plans p JOIN institutions i ON i.code = p.institution_code
            WHERE p.institution_code = ? AND p.year = ?
            """,
            [code, year],
        )
        .fetchone()
    )
    if row is None:
        return None
    keys = ("code", "name", "year", "director", "director_signed", "secretary", "secretary_signed")
    return dict(zip(keys, row, strict=True))


def institution_periods(conn: duckdb.DuckDBPyConnection, code: str, year: int, goal_kind: str | None = None):
    """Every målepunkt of one plan with each period's report side by side (long format: one row per period)."""
    frames = [measure_rows(conn, Filters(year, period, (code,), goal_kind)) for period in PERIODS]
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class InstitutionGoal:
    """One goal of an institution's plan: its målepunkter (rows of `institution_periods`) and its roll-up
    in each period, the same goal row the overview, Koncernfælles mål and the exports use (`goal_rows`)."""

    goal_id: str
    kind: str
    nr: str
    title: str
    objective: str
    positions: tuple[int, ...]
    rollups: dict[str, dict | None]

    def needs_attention(self, period: str) -> bool:
        """Yellow or red in `period`, or the reported verdict is not what the plan's rule gives."""
        now = self.rollups.get(period) or {}
        return now.get("status") in (Status.YELLOW, Status.RED) or flagged(now.get("verdict_mismatch"))


def institution_goals(rows: pd.DataFrame, goals_by_period: dict[str, pd.DataFrame]) -> list[InstitutionGoal]:
    """The goals of one plan, shared goals first, each in plan order, from `institution_periods` (`rows`)
    and `goal_rows` of each period. No roll-up here: the goal rows already hold it."""
    positions: dict[str, list[int]] = {}
    for position, goal_id in enumerate(rows["goal_id"]):
        positions.setdefault(goal_id, []).append(position)
    rollups = {period: {g["goal_id"]: g for g in frame.to_dict("records")} for period, frame in goals_by_period.items()}
    goals = []
    for goal_id, at in positions.items():
        first = rows.iloc[at[0]]
        goals.append(
            InstitutionGoal(
                goal_id,
                first["kind"],
                first["goal_nr"],
                first["title"],
                first["objective"],
                tuple(at),
                {period: by_goal.get(goal_id) for period, by_goal in rollups.items()},
            )
        )
    # Stable: plan order within each kind.
    return sorted(goals, key=lambda g: g.kind != GoalKind.SHARED)


# --- Shared goals across institutions -------------------------------------------------------------------


def shared_goal_keys(conn: duckdb.DuckDBPyConnection, filters: Filters) -> list[str]:
    """The shared goals in the filtered plans, in plan order."""
    codes = _codes(filters)
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT g.shared_key, min(g.sort_order) AS first
            FROM goals g JOIN plans p ON p.plan_id = g.plan_id
            WHERE g.shared_key IS NOT NULL AND (?::INTEGER IS NULL OR p.year = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
            GROUP BY g.shared_key ORDER BY first, g.shared_key
            """,
            [filters.year, filters.year, codes, codes],
        )
        .fetchall()
    )
    return [r[0] for r in rows]


def _key_figures(conn, filters: Filters, fall_back: bool) -> pd.DataFrame:
    """Key figures of the year's current reports: the chosen period's, or (fall_back) the other period's
    where the chosen one has none."""
    codes = _codes(filters)
    return _frame(
        conn,
        """
        SELECT institution_code, name, figure_year, value, period, upload_id, is_example FROM (
            SELECT k.institution_code, k.name, k.figure_year, k.value, k.period, k.upload_id, r.is_example,
                   row_number() OVER (PARTITION BY k.institution_code, k.name, k.figure_year
                                      ORDER BY (k.period = ?) DESC) AS pick
            FROM key_figures k JOIN reports r ON r.upload_id = k.upload_id
            WHERE r.is_current AND k.report_year = ? AND (? OR k.period = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], k.institution_code))
        ) AS picked WHERE pick = 1  -- PostgreSQL requires the alias
        """,
        [filters.period, filters.year, fall_back, filters.period, codes, codes],
    )


def economy_comparison(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Økonomisk styring per institution: key figures, the plan's rule, computed and reported verdicts."""
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions))
    computations = goal_computations(conn, filters, measures)
    records = []
    for goal_id, group in _goal_groups(measures, "ØKONOMI").items():
        m, comp = group[0], computations[goal_id]
        outcome = comp.outcome
        reported = rules.combined_verdict([_text(r["verdict"]) for r in group])
        computed = _verdict_columns(reported, group, comp)
        records.append(
            {
                "institution_code": m["institution_code"], "institution_name": m["institution_name"],
                "year": m["year"], "budget": getattr(outcome, "budget", None),
                "result": getattr(outcome, "result", None), "deviation": getattr(outcome, "deviation", None),
                "limit": getattr(comp.rule, "limit", None), "unit": getattr(comp.rule, "unit", None),
                "basis": getattr(comp.rule, "basis", None), "quarters": getattr(outcome, "quarters", ()),
                "computed_verdict": computed[0], "reported_status": _text(m["status"]),
                "reported_verdict": reported, "disagrees": computed[1], "rule_note": comp.note,
                "figure_note": getattr(outcome, "note", None), "upload_id": m["upload_id"],
                "is_example": bool(m["is_example"]),
            }
        )  # fmt: skip
    return pd.DataFrame(records, columns=_ECONOMY_COLUMNS)


_ECONOMY_COLUMNS = [
    "institution_code", "institution_name", "year", "budget", "result", "deviation", "limit", "unit", "basis",
    "quarters", "computed_verdict", "reported_status", "reported_verdict", "disagrees", "rule_note",
    "figure_note", "upload_id", "is_example",
]  # fmt: skip


def _goal_groups(measures: pd.DataFrame, key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in measures[measures["shared_key"] == key].to_dict("records"):
        groups.setdefault(row["goal_id"], []).append(row)
    return groups


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def alt_comparison(conn: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attraktiv arbejdsplads: (one row per institution × ALT question, one row per institution with the rule).

    Survey years, questions (in the plan's spelling) and what has to happen come from the plan's ALT
    målepunkt: a survey comparison (2024) or a number of ledelsestiltag (STPS 2023, whose survey result
    comes later and is shown beside it when reported).
    """
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions))
    computations = goal_computations(conn, filters, measures)
    dimension_rows, verdict_rows = [], []
    for goal_id, group in _goal_groups(measures, "ALT").items():
        m, comp = group[0], computations[goal_id]
        outcome, rule = comp.outcome, comp.rule
        for d in getattr(outcome, "dimensions", ()):
            dimension_rows.append(
                [m["institution_code"], m["institution_name"], d.name.removeprefix("ALT: "), outcome.baseline_year,
                 d.before, outcome.year, d.after, d.improved]
            )  # fmt: skip
        reported = rules.combined_verdict([_text(r["verdict"]) for r in group])
        computed = _verdict_columns(reported, group, comp)
        verdict_rows.append(
            [m["institution_code"], m["institution_name"], getattr(rule, "baseline_year", None),
             getattr(rule, "survey_year", None), getattr(rule, "basis", None), computed[0], _text(m["status"]),
             reported, computed[1], comp.note, bool(m["is_example"]), computed[3]]
        )  # fmt: skip
    dims = pd.DataFrame(
        dimension_rows,
        columns=["institution_code", "institution_name", "dimension", "baseline_year", "before", "year", "after",
                 "improved"],
    )  # fmt: skip
    verdicts = pd.DataFrame(
        verdict_rows,
        columns=["institution_code", "institution_name", "baseline_year", "year", "basis", "computed_verdict",
                 "reported_status", "reported_verdict", "disagrees", "rule_note", "is_example", "judged_later"],
    )  # fmt: skip
    return dims, verdicts


def shared_goal_measures(conn: duckdb.DuckDBPyConnection, filters: Filters, key: str) -> pd.DataFrame:
    """The målepunkter of one shared goal in every filtered institution (e.g. the KI checkpoints)."""
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions))
    rows = measures[measures["shared_key"] == key].reset_index(drop=True)
    # The målepunkt a plan rule judges carries the rule's verdict beside the reported one, as on every page.
    judged = {comp.measure_id: comp for comp in goal_computations(conn, filters, measures).values()}
    computed = [judged[m].verdict if m in judged else None for m in rows["measure_id"]]
    return rows.assign(
        computed_verdict=computed,
        verdict_mismatch=[rules.disagrees(_text(v), cv) for v, cv in zip(rows["verdict"], computed, strict=True)],
    )


def follow_up_rows_with_computed(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every current follow-up row (queries.all_follow_up_rows) with what the plan's rule gives for it and the
    disagreement mark, as the pages show them: the rule's verdict for the målepunkt a computable goal judges,
    Resultat against Måltal for the others where the plan judges them in the period (for `export`)."""
    frame = queries.all_follow_up_rows(conn)
    computed: dict[tuple[str, str], str | None] = {}
    for year, period in frame[["year", "period"]].drop_duplicates().itertuples(index=False):
        filters = Filters(int(year), period)
        measures = measure_rows(conn, filters)
        judged = {comp.measure_id: comp for comp in goal_computations(conn, filters, measures).values()}
        for measure_id, met in zip(measures["measure_id"], measures["computed_met"], strict=True):
            verdict = (
                judged[measure_id].verdict
                if measure_id in judged
                else rules.verdict_word(None if rules.missing(met) else bool(met))
            )
            computed[(measure_id, period)] = verdict
    frame["computed_verdict"] = [computed.get(key) for key in zip(frame["measure_id"], frame["period"], strict=True)]
    frame["disagreement"] = [
        VERDICT_MISMATCH if rules.disagrees(_text(v), c) else ""
        for v, c in zip(frame["verdict"], frame["computed_verdict"], strict=True)
    ]
    return frame


# --- Over the years -----------------------------------------------------------------------------------


def fulfilment_over_time(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per institution × year × period: målepunkter reported, by status and by verdict (aggregated in SQL)."""
    codes = _codes(filters)
    return _frame(
        conn,
        """
        SELECT r.institution_code, i.name AS institution_name, r.year, r.period,
               count(*) AS measures,
               count(*) FILTER (WHERE rr.status = ?) AS green,
               count(*) FILTER (WHERE rr.status = ?) AS yellow,
               count(*) FILTER (WHERE rr.status = ?) AS red,
               count(rr.verdict) AS judged,
               count(*) FILTER (WHERE rr.verdict = ?) AS met,
               count(*) FILTER (WHERE rr.verdict = ?) AS partly,
               count(*) FILTER (WHERE rr.verdict = ?) AS not_met,
               bool_or(r.is_example) AS is_example
        FROM reports r
        JOIN institutions i ON i.code = r.institution_code
        JOIN report_rows rr ON rr.upload_id = r.upload_id
        JOIN measures m ON m.measure_id = rr.measure_id
        JOIN goals g ON g.goal_id = m.goal_id
        WHERE r.is_current
          AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], r.institution_code))
          AND (?::VARCHAR IS NULL OR g.kind = ?)
        GROUP BY r.institution_code, i.name, r.year, r.period
        ORDER BY r.year, r.period = ?, i.name
        """,
        [*STATUSES, *VERDICTS, codes, codes, filters.goal_kind, filters.goal_kind, Period.YEAR_END],
    )


def koncern_over_time(per_institution: pd.DataFrame) -> pd.DataFrame:
    """The koncern's totals per year × period, with which institutions they hold.

    A total over different institutions is not comparable from one point to the next (2023 was STPS alone,
    2024 the other four), so each point says how many and which institutions it counts (`n`,
    `institutions`), and `segment` changes wherever that set changes: the chart draws the line in pieces
    there instead of joining unlike totals.
    """
    if per_institution.empty:
        return per_institution
    numbers = ["measures", "green", "yellow", "red", "judged", "met", "partly", "not_met"]
    ordered = per_institution.assign(_end=per_institution["period"] == Period.YEAR_END)
    ordered = ordered.sort_values(["year", "_end", "institution_code"], kind="stable")
    total = ordered.groupby(["year", "period"], sort=False, as_index=False).agg(
        **{n: (n, "sum") for n in numbers},
        n=("institution_code", "nunique"),
        institutions=("institution_code", lambda codes: ", ".join(sorted(set(codes)))),
        is_example=("is_example", "any"),
    )
    total["segment"] = (total["institutions"] != total["institutions"].shift()).cumsum()
    total.insert(0, "institution_code", "Koncern")
    total.insert(1, "institution_name", "Koncernen i alt")
    return total


# --- Indberetningsstatus ---------------------------------------------------------------------------------


def report_receipts(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Institution × period for the year's plans: received or not, when and by whom, and the latest upload."""
    codes = _codes(filters)
    frame = _frame(
        conn,
        """
        WITH expected AS (
            SELECT p.institution_code, i.name AS institution_name, p.year, pr.period, pr.ord
            FROM plans p JOIN institutions i ON i.code = p.institution_code
            CROSS JOIN (VALUES (?::VARCHAR, 1), (?::VARCHAR, 2)) pr(period, ord)
            WHERE (?::INTEGER IS NULL OR p.year = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
        ),
        follow_ups AS (
            SELECT * FROM uploads WHERE kind = ?
        ),
        latest AS (
            SELECT institution_code, year, period,
                   arg_max(outcome, upload_id) AS latest_outcome,
                   arg_max(uploaded_at, upload_id) AS latest_at,
                   arg_max(uploaded_by, upload_id) AS latest_by,
                   arg_max(file_name, upload_id) AS latest_file,
                   count(*) FILTER (WHERE outcome = ?) AS rejected_count,
                   count(*) AS upload_count
            FROM follow_ups GROUP BY institution_code, year, period
        )
        SELECT e.institution_code, e.institution_name, e.year, e.period,
               r.upload_id AS accepted_upload_id, u.uploaded_at AS accepted_at, u.uploaded_by AS accepted_by,
               coalesce(r.is_example, FALSE) AS is_example,
               l.latest_outcome, l.latest_at, l.latest_by, l.latest_file,
               coalesce(l.rejected_count, 0) AS rejected_count, coalesce(l.upload_count, 0) AS upload_count
        FROM expected e
        LEFT JOIN reports r ON r.institution_code = e.institution_code AND r.year = e.year
                           AND r.period = e.period AND r.is_current
        LEFT JOIN uploads u ON u.upload_id = r.upload_id
        LEFT JOIN latest l ON l.institution_code = e.institution_code AND l.year = e.year AND l.period = e.period
        ORDER BY e.year DESC, e.institution_name, e.ord
        """,
        [Period.H1, Period.YEAR_END, filters.year, filters.year, codes, codes, WorkbookKind.FOLLOW_UP,
         UploadOutcome.REJECTED],
    )  # fmt: skip
    frame["receipt"] = [
        RECEIPT_ACCEPTED if pd.notna(acc) else (RECEIPT_REJECTED if n else RECEIPT_MISSING)
        for acc, n in zip(frame["accepted_upload_id"], frame["upload_count"], strict=True)
    ]
    return frame


# --- Årsrapport ----------------------------------------------------------------------------------------


def annual_report_table(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Each goal at year-end: the reported verdict, the computed one where the plan has a rule (and whether
    they disagree), and for goals not met the explanation (cause and action, each labelled)."""
    goals = goal_rows(conn, Filters(filters.year, Period.YEAR_END, filters.institutions, filters.goal_kind))
    if goals.empty:
        return goals.assign(explanation_for_report=pd.Series(dtype=str), mismatch_text=pd.Series(dtype=str))
    not_met = goals["verdict"].notna() & (goals["verdict"] != Verdict.MET)
    explanation = [
        labelled_reasons(causes, actions) if flag else ""
        for flag, causes, actions in zip(not_met, goals["causes"], goals["actions"], strict=True)
    ]
    return goals.assign(verdict=goals["verdict"].fillna("Ikke vurderet endnu"), explanation_for_report=explanation)


def mismatch_texts(goals: pd.DataFrame) -> list[str]:
    return [VERDICT_MISMATCH if flagged(flag) else "" for flag in goals["verdict_mismatch"]]


def flagged(value) -> bool:
    """True for a set flag (also numpy's bool); False for unset, None and NaN."""
    return bool(value == True)  # noqa: E712


def labelled_reasons(causes: str | None, actions: str | None) -> str:
    """Cause and action in full, each under its own label, as in the follow-up template."""
    parts = [f"Årsag og konsekvens:\n{causes}" if causes else "", f"Handling:\n{actions}" if actions else ""]
    return "\n\n".join(p for p in parts if p)
