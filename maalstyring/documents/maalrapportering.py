"""Målrapportering for one institution and year, as Økonomistyrelsen's guidance shapes the årsrapport's section.

Part 1: every agreed goal with its målepunkter — resultatkrav in the plan's words, opnået resultat (Økonomisk
styring: aftalt and årets resultat and the signed deviation; ALT: the surveys' scores on the plan's questions) and
opfyldelse per målepunkt and per goal — and a summary line. Part 2: for every goal not fully met, the institution's
analysis (årsag og konsekvens, handling) under the goal's name. Then the plan's changes during the year.

Verdicts are the verdict model's (reading.verdict_model); nothing here judges a goal. The document holds nothing
internal: where the institution's texts or the verdicts need a look, checks() says so before the document is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.documents.errors import DocumentError
from maalstyring.documents.model import Block, Cell, Column, Document, Heading, Paragraph, Row, Table, bounded, clip
from maalstyring.documents.typography import number, signed, with_unit
from maalstyring.reading import institution_view, plan_rows, reporting_status, selection, verdict_model
from maalstyring.reading.selection import Filters
from maalstyring.reading.verdict_model import Computation, flagged
from maalstyring.rulebook.rules import AltOutcome, EconomyOutcome
from vocabulary.formatting import format_date
from vocabulary.terms import GoalKind, Period, Verdict, WorkbookKind
from vocabulary.wording import GOAL_KIND_HEADINGS

EXAMPLE_NOTICE = "EKSEMPELDATA: opdigtede tal og tekster, ikke en institutions indberetning"
NOT_JUDGED = "Ikke vurderet"
TROUBLING = (Verdict.PARTLY, Verdict.NOT_MET)
PART1_COLUMNS = (
    Column("Nr.", 0.6), Column("Resultatkrav", 5.0), Column("Opnået resultat", 3.4), Column("Opfyldelse", 2.1),
)  # fmt: skip

# The plan's own names for its two kinds of goals. The koncern's 2023 plan template named them "Koncern-
# understøttende" and "Styrelsesspecifikke" (STPS 2023, tabel 1 and 2); from 2024 "Koncernfælles" and
# "Institutionsspecifikke". The plan workbook carries only the kind, so the year names the template.
KIND_NAMES: dict[int, dict[str, str]] = {
    2023: {GoalKind.SHARED: "Koncernunderstøttende mål", GoalKind.SPECIFIC: "Styrelsesspecifikke mål"},
}
DEFAULT_KIND_NAMES: dict[str, str] = GOAL_KIND_HEADINGS


def kind_name(kind: str, year: int) -> str:
    return KIND_NAMES.get(year, DEFAULT_KIND_NAMES).get(kind, kind)


@dataclass(frozen=True)
class Maalrapportering:
    """What the document says, read from the database through the dashboards' read models."""

    header: dict
    goals: pd.DataFrame  # reporting_status.annual_report_table: one row per goal, verdicts from the verdict model
    measures: pd.DataFrame  # plan_rows.measure_rows at year-end: one row per målepunkt, the plan's own wording
    computations: dict[str, Computation]  # goal → what the plan's rule computes (economy, ALT)
    has_report: bool
    is_example: bool
    plan_changes: list[str]


def gather(conn: Connection, code: str, year: int) -> Maalrapportering:
    code = code.strip().upper()
    header = institution_view.plan_header(conn, code, year)
    if header is None:
        known = ", ".join(f"{inst} {y}" for inst, y in selection.plan_years_of(conn, (code,)))
        raise DocumentError(
            f"Der er ingen mål- og resultatplan for {code} {year}."
            + (f" Der er planer for {known}." if known else " Tjek institutionskoden.")
        )
    filters = Filters(year, Period.YEAR_END, (code,))
    goals = reporting_status.annual_report_table(conn, filters).sort_values("goal_order").reset_index(drop=True)
    measures = plan_rows.measure_rows(conn, filters)
    return Maalrapportering(
        header=header,
        goals=goals,
        measures=measures,
        computations=verdict_model.goal_computations(conn, filters, measures),
        has_report=bool(measures["upload_id"].notna().any()),
        is_example=bool(measures["is_example"].astype(bool).any()),
        plan_changes=plan_changes(conn, code, year),
    )


