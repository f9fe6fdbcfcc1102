"""Målrapportering for one institution and year, as Økonomistyrelsen's guidance shapes the årsrapport's section:
part 1 a table of every goal in the mål- og resultatplan and whether it was met, part 2 an analysis of each goal
not fully met (prefilled with what the institution reported, under headings it can edit), and the plan's
changes during the year.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from maalstyring import dashboard
from maalstyring.dashboard import Filters
from maalstyring.documents import word
from maalstyring.documents.errors import DocumentError
from maalstyring.documents.verdicts import met_count, not_fully_met, text, verdict_lines
from vocabulary.formatting import format_date, format_datetime, format_number, format_target
from vocabulary.terms import GoalKind, Period, WorkbookKind

PART1_HEADERS = ("Mål", "Målepunkt", "Måltal", "Resultat", "Opfyldelse")
PART1_WIDTHS = (4.2, 5.6, 2.4, 1.8, 2.6)


@dataclass(frozen=True)
class Maalrapportering:
    """What the document says, read from the database through the dashboards' read models."""

    header: dict
    goals: pd.DataFrame  # dashboard.annual_report_table: one row per goal, verdicts as the dashboards show them
    measures: pd.DataFrame  # dashboard.measure_rows at year-end: one row per målepunkt, the plan's own wording
    has_report: bool
    is_example: bool
    plan_changes: list[str]


def gather(conn: duckdb.DuckDBPyConnection, code: str, year: int) -> Maalrapportering:
    code = code.strip().upper()
    header = dashboard.plan_header(conn, code, year)
    if header is None:
        known = ", ".join(f"{inst} {y}" for inst, y in dashboard.plan_years_of(conn, (code,)))
        raise DocumentError(
            f"Der er ingen mål- og resultatplan for {code} {year} i Målstyring."
            + (f" Der er planer for {known}." if known else " Tjek institutionskoden.")
        )
    filters = Filters(year, Period.YEAR_END, (code,))
    goals = dashboard.annual_report_table(conn, filters).sort_values("goal_order").reset_index(drop=True)
    measures = dashboard.measure_rows(conn, filters)
    return Maalrapportering(
        header=header,
        goals=goals,
        measures=measures,
        has_report=bool(measures["upload_id"].notna().any()),
        is_example=bool(measures["is_example"].astype(bool).any()),
        plan_changes=plan_changes(conn, code, year),
    )


