"""Build real follow-up and plan workbooks in code for tests: from the template writer, then filled."""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import load_workbook

from loaders import contract as c
from maalstyring.database import queries
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from vocabulary.terms import Period


def follow_up_template(conn, code: str = "LMST", year: int = 2024, period: str = Period.H1) -> bytes:
    plan = queries.load_plan(conn, code, year)
    assert plan is not None, f"no plan {code} {year}"
    return write_follow_up_template(plan, period)


def headers(ws) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def fill(
    template: bytes,
    status: str = "Grøn",
    verdict: str | None = None,
    edit: Callable | None = None,
) -> bytes:
    """Fill every målepunkt row with a valid answer, then let `edit(wb)` break or change what a test needs."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb[c.SHEET_FOLLOW_UP]
    col = headers(ws)
    for row in range(2, ws.max_row + 1):
        if not ws.cell(row, col["Målepunkt-ID"]).value:
            continue
        ws.cell(row, col["Status"]).value = status
        ws.cell(row, col["Vurdering"]).value = "Forløber som planlagt."
        if verdict:
            ws.cell(row, col["Opfyldelse"]).value = verdict
        if status != "Grøn" or (verdict and verdict != "Opfyldt"):
            ws.cell(row, col["Årsag og konsekvens"]).value = "Forsinkelse hos leverandør."
            ws.cell(row, col["Handling"]).value = "Ny tidsplan aftalt."
        if ws.cell(row, col["Måltal"]).value is not None:
            ws.cell(row, col["Resultat"]).value = ws.cell(row, col["Måltal"]).value
    if edit:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cell_of(wb, measure_id: str, header: str):
    """The cell of `header` on the row of `measure_id` in the Opfølgning sheet."""
    ws = wb[c.SHEET_FOLLOW_UP]
    col = headers(ws)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col["Målepunkt-ID"]).value == measure_id:
            return ws.cell(row, col[header])
    raise KeyError(measure_id)