def plan_changes(conn: Connection, code: str, year: int) -> list[str]:
    """Each time a changed plan replaced the earlier one for the same year, in the årsrapport's words."""
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT u.uploaded_at, prev.uploaded_at
            FROM uploads u LEFT JOIN uploads prev ON prev.upload_id = u.supersedes_upload_id
            WHERE u.kind = ? AND u.institution_code = ? AND u.year = ? AND u.supersedes_upload_id IS NOT NULL
            ORDER BY u.uploaded_at, u.upload_id
            """,
            [WorkbookKind.PLAN, code, year],
        )
        .fetchall()
    )
    return [
        f"Den {format_date(at)} afløste en ændret mål- og resultatplan planen fra den {format_date(before)}."
        for at, before in rows
    ]


def build(conn: Connection, code: str, year: int) -> Document:
    """The document; DocumentError (Danish) when there is no plan for the institution and year."""
    return document(gather(conn, code, year))


def document(data: Maalrapportering) -> Document:
    head = data.header
    year = int(head["year"])
    blocks: list[Block] = [Paragraph(_agreement(head))]
    if data.is_example:
        blocks.append(Paragraph("Tallene og teksterne er eksempeldata og må ikke bruges i en årsrapport.", strong=True))
    if not data.has_report:
        blocks.append(Paragraph(
            f"Der er endnu ingen opfølgning ved årsafslutning for {year}. Tabellen viser planens mål og "
            "målepunkter uden resultater.", strong=True,
        ))  # fmt: skip
    blocks += _part1(data, year)
    blocks += _part2(data)
    blocks += _changes(data, year)
    return Document(
        title=f"Målrapportering {year}",
        subtitle=(f"{head['name']} ({head['code']})",),
        author=str(head["name"]),
        running_head=f"{head['name']} · Årsrapport {year} · Målrapportering",
        blocks=bounded(blocks),
        example_notice=EXAMPLE_NOTICE if data.is_example else "",
    )


def _agreement(head: dict) -> str:
    """Who signed the plan, with the dates where the plan has them (checks() names a missing one)."""
    signers = [
        f"{role} {name}" + (f" den {format_date(signed_on)}" if not pd.isna(signed_on) else "")
        for role, name, signed_on in (
            ("direktør", head["director"], head["director_signed"]),
            ("departementschef", head["secretary"], head["secretary_signed"]),
        )
        if isinstance(name, str) and name.strip()
    ]
    said = f"Afsnittet om mål og resultater i årsrapporten for {head['year']}"
    said += f", opgjort ud fra mål- og resultatplanen for {head['year']}"
    return said + (f", underskrevet af {' og '.join(signers)}." if signers else ".")


def _part1(data: Maalrapportering, year: int) -> list[Block]:
    blocks: list[Block] = [Heading("Målopfyldelse", 1)]
    blocks.append(Paragraph(
        "Tabellen viser alle mål i mål- og resultatplanen med deres målepunkter: resultatkravet med planens ord, "
        "det opnåede resultat og opfyldelsen af hvert målepunkt og af målet som helhed."
    ))  # fmt: skip
    by_goal = {goal_id: rows for goal_id, rows in data.measures.groupby("goal_id", sort=False)}
    for number_, (kind, goals) in enumerate(data.goals.groupby("kind", sort=False), start=1):
        rows = []
        for goal in goals.itertuples():
            measures = by_goal[goal.goal_id]
            first = measures.iloc[0]
            verdict = goal.verdict if data.has_report and goal.verdict in (*TROUBLING, Verdict.MET) else NOT_JUDGED
            rows.append(Row((
                Cell(f"{goal.goal_nr}. {first['plan_title']}", span=3, strong=True,
                     detail=_objective(first["objective"], measures)),
                Cell(verdict, strong=True, tone=verdict),
            ), role="group"))  # fmt: skip
            computation = data.computations.get(goal.goal_id)
            for m in measures.itertuples():
                m_verdict = m.verdict if isinstance(m.verdict, str) and data.has_report else NOT_JUDGED
                rows.append(Row((
                    Cell(str(m.measure_nr)), Cell(clip(m.measure_text)),
                    Cell(clip(achieved(m, computation)) if data.has_report else "–"),
                    Cell(m_verdict, tone=m_verdict),
                )))  # fmt: skip
        blocks.append(Table(PART1_COLUMNS, tuple(rows), caption=f"Tabel {number_}. {kind_name(kind, year)} i {year}"))
    blocks.append(Paragraph(summary(data), strong=True))
    return blocks


def summary(data: Maalrapportering) -> str:
    """'I alt: 4 af 7 mål opfyldt, 2 delvist opfyldt og 1 ikke opfyldt' in the reported verdicts."""
    total = len(data.goals)
    counted = data.goals["verdict"].value_counts() if data.has_report else pd.Series(dtype=int)
    met, partly, not_met = (int(counted.get(v, 0)) for v in (Verdict.MET, Verdict.PARTLY, Verdict.NOT_MET))
    said = f"I alt: {met} af {total} mål opfyldt"
    rest = [f"{partly} delvist opfyldt" if partly else "", f"{not_met} ikke opfyldt" if not_met else ""]
    rest = [r for r in rest if r]
    if rest:
        said += ", " + " og ".join(rest) if len(rest) == 2 else f" og {rest[0]}"
    unjudged = total - met - partly - not_met
    if unjudged:
        said += f"; {unjudged} ikke vurderet"
    return said + "."


def _objective(objective, measures: pd.DataFrame) -> str:
    """The goal's own text under its name, unless it only repeats the målepunkter's (STPS writes them there)."""
    if not isinstance(objective, str) or not objective.strip():
        return ""
    flat = " ".join(objective.split())
    texts = [" ".join(str(t).split()) for t in measures["measure_text"] if isinstance(t, str)]
    if any(t[:60] in flat or flat[:60] in t for t in texts):
        return ""
    return clip(objective)


def achieved(m, computation: Computation | None) -> str:
    """Opnået resultat of one målepunkt: the rule's figures where the plan computes it, the reported result with
    its unit, or the institution's own assessment of a målepunkt without a number."""
    if computation is not None and computation.measure_id == m.measure_id and computation.outcome is not None:
        said = _economy(computation) if hasattr(computation.outcome, "deviation") else _alt(computation, m)
        if said:
            return said
    if isinstance(m.actual, int | float) and not pd.isna(m.actual):
        return with_unit(number(m.actual, 1 if m.unit == "mio. kr." else None), m.unit)
    if isinstance(m.assessment, str) and m.assessment.strip():
        return m.assessment
    return "–"


