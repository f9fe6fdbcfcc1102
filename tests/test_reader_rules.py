"""Every rule of docs/SKABELONER.md, one tiny workbook each, through the real import path.

A broken file must be rejected with a Danish message naming the sheet, the cell and the målepunkt, and the
database must hold exactly the same data afterwards. Messy but valid files must be accepted.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from loaders import contract as c
from loaders.issues import Finding
from loaders.template_writer import write_blank_plan_template, write_plan_template_from, write_plan_workbook
from maalstyring.database import queries
from maalstyring.workbooks.ingest import import_workbook
from tests.db_state import snapshot, upload_outcome
from tests.workbooks import cell_of, fill, follow_up_template, headers
from vocabulary.key_figures import KEY_FIGURE_ALT_TRUST, KEY_FIGURE_BUDGET, KEY_FIGURE_RESULT
from vocabulary.terms import Period

H1, YEAR_END = Period.H1, Period.YEAR_END
SHEET = c.SHEET_FOLLOW_UP
WITH_TARGET = "LMST-2024-I2-1"  # 90 pct., Mindst
WITHOUT_TARGET = "LMST-2024-K1-1"


# --- helpers -------------------------------------------------------------------------------------------


def filled(conn, period: str = H1, status: str = "Grøn", verdict: str | None = None, edit=None) -> bytes:
    verdict = verdict or ("Opfyldt" if period == YEAR_END else None)
    return fill(follow_up_template(conn, period=period), status=status, verdict=verdict, edit=edit)


def setting(**cells):
    """An edit that sets (målepunkt, header) cells: setting(**{"LMST-2024-I2-1|Status": "Lilla"})."""

    def edit(wb):
        for key, value in cells.items():
            measure_id, header = key.split("|")
            cell_of(wb, measure_id, header).value = value

    return edit


def where(conn, measure_id: str, header: str, period: str = H1) -> str:
    """The cell reference of `header` on the row of `measure_id` in a fresh template."""
    wb = load_workbook(io.BytesIO(follow_up_template(conn, period=period)))
    return cell_of(wb, measure_id, header).coordinate


def rejected(conn, data: bytes) -> list[Finding]:
    """Import `data`, assert it is rejected, archived as such, and that no data changed; return its errors."""
    before = snapshot(conn)
    result = import_workbook(conn, data, "rapport.xlsx", "controller@test")
    assert result.outcome == "afvist", [str(f) for f in result.findings]
    assert snapshot(conn) == before
    assert upload_outcome(conn, result.upload_id) == "afvist"
    assert all("Traceback" not in f.message for f in result.findings)
    return result.errors


def accepted(conn, data: bytes):
    result = import_workbook(conn, data, "rapport.xlsx", "controller@test")
    assert result.accepted, [str(f) for f in result.errors]
    return result


def one(errors: list[Finding], sheet: str = SHEET, cell: str = "", measure_id: str = "") -> Finding:
    """The single error at exactly this place."""
    found = [e for e in errors if e.sheet == sheet and e.cell == cell and e.measure_id == measure_id]
    assert len(found) == 1, f"{sheet}/{cell}/{measure_id} not in {[str(e) for e in errors]}"
    return found[0]


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def edit_about(key: str, value):
    def edit(wb):
        ws = wb[c.SHEET_ABOUT]
        for row in ws.iter_rows(min_col=1, max_col=2):
            if row[0].value == key:
                row[1].value = value
                return
        raise KeyError(key)

    return edit


# --- Opfølgning: required values and allowed values ------------------------------------------------------


def test_status_is_required(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Status": None})))
    assert one(errors, cell=where(seeded_conn, WITH_TARGET, "Status"), measure_id=WITH_TARGET).message == (
        "Status skal udfyldes."
    )


def test_status_outside_the_list_names_the_allowed_values(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Status": "Lilla"})))
    message = one(errors, cell=where(seeded_conn, WITH_TARGET, "Status"), measure_id=WITH_TARGET).message
    assert "'Lilla' er ikke tilladt" in message and "Tilladt: Grøn, Gul, Rød" in message


def test_assessment_is_required(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITHOUT_TARGET}|Vurdering": "  "})))
    assert one(errors, cell=where(seeded_conn, WITHOUT_TARGET, "Vurdering"), measure_id=WITHOUT_TARGET)


def test_verdict_is_required_at_year_end(seeded_conn):
    errors = rejected(
        seeded_conn, filled(seeded_conn, YEAR_END, edit=setting(**{f"{WITHOUT_TARGET}|Opfyldelse": None}))
    )
    finding = one(errors, cell=where(seeded_conn, WITHOUT_TARGET, "Opfyldelse", YEAR_END), measure_id=WITHOUT_TARGET)
    assert finding.message == "Opfyldelse skal udfyldes ved årsafslutning."


def test_verdict_is_optional_at_first_half(seeded_conn):
    accepted(seeded_conn, filled(seeded_conn, H1, verdict=None))
    rows = queries.current_report_rows(seeded_conn, "LMST", 2024, H1)
    assert len(rows) == 9 and {r.verdict for r in rows.values()} == {None}


def test_verdict_outside_the_list(seeded_conn):
    errors = rejected(
        seeded_conn, filled(seeded_conn, YEAR_END, edit=setting(**{f"{WITHOUT_TARGET}|Opfyldelse": "Næsten"}))
    )
    finding = one(errors, cell=where(seeded_conn, WITHOUT_TARGET, "Opfyldelse", YEAR_END), measure_id=WITHOUT_TARGET)
    assert "Tilladt: Opfyldt, Delvist opfyldt, Ikke opfyldt" in finding.message


@pytest.mark.parametrize("status", ["Gul", "Rød"])
def test_cause_and_action_are_required_when_yellow_or_red(seeded_conn, status):
    edit = setting(**{f"{WITH_TARGET}|Status": status, f"{WITH_TARGET}|Årsag og konsekvens": None})
    errors = rejected(seeded_conn, filled(seeded_conn, edit=edit))
    finding = one(errors, cell=where(seeded_conn, WITH_TARGET, "Årsag og konsekvens"), measure_id=WITH_TARGET)
    assert finding.message == f"Årsag og konsekvens skal udfyldes, når status er {status}."
    edit = setting(**{f"{WITH_TARGET}|Status": status, f"{WITH_TARGET}|Årsag og konsekvens": "x"})
    errors = rejected(seeded_conn, filled(seeded_conn, edit=edit))
    assert one(errors, cell=where(seeded_conn, WITH_TARGET, "Handling"), measure_id=WITH_TARGET)


def test_cause_and_action_are_required_when_not_met_even_if_green(seeded_conn):
    errors = rejected(
        seeded_conn, filled(seeded_conn, YEAR_END, edit=setting(**{f"{WITHOUT_TARGET}|Opfyldelse": "Delvist opfyldt"}))
    )
    cause = one(
        errors, cell=where(seeded_conn, WITHOUT_TARGET, "Årsag og konsekvens", YEAR_END), measure_id=WITHOUT_TARGET
    )
    assert "skal udfyldes, når opfyldelsen er 'Delvist opfyldt'" in cause.message
    assert one(errors, cell=where(seeded_conn, WITHOUT_TARGET, "Handling", YEAR_END), measure_id=WITHOUT_TARGET)


def test_result_is_required_at_year_end_where_there_is_a_target(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, YEAR_END, edit=setting(**{f"{WITH_TARGET}|Resultat": None})))
    finding = one(errors, cell=where(seeded_conn, WITH_TARGET, "Resultat", YEAR_END), measure_id=WITH_TARGET)
    assert finding.message == "Resultat skal udfyldes ved årsafslutning, når målepunktet har et måltal."
    assert len(errors) == 1  # målepunkter without a target need no Resultat


def test_result_is_optional_at_first_half(seeded_conn):
    accepted(seeded_conn, filled(seeded_conn, H1, edit=setting(**{f"{WITH_TARGET}|Resultat": None})))


def test_result_that_is_not_a_number(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Resultat": "ca. halvdelen"})))
    finding = one(errors, cell=where(seeded_conn, WITH_TARGET, "Resultat"), measure_id=WITH_TARGET)
    assert "'ca. halvdelen' er ikke et tal" in finding.message


def test_cached_excel_error_is_not_a_value(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Resultat": "#DIV/0!"})))
    finding = one(errors, cell=where(seeded_conn, WITH_TARGET, "Resultat"), measure_id=WITH_TARGET)
    assert "fejlen #DIV/0! fra en formel" in finding.message


# --- Opfølgning: the målepunkter of the plan ----------------------------------------------------------------


def test_missing_measure_is_named(seeded_conn):
    def delete_row(wb):
        wb[SHEET].delete_rows(cell_of(wb, WITH_TARGET, "Status").row)

    errors = rejected(seeded_conn, filled(seeded_conn, edit=delete_row))
    finding = one(errors, measure_id=WITH_TARGET)
    assert "Målepunktet mangler på arket" in finding.message and "Sagsbehandlingstiderne" in finding.message


def test_duplicate_measure_names_the_second_row(seeded_conn):
    def duplicate(wb):
        ws = wb[SHEET]
        source = cell_of(wb, WITH_TARGET, "Status").row
        ws.append([cell.value for cell in ws[source]])

    data = filled(seeded_conn, edit=duplicate)
    last = load_workbook(io.BytesIO(data))[SHEET].max_row
    errors = rejected(seeded_conn, data)
    finding = one(errors, cell=f"A{last}", measure_id=WITH_TARGET)
    assert f"står også i A{where(seeded_conn, WITH_TARGET, 'Status')[1:]}" in finding.message


def test_unknown_measure(seeded_conn):
    errors = rejected(
        seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Målepunkt-ID": "LMST-2024-I9-9"}))
    )
    finding = one(errors, cell=where(seeded_conn, WITH_TARGET, "Målepunkt-ID"), measure_id="LMST-2024-I9-9")
    assert "findes ikke i planen for LMST 2024" in finding.message
    assert one(errors, measure_id=WITH_TARGET)  # and the real one is now missing


def test_follow_up_for_a_plan_not_stored(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=edit_about("År", 2031)))
    assert "ingen mål- og resultatplan for LMST 2031" in one(errors, sheet=c.SHEET_ABOUT).message


# --- Columns and sheets ------------------------------------------------------------------------------------


def test_required_column_missing(seeded_conn):
    def drop_status(wb):
        wb[SHEET].delete_cols(headers(wb[SHEET])["Status"])

    errors = rejected(seeded_conn, filled(seeded_conn, edit=drop_status))
    assert "Kolonne(r) mangler: Status" in one(errors).message


def test_deleted_verdict_column_is_an_error_at_year_end(seeded_conn):
    """Bug: an optional column deleted by the controller silently switched its rule off."""

    def drop_verdict(wb):
        wb[SHEET].delete_cols(headers(wb[SHEET])["Opfyldelse"])

    errors = rejected(seeded_conn, filled(seeded_conn, YEAR_END, edit=drop_verdict))
    message = one(errors).message
    assert "Kolonnen 'Opfyldelse' mangler på arket, men skal udfyldes for 9 målepunkter" in message
    assert WITH_TARGET in message


def test_deleted_cause_column_is_an_error_when_a_row_is_yellow(seeded_conn):
    def yellow_without_cause_column(wb):
        cell_of(wb, WITH_TARGET, "Status").value = "Gul"
        cell_of(wb, WITH_TARGET, "Handling").value = "Ny plan."
        wb[SHEET].delete_cols(headers(wb[SHEET])["Årsag og konsekvens"])

    errors = rejected(seeded_conn, filled(seeded_conn, edit=yellow_without_cause_column))
    assert f"skal udfyldes for 1 målepunkt: {WITH_TARGET}" in one(errors).message


def test_deleted_optional_column_is_fine_when_no_rule_needs_it(seeded_conn):
    def drop_verdict(wb):
        wb[SHEET].delete_cols(headers(wb[SHEET])["Opfyldelse"])

    accepted(seeded_conn, filled(seeded_conn, H1, edit=drop_verdict))


def test_duplicate_header_is_an_error(seeded_conn):
    def second_status(wb):
        ws = wb[SHEET]
        col = ws.max_column + 1
        ws.cell(1, col).value = "status"
        for row in range(2, ws.max_row + 1):
            ws.cell(row, col).value = "Rød"

    data = filled(seeded_conn, edit=second_status)
    # The first column after the template's own (M today): found, not counted, so a new column does not break it.
    ws = load_workbook(io.BytesIO(data))[SHEET]
    status_letter = get_column_letter(headers(ws)["Status"])
    col_letter = get_column_letter(len(c.FOLLOW_UP_COLUMNS) + 1)
    errors = rejected(seeded_conn, data)
    assert f"står to gange (i {status_letter}1 og {col_letter}1)" in one(errors, cell=f"{col_letter}1").message


def test_year_end_reference_columns_give_no_warning(seeded_conn):
    """Bug: the template's own '1. halvår' reference columns came back as 'unknown column' warnings."""
    accepted(seeded_conn, filled(seeded_conn, H1))
    plan = queries.load_plan(seeded_conn, "LMST", 2024)
    from maalstyring.workbooks.follow_up_template import write_follow_up_template

    h1 = queries.current_report_rows(seeded_conn, "LMST", 2024, H1)
    data = fill(write_follow_up_template(plan, YEAR_END, h1_rows=h1), verdict="Opfyldt")
    result = accepted(seeded_conn, data)
    assert result.findings == []


