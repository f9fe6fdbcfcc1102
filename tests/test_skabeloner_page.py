"""The Skabeloner page and what it hands out: templates read back by the real reader."""

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database import queries
from maalstyring.database.storage import REPO_ROOT
from maalstyring.workbooks.ingest import import_workbook, validate_workbook
from tests.markdown_text import as_read
from tests.workbooks import fill, follow_up_template
from ui import templates
from vocabulary.terms import PERIODS, Period, WorkbookKind


@pytest.fixture
def page(monkeypatch, seeded_path):
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/skabeloner.py").run()
    yield at
    from ui.db import _connection

    _connection.clear()


def test_page_offers_follow_up_and_plan_templates_with_descriptive_names(page):
    assert not page.exception
    page.main.selectbox(key="vis").set_value("LMST").run()  # the sidebar chose no institution: all are offered
    page.sidebar.selectbox(key="periode").set_value(Period.H1).run()
    captions = [as_read(cap.value) for cap in page.caption]
    assert "Filnavn: MRP_opfoelgning_LMST_2024_1-halvaar.xlsx" in captions
    assert any("Der er endnu ingen indberetning for Lægemiddelstyrelsen, 1. halvår 2024" in t for t in captions)
    page.sidebar.selectbox(key="periode").set_value(Period.YEAR_END).run()
    assert "Filnavn: MRP_opfoelgning_LMST_2024_aarsafslutning.xlsx" in [as_read(cap.value) for cap in page.caption]
    page.radio(key="skabelon_plan_choice").set_value(templates.PLAN_NEXT_YEAR).run()
    assert page.number_input(key="skabelon_new_year").value == 2025
    assert any(as_read(cap.value).startswith("Filnavn: MRP_plan_LMST_2025.xlsx") for cap in page.caption)


def test_prefilled_follow_up_template_reads_back_as_what_is_stored(seeded_conn):
    stored = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn), status="Gul"), "v1.xlsx", "test")
    assert stored.accepted
    data, name = templates.follow_up_template(seeded_conn, "LMST", 2024, Period.H1, prefill=True)
    assert name == "MRP_opfoelgning_LMST_2024_1-halvaar.xlsx"
    read = validate_workbook(seeded_conn, data, name)
    assert read.ok, [str(f) for f in read.errors]
    assert {r.measure_id: r for r in read.follow_up.rows} == queries.current_report_rows(
        seeded_conn, "LMST", 2024, Period.H1
    )
    empty, _ = templates.follow_up_template(seeded_conn, "LMST", 2024, Period.H1, prefill=False)
    assert not validate_workbook(seeded_conn, empty, name).ok  # nothing answered yet


def test_next_years_plan_starts_from_this_years_and_can_be_imported(seeded_conn):
    data, name = templates.plan_template(
        seeded_conn, "LMST", "Lægemiddelstyrelsen", 2024, templates.PLAN_NEXT_YEAR, 2025
    )
    assert name == "MRP_plan_LMST_2025.xlsx"
    result = import_workbook(seeded_conn, data, name, "test")
    assert result.accepted, [str(f) for f in result.errors]
    old, new = queries.load_plan(seeded_conn, "LMST", 2024), queries.load_plan(seeded_conn, "LMST", 2025)
    assert [m.text for m in new.measures] == [m.text for m in old.measures]
    assert all(m.measure_id.startswith("LMST-2025-") for m in new.measures)


def test_blank_plan_names_institution_and_year(seeded_conn):
    data, name = templates.plan_template(seeded_conn, "LMST", "Lægemiddelstyrelsen", 2024, templates.PLAN_BLANK, 2026)
    assert name == "MRP_plan_LMST_2026.xlsx"
    read = validate_workbook(seeded_conn, data, name)
    assert (read.kind, read.institution_code, read.year) == (WorkbookKind.PLAN, "LMST", 2026)


def test_institution_follows_the_sidebar_filters(monkeypatch, seeded_path):
    # A link with the sidebar's filters (bound to the URL), as a reminder mail gives: STPS, 2023, 1. halvår.
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"institution": ["Styrelsen for Patientsikkerhed (STPS)"], "aar": "2023",
                            "periode": Period.H1})  # fmt: skip
    at.run()
    at.switch_page("pages/skabeloner.py").run()
    try:
        assert not at.main.selectbox  # nothing to choose again on the page
        assert "Filnavn: MRP_opfoelgning_STPS_2023_1-halvaar.xlsx" in [as_read(cap.value) for cap in at.caption]
    finally:
        from ui.db import _connection

        _connection.clear()


def test_the_sidebars_year_limits_the_institutions_offered(page):
    # STPS has a plan for 2023 only: in 2024 (the newest year, the sidebar's default) it is not offered.
    assert "STPS" not in page.main.selectbox(key="vis").options
    page.sidebar.selectbox(key="aar").set_value(2023).run()
    assert not page.main.selectbox  # STPS is the only institution with a plan for 2023
    assert "Filnavn: MRP_opfoelgning_STPS_2023_aarsafslutning.xlsx" in [as_read(cap.value) for cap in page.caption]


def _example_texts(data: bytes) -> list[str]:
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(data))
    return [
        str(cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "Eksempeldata" in cell.value
    ]


def test_example_data_never_goes_into_a_template(example_conn):
    for period in PERIODS:
        # Even when asked to start from the current report: that report is example data.
        data, _ = templates.follow_up_template(example_conn, "LMST", 2024, period, prefill=True)
        assert _example_texts(data) == [], period
        assert not templates.can_prefill(example_conn, "LMST", 2024, period)
        figures = validate_workbook(example_conn, data, "x.xlsx").follow_up
        assert figures is None or not figures.key_figures  # no example key figures either


def test_starting_from_the_current_report_is_not_ticked_by_default(monkeypatch, seeded_path):
    from maalstyring.database.storage import connect

    conn = connect(seeded_path)
    import_workbook(conn, fill(follow_up_template(conn), status="Gul"), "v1.xlsx", "test")
    conn.close()
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.query_params["periode"] = Period.H1  # the period of the stored report, chosen in the sidebar
    at.run()
    at.switch_page("pages/skabeloner.py").run()
    try:
        box = next(b for b in at.checkbox if b.key == "skabelon_prefill")
        assert box.value is False
    finally:
        from ui.db import _connection

        _connection.clear()


def test_an_example_report_offers_no_prefill(monkeypatch, example_path):
    monkeypatch.setenv("MAALSTYRING_DB", str(example_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/skabeloner.py").run()
    try:
        assert not [b for b in at.checkbox if b.key == "skabelon_prefill"]
        assert any("er eksempeldata. Skabelonen er tom for svar" in as_read(cap.value) for cap in at.caption)
    finally:
        from ui.db import _connection

        _connection.clear()
