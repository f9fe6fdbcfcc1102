"""Issue #27, point 8 in headless Chromium: titles on a phone break between words, a card does not say
"Eksempeldata / Eksempeldata", and the filter popover closes after a choice (and on Escape) with the filters kept
in the link from page to page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest

from tests.browser import ARTIFACTS, STATIC_TABLE, in_tab, screenshot, wait_for_script

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def test_phone_title_is_one_unbroken_word(tab, server):
    page = in_tab(tab, PHONE)
    page.goto(f"{server}/indberetningsstatus")
    wait_for_script(page)
    title = page.get_by_role("heading", name="Indberetningsstatus", level=1)
    title.wait_for()
    # One line box for the title's text: no "Indberetningssta/tus".
    lines = title.evaluate(
        "h => { const r = document.createRange(); r.selectNodeContents(h); "
        "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )
    assert lines == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "indberetningsstatus-mobil-titel.png"))


def test_phone_card_does_not_repeat_eksempeldata(tab, server):
    page = in_tab(tab, PHONE)
    page.goto(f"{server}/indberetningsstatus")
    wait_for_script(page)
    cell = page.locator("table.ms-table td[data-label='Eksempeldata']", has_text="Eksempeldata").first
    cell.wait_for()
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == "none"
    label = page.locator("table.ms-table td[data-label='Institution']").first
    assert label.evaluate("td => getComputedStyle(td, '::before').content") == '"Institution"'  # others keep theirs


SSI = "Statens Serum Institut (SSI)"


def focused_test_id(page) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.getAttribute('data-testid')")


def link_filters(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
def test_a_choice_closes_the_filter_popover_and_the_filter_stays_in_the_link_on_every_page(tab, server, viewport):
    # A colleague's link chose 1. halvår; the reader adds SSI in the popover. The popover closes on the choice
    # (issue 27, point 8) with focus back on its button, the page and the link follow, and a page change keeps both,
    # though the closed popover's widgets are not drawn in the browser (ui/filters.py writes the link on every run).
    page = in_tab(tab, viewport)
    page.goto(f"{server}/koncernoverblik?periode={quote_plus('1. halvår')}")
    wait_for_script(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    if viewport == PHONE:  # the sidebar is folded away on a phone
        page.locator("[data-testid='stExpandSidebarButton']").click()
    button = sidebar.get_by_role("button", name="Vælg filtre")
    body = page.locator("[data-testid='stPopoverBody']")
    button.click()
    institutions = body.locator("[data-testid='stMultiSelect']").filter(has_text="Institutioner")
    institutions.locator("input").wait_for()
    body.locator("[data-testid='stMultiSelect']").nth(1).wait_for()  # the last of the five: all are drawn
    wait_for_script(page)
    screenshot(page, f"filtre-aaben-{viewport['width']}")
    institutions.locator("input").click()
    page.get_by_role("option", name=SSI).click()
    body.wait_for(state="detached", timeout=15_000)
    page.wait_for_url(re.compile(r"[?&]institution="))
    wait_for_script(page)
    assert focused_test_id(page) == "stPopoverButton"
    assert link_filters(page) == {"periode": ["1. halvår"], "institution": [SSI]}
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    assert "Periode: 1. halvår" in caption.inner_text() and "Institutioner: SSI" in caption.inner_text()
    assert "Institutioner: SSI" in sidebar.locator("[data-testid='stCaptionContainer']").inner_text()
    # The goal matrix lists SSI alone (each institution's name in it links to the Institution page).
    matrix_links = page.locator(STATIC_TABLE).get_by_role("link")
    matrix_links.first.wait_for()
    assert set(matrix_links.all_inner_texts()) == {SSI}
    screenshot(page, f"filtre-lukket-{viewport['width']}")
    # Another page from the sidebar's menu: the filters stay in effect and in the link.
    sidebar.locator("[data-testid='stSidebarNav']").get_by_text("Koncernfælles mål").click()
    page.get_by_role("heading", name="Koncernfælles mål", exact=True).wait_for()
    page.wait_for_url(re.compile(r"/faelles_maal\?.*institution="))
    wait_for_script(page)
    assert link_filters(page) == {"periode": ["1. halvår"], "institution": [SSI]}
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    assert "Periode: 1. halvår" in caption.inner_text() and "Institutioner: SSI" in caption.inner_text()
    # Escape closes the popover too, and gives the focus back to its button.
    if viewport == PHONE and not button.is_visible():
        page.locator("[data-testid='stExpandSidebarButton']").click()
    button.click()
    body.wait_for()
    page.keyboard.press("Escape")
    body.wait_for(state="detached", timeout=15_000)
    assert focused_test_id(page) == "stPopoverButton"