def test_extra_columns_and_sheets_are_warnings_and_the_file_is_accepted(seeded_conn):
    def add_extras(wb):
        ws = wb[SHEET]
        ws.cell(1, ws.max_column + 1).value = "Kontaktperson"
        ws.cell(2, ws.max_column).value = "Anne"
        wb.create_sheet("Noter")["A1"] = "Husk at ringe til Koncernøkonomi"

    result = accepted(seeded_conn, filled(seeded_conn, edit=add_extras))
    warnings = [str(w) for w in result.findings]
    extra = get_column_letter(len(c.FOLLOW_UP_COLUMNS) + 1)  # the first column after the template's own (M today)
    assert f"Ark Opfølgning, celle {extra}1: Kolonnen 'Kontaktperson' kendes ikke og bliver ikke læst." in warnings
    assert "Hele filen: Arket 'Noter' kendes ikke i en opfølgning-skabelon og bliver ikke læst." in warnings
    assert all(not w.is_error for w in result.findings)


def test_missing_follow_up_sheet(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=lambda wb: wb.remove(wb[SHEET])))
    assert "Arket 'Opfølgning' mangler" in errors[0].message and len(errors) == 1


def test_all_errors_of_a_file_are_reported_together(seeded_conn):
    edit = setting(
        **{
            f"{WITH_TARGET}|Status": "Blå",
            f"{WITHOUT_TARGET}|Vurdering": None,
            "LMST-2024-I1-1|Resultat": "mange",
        }
    )
    errors = rejected(seeded_conn, filled(seeded_conn, edit=edit))
    assert {e.measure_id for e in errors} == {WITH_TARGET, WITHOUT_TARGET, "LMST-2024-I1-1"}
    assert len(errors) == 3


