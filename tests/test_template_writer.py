"""What a generated template gives the controller: prefilled rows, locks, dropdowns, guide, file names."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from loaders import contract as c
from loaders.template_writer import (
    follow_up_file_name,
    plan_file_name,
    plan_for_new_year,
    write_blank_plan_template,
    write_plan_template_from,
)
from maalstyring.commands.cli import main
from maalstyring.database import queries
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from tests.workbooks import headers
from vocabulary.key_figures import (
    KEY_FIGURE_ALT_INFLUENCE,
    KEY_FIGURE_ALT_QUALITY,
    KEY_FIGURE_ALT_TRUST,
    KEY_FIGURE_BUDGET,
    KEY_FIGURE_RESULT,
)
from vocabulary.records import FollowUpRow
from vocabulary.terms import DIRECTIONS, GOAL_KINDS, Period, WorkbookKind

H1, YEAR_END = Period.H1, Period.YEAR_END


@pytest.fixture
def lmst(seeded_conn):
    return queries.load_plan(seeded_conn, "LMST", 2024)


def opened(data: bytes):
    return load_workbook(io.BytesIO(data))


def rows_by_id(ws) -> dict[str, dict[str, object]]:
    col = headers(ws)
    return {
        ws.cell(r, col["Målepunkt-ID"]).value: {h: ws.cell(r, i).value for h, i in col.items()}
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, col["Målepunkt-ID"]).value
    }


def validation_for(ws, coordinate: str):
    for dv in ws.data_validations.dataValidation:
        if coordinate in dv.sqref:
            return dv
    return None


def list_values(wb, dv) -> list[str]:
    """The allowed values behind a list validation's defined name, read from the hidden list sheet."""
    name = dv.formula1.lstrip("=")
    ((sheet, cells),) = wb.defined_names[name].destinations
    return [cell.value for (cell,) in wb[sheet][cells.replace("$", "")]]


# --- Follow-up template ----------------------------------------------------------------------------------


def test_one_row_per_measure_with_plan_texts(lmst):
    ws = opened(write_follow_up_template(lmst, H1))[c.SHEET_FOLLOW_UP]
    rows = rows_by_id(ws)
    assert list(rows) == [m.measure_id for m in lmst.measures]
    i2 = rows["LMST-2024-I2-1"]
    assert i2["Måltal"] == 90 and i2["Enhed"] == "pct." and i2["Måltype"] == "Institutionsspecifik"
    assert i2["Mål"].startswith("2. ") and i2["Målepunkt"].startswith("Sagsbehandlingstiderne")
    assert {r["Status"] for r in rows.values()} == {None}


def test_plan_cells_are_locked_and_grey_answers_are_open(lmst):
    ws = opened(write_follow_up_template(lmst, H1))[c.SHEET_FOLLOW_UP]
    assert ws.protection.sheet is True
    col = headers(ws)
    for column in c.FOLLOW_UP_COLUMNS:
        cell = ws.cell(2, col[column.header])
        assert cell.protection.locked is column.locked, column.header
        assert (cell.fill.fgColor.rgb == "00E7E9EC") is column.locked, column.header
        assert cell.alignment.wrap_text
        assert ws.column_dimensions[cell.column_letter].width == column.width
    assert ws.freeze_panes == "B2"
    assert opened(write_follow_up_template(lmst, H1))[c.SHEET_ABOUT].protection.sheet is True


def test_every_enumerated_column_has_a_dropdown_from_the_hidden_list_sheet(lmst):
    wb = opened(write_follow_up_template(lmst, H1))
    assert wb[c.SHEET_LISTS].sheet_state == "hidden"
    assert wb.sheetnames[-1] == c.SHEET_LISTS
    for sheet, columns in ((c.SHEET_FOLLOW_UP, c.FOLLOW_UP_COLUMNS), (c.SHEET_KEY_FIGURES, c.KEY_FIGURE_COLUMNS)):
        ws = wb[sheet]
        col = headers(ws)
        for column in columns:
            dv = validation_for(ws, ws.cell(2, col[column.header]).coordinate)
            if column.kind == "choice":
                assert dv.type == "list" and not dv.formula1.startswith('="'), column.header  # a name, not a string
                assert list_values(wb, dv) == list(column.choices)
                assert dv.showErrorMessage
            elif column.kind == "number" and not column.locked:
                assert dv.type == "decimal", column.header
            else:
                assert dv is None, column.header