def plan_changes(conn: duckdb.DuckDBPyConnection, code: str, year: int) -> list[str]:
    """Each accepted plan upload that replaced an earlier one for the same year, in Danish."""
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT u.uploaded_at, u.uploaded_by, u.file_name, prev.uploaded_at
            FROM uploads u LEFT JOIN uploads prev ON prev.upload_id = u.supersedes_upload_id
            WHERE u.kind = ? AND u.institution_code = ? AND u.year = ? AND u.supersedes_upload_id IS NOT NULL
            ORDER BY u.uploaded_at, u.upload_id
            """,
            [WorkbookKind.PLAN, code, year],
        )
        .fetchall()
    )
    return [
        f"{format_datetime(at)}: planen blev erstattet af en ændret plan ({file}, indlæst af {by}); "
        f"den tidligere plan var indlæst {format_datetime(before)}."
        for at, by, file, before in rows
    ]


def build(conn: duckdb.DuckDBPyConnection, code: str, year: int) -> bytes:
    """The .docx; DocumentError (Danish) when there is no plan for the institution and year."""
    data = gather(conn, code, year)
    head = data.header
    doc = word.new_document(f"Målrapportering {head['name']} {year}")
    word.running_header(doc, f"{head['name']} · Årsrapport {year} · Målrapportering", data.is_example)
    doc.add_paragraph(f"Målrapportering {year}", style="Title")
    doc.add_paragraph(f"{head['name']} ({head['code']})").runs[0].bold = True
    doc.add_paragraph(
        f"Afsnittet om mål og resultater i årsrapporten for {year}, dannet af Målstyring ud fra mål- og "
        f"resultatplanen for {year} og institutionens opfølgning ved årsafslutning. Planen er underskrevet af "
        f"{text(head['director']) or 'direktøren'} ({format_date(head['director_signed'])}) og "
        f"{text(head['secretary']) or 'departementschefen'} ({format_date(head['secretary_signed'])})."
    )
    if data.is_example:
        doc.add_paragraph(
            "Indberetningen bag dette dokument er eksempeldata: opdigtede tal og tekster, der følger med Målstyring "
            "til afprøvning. Dokumentet må ikke bruges i en årsrapport."
        ).runs[0].bold = True
    if not data.has_report:
        doc.add_paragraph(
            f"Der er endnu ingen indberetning ved årsafslutning for {year}. Tabellen viser planens mål og "
            "målepunkter uden resultater; opfyldelsen udfyldes, når opfølgningen er indlæst."
        ).runs[0].bold = True
    _part1(doc, data)
    _part2(doc, data)
    _changes(doc, data)
    return word.to_bytes(doc)


def _part1(doc, data: Maalrapportering) -> None:
    doc.add_heading("Del 1. Målopfyldelse", level=1)
    met, total = met_count(data.goals)
    doc.add_paragraph(
        "Tabellen viser alle mål i mål- og resultatplanen med målepunkter, måltal og resultat, og om målet er "
        "opfyldt, som institutionen har indberettet det. Hvor planen har en regel for, hvordan målet beregnes "
        "(Økonomisk styring og Attraktiv arbejdsplads), står den beregnede opfyldelse under den indberettede."
    )
    grid = word.table(doc, PART1_HEADERS, PART1_WIDTHS)
    by_goal = {goal_id: rows for goal_id, rows in data.measures.groupby("goal_id", sort=False)}
    kind = None
    for goal in data.goals.itertuples():
        if goal.kind != kind:  # numbers restart with the institution's own goals, so each kind has its heading
            kind = goal.kind
            _section_row(grid, KIND_HEADINGS.get(kind, kind))
        rows = by_goal[goal.goal_id]
        first = rows.iloc[0]
        goal_text = f"{goal.goal_nr}. {first['plan_title']}"
        verdict = verdict_lines(goal.verdict if data.has_report else None, goal.computed_verdict, goal.verdict_mismatch)
        added = []
        for m in rows.itertuples():
            added.append(
                word.add_row(
                    grid,
                    [goal_text, f"{m.measure_nr}. {m.measure_text}", format_target(m.target, m.unit, m.direction),
                     _result(m.actual, m.unit), verdict],
                )
            )  # fmt: skip
        if len(added) > 1:  # the goal and its verdict once, beside all its målepunkter
            for col in (0, 4):
                merged = added[0].cells[col].merge(added[-1].cells[col])
                word.write_cell(merged, goal_text if col == 0 else verdict, bold=col == 0)
        else:
            word.write_cell(added[0].cells[0], goal_text, bold=True)
    total_row = grid.add_row()
    merged = total_row.cells[0].merge(total_row.cells[4])
    word.write_cell(merged, f"I alt: {met} af {total} mål opfyldt", bold=True, size=9.5)
    word.shade(merged, word.HEADER_FILL)
    word.set_widths(grid, PART1_WIDTHS)


KIND_HEADINGS = {GoalKind.SHARED: "Koncernfælles mål", GoalKind.SPECIFIC: "Institutionsspecifikke mål"}
ONE_GOAL = {GoalKind.SHARED: "Koncernfælles mål", GoalKind.SPECIFIC: "Institutionens eget mål"}


def _section_row(grid, label: str) -> None:
    row = grid.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    word.write_cell(merged, label, bold=True, size=9.5)
    word.shade(merged, "EEF1F5")


def _result(actual, unit) -> str:
    if actual is None or pd.isna(actual):
        return "–"
    return " ".join(p for p in (format_number(actual, 1 if unit == "mio. kr." else None), text(unit)) if p)


def _part2(doc, data: Maalrapportering) -> None:
    doc.add_heading("Del 2. Analyse af mål, der ikke er fuldt opfyldt", level=1)
    troubled = [g for g in data.goals.itertuples() if not_fully_met(g)]
    if not data.has_report:
        doc.add_paragraph("Der er ingen indberetning ved årsafslutning endnu, så der er intet at analysere.")
        return
    if not troubled:
        doc.add_paragraph("Alle mål er opfyldt, både som indberettet og hvor planens regel beregner opfyldelsen.")
        return
    doc.add_paragraph(
        "Væsentlige mål, der ikke er opfyldt, skal altid analyseres: hvorfor gik det, som det gik, og hvilke "
        "forhold (også eksterne) påvirkede resultatet. Teksterne nedenfor er institutionens egne fra "
        "opfølgningen og kan redigeres under overskrifterne."
    )
    by_goal = {goal_id: rows for goal_id, rows in data.measures.groupby("goal_id", sort=False)}
    for goal in troubled:
        rows = by_goal[goal.goal_id]
        doc.add_heading(f"{ONE_GOAL.get(goal.kind, 'Mål')} {goal.goal_nr}. {rows.iloc[0]['plan_title']}", level=2)
        word.labelled(doc, "Opfyldelse", verdict_lines(goal.verdict, goal.computed_verdict, goal.verdict_mismatch)
                      .replace("\n", ". "))  # fmt: skip
        word.labelled(doc, "Mål", text(rows.iloc[0]["objective"]))
        for heading, column in (("Vurdering", "assessment"), ("Årsag og konsekvens", "cause"), ("Handling", "action")):
            doc.add_heading(heading, level=3)
            said = [(m.measure_nr, getattr(m, column)) for m in rows.itertuples() if text(getattr(m, column))]
            if not said:
                doc.add_paragraph("Ikke angivet i opfølgningen.")
            for nr, value in said:
                word.labelled(doc, f"Målepunkt {nr}", value)


def _changes(doc, data: Maalrapportering) -> None:
    doc.add_heading("Ændringer i planen i løbet af året", level=1)
    if not data.plan_changes:
        doc.add_paragraph(f"Mål- og resultatplanen for {data.header['year']} er ikke ændret i løbet af året.")
    for change in data.plan_changes:
        doc.add_paragraph(change, style="List Bullet")


def file_name(code: str, year: int, suffix: str) -> str:
    return f"Maalrapportering_{code.upper()}_{year}.{suffix}"
