"""The follow-up workbook (TEMPLATE.md kind 1): sheets Opfølgning and, optionally, Nøgletal."""

from __future__ import annotations

from loaders import contract as c
from loaders.issues import Finding
from loaders.sheets import find_sheet, read_table
from maalstyring.domain import FollowUp, FollowUpRow, KeyFigure, Measure


def read_follow_up(
    wb, code: str, year: int, period: str, measures: dict[str, Measure], findings: list[Finding]
) -> FollowUp | None:
    ws = find_sheet(wb, c.SHEET_FOLLOW_UP)
    if ws is None:
        findings.append(Finding(f"Arket '{c.SHEET_FOLLOW_UP}' mangler. Hent en ny skabelon under Skabeloner."))
        return None
    table = read_table(ws, c.FOLLOW_UP_COLUMNS, row_key="Målepunkt-ID")
    findings.extend(table.findings)
    if not table.columns:
        return None
    rows: list[FollowUpRow] = []
    seen: dict[str, str] = {}
    sheet = c.SHEET_FOLLOW_UP
    for row in table.rows:
        measure_id = row.get("Målepunkt-ID")
        ref = row.cells.get("Målepunkt-ID", "")
        if measure_id is None:
            continue
        if measure_id not in measures:
            findings.append(
                Finding(
                    f"Målepunkt-ID '{measure_id}' findes ikke i planen for {code} {year}. "
                    "Ret ID'et, eller slet rækken.",
                    sheet,
                    ref,
                )
            )
            continue
        if measure_id in seen:
            findings.append(
                Finding(
                    f"Målepunktet står også i {seen[measure_id]}; hvert målepunkt må kun stå én gang.",
                    sheet,
                    ref,
                    measure_id,
                )
            )
            continue
        seen[measure_id] = ref
        status, verdict = row.get("Status"), row.get("Opfyldelse")

        def need(header: str, why: str, row=row, measure_id=measure_id) -> None:
            if row.get(header) is None and header in table.columns:
                findings.append(
                    Finding(f"{header} skal udfyldes, {why}.", sheet, row.cells.get(header, ""), measure_id)
                )

        if period == c.PERIOD_YEAR_END:
            need("Opfyldelse", "ved årsafslutning")
        if status in (c.STATUS_YELLOW, c.STATUS_RED):
            need("Årsag og konsekvens", f"når status er {status}")
            need("Handling", f"når status er {status}")
        elif verdict in (c.VERDICT_PARTLY, c.VERDICT_NOT_MET):
            need("Årsag og konsekvens", f"når opfyldelsen er '{verdict}'")
            need("Handling", f"når opfyldelsen er '{verdict}'")
        target = row.get("Måltal") if "Måltal" in table.columns else measures[measure_id].target
        if period == c.PERIOD_YEAR_END and target is not None:
            need("Resultat", "ved årsafslutning, når målepunktet har et måltal")
        if status is None or row.get("Vurdering") is None:
            continue
        rows.append(
            FollowUpRow(
                measure_id=measure_id,
                status=status,
                assessment=row.get("Vurdering"),
                verdict=verdict,
                cause=row.get("Årsag og konsekvens"),
                action=row.get("Handling"),
                target=target,
                actual=row.get("Resultat"),
            )
        )
    missing = [m for m in measures if m not in seen]
    if missing:
        findings.append(
            Finding(
                f"Der mangler {len(missing)} målepunkt(er) fra planen: {', '.join(missing)}. "
                "Alle planens målepunkter skal have en række.",
                sheet,
            )
        )
    figures = _key_figures(wb, findings)
    return FollowUp(code, year, period, tuple(rows), tuple(figures))


def _key_figures(wb, findings: list[Finding]) -> list[KeyFigure]:
    ws = find_sheet(wb, c.SHEET_KEY_FIGURES)
    if ws is None:
        return []
    table = read_table(ws, c.KEY_FIGURE_COLUMNS)
    findings.extend(table.findings)
    figures, seen = [], {}
    for row in table.rows:
        name, year, value = row.get("Nøgletal"), row.get("År"), row.get("Værdi")
        if name is None or year is None or value is None:
            continue
        ref = row.cells.get("År", "")
        if not float(year).is_integer() or not 1990 <= year <= 2100:
            findings.append(Finding(f"År: '{year:g}' er ikke et årstal.", c.SHEET_KEY_FIGURES, ref))
            continue
        key = (name, int(year))
        if key in seen:
            findings.append(
                Finding(
                    f"'{name}' for {int(year)} står også i række {seen[key]}.", c.SHEET_KEY_FIGURES, f"række {row.row}"
                )
            )
            continue
        seen[key] = row.row
        figures.append(KeyFigure(name, int(year), value))
    return figures
