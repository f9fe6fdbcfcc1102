"""End to end in headless Chromium: every page opens on the default data, filtered links reproduce the view.

Screenshots of every page go to test-artifacts/; with MAALSTYRING_UPDATE_DOCS=1 they also refresh
docs/img/sider/ (a test run must not rewrite tracked files by itself). Streamlit's main area scrolls inside the page,
so the viewport is made tall rather than relying on a full-page screenshot.
"""

import os
import shutil
from urllib.parse import quote

import pytest

from tests.browser import ARTIFACTS, REPO, STATIC_TABLE, in_tab, wait_for_script

pytestmark = pytest.mark.browser

DOCS_IMG = REPO / "docs" / "img" / "sider"
VIEWPORT = {"width": 1400, "height": 3000}
# url path → (screenshot name, a heading the page must show)
PAGES = {
    "": ("koncernoverblik", "Koncernoverblik"),
    "faelles_maal": ("faelles_maal", "Koncernfælles mål"),
    "institution?institution=Statens+Serum+Institut+%28SSI%29": ("institution", "Institution"),
    "udvikling": ("udvikling", "Udvikling over år"),
    "planer": ("planer", "Mål- og resultatplaner"),
    "skabeloner": ("skabeloner", None),
    "indberetning": ("indberetning", None),
    "historik": ("historik", None),
    "indberetningsstatus": ("indberetningsstatus", "Indberetningsstatus"),
}
DASHBOARDS = ("", "faelles_maal", "institution", "udvikling", "indberetningsstatus")


def open_page(page, url: str):
    page.goto(url)
    wait_for_script(page)
    return page


def view_of(page) -> dict:
    """What a reader sees of the overview: the caption with the filters and every tile."""
    page.get_by_role("heading", name="Koncernoverblik").wait_for()
    # "Hent" is the page's last section: once it is drawn, so are the tiles above it.
    page.get_by_role("heading", name="Hent", exact=True).wait_for()
    page.get_by_text("Lav PDF").first.wait_for()  # the leadership pack's button, drawn after "Hent"
    wait_for_script(page)
    tiles = page.locator(".ms-tile")
    tiles.first.wait_for()

    def read() -> dict:
        return {
            "caption": page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text(),
            "tiles": tiles.all_inner_texts(),
        }

    # A rerun replaces the elements one by one (stale ones fade out first): read until two reads agree.
    seen = read()
    for _ in range(40):
        page.wait_for_timeout(250)
        wait_for_script(page)
        again = read()
        if again == seen:
            return again
        seen = again
    return seen


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens_without_error_and_marks_example_data(tab, server, path):
    name, heading = PAGES[path]
    page = open_page(in_tab(tab, VIEWPORT), f"{server}/{path}")
    if heading:
        page.get_by_role("heading", name=heading, exact=True).first.wait_for()
    page.wait_for_timeout(500)  # let the charts draw before the screenshot; no assertion depends on it
    assert page.locator("[data-testid='stException']").count() == 0
    if path.split("?")[0] in DASHBOARDS:
        assert page.get_by_text("Eksempeldata:", exact=False).first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"))
    if os.environ.get("MAALSTYRING_UPDATE_DOCS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copy(ARTIFACTS / f"dashboard-{name}.png", DOCS_IMG / f"{name}.png")


def test_filtered_url_reproduces_the_view_after_reload_and_in_a_fresh_browser(browser, tab, server):
    query = "?periode=" + quote("1. halvår") + "&institution=" + quote("Statens Serum Institut (SSI)")
    page = open_page(in_tab(tab, VIEWPORT), f"{server}/{query}")
    first = view_of(page)
    assert "Periode: 1. halvår" in first["caption"] and "Institutioner: SSI" in first["caption"]
    assert any(t.startswith("! Gul") and "2 mål" in t for t in first["tiles"])
    page.reload()
    wait_for_script(page)
    assert view_of(page) == first
    fresh = browser.new_context(viewport=VIEWPORT)  # no cookies, no session: only the link
    try:
        assert view_of(open_page(fresh.new_page(), f"{server}/{query}")) == first
    finally:
        fresh.close()


def test_filter_chosen_in_the_sidebar_goes_into_the_link_and_carries_over(browser, tab, server):
    page = open_page(in_tab(tab, VIEWPORT), server)
    before = view_of(page)
    # The filters sit in a popover under a summary of the choice (ui/filters.py): drawn only when opened.
    assert page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").count() == 0
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Vælg filtre").click()
    period = page.locator("[data-testid='stSelectbox']").filter(has_text="Periode")
    period.locator("input").click()
    page.get_by_role("option", name="1. halvår").click()
    page.wait_for_url("**periode=**")
    wait_for_script(page)
    chosen = view_of(page)
    assert chosen != before and "Periode: 1. halvår" in chosen["caption"]
    assert "1. halvår" in page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']").inner_text()
    link = page.url
    fresh = browser.new_context(viewport=VIEWPORT)
    try:
        assert view_of(open_page(fresh.new_page(), link)) == chosen
    finally:
        fresh.close()
    # Moving to another page keeps the filter (it is drawn by app.py on every page, bound to the URL).
    page.locator("[data-testid='stSidebarNav']").get_by_text("Koncernfælles mål").click()
    page.get_by_role("heading", name="Koncernfælles mål", exact=True).wait_for()
    wait_for_script(page)
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    assert "Periode: 1. halvår" in caption.inner_text()
    assert "periode=" in page.url


def test_link_from_the_overview_opens_the_institution_with_the_same_filters(tab, server):
    # The institution's name in the overview's table is the link (ui/views.goal_matrix), and it keeps the sidebar.
    page = open_page(in_tab(tab, VIEWPORT), f"{server}/?periode=" + quote("1. halvår"))
    page.locator(STATIC_TABLE).get_by_role("link", name="Statens Serum Institut (SSI)").first.click()  # the matrix
    page.get_by_role("heading", name="Statens Serum Institut – mål- og resultatplan 2024").wait_for()
    wait_for_script(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "periode=1.+halv%C3%A5r" in page.url or "periode=1.%20halv%C3%A5r" in page.url
    assert "1. halvår" in page.locator("[data-testid='stSidebar'] [data-testid='stCaptionContainer']").inner_text()