def test_key_figures_are_prefilled_with_names_and_years(lmst):
    ws = opened(write_follow_up_template(lmst, H1))[c.SHEET_KEY_FIGURES]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert rows == [
        (KEY_FIGURE_BUDGET, 2024, None),
        (KEY_FIGURE_RESULT, 2024, None),
        (KEY_FIGURE_ALT_TRUST, 2022, None),
        (KEY_FIGURE_ALT_TRUST, 2024, None),
        (KEY_FIGURE_ALT_INFLUENCE, 2022, None),
        (KEY_FIGURE_ALT_INFLUENCE, 2024, None),
        (KEY_FIGURE_ALT_QUALITY, 2022, None),
        (KEY_FIGURE_ALT_QUALITY, 2024, None),
    ]


def test_stored_key_figures_fill_their_rows_and_odd_years_are_kept(lmst):
    stored = [(KEY_FIGURE_BUDGET, 2024, -1.5), (KEY_FIGURE_ALT_TRUST, 2020, 70.0)]
    ws = opened(write_follow_up_template(lmst, H1, key_figure_rows=stored))[c.SHEET_KEY_FIGURES]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert rows[0] == (KEY_FIGURE_BUDGET, 2024, -1.5)
    assert rows[-1] == (KEY_FIGURE_ALT_TRUST, 2020, 70)
    assert len(rows) == 9


def test_stored_rows_are_prefilled_and_user_text_never_becomes_a_formula(lmst):
    stored = {"LMST-2024-I2-1": FollowUpRow("LMST-2024-I2-1", "Gul", '=HYPERLINK("http://x")', None, "a", "b", 85, 80)}
    ws = opened(write_follow_up_template(lmst, H1, stored_rows=stored))[c.SHEET_FOLLOW_UP]
    col = headers(ws)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "LMST-2024-I2-1")
    assert ws.cell(row, col["Status"]).value == "Gul"
    assert ws.cell(row, col["Vurdering"]).data_type == "s"
    assert ws.cell(row, col["Måltal"]).value == 85 and ws.cell(row, col["Resultat"]).value == 80


def test_year_end_shows_first_half_as_locked_reference(lmst):
    h1 = {"LMST-2024-I2-1": FollowUpRow("LMST-2024-I2-1", "Rød", "Bagud på sagerne.")}
    ws = opened(write_follow_up_template(lmst, YEAR_END, h1_rows=h1))[c.SHEET_FOLLOW_UP]
    rows = rows_by_id(ws)
    assert rows["LMST-2024-I2-1"]["1. halvår: Status"] == "Rød"
    assert rows["LMST-2024-I2-1"]["1. halvår: Vurdering"] == "Bagud på sagerne."
    assert rows["LMST-2024-K1-1"]["1. halvår: Status"] is None
    ref_col = headers(ws)["1. halvår: Status"]
    assert ws.cell(2, ref_col).protection.locked


def test_no_reference_columns_without_a_stored_first_half(lmst):
    for period, h1 in ((YEAR_END, None), (H1, {"LMST-2024-I2-1": FollowUpRow("LMST-2024-I2-1", "Rød", "x")})):
        ws = opened(write_follow_up_template(lmst, period, h1_rows=h1))[c.SHEET_FOLLOW_UP]
        assert "1. halvår: Status" not in headers(ws)


