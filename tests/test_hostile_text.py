"""Workbook text that looks like HTML or a formula stays inert: shown as typed, exported as text."""

import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from maalstyring.commands.cli import main as cli
from maalstyring.database.storage import connect
from maalstyring.workbooks.ingest import import_workbook
from tests.browser import screenshot, streamlit_server, wait_for_script
from tests.workbooks import cell_of, fill, follow_up_template

SCRIPT = "<script>alert('xss')</script><img src=x onerror=alert(2)>"
FORMULA = '=HYPERLINK("http://example.invalid","Klik her")'


@pytest.fixture
def hostile_path(seeded_path):
    """LMST's 1. halvår report with a script tag as an assessment and a formula-like cause, as text cells."""

    def edit(wb):
        cell_of(wb, "LMST-2024-I2-1", "Vurdering").value = SCRIPT
        cause = cell_of(wb, "LMST-2024-I2-1", "Årsag og konsekvens")
        cause.value = FORMULA
        cause.data_type = "s"  # typed with a leading apostrophe in Excel: text, not a formula

    conn = connect(seeded_path)
    result = import_workbook(conn, fill(follow_up_template(conn), status="Gul", edit=edit), "lmst.xlsx", "test")
    assert result.accepted, [str(e) for e in result.errors]
    stored = conn.execute("SELECT assessment, cause FROM report_rows WHERE measure_id = 'LMST-2024-I2-1'").fetchone()
    assert stored == (SCRIPT, FORMULA)
    conn.close()
    return seeded_path


def test_export_writes_formula_like_text_as_text(hostile_path, tmp_path, capsys):
    out = tmp_path / "eksport.xlsx"
    assert cli(["--db", str(hostile_path), "export", "--out", str(out)]) == 0
    ws = load_workbook(io.BytesIO(out.read_bytes()))["Opfølgning"]
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value in (FORMULA, SCRIPT)]
    assert {cell.value for cell in cells} == {FORMULA, SCRIPT}
    assert all(cell.data_type == "s" for cell in cells)


@pytest.mark.browser
def test_page_shows_script_and_formula_as_plain_text(hostile_path, browser):
    with streamlit_server(hostile_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        query = f"aar=2024&periode={quote('1. halvår')}&institution={quote('Lægemiddelstyrelsen (LMST)')}"
        page.goto(f"{url}/institution?{query}")
        page.get_by_role("heading", name="Lægemiddelstyrelsen", exact=False).first.wait_for()
        wait_for_script(page)
        # The table draws on a canvas; its accessible mirror holds the cell's text: the tags as text …
        page.get_by_text(SCRIPT).first.wait_for(state="attached")
        assert page.locator("img[src='x']").count() == 0  # … not elements
        screenshot(page, "hostile-text")
        assert page.locator("a[href='http://example.invalid']").count() == 0
        assert dialogs == []
        page.close()