def _economy(computation: Computation) -> str:
    outcome, rule = computation.outcome, computation.rule
    if not isinstance(outcome, EconomyOutcome) or outcome.budget is None or outcome.result is None:
        return ""
    quarterly = getattr(rule, "quarterly", False)
    lines = [
        f"{'Grundbudget' if quarterly else 'Aftalt resultat'}: {with_unit(number(outcome.budget, 1), 'mio. kr.')}",
        f"{'Årets forbrug' if quarterly else 'Årets resultat'}: {with_unit(number(outcome.result, 1), 'mio. kr.')}",
    ]
    if quarterly and outcome.quarters:
        lines.append("Afvigelse pr. kvartal: " + ", ".join(
            f"{q.quarter}. kvt. {signed(q.deviation_pct, 1)} pct." for q in outcome.quarters
        ))  # fmt: skip
    elif outcome.deviation is not None:
        lines.append(f"Afvigelse: {with_unit(signed(outcome.deviation, 1), outcome.unit)}")
    return "\n".join(lines)


def _alt(computation: Computation, m) -> str:
    outcome = computation.outcome
    if not isinstance(outcome, AltOutcome):  # _economy's, or none
        return ""
    scores = [d for d in getattr(outcome, "dimensions", ()) if d.before is not None or d.after is not None]
    lines = []
    if isinstance(m.actual, int | float) and not pd.isna(m.actual):
        lines.append(with_unit(number(m.actual), m.unit))
    for d in scores:
        name = d.name.removeprefix("ALT: ")
        lines.append(
            f"{name}: {number(d.before) or '–'} ({outcome.baseline_year}), {number(d.after) or '–'} ({outcome.year})"
        )
    return "\n".join(lines)


