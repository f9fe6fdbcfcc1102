"""The leadership pages' largest tables, built once per data version and filters and kept as finished HTML.

Building them took most of a page's script time at 30 institutions (Koncernoverblik's goal matrix: a label and a
cell per goal, a pivot, the own goals by name; Koncernfælles mål's matrix per shared goal), on every view by
every leader, of the same data. ui/cache.py keys these on (database, data version, arguments), as it does the
read models, so a view only pays for them after something was written. What comes back is escaped HTML from
ui.tables.table_html and plain values: nothing in it is rendered as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from maalstyring.database import queries
from maalstyring.reading import comparisons, goal_table, institution_view, verdict_model
from maalstyring.reading.institution_view import InstitutionGoal
from maalstyring.reading.selection import Filters
from maalstyring.rulebook import rules
from maalstyring.rulebook.plan_rules import MEASURED_AT_YEAR_END
from ui.figures import Chart, status_figure
from ui.status import (
    OWN_GOAL_PREFIX,
    OWN_GOALS,
    cell_style,
    example_marker,
    matrix_cell,
    own_goals_column,
    status_badge,
    verdict_badge,
    verdict_pair,
)
from ui.tables import details_html, escape, paragraph, table_html
from vocabulary.formatting import format_number, format_target, institution_labels, is_missing, is_true
from vocabulary.terms import PERIODS, Period, Status
from vocabulary.wording import GOAL_KIND_HEADINGS


def goal_matrix(conn, filters: Filters, institution_link: str) -> str:
    """Koncernoverblik's matrix: shared goals in a column each, the institution's own goals by name in one; each
    institution's name links to the Institution page (`institution_link` + the label the page's choice knows)."""
    goals = goal_table.goal_rows(conn, filters)
    year_end = filters.period == Period.YEAR_END
    goals["column"] = [goal_table.goal_column_label(g) for g in goals.itertuples()]
    goals["cell"] = [matrix_cell(g, year_end) for g in goals.itertuples()]
    goals["institution"] = institution_labels(goals["institution_name"], goals["institution_code"])
    is_own = goals["column"].str.startswith(OWN_GOAL_PREFIX)  # as goal_table.goal_column_label names them
    shared = [column for column in goal_table.matrix_columns(goals) if not column.startswith(OWN_GOAL_PREFIX)]
    matrix = goals[~is_own].pivot_table(
        index="institution", columns="column", values="cell", aggfunc="first", sort=False
    )
    matrix = matrix.reindex(index=list(dict.fromkeys(goals["institution"])), columns=shared)
    # Own goals by name, one line each, in one column: "Eget mål 2" was a different goal in every row (issue 14).
    if is_own.any():
        matrix[OWN_GOALS] = own_goals_column(goals[is_own], matrix.index)
    matrix = matrix.fillna("").reset_index().rename(columns={"institution": "Institution"})
    addresses = [institution_link + quote(label) for label in matrix["Institution"]]
    return table_html(matrix, cell_style, shared, links={"Institution": addresses})


@dataclass(frozen=True)
class Overview:
    """Koncernoverblik's figures, chart and cause-and-action list for one set of filters, all from one read of the
    goals. The page used to build them on every view from the goal frame: pandas work, and hashing the frame to
    find the chart in its cache, were most of the page's script time at 30 institutions (docs/BENCHMARKS.md)."""

    goals: int  # goals matching the filters; 0 and the page says how to widen them
    status_counts: dict[str, int]  # rolled-up status (Ikke indberettet included) → goals
    verdict_counts: dict[str, int]  # reported verdict → goals (at year-end)
    mismatches: int  # goals where the plan's rule and the reported verdict disagree
    status_chart: Chart | None  # goals per status for each institution, worst first (ui/figures.py)
    troubled_pages: tuple[str, ...]  # HTML tables of TROUBLED_PER_PAGE yellow, red or disagreeing goals, red first
    troubled: int  # how many such goals in all


# Cause and action in full in the table itself (it wraps), not cut off in a canvas cell; red first, 25 goals a page:
# at 30 institutions the list ran to some 150 goals, over 1.000 cells drawn at once.
TROUBLED_PER_PAGE = 25
TROUBLED_TEXT_COLUMNS = ("Årsag og konsekvens", "Handling", "Sådan er status fundet")


def overview(conn, filters: Filters) -> Overview:
    goals = goal_table.goal_rows(conn, filters)
    listing = troubled_listing(goals)
    pages = tuple(
        table_html(listing.iloc[first : first + TROUBLED_PER_PAGE], cell_style, ["Status"], TROUBLED_TEXT_COLUMNS)
        for first in range(0, len(listing), TROUBLED_PER_PAGE)
    )
    return Overview(
        goals=len(goals),
        status_counts=goal_table.status_counts(goals),
        verdict_counts=goal_table.verdict_counts(goals),
        mismatches=verdict_model.verdict_mismatch_count(goals),
        status_chart=status_figure(goals) if len(goals) else None,
        troubled_pages=pages,
        troubled=len(listing),
    )