# --- The Om sheet ------------------------------------------------------------------------------------------


def test_missing_about_sheet(seeded_conn):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=lambda wb: wb.remove(wb[c.SHEET_ABOUT])))
    assert "Arket 'Om' mangler" in errors[0].message


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("Skabelon", "Budget", "Skabelon: 'Budget' er ikke tilladt. Tilladt: Opfølgning, Plan."),
        ("Version", None, "'Version' skal udfyldes i kolonne B ud for 'Version'."),
        ("Version", 7, "Version: '7' kendes ikke"),
        ("Periode", "2. halvår", "Periode: '2. halvår' er ikke tilladt. Tilladt: 1. halvår, Årsafslutning."),
        ("Institution", "Lægemiddelstyrelsen!", "er ikke en institutionskode"),
        ("År", "i år", "År: 'i år' er ikke et årstal som fx 2024."),
    ],
)
def test_about_keys(seeded_conn, key, value, expected):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=edit_about(key, value)))
    finding = next(e for e in errors if e.sheet == c.SHEET_ABOUT)
    assert expected in finding.message
    row = {"Skabelon": 1, "Version": 2, "Institution": 3, "År": 5, "Periode": 6}[key]
    assert finding.cell in ("", f"B{row}")
    if value is not None:
        assert finding.cell == f"B{row}"