def _part2(data: Maalrapportering) -> list:
    blocks: list = [Heading("Analyse af mål, der ikke er fuldt opfyldt", 1)]
    if not data.has_report:
        return [*blocks, Paragraph("Analysen følger, når opfølgningen ved årsafslutning foreligger.")]
    troubled = [g for g in data.goals.itertuples() if not_fully_met(g)]
    if not troubled:
        return [*blocks, Paragraph("Alle mål er opfyldt.")]
    by_goal = {goal_id: rows for goal_id, rows in data.measures.groupby("goal_id", sort=False)}
    kind = None
    for goal in troubled:
        measures = by_goal[goal.goal_id]
        if goal.kind != kind:  # numbers restart with the institution's own goals: each kind has its heading
            kind = goal.kind
            blocks.append(Heading(kind_name(kind, int(data.header["year"])), 2))
        blocks.append(Heading(f"{goal.goal_nr}. {measures.iloc[0]['plan_title']}", 3))
        blocks.append(Paragraph(f"{goal.verdict}.", label="Opfyldelse:"))
        labelled = len(measures) > 1
        for heading, column in (("Årsag og konsekvens", "cause"), ("Handling", "action")):
            said = [(m.measure_nr, getattr(m, column)) for m in measures.itertuples()
                    if isinstance(getattr(m, column), str) and getattr(m, column).strip()]  # fmt: skip
            if said:
                blocks.append(Heading(heading, 4))
                blocks += [Paragraph(clip(text), label=f"Målepunkt {nr}:" if labelled else "") for nr, text in said]
    return blocks


def not_fully_met(goal) -> bool:
    """Part 2 analyses a goal whose reported verdict is not Opfyldt (a computed one is checks()' business)."""
    return goal.verdict in TROUBLING


def _changes(data: Maalrapportering, year: int) -> list:
    blocks: list = [Heading("Ændringer i mål- og resultatplanen", 1)]
    if not data.plan_changes:
        return [*blocks, Paragraph(f"Mål- og resultatplanen for {year} er ikke ændret i løbet af året.")]
    return blocks + [Paragraph(change) for change in data.plan_changes]


def checks(data: Maalrapportering) -> list[str]:
    """'Før du sender': what to look at before the document goes into the årsrapport, each naming its goal."""
    head, found = data.header, []
    by_goal = {goal_id: rows for goal_id, rows in data.measures.groupby("goal_id", sort=False)}
    if not data.has_report:
        found.append(
            f"Der er ingen opfølgning ved årsafslutning for {head['year']} endnu: tabellen har ingen resultater."
        )
    if data.is_example:
        found.append(
            "Opfølgningen er eksempeldata (opdigtede tal og tekster): dokumentet må ikke bruges i årsrapporten."
        )
    for goal in data.goals.itertuples():
        name = f"Mål {goal.goal_nr}. {by_goal[goal.goal_id].iloc[0]['plan_title']}"
        if data.has_report and flagged(goal.verdict_mismatch):
            found.append(f"{name}: indberettet som {str(goal.verdict).lower()}, men planens regel giver "
                         f"{str(goal.computed_verdict).lower()}.")  # fmt: skip
        if data.has_report and not_fully_met(goal):
            measures = by_goal[goal.goal_id]
            for label, column in (("årsag og konsekvens", "cause"), ("handling", "action")):
                if not any(isinstance(t, str) and t.strip() for t in measures[column]):
                    found.append(f"{name}: er {str(goal.verdict).lower()}, men opfølgningen mangler {label}.")
    for role, name, signed_on in (("direktør", head["director"], head["director_signed"]),
                                  ("departementschef", head["secretary"], head["secretary_signed"])):  # fmt: skip
        who = f"{role} {name}" if isinstance(name, str) and name.strip() else role
        if pd.isna(signed_on):
            found.append(f"Planen mangler datoen for underskrift af {who}.")
    return found


def checks_for(conn: Connection, code: str, year: int) -> list[str]:
    """checks() of the institution's Målrapportering for the year; nothing when there is no plan to check."""
    try:
        return checks(gather(conn, code, year))
    except DocumentError:
        return []


def file_name(code: str, year: int, suffix: str) -> str:
    return f"Maalrapportering_{code.upper()}_{year}.{suffix}"