def test_guide_explains_every_column_in_danish(lmst):
    h1 = {"LMST-2024-I2-1": FollowUpRow("LMST-2024-I2-1", "Rød", "x")}
    wb = opened(write_follow_up_template(lmst, YEAR_END, h1_rows=h1))
    guide = {r[0]: r[1] for r in wb[c.SHEET_GUIDE].iter_rows(values_only=True) if r[0]}
    for column in (*c.FOLLOW_UP_COLUMNS, *c.FOLLOW_UP_REFERENCE_COLUMNS, *c.KEY_FIGURE_COLUMNS):
        assert guide.get(column.header), column.header
    assert "Gul eller Rød" in guide["Årsag og konsekvens"]
    assert wb[c.SHEET_GUIDE]["A1"].value == "Opfølgning Årsafslutning 2024 for Lægemiddelstyrelsen"


def test_about_sheet_identifies_the_template(lmst):
    about = {r[0]: r[1] for r in opened(write_follow_up_template(lmst, H1))[c.SHEET_ABOUT].iter_rows(values_only=True)}
    assert about[c.ABOUT_KIND] == WorkbookKind.FOLLOW_UP and about[c.ABOUT_VERSION] == c.TEMPLATE_VERSION
    assert (about[c.ABOUT_INSTITUTION], about[c.ABOUT_YEAR], about[c.ABOUT_PERIOD]) == ("LMST", 2024, H1)


def test_file_names_say_what_they_are():
    assert follow_up_file_name("LMST", 2024, H1) == "MRP_opfoelgning_LMST_2024_1-halvaar.xlsx"
    assert follow_up_file_name("SSI", 2024, YEAR_END) == "MRP_opfoelgning_SSI_2024_aarsafslutning.xlsx"
    assert plan_file_name("NCE", 2025) == "MRP_plan_NCE_2025.xlsx"


# --- Plan templates ----------------------------------------------------------------------------------------


def test_plan_for_new_year_rewrites_ids_moves_deadlines_and_clears_signatures(seeded_conn):
    stps = queries.load_plan(seeded_conn, "STPS", 2023)
    new = plan_for_new_year(stps, 2024)
    assert [g.goal_id for g in new.goals] == [g.goal_id.replace("STPS-2023-", "STPS-2024-") for g in stps.goals]
    assert {m.goal_id for m in new.measures} <= {g.goal_id for g in new.goals}
    deadline = {m.measure_id: m.deadline for m in new.measures}
    assert deadline["STPS-2024-I2.3-2"] == date(2024, 7, 1)
    assert (new.director, new.director_signed, new.secretary, new.secretary_signed) == (None, None, None, None)
    assert [m.text for m in new.measures] == [m.text for m in stps.measures]


def test_plan_template_from_earlier_year_has_dropdowns(lmst):
    wb = opened(write_plan_template_from(lmst, 2025))
    about = {r[0]: r[1] for r in wb[c.SHEET_ABOUT].iter_rows(values_only=True)}
    assert (about[c.ABOUT_KIND], about[c.ABOUT_YEAR], about[c.ABOUT_DIRECTOR]) == (WorkbookKind.PLAN, 2025, None)
    goals = wb[c.SHEET_GOALS]
    assert goals["A2"].value == "LMST-2025-K1"
    assert list_values(wb, validation_for(goals, "C2")) == list(GOAL_KINDS)
    assert list_values(wb, validation_for(wb[c.SHEET_MEASURES], "G2")) == list(DIRECTIONS)


def test_blank_plan_template(lmst):
    wb = opened(write_blank_plan_template("NYST", "Ny Styrelse", 2025))
    about = {r[0]: r[1] for r in wb[c.SHEET_ABOUT].iter_rows(values_only=True)}
    assert (about[c.ABOUT_INSTITUTION], about[c.ABOUT_INSTITUTION_NAME], about[c.ABOUT_YEAR]) == (
        "NYST",
        "Ny Styrelse",
        2025,
    )
    assert [cell.value for cell in wb[c.SHEET_GOALS][1]] == [col.header for col in c.GOAL_COLUMNS]
    assert wb[c.SHEET_GOALS]["A2"].value is None
    assert validation_for(wb[c.SHEET_GOALS], "C9") is not None  # empty rows still carry the dropdowns