# --- Nøgletal ------------------------------------------------------------------------------------------------


def key_figures(*rows):
    def edit(wb):
        ws = wb[c.SHEET_KEY_FIGURES]
        ws.delete_rows(2, ws.max_row)
        for row in rows:
            ws.append(list(row))

    return edit


def test_key_figures_are_stored(seeded_conn):
    edit = key_figures(
        (KEY_FIGURE_BUDGET, 2024, "-3,2"),
        (KEY_FIGURE_RESULT, 2024, 1.5),
        (KEY_FIGURE_ALT_TRUST, 2022, "71,0"),
        (KEY_FIGURE_ALT_TRUST, 2024, None),  # not reported yet: skipped
    )
    accepted(seeded_conn, filled(seeded_conn, edit=edit))
    figures = queries.current_key_figures(seeded_conn, "LMST", 2024, H1)
    assert sorted(figures) == sorted(
        [(KEY_FIGURE_BUDGET, 2024, -3.2), (KEY_FIGURE_RESULT, 2024, 1.5), (KEY_FIGURE_ALT_TRUST, 2022, 71.0)]
    )


@pytest.mark.parametrize(
    ("row", "cell", "expected"),
    [
        (("Overskud", 2024, 1), "A2", "'Overskud' er ikke tilladt i kolonnen Nøgletal"),
        ((KEY_FIGURE_RESULT, 24, 1), "B2", "År: '24' er ikke et årstal"),
        ((KEY_FIGURE_RESULT, 2024, "en del"), "C2", "'en del' er ikke et tal"),
        ((None, 2024, 5), "A2", "Nøgletal skal udfyldes."),
    ],
)
def test_key_figure_errors(seeded_conn, row, cell, expected):
    errors = rejected(seeded_conn, filled(seeded_conn, edit=key_figures(row)))
    assert expected in one(errors, sheet=c.SHEET_KEY_FIGURES, cell=cell).message