def troubled_listing(goals: pd.DataFrame) -> pd.DataFrame:
    """The yellow and red goals and those where rule and report disagree, red first, with cause and action."""
    troubled = goals[goals["status"].isin([Status.YELLOW, Status.RED]) | (goals["verdict_mismatch"] == True)].copy()  # noqa: E712
    troubled["rank"] = troubled["status"].map({Status.RED: 0, Status.YELLOW: 1}).fillna(2)
    troubled = troubled.sort_values(["rank", "institution_name", "goal_order"])
    listing = troubled.assign(
        Status=troubled["status"].map(status_badge),
        Opfyldelse=[verdict_pair(v, cv, mm) for v, cv, mm in
                    zip(troubled["verdict"], troubled["computed_verdict"], troubled["verdict_mismatch"], strict=True)],
        Mål=troubled["goal_nr"] + ". " + troubled["title"],
        Eksempeldata=troubled["is_example"].map(example_marker),
        **{"Årsag og konsekvens": troubled["causes"], "Handling": troubled["actions"]},
    ).rename(
        columns={"institution_code": "Institution", "explanation": "Sådan er status fundet"}
    )  # fmt: skip
    return listing[["Institution", "Status", "Opfyldelse", "Mål", *TROUBLED_TEXT_COLUMNS, "Eksempeldata"]]


@dataclass(frozen=True)
class MeasureMatrix:
    html: str  # institution × målepunkt of one shared goal
    measures: list[tuple]  # (målepunkt number, its text) as the plan has them, for the caption under the table
    nothing_reported: bool  # no institution has reported on the goal for the period


def shared_goal_matrix(conn, filters: Filters, key: str) -> MeasureMatrix | None:
    """Koncernfælles mål's table for one shared goal (e.g. the three KI checkpoints); None when no plan has it."""
    rows = comparisons.shared_goal_measures(conn, filters, key)
    if rows.empty:
        return None
    year_end = filters.period == Period.YEAR_END
    rows = rows.assign(
        column="Målepunkt " + rows["measure_nr"],
        cell=[matrix_cell(r, year_end) for r in rows.itertuples()],
        institution=institution_labels(rows["institution_name"], rows["institution_code"]),
    )  # fmt: skip
    matrix = rows.pivot_table(index="institution", columns="column", values="cell", aggfunc="first", sort=False)
    columns = list(matrix.columns)
    html = table_html(matrix.reset_index().rename(columns={"institution": "Institution"}), cell_style, columns)
    texts = rows.drop_duplicates("measure_nr")
    measures = [(r.measure_nr, r.measure_text) for r in texts.itertuples()]
    return MeasureMatrix(html, measures, bool(rows["status"].isna().all()))


@dataclass(frozen=True)
class GoalSection:
    goal: InstitutionGoal
    summary: str  # "Mål 1: Kunstig intelligens — 1. halvår: ✓ Grøn · Årsafslutning: ✕ Rød, ! Delvist opfyldt"
    body_html: str  # the objective, each period's roll-up and its explanation, then the goal's two tables


def institution_goals(conn, code: str, year: int, goal_kind: str | None) -> list[GoalSection]:
    """The Institution page's goals, shared goals first, each with its two tables (all goals' rows are formatted in
    one go and split by goal: per goal, pandas cost more than the page)."""
    rows = institution_view.institution_periods(conn, code, year, goal_kind)
    table = measure_table(rows)
    goals_by_period = {
        period: goal_table.goal_rows(conn, Filters(year, period, (code,), goal_kind)) for period in PERIODS
    }
    sections = []
    for goal in institution_view.institution_goals(rows, goals_by_period):
        measures = table.iloc[list(goal.positions)]
        said = table_html(measures[SAID], cell_style, ["Status"], ["Vurdering", "Årsag og konsekvens", "Handling"])
        numbers = table_html(measures[NUMBERS], cell_style, ["Opfyldelse", "Resultat mod måltal"])
        rollups = [
            paragraph(rollup["explanation"], f"{period}: {status_badge(rollup['status'])}{verdict_words(rollup)}.")
            for period, rollup in goal.rollups.items()
            if rollup is not None
        ]
        summary = " · ".join(
            f"{period}: {status_badge(r['status'] if r else None)}" + verdict_words(r)
            for period, r in goal.rollups.items()
        )
        body = paragraph(goal.objective, "Mål:") + "".join(rollups) + said + numbers
        sections.append(GoalSection(goal, f"Mål {goal.nr}: {goal.title} — {summary}", body))
    return sections


def verdict_words(goal: dict | None) -> str:
    """', ✓ Opfyldt · ⚠ beregnet ✕ Ikke opfyldt' after the status, as on the overview."""
    if goal is None:
        return ""
    shown = verdict_pair(goal["verdict"], goal["computed_verdict"], goal["verdict_mismatch"])
    return f", {shown}" if shown else ""


