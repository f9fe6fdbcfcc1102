"""The follow-up workbook (docs/SKABELONER.md, "Arket Opfølgning"): sheets Opfølgning and, optionally, Nøgletal.

Besides each cell's own rule, the reader knows the stored plan: every målepunkt exactly once, none that
the plan lacks, which rows need a cause and an action, and where a Resultat is due.
"""

from __future__ import annotations

from loaders import contract as c
from loaders.issues import WARNING, Finding
from loaders.sheets import Table, TableRow, find_sheet, read_table
from vocabulary.formatting import format_number, format_target
from vocabulary.records import FollowUp, FollowUpRow, KeyFigure, Measure
from vocabulary.spelling import normalise_key
from vocabulary.terms import Direction, Period, Status, Verdict

SHEET = c.SHEET_FOLLOW_UP
CAUSE, ACTION, VERDICT, RESULT, TARGET = "Årsag og konsekvens", "Handling", "Opfyldelse", "Resultat", "Måltal"


def read_follow_up(
    wb, code: str, year: int, period: str, measures: dict[str, Measure], findings: list[Finding]
) -> FollowUp | None:
    ws = find_sheet(wb, SHEET)
    if ws is None:
        findings.append(Finding(f"Arket '{SHEET}' mangler. Hent en ny skabelon under Skabeloner."))
        return None
    by_key = {normalise_key(m): m for m in measures}
    table = read_table(
        ws,
        c.FOLLOW_UP_COLUMNS,
        row_key="Målepunkt-ID",
        ignored=c.FOLLOW_UP_REFERENCE_COLUMNS,
        canonical_key=lambda typed: by_key.get(normalise_key(typed), typed),
    )
    findings.extend(table.findings)
    if not table.columns:
        return None
    rows: list[FollowUpRow] = []
    seen: dict[str, str] = {}
    # Columns a rule needs but the controller deleted: header → målepunkter that needed it.
    absent: dict[str, list[str]] = {}
    for row in table.rows:
        measure_id = row.key
        ref = row.cells.get("Målepunkt-ID", "")
        if not measure_id:
            continue
        if measure_id not in measures:
            findings.append(
                Finding(
                    f"Målepunkt-ID '{measure_id}' findes ikke i planen for {code} {year}. "
                    "Ret ID'et, eller slet rækken.",
                    SHEET,
                    ref,
                    measure_id,
                )
            )
            continue
        if measure_id in seen:
            findings.append(
                Finding(
                    f"Målepunktet står også i {seen[measure_id]}; hvert målepunkt må kun stå én gang. "
                    "Slet den ene række.",
                    SHEET,
                    ref,
                    measure_id,
                )
            )
            continue
        seen[measure_id] = ref
        measure = measures[measure_id]
        target = row.get(TARGET) if row.get(TARGET) is not None else measure.target
        _check_rules(row, measure, target, period, table, findings, absent)
        _compare_with_plan(row, measure, period, table, findings)
        status, assessment = row.get("Status"), row.get("Vurdering")
        if status is None or assessment is None:
            continue
        # Header → field, as the contract wires them; the key as stored and the target the plan fills in.
        fields = row.fields(c.FOLLOW_UP_COLUMNS) | {"measure_id": measure_id, "target": target}
        rows.append(FollowUpRow(**fields))
    for header, ids in absent.items():
        findings.append(
            Finding(
                f"Kolonnen '{header}' mangler på arket, men skal udfyldes for {_count(ids)}: {', '.join(ids)}. "
                "Indsæt kolonnen igen (kopiér overskriften fra en ny skabelon).",
                SHEET,
            )
        )
    for measure_id in measures:
        if measure_id not in seen:
            findings.append(
                Finding(
                    f"Målepunktet mangler på arket. Alle planens målepunkter skal have en række; "
                    f"indsæt rækken igen, eller hent en ny skabelon. Målepunktet: "
                    f"'{_short(measures[measure_id].text)}'.",
                    SHEET,
                    measure_id=measure_id,
                )
            )
    figures = _key_figures(wb, findings)
    return FollowUp(code, year, period, tuple(rows), tuple(figures))


