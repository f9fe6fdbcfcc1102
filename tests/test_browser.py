"""End to end in headless Chromium: the app starts on the bundled data and shows all five plans."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, screenshot, streamlit_server, wait_for_script

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_first_start_creates_database_and_lists_all_five_plans(browser, tmp_path):
    db = tmp_path / "ny.duckdb"  # does not exist: the app must create it and load the bundled plans
    with streamlit_server(db) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/planer")
        wait_for_script(page)
        page.get_by_role("heading", name="Mål- og resultatplaner").wait_for()
        for heading in (
            "Lægemiddelstyrelsen – mål- og resultatplan 2024",
            "Statens Serum Institut – mål- og resultatplan 2024",
            "Sundhedsstyrelsen – mål- og resultatplan 2024",
            "Nationalt Center for Etik – mål- og resultatplan 2024",
            "Styrelsen for Patientsikkerhed – mål- og resultatplan 2023",
        ):
            assert page.get_by_role("heading", name=heading).count() == 1, heading
        assert page.locator("[data-testid='stException']").count() == 0
        page.get_by_text("Mål 2: Bedre understøttelse af kliniske forsøg").click()
        page.get_by_text("Sagsbehandlingstiderne er overholdt i 90 pct. af sagerne.").wait_for()
        screenshot(page, "planer")
    assert db.exists()
