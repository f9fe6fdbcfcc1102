"""End to end in headless Chromium: the app starts on the bundled data, shows all five plans, and a direct
link to a page on a freshly started server goes through the router (filters, navigation) like any other visit."""

import pytest

from tests.browser import STATIC_TABLE, screenshot, server_log, streamlit_server, wait_for_script
from ui.timing import ENV_VAR, parse_lines

pytestmark = pytest.mark.browser


PLANS_2024 = (
    "Lægemiddelstyrelsen – mål- og resultatplan 2024",
    "Statens Serum Institut – mål- og resultatplan 2024",
    "Sundhedsstyrelsen – mål- og resultatplan 2024",
    "Nationalt Center for Etik – mål- og resultatplan 2024",
)


def test_first_start_creates_database_and_lists_all_five_plans(browser, tmp_path):
    db = tmp_path / "ny.duckdb"  # does not exist: the app must create it and load the bundled plans
    with streamlit_server(db, extra_env={ENV_VAR: "1"}) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        # The very first request of the server is a direct link: it must still run inside the router.
        page.goto(f"{url}/planer")
        page.get_by_role("heading", name="Mål- og resultatplaner").wait_for()
        page.get_by_role("heading", name=PLANS_2024[0]).wait_for()
        wait_for_script(page)
        nav = page.locator("[data-testid='stSidebarNav']")
        assert "Koncernoverblik" in nav.inner_text() and "app" not in nav.inner_text().split()
        assert page.get_by_role("heading", name="Filtre").count() == 1
        table = page.locator(STATIC_TABLE).first  # the list of plans (ui/tables.static_table)
        table.get_by_text("Lægemiddelstyrelsen (LMST)").first.wait_for()
        for heading in PLANS_2024:
            assert page.get_by_role("heading", name=heading).count() == 1, heading
        assert page.locator("[data-testid='stException']").count() == 0
        page.get_by_text("Mål 2: Bedre understøttelse af kliniske forsøg").click()
        page.get_by_text("Sagsbehandlingstiderne er overholdt i 90 pct. af sagerne.").wait_for()
        screenshot(page, "planer")
        # The opt-in script timing (bench/page_speed.py reads it) logs each run of the page in the server log.
        assert "/planer" in [t["page"] for t in parse_lines(server_log(db, url).read_text())]
        # A shared link with the year in it shows that year's plan, after a reload too.
        for _ in range(2):
            page.goto(f"{url}/planer?aar=2023") if _ == 0 else page.reload()
            page.get_by_role("heading", name="Styrelsen for Patientsikkerhed – mål- og resultatplan 2023").wait_for()
            wait_for_script(page)
            assert page.get_by_role("heading", name=PLANS_2024[0]).count() == 0
    assert db.exists()
