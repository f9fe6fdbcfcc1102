"""Issue #27, point 8 in headless Chromium: titles on a phone break between words, a card does not say
"Eksempeldata / Eksempeldata"."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, wait_for_script

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_phone_title_is_one_unbroken_word(browser, server):
    page = browser.new_page(viewport=PHONE)
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
    page.close()


def test_phone_card_does_not_repeat_eksempeldata(browser, server):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{server}/indberetningsstatus")
    wait_for_script(page)
    cell = page.locator("table.ms-table td[data-label='Eksempeldata']", has_text="Eksempeldata").first
    cell.wait_for()
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == "none"
    label = page.locator("table.ms-table td[data-label='Institution']").first
    assert label.evaluate("td => getComputedStyle(td, '::before').content") == '"Institution"'  # others keep theirs
    page.close()