# --- The CLI's template command -------------------------------------------------------------------------------


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_plan_from_earlier_year(seeded_path, tmp_path, capsys):
    out = tmp_path / "plan.xlsx"
    code, stdout, _ = run(capsys, "--db", str(seeded_path), "template", "--kind", "plan", "--institution", "lmst",
                          "--year", "2025", "--from-year", "2024", "--out", str(out))  # fmt: skip
    assert code == 0 and "Skabelonen er gemt" in stdout
    assert load_workbook(out)[c.SHEET_MEASURES]["A2"].value == "LMST-2025-K1-1"


def test_cli_plan_without_a_plan_for_the_year_suggests_the_options(seeded_path, capsys):
    code, _, err = run(capsys, "--db", str(seeded_path), "template", "--kind", "plan", "--institution", "LMST",
                       "--year", "2026")  # fmt: skip
    assert code == 1 and "Der er ingen plan for LMST 2026" in err and "--from-year" in err and "--blank" in err


def test_cli_blank_plan_uses_the_stored_institution_name(seeded_path, tmp_path, capsys):
    out = tmp_path / "tom.xlsx"
    code, _, _ = run(capsys, "--db", str(seeded_path), "template", "--kind", "plan", "--institution", "SSI",
                     "--year", "2026", "--blank", "--out", str(out))  # fmt: skip
    about = {r[0]: r[1] for r in load_workbook(out)[c.SHEET_ABOUT].iter_rows(values_only=True)}
    assert code == 0 and about[c.ABOUT_INSTITUTION_NAME] == "Statens Serum Institut"


def test_cli_from_year_is_refused_for_follow_up(seeded_path, capsys):
    code, _, err = run(capsys, "--db", str(seeded_path), "template", "--kind", "opfølgning", "--institution", "LMST",
                       "--year", "2024", "--period", H1, "--from-year", "2023")  # fmt: skip
    assert code == 1 and "gælder kun --kind plan" in err


def test_cli_follow_up_template_is_prefilled_with_what_is_stored(seeded_path, tmp_path, capsys):
    from tests.workbooks import cell_of, fill

    first = tmp_path / "første.xlsx"
    run(capsys, "--db", str(seeded_path), "template", "--kind", "opfølgning", "--institution", "LMST",
        "--year", "2024", "--period", H1, "--out", str(first))  # fmt: skip

    def answers(wb):
        cell_of(wb, "LMST-2024-I2-1", "Vurdering").value = "Tæt på målet."
        ws = wb[c.SHEET_KEY_FIGURES]
        ws["C2"] = "1,5"  # Aftalt resultat 2024

    filled = tmp_path / "udfyldt.xlsx"
    filled.write_bytes(fill(first.read_bytes(), status="Gul", edit=answers))
    assert run(capsys, "--db", str(seeded_path), "import", str(filled))[0] == 0

    again = tmp_path / "igen.xlsx"
    run(capsys, "--db", str(seeded_path), "template", "--kind", "opfølgning", "--institution", "LMST",
        "--year", "2024", "--period", H1, "--out", str(again))  # fmt: skip
    wb = load_workbook(again)
    rows = rows_by_id(wb[c.SHEET_FOLLOW_UP])
    assert rows["LMST-2024-I2-1"]["Vurdering"] == "Tæt på målet." and rows["LMST-2024-I2-1"]["Status"] == "Gul"
    assert wb[c.SHEET_KEY_FIGURES]["C2"].value == 1.5

    year_end = tmp_path / "aar.xlsx"
    run(capsys, "--db", str(seeded_path), "template", "--kind", "opfølgning", "--institution", "LMST",
        "--year", "2024", "--period", YEAR_END, "--out", str(year_end))  # fmt: skip
    rows = rows_by_id(load_workbook(year_end)[c.SHEET_FOLLOW_UP])
    assert rows["LMST-2024-I2-1"]["1. halvår: Status"] == "Gul" and rows["LMST-2024-I2-1"]["Status"] is None
