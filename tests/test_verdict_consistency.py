"""End to end: for every institution, year and period of the default data, the overview, the Institution page,
Koncernfælles mål, the Excel export and the årsrapport table state the same verdicts for every goal: the
reported one, the one the plan's rule gives, and whether they disagree."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from loaders.export import write_annual_report, write_filtered_view
from maalstyring.reading import goal_table, plan_rows, reporting_status
from maalstyring.reading.selection import Filters
from maalstyring.reading.verdict_model import flagged
from tests.html_tables import disclosures, overview_matrix, static_tables
from tests.html_tables import tiles as read_tiles
from tests.views import show_view
from ui.status import OWN_GOAL_PREFIX, OWN_GOALS, status_badge, verdict_badge
from vocabulary.terms import PERIODS, VERDICTS, Period
from vocabulary.wording import VERDICT_MISMATCH

# The model and the exports are checked on both engines (both_engines); the pages draw what the model gives, and
# tests/test_same_frames.py proves the model's frames equal on both, so the page checks run on DuckDB.

POINTS = [(2024, Period.H1), (2024, Period.YEAR_END), (2023, Period.H1), (2023, Period.YEAR_END)]
INSTITUTIONS = {
    "LMST": ("Lægemiddelstyrelsen", 2024),
    "SSI": ("Statens Serum Institut", 2024),
    "SST": ("Sundhedsstyrelsen", 2024),
    "NCE": ("Nationalt Center for Etik", 2024),
    "STPS": ("Styrelsen for Patientsikkerhed", 2023),
}


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def model(conn, year: int, period: str) -> dict[str, tuple]:
    """goal_id → (institution, column, status, reported, computed, mismatch, "nr. title"): what every view
    must say."""
    goals = goal_table.goal_rows(conn, Filters(year, period))
    return {
        g.goal_id: (g.institution_code, goal_table.goal_column_label(g), _text(g.status), _text(g.verdict),
                    _text(g.computed_verdict), flagged(g.verdict_mismatch), f"{g.goal_nr}. {g.title}")
        for g in goals.itertuples()
    }  # fmt: skip


@pytest.mark.both_engines
def test_the_default_data_has_a_disputed_verdict_to_check(example_conn):
    """The check below is only worth something if the data holds a disagreement (NCE's economy)."""
    disputed = [g for g, v in model(example_conn, 2024, Period.YEAR_END).items() if v[5]]
    assert disputed == ["NCE-2024-K2"]
    computed = [g for g, v in model(example_conn, 2023, Period.YEAR_END).items() if v[4]]
    assert computed == ["STPS-2023-K1.2", "STPS-2023-K1.3"]


@pytest.mark.parametrize(("year", "period"), POINTS)
def test_overview_matrix_states_the_models_verdicts(open_page, example_path, example_conn, year, period):
    expected = model(example_conn, year, period)
    at = open_page(example_path, "pages/koncernoverblik.py", {"aar": str(year), "periode": period})
    matrix = overview_matrix(at).set_index("Institution")
    year_end = period == Period.YEAR_END
    for code, column, status, reported, computed, mismatch, title in expected.values():
        name = INSTITUTIONS[code][0]
        if column.startswith(OWN_GOAL_PREFIX):  # own goals: a named line each in the "Egne mål" column
            lines = matrix.loc[f"{name} ({code})", OWN_GOALS].split("\n")
            cell = next(line for line in lines if line.startswith(f"{title}: ")).removeprefix(f"{title}: ")
        else:
            cell = matrix.loc[f"{name} ({code})", column]
        assert cell.startswith(status_badge(status)), (code, column, cell)
        if year_end and reported:
            assert f" · {verdict_badge(reported)}" in cell, (code, column, cell)
        if year_end and computed and computed == reported:
            assert cell.endswith(f"{verdict_badge(reported)} (= beregnet)"), (code, column, cell)
        elif computed and (year_end or mismatch):
            assert f"beregnet {verdict_badge(computed)}" in cell, (code, column, cell)
        assert ("⚠" in cell) == mismatch, (code, column, cell)
    tiles = read_tiles(at)
    assert tiles["⚠ Uenige"] == f"{sum(v[5] for v in expected.values())} mål"


@pytest.mark.parametrize("code", list(INSTITUTIONS))
def test_institution_page_states_the_models_verdicts(open_page, example_path, example_conn, code):
    name, year = INSTITUTIONS[code]
    at = open_page(example_path, "pages/institution.py", {"aar": str(year), "vis": f"{name} ({code})"})
    labels = [e.label for e in disclosures(at)]
    for period in PERIODS:
        for goal_id, (_, _, status, reported, computed, mismatch, title) in model(example_conn, year, period).items():
            if not goal_id.startswith(f"{code}-"):
                continue
            nr, name_of_goal = title.split(". ", 1)
            label = next(lb for lb in labels if lb.startswith(f"Mål {nr}: {name_of_goal} — "))
            said = label.split(f"{period}: ")[1].split(f" · {Period.YEAR_END}:")[0]
            computed_text = (("⚠ " if mismatch else "") + f"beregnet {verdict_badge(computed)}") if computed else ""
            parts = [p for p in (verdict_badge(reported), computed_text) if p]
            if computed and computed == reported:
                parts = [f"{verdict_badge(reported)} (= beregnet)"]
            assert said == status_badge(status) + (", " + " · ".join(parts) if parts else ""), (goal_id, period)


@pytest.mark.parametrize(("year", "period"), POINTS)
def test_faelles_maal_states_the_models_verdicts(open_page, example_path, example_conn, year, period):
    expected = {v[0]: {} for v in model(example_conn, year, period).values()}
    for code, column, _, reported, computed, mismatch, _ in model(example_conn, year, period).values():
        expected[code][column] = (reported, computed, mismatch)
    at = open_page(example_path, "pages/faelles_maal.py", {"aar": str(year), "periode": period})
    shown = []
    for view in [tab.label for tab in at.main.tabs]:  # one shared goal at a time (lazy views)
        shown += static_tables(show_view(at, view))
    tables = [t for t in shown if "Uenighed" in t.columns]
    assert len(tables) == 2  # Økonomisk styring and Attraktiv arbejdsplads
    for table, column in zip(tables, ("Økonomisk styring", "Attraktiv arbejdsplads"), strict=True):
        for row in table.to_dict("records"):
            code = row["Institution"].rsplit("(", 1)[1].rstrip(")")
            reported, computed, mismatch = expected[code][column]
            assert row["Indberettet opfyldelse"] == verdict_badge(reported), (code, column)
            if computed:
                assert row["Beregnet opfyldelse"] == verdict_badge(computed), (code, column)
            else:
                assert not any(v in row["Beregnet opfyldelse"] for v in VERDICTS), (code, column)
            assert (row["Uenighed"] == VERDICT_MISMATCH) == mismatch, (code, column)
    # The målepunkt matrices mark the same disagreements, on the institutions that have them.
    disputed = {f"{INSTITUTIONS[v[0]][0]} ({v[0]})" for v in model(example_conn, year, period).values() if v[5]}
    matrices = [t for t in shown if "Målepunkt 1" in t.columns]
    marked = {
        r["Institution"] for m in matrices for r in m.to_dict("records") if any("⚠" in str(v) for v in r.values())
    }
    assert marked == disputed


def _sheet(data: bytes, title: str) -> list[dict]:
    ws = load_workbook(BytesIO(data))[title]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.both_engines
@pytest.mark.parametrize(("year", "period"), POINTS)
def test_excel_export_and_annual_report_state_the_models_verdicts(example_conn, year, period):
    expected = model(example_conn, year, period)
    filters = Filters(year, period)
    goals = goal_table.goal_rows(example_conn, filters)
    exported = _sheet(write_filtered_view(filters.describe(), goals, plan_rows.measure_rows(example_conn, filters)),
                      "Mål")  # fmt: skip
    assert {r["Mål-ID"] for r in exported} == set(expected)
    for r in exported:
        _, _, _, reported, computed, mismatch, _ = expected[r["Mål-ID"]]
        assert (r["Indberettet opfyldelse"], r["Beregnet opfyldelse"]) == (reported, computed), r["Mål-ID"]
        assert (r["Uenighed"] == VERDICT_MISMATCH) == mismatch, r["Mål-ID"]
    if period != Period.YEAR_END:
        return
    annual = _sheet(
        write_annual_report(reporting_status.annual_report_table(example_conn, Filters(year))), "Årsrapport"
    )
    by_goal = {(r["Institution"], f"{r['Nr.']}. {r['Mål']}"): r for r in annual}
    assert len(by_goal) == len(annual) == len(expected)
    for goal_id, (code, _, _, reported, computed, mismatch, title) in expected.items():
        r = by_goal[(INSTITUTIONS[code][0], title)]
        assert r["Indberettet opfyldelse"] == (reported or "Ikke vurderet endnu"), goal_id
        assert r["Beregnet opfyldelse (planens regel)"] == computed, goal_id
        assert (r["Uenighed"] == VERDICT_MISMATCH) == mismatch, goal_id