def test_duplicate_key_figure(seeded_conn):
    edit = key_figures((KEY_FIGURE_RESULT, 2024, 1), (KEY_FIGURE_RESULT, 2024, 2))
    errors = rejected(seeded_conn, filled(seeded_conn, edit=edit))
    assert "står også i A2" in one(errors, sheet=c.SHEET_KEY_FIGURES, cell="A3").message


# --- Messy but valid ----------------------------------------------------------------------------------------


def test_allowed_values_ignore_case_spaces_and_nbsp(seeded_conn):
    edit = setting(
        **{
            f"{WITH_TARGET}|Status": " GUL\u00a0",
            f"{WITH_TARGET}|Opfyldelse": "delvist\u00a0 OPFYLDT ",
            f"{WITH_TARGET}|Årsag og konsekvens": "Flere ansøgninger end ventet.",
            f"{WITH_TARGET}|Handling": "Midlertidig opnormering.",
            f"{WITHOUT_TARGET}|Status": "grøn",
            f"{WITHOUT_TARGET}|Opfyldelse": "  opfyldt",
        }
    )
    accepted(seeded_conn, filled(seeded_conn, YEAR_END, status="Grøn", verdict="Opfyldt", edit=edit))
    rows = queries.current_report_rows(seeded_conn, "LMST", 2024, YEAR_END)
    assert (rows[WITH_TARGET].status, rows[WITH_TARGET].verdict) == ("Gul", "Delvist opfyldt")
    assert (rows[WITHOUT_TARGET].status, rows[WITHOUT_TARGET].verdict) == ("Grøn", "Opfyldt")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("87,5", 87.5), ("90 %", 90.0), ("90\u00a0pct.", 90.0), ("1.234,5", 1234.5), ("\u22123,2", -3.2), (88, 88.0)],
)
def test_numbers_with_danish_decimal_comma(seeded_conn, typed, stored):
    accepted(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Resultat": typed})))
    assert queries.current_report_rows(seeded_conn, "LMST", 2024, H1)[WITH_TARGET].actual == stored


def test_moved_columns_upper_case_headers_and_sheet_names(seeded_conn):
    """The controller rebuilt the sheet: columns reversed, headers shouted, sheet names in odd case."""
    source = load_workbook(io.BytesIO(filled(seeded_conn, status="Gul")))
    old = source[SHEET]
    wb = Workbook()
    about = wb.active
    about.title = "  OM "
    for row in source[c.SHEET_ABOUT].iter_rows(values_only=True):
        about.append([f" {row[0].upper()} ", row[1]])
    new = wb.create_sheet("opfølgning")
    new.append(["Opfølgning fra LMST, udfyldt af Anne"])  # a title row above the header
    for row in old.iter_rows(values_only=True):
        new.append([f"  {v.upper()}\u00a0" if isinstance(v, str) and row is not None and v in headers(old) else v
                    for v in reversed(row)])  # fmt: skip
    accepted(seeded_conn, save(wb))
    rows = queries.current_report_rows(seeded_conn, "LMST", 2024, H1)
    assert len(rows) == 9 and {r.status for r in rows.values()} == {"Gul"}
    assert rows[WITH_TARGET].actual == 90.0


def test_measure_id_in_lower_case_is_matched_to_the_plan(seeded_conn):
    edit = setting(**{f"{WITH_TARGET}|Målepunkt-ID": f"  {WITH_TARGET.lower()} "})
    accepted(seeded_conn, filled(seeded_conn, edit=edit))
    assert WITH_TARGET in queries.current_report_rows(seeded_conn, "LMST", 2024, H1)


# --- What only the plan knows: warnings, the file is still accepted -------------------------------------------


def test_row_whose_text_is_not_the_plans_is_a_warning(seeded_conn):
    result = accepted(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Målepunkt": "Noget andet"})))
    (warning,) = result.findings
    assert warning.measure_id == WITH_TARGET and warning.cell == where(seeded_conn, WITH_TARGET, "Målepunkt")
    assert "ikke planens tekst" in warning.message and "Sagsbehandlingstiderne" in warning.message


def test_changed_target_is_stored_with_a_warning(seeded_conn):
    result = accepted(seeded_conn, filled(seeded_conn, edit=setting(**{f"{WITH_TARGET}|Måltal": "85,5"})))
    (warning,) = result.findings
    assert warning.message.startswith("Måltal er 85,5, men planens måltal er 90.")
    assert queries.current_report_rows(seeded_conn, "LMST", 2024, H1)[WITH_TARGET].target == 85.5


def test_met_verdict_with_a_result_below_target_is_a_warning(seeded_conn):
    result = accepted(seeded_conn, filled(seeded_conn, YEAR_END, edit=setting(**{f"{WITH_TARGET}|Resultat": 80})))
    (warning,) = result.findings
    assert warning.measure_id == WITH_TARGET
    assert "resultatet 80 når ikke måltallet (mindst 90 pct.)" in warning.message


# --- Plan workbooks ------------------------------------------------------------------------------------------


def plan_data(seeded_conn, edit=None, year: int = 2025) -> bytes:
    """LMST's 2024 plan carried over to `year`, then edited."""
    wb = load_workbook(io.BytesIO(write_plan_template_from(queries.load_plan(seeded_conn, "LMST", 2024), year)))
    if edit:
        edit(wb)
    return save(wb)


def plan_cell(wb, sheet: str, key: str, header: str):
    ws = wb[sheet]
    col = headers(ws)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == key:
            return ws.cell(row, col[header])
    raise KeyError(key)


def test_plan_from_earlier_year_is_accepted_as_next_years_plan(seeded_conn):
    accepted(seeded_conn, plan_data(seeded_conn))
    old, new = queries.load_plan(seeded_conn, "LMST", 2024), queries.load_plan(seeded_conn, "LMST", 2025)
    assert [m.measure_id for m in new.measures] == [m.measure_id.replace("2024", "2025") for m in old.measures]
    assert [m.text for m in new.measures] == [m.text for m in old.measures]
    assert new.director is None and new.director_signed is None


def test_stored_plan_round_trips_through_its_workbook(conn, seeded_conn):
    plan = queries.load_plan(seeded_conn, "STPS", 2023)
    accepted(conn, write_plan_workbook(plan))
    assert queries.load_plan(conn, "STPS", 2023) == plan


@pytest.mark.parametrize(
    ("sheet", "key", "header", "value", "expected"),
    [
        (c.SHEET_GOALS, "LMST-2025-I1", "Mål-ID", "LMST-2024-I1", "skal begynde med 'LMST-2025-'"),
        (c.SHEET_GOALS, "LMST-2025-K1", "Fælles mål", None, "Fælles mål skal udfyldes for et koncernfælles mål"),
        (c.SHEET_GOALS, "LMST-2025-I1", "Fælles mål", "KI", "skal være tom for et institutionsspecifikt mål"),
        (c.SHEET_GOALS, "LMST-2025-I1", "Måltype", "Egen", "'Egen' er ikke tilladt i kolonnen Måltype"),
        (c.SHEET_MEASURES, "LMST-2025-I2-1", "Mål-ID", "LMST-2025-I7", "findes ikke på arket Mål"),
        (c.SHEET_MEASURES, "LMST-2025-I2-1", "Retning", None, "Retning skal udfyldes, når der er et måltal"),
        (c.SHEET_MEASURES, "LMST-2025-I2-1", "Frist", "snart", "'snart' er ikke en dato"),
        (c.SHEET_MEASURES, "LMST-2025-I2-1", "Målepunkt", None, "Målepunkt skal udfyldes."),
    ],
)
def test_plan_rules(seeded_conn, sheet, key, header, value, expected):
    coordinate = {}

    def edit(wb):
        cell = plan_cell(wb, sheet, key, header)
        cell.value = value
        coordinate["ref"] = cell.coordinate

    errors = rejected(seeded_conn, plan_data(seeded_conn, edit))
    matching = [e for e in errors if e.sheet == sheet and e.cell == coordinate["ref"]]
    assert matching and expected in matching[0].message, [str(e) for e in errors]


def test_duplicate_measure_id_in_plan(seeded_conn):
    def duplicate(wb):
        ws = wb[c.SHEET_MEASURES]
        ws.cell(3, 1).value = ws.cell(2, 1).value

    errors = rejected(seeded_conn, plan_data(seeded_conn, duplicate))
    assert "står også i A2" in one(errors, sheet=c.SHEET_MEASURES, cell="A3").message


def test_blank_plan_template_is_rejected_until_filled(seeded_conn):
    errors = rejected(seeded_conn, write_blank_plan_template("NYST", "Ny Styrelse", 2025))
    assert "Planen har ingen mål." in one(errors, sheet=c.SHEET_GOALS).message


def test_plan_dates_in_about_sheet(seeded_conn):
    def sign(wb):
        ws = wb[c.SHEET_ABOUT]
        for row in ws.iter_rows(min_col=1, max_col=2):
            if row[0].value == c.ABOUT_DIRECTOR_SIGNED:
                row[1].value = "19. december 2024"
            if row[0].value == c.ABOUT_SECRETARY_SIGNED:
                row[1].value = "i morgen"

    errors = rejected(seeded_conn, plan_data(seeded_conn, sign))
    finding = one(errors, sheet=c.SHEET_ABOUT, cell="B9")
    assert "'i morgen' er ikke en dato" in finding.message


def test_text_is_stored_without_stray_spaces_and_nbsp(seeded_conn):
    edit = setting(**{f"{WITH_TARGET}|Vurdering": "\u00a0 Fristerne holdes.  "})
    accepted(seeded_conn, filled(seeded_conn, edit=edit))
    assert queries.current_report_rows(seeded_conn, "LMST", 2024, H1)[WITH_TARGET].assessment == "Fristerne holdes."


def test_emptied_target_falls_back_to_the_plans_and_still_asks_for_a_result(seeded_conn):
    edit = setting(**{f"{WITH_TARGET}|Måltal": None, f"{WITH_TARGET}|Resultat": None})
    errors = rejected(seeded_conn, filled(seeded_conn, YEAR_END, edit=edit))
    assert one(errors, cell=where(seeded_conn, WITH_TARGET, "Resultat", YEAR_END), measure_id=WITH_TARGET)
    accepted(seeded_conn, filled(seeded_conn, YEAR_END, edit=setting(**{f"{WITH_TARGET}|Måltal": None})))
    assert queries.current_report_rows(seeded_conn, "LMST", 2024, YEAR_END)[WITH_TARGET].target == 90.0