def measure_table(rows):
    """Each målepunkt × period: status, verdict, target against actual, assessment, cause and action."""
    targets = zip(rows["target"], rows["unit"], rows["direction"], strict=True)
    table = rows.assign(
        Målepunkt=rows["measure_nr"] + ". " + rows["measure_text"],
        Periode=rows["period"],
        Status=rows["status"].map(status_badge),
        Opfyldelse=rows["verdict"].map(verdict_badge),
        Måltal=[format_target(t, u, d) for t, u, d in targets],
        Resultat=[
            f"{format_number(a)} {u if isinstance(u, str) else ''}".strip() if not is_missing(a) else ""
            for a, u in zip(rows["actual"], rows["unit"], strict=True)
        ],
        **{
            "Resultat mod måltal": [
                verdict_badge(rules.verdict_word(bool(met)))
                if not is_missing(met)
                # A whole year's target at 1. halvår: said, not judged against the half year's Resultat.
                else MEASURED_AT_YEAR_END
                if not is_true(now) and not is_missing(t) and not is_missing(a)
                else ""
                for met, now, t, a in zip(
                    rows["computed_met"], rows["judged_now"], rows["target"], rows["actual"], strict=True
                )
            ]
        },
        Eksempeldata=rows["is_example"].map(example_marker),
    ).rename(columns={"assessment": "Vurdering", "cause": "Årsag og konsekvens", "action": "Handling"})
    # An empty cell, not "None", where nothing was written (a green målepunkt needs no cause or action).
    table[["Vurdering", "Årsag og konsekvens", "Handling"]] = table[
        ["Vurdering", "Årsag og konsekvens", "Handling"]
    ].fillna("")
    return table


# What was said comes before the numbers: the assessment, cause and action are what leadership reads. Two tables,
# so that every column is in view at 1440 px and the running texts get a reading width (ui/tables.py).
SAID = ["Målepunkt", "Periode", "Status", "Vurdering", "Årsag og konsekvens", "Handling"]
NUMBERS = ["Målepunkt", "Periode", "Opfyldelse", "Måltal", "Resultat", "Resultat mod måltal", "Eksempeldata"]


# Planer's headings over each plan's goals, shared goals first.
PLAN_GOAL_KINDS = tuple(GOAL_KIND_HEADINGS.items())
KIND_HEADING_CLASS = "ms-kind"  # ui/readable.css: sized like st.subheader
PLAN_HEADING_CLASS = "ms-plan"  # ui/readable.css: sized like st.header


def plan_sections(plans: list[dict], goal_lists: dict[str, str]) -> str:
    """Planer's shown plans as one HTML block: each plan's heading (its institution's name escaped) over its goals
    (plan_goal_lists). One block for a page of ten plans instead of a heading and a block each: every element
    costs a fresh load of the page."""
    return "".join(
        f'<h2 class="{PLAN_HEADING_CLASS}">{escape(plan["institution_name"])} – mål- og resultatplan '
        f"{int(plan['year'])}</h2>" + goal_lists.get(plan["plan_id"], "")
        for plan in plans
    )


def plan_goal_lists(conn, plan_ids: list[str]) -> dict[str, str]:
    """Planer's goals as one HTML block per plan: under a heading per kind, every goal as a closed disclosure with
    its objective, type, målepunkter with their targets, and remarks, in plan order. Only the labels and headings
    are markup; the plan's own text is escaped and shows as typed."""
    details = queries.goals_with_measures(conn, plan_ids)
    goals: dict[str, dict[str, list[dict]]] = {}  # plan → goal → its målepunkter, in plan order
    for row in details.to_dict("records"):
        goals.setdefault(row["plan_id"], {}).setdefault(row["goal_id"], []).append(row)
    blocks: dict[str, str] = {}
    for plan_id, plan_goals in goals.items():
        parts = []
        for kind, heading in PLAN_GOAL_KINDS:
            of_kind = [rows for rows in plan_goals.values() if rows[0]["kind"] == kind]
            if of_kind:
                parts.append(f'<h3 class="{KIND_HEADING_CLASS}">{heading}</h3>')
                parts += [_goal_details(rows) for rows in of_kind]
        blocks[plan_id] = "".join(parts)
    return blocks


def _goal_details(rows: list[dict]) -> str:
    first = rows[0]
    body = _goal_text(first, [m for m in rows if isinstance(m["measure_id"], str)])
    return details_html(f"Mål {first['goal_nr']}: {first['title']}", body, False)


def _goal_text(goal: dict, measures: list[dict]) -> str:
    parts = [paragraph(goal["objective"], "Mål:")]
    if isinstance(goal["goal_type"], str):
        parts.append(paragraph(goal["goal_type"], "Type af mål:"))
    lines = []
    for m in measures:
        target = format_target(m["target"], m["unit"], m["direction"])
        # "1." as the plan numbers it (an HTML list would renumber it); the target after it, in italics.
        line = f"{escape(m['measure_nr'])}. {escape(m['measure_text'])}"
        lines.append(line + (f" <em>(måltal: {escape(target)})</em>" if target else ""))
    parts.append("<p><strong>Målepunkter:</strong><br>" + "<br>".join(lines) + "</p>")
    if isinstance(goal["remarks"], str):
        parts.append(paragraph(goal["remarks"], "Bemærkninger:"))
    return "".join(parts)
