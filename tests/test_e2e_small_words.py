"""Issue #27, point 7: Danish small words in headless Chromium. The uploader says "12,4 kB" and "1 fil" /
"2 filer", a refused file is an "afvist fil nr.", the empty date field reads "dd.mm.åååå", and Enter in the
deadline field saves the date."""

from __future__ import annotations

import re
import shutil

import pytest

from maalstyring.database.storage import REPO_ROOT
from tests.browser import ARTIFACTS, in_tab, streamlit_server, wait_for_script

pytestmark = pytest.mark.browser

EXAMPLES = REPO_ROOT / "data" / "examples"


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeded_db_file):
    db = tmp_path_factory.mktemp("smaa_ord") / "maalstyring.duckdb"
    shutil.copy(seeded_db_file, db)
    with streamlit_server(db) as url:
        yield url


def test_uploader_sizes_counts_and_refused_file(tab, server, tmp_path):
    page = in_tab(tab, {"width": 1440, "height": 900})
    page.goto(f"{server}/indberetning")
    wait_for_script(page)
    page.locator("input[type='file']").set_input_files([str(EXAMPLES / "MRP_opfoelgning_SSI_2024_1-halvaar.xlsx")])
    page.get_by_text("1 fil kontrolleret.").wait_for()
    uploader = page.locator("[data-testid='stFileUploader']").inner_text()
    assert re.search(r"\b\d+,\d kB\b", uploader), uploader
    assert not re.search(r"\d(\.\d)?KB", uploader)
    broken = tmp_path / "ikke_en_projektmappe.xlsx"
    broken.write_bytes(b"dette er ikke en Excel-fil")
    page.locator("input[type='file']").set_input_files(
        [str(broken), str(REPO_ROOT / "data" / "plans" / "MRP_plan_SSI_2024.xlsx")]
    )
    page.get_by_text("2 filer kontrolleret.").wait_for()
    wait_for_script(page)
    assert "26 B" in page.locator("[data-testid='stFileUploader']").inner_text()  # the refused file's 26 bytes
    body = page.locator("[data-testid='stMain']").inner_text()
    assert re.search(r"gemt under Historik som afvist fil nr\. \d+", body), body
    assert "fil(er)" not in body and "indberetning nr." not in body.split("afvist fil nr.")[0][-200:]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "indberetning-smaa-ord.png"))


def test_deadline_field_reads_danish_and_enter_saves(tab, server):
    page = in_tab(tab, {"width": 1440, "height": 900})
    page.goto(f"{server}/indberetningsstatus?periode=1.+halv%C3%A5r&visning=Frister+og+p%C3%A5mindelser")
    wait_for_script(page)
    page.get_by_text("Sæt frist og send påmindelser (Koncernøkonomi)").click()
    field = page.locator("[data-testid='stDateInputField']").first
    field.wait_for()
    assert field.inner_text().replace("\n", "") == "dd.mm.åååå"
    field.locator("[data-type='day']").click()
    page.keyboard.type("15092024")
    page.keyboard.press("Enter")  # no click on "Gem frist", no leaving the field
    page.get_by_text(re.compile(r"Frist for 1\. halvår 2024:\s*15\. september 2024")).first.wait_for(timeout=15_000)
