"""End to end in headless Chromium: download a template, fill it, upload it with a broken one, see the verdicts,
errors and preview, commit, and find the new status on Indberetning and in Historik."""

import re
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, STATIC_TABLE, screenshot, streamlit_server, wait_for_script
from tests.workbooks import cell_of, fill

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_page(page, title: str) -> None:
    """Go to a page through the sidebar, as a user does (the router in app.py runs first)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=re.compile(rf"^\W*\w*\s*{title}$")).click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    wait_for_script(page)


def whole_page_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main block, so a full-page screenshot needs a viewport as tall as the page."""
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    wait_for_script(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def table_text(page, expected: str) -> str:
    """The text of every static table, once a table showing `expected` has been drawn."""
    page.locator(STATIC_TABLE, has_text=expected).first.wait_for()
    return " | ".join(page.locator(STATIC_TABLE).all_inner_texts())


def test_template_round_trip_through_the_browser(browser, seeded_path):
    with streamlit_server(seeded_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
        page.goto(f"{url}/?periode=1.+halv%C3%A5r")  # the sidebar's period, from a link; it follows to Skabeloner
        wait_for_script(page)

        open_page(page, "Skabeloner")
        page.get_by_text("Filnavn: MRP_opfoelgning_LMST_2024_1-halvaar.xlsx").wait_for()  # first institution
        screenshot(page, "skabeloner")
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Hent skabelon for 1. halvår 2024").click()
        download = download_info.value
        assert download.suggested_filename == "MRP_opfoelgning_LMST_2024_1-halvaar.xlsx"
        template = Path(download.path()).read_bytes()

        good = fill(template)
        bad = fill(template, edit=lambda wb: setattr(cell_of(wb, "LMST-2024-I2-1", "Status"), "value", "Lilla"))

        open_page(page, "Indberetning")
        page.locator("input[type='file']").set_input_files(
            [
                {"name": "MRP_opfoelgning_LMST_2024_1-halvaar.xlsx", "mimeType": XLSX, "buffer": good},
                {"name": "LMST_forkert.xlsx", "mimeType": XLSX, "buffer": bad},
            ]
        )
        page.get_by_text("Det ændres ved indlæsning").wait_for()
        wait_for_script(page)
        assert page.get_by_text("Klar til indlæsning – Opfølgning LMST 2024 1. halvår").count() == 1
        assert page.get_by_text(re.compile(r"^Afvist – 1 fejl")).count() == 1
        tables = table_text(page, "+ Ny")
        assert "Status: 'Lilla' er ikke tilladt" in tables and "LMST-2024-I2-1" in tables
        assert tables.count("+ Ny") == 9
        assert page.locator("[data-testid='stException']").count() == 0
        # Copied by hand to docs/img/indberetning.png for the guide: a test must not rewrite tracked files.
        whole_page_screenshot(page, ARTIFACTS / "indberetning.png")

        page.get_by_role("button", name="Indlæs Opfølgning LMST 2024 1. halvår").click()
        page.get_by_text("Gældende status").wait_for()
        wait_for_script(page)
        assert page.get_by_text(re.compile(r"^Indlæst som indberetning nr\. \d+\. Den er nu den gældende")).count() == 1
        assert table_text(page, "✓ Grøn").count("✓ Grøn") == 9
        whole_page_screenshot(page, ARTIFACTS / "indberetning-indlaest.png")

        open_page(page, "Historik")
        # The newest file, the one just loaded, heads the list; its name opens it (a link with `?fil=`).
        page.get_by_role("link", name="MRP_opfoelgning_LMST_2024_1-halvaar.xlsx").first.click()
        page.wait_for_url(re.compile(r"/historik\?.*fil=\d+"))
        page.get_by_text("Indberettet status pr. målepunkt").wait_for()
        wait_for_script(page)
        assert page.get_by_text("Dette er den gældende indberetning for Opfølgning LMST 2024 1. halvår").count() == 1
        assert table_text(page, "✓ Grøn").count("✓ Grøn") == 9
        assert page.locator("[data-testid='stException']").count() == 0
        whole_page_screenshot(page, ARTIFACTS / "historik.png")