def _check_rules(row: TableRow, measure: Measure, target, period, table: Table, findings, absent) -> None:
    """The conditional rules of docs/SKABELONER.md: what must be filled, given status, verdict and period."""
    status, verdict = row.get("Status"), row.get(VERDICT)

    def need(header: str, why: str) -> None:
        if header not in table.columns:
            absent.setdefault(header, []).append(measure.measure_id)
        elif row.get(header) is None and header not in row.invalid:
            findings.append(Finding(f"{header} skal udfyldes{why}.", SHEET, row.cells[header], measure.measure_id))

    if period == Period.YEAR_END:
        need(VERDICT, " ved årsafslutning")
    if status in (Status.YELLOW, Status.RED):
        need(CAUSE, f", når status er {status}")
        need(ACTION, f", når status er {status}")
    elif verdict in (Verdict.PARTLY, Verdict.NOT_MET):
        need(CAUSE, f", når opfyldelsen er '{verdict}'")
        need(ACTION, f", når opfyldelsen er '{verdict}'")
    if period == Period.YEAR_END and target is not None:
        need(RESULT, " ved årsafslutning, når målepunktet har et måltal")


def _compare_with_plan(row: TableRow, measure: Measure, period: str, table: Table, findings) -> None:
    """Warnings only the plan makes possible: a row that drifted from its målepunkt, numbers that disagree."""
    measure_id = measure.measure_id
    text = row.get("Målepunkt")
    if text is not None and normalise_key(text) != normalise_key(measure.text):
        findings.append(
            Finding(
                "Teksten i kolonnen Målepunkt er ikke planens tekst for dette ID. Tjek, at rækken står ud for det "
                f"rigtige målepunkt. Planens tekst: '{_short(measure.text)}'.",
                SHEET,
                row.cells["Målepunkt"],
                measure_id,
                WARNING,
            )
        )
    typed_target = row.get(TARGET)
    if typed_target is not None and measure.target is not None and typed_target != measure.target:
        findings.append(
            Finding(
                f"Måltal er {format_number(typed_target)}, men planens måltal er {format_number(measure.target)}. "
                "Det indberettede måltal gemmes; ret det, hvis det ikke var meningen.",
                SHEET,
                row.cells[TARGET],
                measure_id,
                WARNING,
            )
        )
    target = typed_target if typed_target is not None else measure.target
    actual, verdict = row.get(RESULT), row.get(VERDICT)
    if period == Period.YEAR_END and verdict == Verdict.MET and None not in (actual, target, measure.direction):
        missed = actual < target if measure.direction == Direction.AT_LEAST else actual > target
        if missed:
            findings.append(
                Finding(
                    f"Opfyldelse er '{Verdict.MET.label}', men resultatet {format_number(actual)} når ikke måltallet "
                    f"({format_target(target, measure.unit, measure.direction)}). Tjek Resultat og Opfyldelse.",
                    SHEET,
                    row.cells.get(VERDICT, ""),
                    measure_id,
                    WARNING,
                )
            )


def _key_figures(wb, findings: list[Finding]) -> list[KeyFigure]:
    ws = find_sheet(wb, c.SHEET_KEY_FIGURES)
    if ws is None:
        return []
    table = read_table(ws, c.KEY_FIGURE_COLUMNS)
    findings.extend(table.findings)
    figures: list[KeyFigure] = []
    seen: dict[tuple[str, int], str] = {}  # (name, year) → the cell it first stood in
    for row in table.rows:
        fields = row.fields(c.KEY_FIGURE_COLUMNS)
        name, year, value = fields["name"], fields["year"], fields["value"]
        if name is None or year is None or value is None:
            continue
        ref = row.cells.get("År", "")
        if not float(year).is_integer() or not 1990 <= year <= 2100:
            findings.append(Finding(f"År: '{format_number(year)}' er ikke et årstal som fx 2024.", ws.title, ref))
            continue
        key = (name, int(year))
        if key in seen:
            findings.append(
                Finding(
                    f"'{name}' for {int(year)} står også i {seen[key]}; hvert nøgletal må kun stå én gang pr. år.",
                    ws.title,
                    row.cells.get("Nøgletal", ""),
                )
            )
            continue
        seen[key] = row.cells.get("Nøgletal", "")
        figures.append(KeyFigure(name, int(year), value))
    return figures


def _count(ids: list[str]) -> str:
    return "1 målepunkt" if len(ids) == 1 else f"{len(ids)} målepunkter"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
