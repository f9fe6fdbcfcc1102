"""The real-spreadsheet proof: each template kind, opened and re-saved by LibreOffice Calc, then filled and
read back to exactly the records that were filled in. LibreOffice must also keep the dropdowns."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders import contract as c
from loaders.template_writer import plan_for_new_year, write_plan_template_from
from maalstyring.database import queries
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from maalstyring.workbooks.ingest import import_workbook
from tests.tiers import needs
from tests.workbooks import cell_of, fill, headers
from vocabulary.key_figures import KEY_FIGURE_ALT_TRUST, KEY_FIGURE_BUDGET, KEY_FIGURE_RESULT
from vocabulary.records import FollowUpRow, KeyFigure
from vocabulary.terms import Period

pytestmark = pytest.mark.libreoffice

H1, YEAR_END = Period.H1, Period.YEAR_END


def resave_with_libreoffice(data: bytes, name: str, tmp_path: Path) -> bytes:
    """Open `data` in headless LibreOffice Calc and save it again as .xlsx (Calc's own writer)."""
    needs("libreoffice")
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is needed: apt-get install libreoffice-calc-nogui (make apt does it)"
    source, out_dir = tmp_path / "fra-maalstyring" / name, tmp_path / "fra-libreoffice"
    source.parent.mkdir()
    source.write_bytes(data)
    # A private profile per run: parallel runs would otherwise fight over one user installation.
    profile = (tmp_path / "lo-profil").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "xlsx",
         "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    result = out_dir / name
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr
    resaved = result.read_bytes()
    with zipfile.ZipFile(io.BytesIO(resaved)) as zf:
        assert b"LibreOffice" in zf.read("docProps/app.xml")  # really Calc's file, not ours passed through
    return resaved


def assert_dropdowns_kept(data: bytes, sheet: str, columns: tuple[c.Column, ...]) -> None:
    """Every enumerated column still has a list validation whose values come from the hidden list sheet."""
    wb = load_workbook(io.BytesIO(data))
    assert wb[c.SHEET_LISTS].sheet_state == "hidden"
    ws = wb[sheet]
    col = headers(ws)
    for column in columns:
        if column.kind != "choice" or column.locked:
            continue
        coordinate = ws.cell(2, col[column.header]).coordinate
        (dv,) = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
        assert dv.type == "list", column.header
        ((list_sheet, cells),) = wb.defined_names[dv.formula1.lstrip("=")].destinations
        assert list_sheet == c.SHEET_LISTS
        assert [cell.value for (cell,) in wb[list_sheet][cells.replace("$", "")]] == list(column.choices)


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def accepted(conn, data: bytes, name: str):
    result = import_workbook(conn, data, name, "controller@test")
    assert result.accepted, [str(f) for f in result.errors]
    assert result.findings == [], [str(f) for f in result.findings]
    return result


# What a controller answers, per målepunkt: (status, verdict, assessment, cause, action, result as typed).
ANSWERS = {
    "LMST-2024-K1-1": ("Grøn", "Opfyldt", "Tre arbejdsområder er udpeget.", None, None, None),
    "LMST-2024-K2-1": ("gul ", "Delvist opfyldt", "Forventet merforbrug.", "Lønudgifter.", "Ansættelsesstop.", "6,2"),
    "LMST-2024-I1-1": ("Rød", "Ikke opfyldt", "Sagerne hober sig op.", "Sygdom.", "Vikarer.", "3.100"),
    "LMST-2024-I2-1": ("GRØN", "Opfyldt", "Fristerne holdes.", None, None, "92 %"),
}
NUMBER = {None: None, "6,2": 6.2, "3.100": 3100.0, "92 %": 92.0}


def answer(wb, period: str) -> None:
    for measure_id, (status, verdict, assessment, cause, action, result) in ANSWERS.items():
        cell_of(wb, measure_id, "Status").value = status
        cell_of(wb, measure_id, "Opfyldelse").value = verdict if period == YEAR_END else None
        cell_of(wb, measure_id, "Vurdering").value = assessment
        cell_of(wb, measure_id, "Årsag og konsekvens").value = cause
        cell_of(wb, measure_id, "Handling").value = action
        cell_of(wb, measure_id, "Resultat").value = result


def expected_rows(plan, period: str) -> dict[str, FollowUpRow]:
    """The stored rows: the answers above in canonical form, and 'Grøn/Opfyldt' from fill() for the rest."""
    rows = {}
    for m in plan.measures:
        if m.measure_id in ANSWERS:
            status, verdict, assessment, cause, action, result = ANSWERS[m.measure_id]
            status = status.strip().capitalize()
        else:
            status, verdict, assessment, cause, action = "Grøn", "Opfyldt", "Forløber som planlagt.", None, None
            result = m.target
        rows[m.measure_id] = FollowUpRow(
            measure_id=m.measure_id,
            status=status,
            assessment=assessment,
            verdict=verdict if period == YEAR_END else None,
            cause=cause,
            action=action,
            target=m.target,
            actual=NUMBER.get(result, result),
        )
    return rows


def fill_key_figures(wb) -> None:
    ws = wb[c.SHEET_KEY_FIGURES]
    values = {(KEY_FIGURE_BUDGET, 2024): "-1,0", (KEY_FIGURE_RESULT, 2024): 5.2, (KEY_FIGURE_ALT_TRUST, 2022): 70}
    for row in ws.iter_rows(min_row=2):
        key = (row[0].value, row[1].value)
        if key in values:
            row[2].value = values[key]


EXPECTED_FIGURES = [
    KeyFigure(KEY_FIGURE_ALT_TRUST, 2022, 70.0),
    KeyFigure(KEY_FIGURE_BUDGET, 2024, -1.0),
    KeyFigure(KEY_FIGURE_RESULT, 2024, 5.2),
]  # in the order of their names


def stored_figures(conn, period: str) -> list[KeyFigure]:
    return [KeyFigure(*row) for row in sorted(queries.current_key_figures(conn, "LMST", 2024, period))]


@pytest.mark.parametrize("period", [H1, YEAR_END])
def test_follow_up_template_survives_libreoffice(seeded_conn, tmp_path, period):
    plan = queries.load_plan(seeded_conn, "LMST", 2024)
    h1_rows = None
    if period == YEAR_END:  # a stored 1. halvår report, so the template carries its reference columns
        h1 = fill(write_follow_up_template(plan, H1), status="Gul")
        accepted(seeded_conn, h1, "halvaar.xlsx")
        h1_rows = queries.current_report_rows(seeded_conn, "LMST", 2024, H1)
    template = write_follow_up_template(plan, period, h1_rows=h1_rows)
    resaved = resave_with_libreoffice(template, "skabelon.xlsx", tmp_path)

    assert_dropdowns_kept(resaved, c.SHEET_FOLLOW_UP, c.FOLLOW_UP_COLUMNS)
    assert_dropdowns_kept(resaved, c.SHEET_KEY_FIGURES, c.KEY_FIGURE_COLUMNS)
    wb = load_workbook(io.BytesIO(resaved))
    if period == YEAR_END:
        assert cell_of(wb, "LMST-2024-I2-1", "1. halvår: Status").value == "Gul"
        assert cell_of(wb, "LMST-2024-I2-1", "1. halvår: Vurdering").value == "Forløber som planlagt."
    assert wb[c.SHEET_FOLLOW_UP].protection.sheet  # the plan's cells are still locked

    filled = fill(resaved, verdict="Opfyldt" if period == YEAR_END else None)
    wb = load_workbook(io.BytesIO(filled))
    answer(wb, period)
    fill_key_figures(wb)
    accepted(seeded_conn, save(wb), "udfyldt.xlsx")

    assert queries.current_report_rows(seeded_conn, "LMST", 2024, period) == expected_rows(plan, period)
    assert stored_figures(seeded_conn, period) == EXPECTED_FIGURES


def test_plan_template_from_earlier_year_survives_libreoffice(seeded_conn, tmp_path):
    plan_2024 = queries.load_plan(seeded_conn, "LMST", 2024)
    resaved = resave_with_libreoffice(write_plan_template_from(plan_2024, 2025), "plan.xlsx", tmp_path)
    assert_dropdowns_kept(resaved, c.SHEET_GOALS, c.GOAL_COLUMNS)
    assert_dropdowns_kept(resaved, c.SHEET_MEASURES, c.MEASURE_COLUMNS)

    wb = load_workbook(io.BytesIO(resaved))
    about = {row[0].value: row[1] for row in wb[c.SHEET_ABOUT].iter_rows(min_col=1, max_col=2)}
    about[c.ABOUT_DIRECTOR].value = "Anne Andersen"
    about[c.ABOUT_DIRECTOR_SIGNED].value = datetime(2025, 1, 15)
    about[c.ABOUT_SECRETARY].value = "Bo Bertelsen"
    about[c.ABOUT_SECRETARY_SIGNED].value = "20.01.2025"
    measures = wb[c.SHEET_MEASURES]
    col = headers(measures)
    for row in range(2, measures.max_row + 1):
        if measures.cell(row, col["Målepunkt-ID"]).value == "LMST-2025-I2-1":
            measures.cell(row, col["Måltal"]).value = "92,5"
            measures.cell(row, col["Frist"]).value = "1. juli 2025"
    accepted(seeded_conn, save(wb), "plan-2025.xlsx")

    expected = dataclasses.replace(
        plan_for_new_year(plan_2024, 2025),
        director="Anne Andersen",
        director_signed=date(2025, 1, 15),
        secretary="Bo Bertelsen",
        secretary_signed=date(2025, 1, 20),
    )
    expected = dataclasses.replace(
        expected,
        measures=tuple(
            dataclasses.replace(m, target=92.5, deadline=date(2025, 7, 1)) if m.measure_id == "LMST-2025-I2-1" else m
            for m in expected.measures
        ),
    )
    assert queries.load_plan(seeded_conn, "LMST", 2025) == expected
