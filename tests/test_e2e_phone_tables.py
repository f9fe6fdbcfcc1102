"""The tables of Planer, Udvikling, Historik, Revisionsspor, Indberetningsstatus and Indberetning in headless
Chromium (issue 14): static tables, not canvas tables; at 390×844 each row is a card (no header row, each line
labelled with its column's name) and nothing scrolls sideways; at 1440×900 no column is cut off. Historik's
list of files comes a page at a time, and the page is in the URL, so a reload opens it again.

The database holds the example data and 20 synthetic institutions (tests/many_uploads.py), so the logs run to
more than one page.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests import many_uploads
from tests.browser import STATIC_TABLE, streamlit_server, wait_for_script
from tests.test_e2e_readable import DESKTOP, PHONE, TABLE_OVERFLOW, open_drawn
from tests.workbooks import fill, follow_up_template

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Each page at an address that shows its tables (Revisionsspor: every event, not only the sidebar's period).
PAGES = {
    "planer": "planer",
    "udvikling": "udvikling",
    "historik": "historik",
    "revisionsspor": "revisionsspor",
    "indberetningsstatus": "indberetningsstatus",
    "indberetning": "indberetning",
}

# Per static table at phone width: sideways overflow of the table's boxes, whether its header row shows, and each
# cell whose card line is not labelled with its column's name (the header cell's text).
CARDS = r"""
tables => tables.map(table => {
  // The label a card line shows: a per-column CSS string here, the cell's data-label (content: attr()) on main.
  const label = td => {
    const content = getComputedStyle(td, '::before').content;
    const attr = /^attr\(([\w-]+)\)$/.exec(content);
    return attr ? JSON.stringify(td.getAttribute(attr[1])) : content;
  };
  const boxes = [table.closest("[data-testid='stHtml']"), table.parentElement, table];
  const names = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
  const unlabelled = [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.querySelectorAll('td')]
    .map((td, i) => [names[i], label(td), td.textContent.trim()])
    // A cell that says its column's name ("Eksempeldata") is its own label: not "Eksempeldata / Eksempeldata".
    .filter(([name, content, text]) => content !== JSON.stringify(name) && !(content === "none" && text === name)));
  return {sideways: Math.max(...boxes.map(b => b.scrollWidth - b.clientWidth)),
          header: getComputedStyle(table.querySelector('thead')).display,
          rows: table.querySelectorAll('tbody tr').length, names, unlabelled: unlabelled.slice(0, 5)};
})
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, example_db_file):
    db = tmp_path_factory.mktemp("telefon") / "mange.duckdb"
    shutil.copy(example_db_file, db)
    many_uploads.build(db)
    with streamlit_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def workbook(example_db_file, tmp_path_factory):
    """A filled-in follow-up for the Indberetning page's overview of chosen files."""
    from maalstyring.database.storage import connect

    conn = connect(shutil.copy(example_db_file, tmp_path_factory.mktemp("skabelon") / "kopi.duckdb"))
    try:
        return fill(follow_up_template(conn))
    finally:
        conn.close()


def open_with_tables(tab, url: str, name: str, viewport: dict, workbook: bytes):
    page = open_drawn(tab, f"{url}/{PAGES[name]}", viewport)
    if name == "indberetning":
        page.locator("input[type='file']").set_input_files(
            [{"name": "MRP_opfoelgning_LMST_2024_1-halvaar.xlsx", "mimeType": XLSX, "buffer": workbook}]
        )
        page.get_by_text("Det ændres ved indlæsning").wait_for()
        wait_for_script(page)
    if name == "revisionsspor":
        page.get_by_text("Kun det valgte år og den valgte periode i sidepanelet").click()
        wait_for_script(page)
    page.locator(STATIC_TABLE).first.wait_for()
    return page


def drawn_cards(page, tries: int = 20) -> list[dict]:
    """CARDS of the page's static tables once each is drawn: a table that a rerun is replacing has no computed style
    yet (display ''), so it is read again a moment later; every other value is asserted as read."""
    for _ in range(tries):
        tables = page.locator(STATIC_TABLE).evaluate_all(CARDS)
        if all(table["header"] != "" for table in tables):
            return tables
        page.wait_for_timeout(250)
    return tables


@pytest.mark.parametrize("name", list(PAGES))
def test_tables_are_cards_on_a_phone(tab, server, workbook, name):
    page = open_with_tables(tab, server, name, PHONE, workbook)
    assert page.locator("[data-testid='stDataFrame']").count() == 0, f"{name}: a canvas table is left"
    tables = drawn_cards(page)
    assert tables, name
    for table in tables:
        assert table["rows"] and table["names"], table
        assert table["header"] == "none", f"{name}: the header row shows on a phone: {table['names']}"
        assert table["unlabelled"] == [], f"{name}: card lines without their column's name: {table}"
        assert table["sideways"] <= 1, f"{name}: a table scrolls sideways by {table['sideways']} px: {table}"
    sideways = page.evaluate(
        "() => [document.scrollingElement, document.querySelector(\"[data-testid='stMain']\")]"
        ".filter(Boolean).map(el => el.scrollWidth - el.clientWidth)"
    )
    assert max(sideways) <= 1, f"{name}: the page scrolls sideways by {sideways} px"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_column_is_cut_off_at_1440(tab, server, workbook, name):
    page = open_with_tables(tab, server, name, DESKTOP, workbook)
    assert page.locator("[data-testid='stDataFrame']").count() == 0, f"{name}: a canvas table is left"
    for table in page.locator(STATIC_TABLE).evaluate_all(TABLE_OVERFLOW):
        assert table["hidden"] <= 1 and table["page"] <= 1, f"{name}: columns past the edge of {table}"
        assert table["clipped"] == [], f"{name}: text cut off in {table}"


def first_column(page) -> list[str]:
    """Historik's list of files: the numbers (Nr.) of the rows shown."""
    return page.locator(STATIC_TABLE).first.locator("tbody tr td:first-child").all_inner_texts()


def test_the_page_of_a_log_is_in_the_url_and_survives_a_reload(tab, server):
    page = open_drawn(tab, f"{server}/historik", DESKTOP)
    caption = page.get_by_text(re.compile(r"^Side \d+ af \d+ · viser række"))
    assert re.fullmatch(r"Side 1 af 3 · viser række 1–25 af \d+", caption.inner_text())
    first = first_column(page)
    assert len(first) == 25
    page.get_by_role("button", name="Næste side").click()  # the arrow's Danish name (ui/danish_chrome.py)
    page.get_by_text(re.compile(r"^Side 2 af 3 · viser række 26–50 af \d+")).wait_for()
    wait_for_script(page)
    second = first_column(page)
    assert len(second) == 25 and int(second[0]) < int(first[-1])  # the next 25, newest first
    assert "side_filer=2" in page.url
    page.reload()
    page.get_by_text(re.compile(r"^Side 2 af 3 · viser række 26–50")).wait_for()
    wait_for_script(page)
    page.locator(STATIC_TABLE).first.locator("tbody tr").first.wait_for()  # drawn after the caption
    assert first_column(page) == second
