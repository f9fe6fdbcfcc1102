"""The Plan workbook (docs/SKABELONER.md, "Planskabelonen"): sheets Mål and Målepunkter."""

from __future__ import annotations

from loaders import contract as c
from loaders.issues import Finding
from loaders.sheets import Table, find_sheet, read_table
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.records import Goal, Measure, Plan
from vocabulary.terms import GoalKind


def read_plan(wb, code: str, year: int, about: dict, findings: list[Finding]) -> Plan | None:
    goals_table = _table(wb, c.SHEET_GOALS, c.GOAL_COLUMNS, "Mål-ID", findings)
    measures_table = _table(wb, c.SHEET_MEASURES, c.MEASURE_COLUMNS, "Målepunkt-ID", findings)
    if goals_table is None or measures_table is None:
        return None
    prefix = f"{code}-{year}-"
    goals = _goals(goals_table, prefix, findings)
    measures = _measures(measures_table, prefix, {g.goal_id for g in goals}, findings)
    for goal in goals:
        if not any(m.goal_id == goal.goal_id for m in measures):
            findings.append(
                Finding(f"Målet {goal.goal_id} har ingen målepunkter på arket {c.SHEET_MEASURES}.", c.SHEET_GOALS)
            )
    if not goals:
        findings.append(Finding("Planen har ingen mål.", c.SHEET_GOALS))
    return Plan(
        institution_code=code,
        institution_name=about["name"] or code,
        year=year,
        goals=tuple(goals),
        measures=tuple(measures),
        director=about["director"],
        director_signed=about["director_signed"],
        secretary=about["secretary"],
        secretary_signed=about["secretary_signed"],
    )


def _table(wb, name, columns, key, findings) -> Table | None:
    ws = find_sheet(wb, name)
    if ws is None:
        findings.append(Finding(f"Arket '{name}' mangler i plan-skabelonen."))
        return None
    table = read_table(ws, columns, row_key=key)
    findings.extend(table.findings)
    return table


def _check_id(
    value: str | None, prefix: str, header: str, sheet: str, ref: str, seen: dict[str, str], findings: list[Finding]
) -> bool:
    if value is None:
        return False
    if not value.startswith(prefix):
        findings.append(Finding(f"{header} '{value}' skal begynde med '{prefix}'.", sheet, ref, ""))
        return False
    if value in seen:
        findings.append(
            Finding(f"{header} '{value}' står også i {seen[value]}; hvert ID må kun stå én gang.", sheet, ref)
        )
        return False
    seen[value] = ref
    return True


def _goals(table: Table, prefix: str, findings: list[Finding]) -> list[Goal]:
    goals: list[Goal] = []
    seen: dict[str, str] = {}  # ID → the cell it first stood in
    for row in table.rows:
        goal_id = row.get("Mål-ID")
        ok = _check_id(goal_id, prefix, "Mål-ID", c.SHEET_GOALS, row.cells.get("Mål-ID", ""), seen, findings)
        kind, key = row.get("Måltype"), row.get("Fælles mål")
        if kind == GoalKind.SHARED and not key:
            findings.append(
                Finding(
                    f"Fælles mål skal udfyldes for et koncernfælles mål. Tilladt: {', '.join(SHARED_GOAL_KEYS)}.",
                    c.SHEET_GOALS,
                    row.cells.get("Fælles mål", ""),
                    goal_id or "",
                )
            )
            ok = False
        if kind == GoalKind.SPECIFIC and key:
            findings.append(
                Finding(
                    "Fælles mål skal være tom for et institutionsspecifikt mål.",
                    c.SHEET_GOALS,
                    row.cells.get("Fælles mål", ""),
                    goal_id or "",
                )
            )
            ok = False
        required = ("Nr.", "Måltype", "Titel", "Mål")
        if ok and all(row.get(h) is not None for h in required):
            goals.append(Goal(**row.fields(c.GOAL_COLUMNS)))
    return goals


def _measures(table: Table, prefix: str, goal_ids: set[str], findings: list[Finding]) -> list[Measure]:
    measures: list[Measure] = []
    seen: dict[str, str] = {}  # ID → the cell it first stood in
    for row in table.rows:
        measure_id = row.get("Målepunkt-ID")
        ok = _check_id(
            measure_id, prefix, "Målepunkt-ID", c.SHEET_MEASURES, row.cells.get("Målepunkt-ID", ""), seen, findings
        )
        goal_id = row.get("Mål-ID")
        if goal_id is not None and goal_id not in goal_ids:
            findings.append(
                Finding(
                    f"Mål-ID '{goal_id}' findes ikke på arket {c.SHEET_GOALS}.",
                    c.SHEET_MEASURES,
                    row.cells.get("Mål-ID", ""),
                    measure_id or "",
                )
            )
            ok = False
        target, direction = row.get("Måltal"), row.get("Retning")
        if target is not None and direction is None:
            findings.append(
                Finding(
                    "Retning skal udfyldes, når der er et måltal: Mindst eller Højst.",
                    c.SHEET_MEASURES,
                    row.cells.get("Retning", ""),
                    measure_id or "",
                )
            )
            ok = False
        if ok and all(row.get(h) is not None for h in ("Mål-ID", "Nr.", "Målepunkt")):
            measures.append(Measure(**row.fields(c.MEASURE_COLUMNS)))
    return measures
