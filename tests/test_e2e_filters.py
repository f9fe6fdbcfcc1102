"""In headless Chromium: a page's own choice goes into the URL, and that link opens the same choice.

AppTest (tests/test_page_filters.py) cannot see a bound widget write its value into the URL: the browser does.
"""

import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect

from tests.browser import in_tab, wait_for_script
from vocabulary.formatting import institution_label
from vocabulary.terms import UploadOutcome

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1440, "height": 900}
SSI = institution_label("Statens Serum Institut", "SSI")
LMST = institution_label("Lægemiddelstyrelsen", "LMST")


def institution_heading(page) -> str:
    heading = page.get_by_role("heading", name=re.compile("mål- og resultatplan 2024"))
    heading.wait_for()
    wait_for_script(page)
    return heading.inner_text()


def test_the_institution_chosen_on_the_page_is_in_the_link_and_the_link_opens_it(browser, tab, server):
    # The sidebar chose two institutions (a link from a colleague, say); the page offers a choice between them.
    query = "&".join(f"institution={quote_plus(label)}" for label in (SSI, LMST))
    page = in_tab(tab, VIEWPORT)
    page.goto(f"{server}/institution?{query}")
    assert institution_heading(page).startswith("Lægemiddelstyrelsen")
    choice = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(has_text="Vælg institution")
    choice.locator("input").click()
    page.get_by_role("option", name=SSI).click()
    page.wait_for_url(re.compile(r"[?&]vis="))
    # The URL changes before the rerun ends, and the old heading matches too: wait for the new one.
    page.get_by_role("heading", name=re.compile(r"^Statens Serum Institut – mål- og resultatplan")).wait_for()
    assert institution_heading(page).startswith("Statens Serum Institut")
    link = page.url
    assert "institution=" in link  # the sidebar's choice stays in the link beside the page's own
    fresh = browser.new_context(viewport=VIEWPORT)
    try:
        again = fresh.new_page()
        again.goto(link)
        assert institution_heading(again).startswith("Statens Serum Institut")
    finally:
        fresh.close()


def test_one_institution_in_the_sidebar_needs_no_second_choice(tab, server):
    page = in_tab(tab, VIEWPORT)
    page.goto(f"{server}/institution?institution={quote_plus(SSI)}")
    assert institution_heading(page).startswith("Statens Serum Institut")
    assert page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").count() == 0


def test_the_outcome_chosen_on_historik_is_in_the_link_and_the_link_opens_it(browser, tab, server):
    page = in_tab(tab, VIEWPORT)
    page.goto(f"{server}/historik?aar=2023")
    shown = page.get_by_text(re.compile(r"modtagne filer vises"))
    shown.wait_for()
    wait_for_script(page)
    before = shown.inner_text()
    # The outcome is a row of links (ui/filters.link_choice); each opens the page with it and the same filters.
    choices = page.get_by_role("navigation", name="Udfald")
    pending = UploadOutcome.PENDING  # "Klar til indlæsning": none in the example data
    choices.get_by_role("link", name=re.compile(re.escape(str(pending.label)))).click()
    page.wait_for_url(re.compile(r"[?&]udfald=" + re.escape(quote_plus(pending.value))))
    shown = page.get_by_text(re.compile(r"modtagne filer vises"))
    expect(shown).not_to_have_text(before, timeout=30_000)
    wait_for_script(page)
    after = shown.inner_text()
    assert after != before and "År: 2023" in after and "· 0 af" in after
    fresh = browser.new_context(viewport=VIEWPORT)
    try:
        again = fresh.new_page()
        again.goto(page.url)
        caption = again.get_by_text(re.compile(r"modtagne filer vises"))
        caption.wait_for()
        wait_for_script(again)
        assert caption.inner_text() == after
    finally:
        fresh.close()
