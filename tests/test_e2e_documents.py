"""End to end in headless Chromium: the Word and PDF downloads on Institution and Koncernoverblik deliver the
documents (the .docx opened with python-docx, the PDF's text read with pdftotext), and the Målrapportering's
'Før du sender' check shows above the buttons."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from docx import Document

from tests.browser import in_tab, wait_for_script

pytestmark = pytest.mark.browser


def test_institution_page_downloads_the_maalrapportering_as_word_and_pdf(tab, server, tmp_path):
    page = in_tab(tab, {"width": 1440, "height": 900})
    page.goto(f"{server}/institution?institution=Statens+Serum+Institut+%28SSI%29")
    wait_for_script(page)
    page.get_by_text("Målrapportering til årsrapporten 2024").wait_for()
    check = page.get_by_text("Før du sender:")
    check.wait_for()
    assert "eksempeldata" in page.locator("[data-testid='stAlert']").filter(has=check).inner_text()
    with page.expect_download() as got:
        page.get_by_role("button", name="Hent som Word (.docx)").click()
    assert got.value.suggested_filename == "Maalrapportering_SSI_2024.docx"
    document = Document(io.BytesIO(Path(got.value.path()).read_bytes()))
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Nr.", "Resultatkrav", "Opnået resultat",
                                                                  "Opfyldelse"]  # fmt: skip
    page.get_by_role("button", name="Lav PDF").click()
    with page.expect_download(timeout=60_000) as got:
        page.get_by_role("button", name="Hent PDF'en").click(timeout=60_000)
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Målrapportering 2024" in text and "Statens Serum Institut" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Tagged:          yes" in info


def test_koncernoverblik_downloads_the_leadership_pack_as_word(tab, server):
    page = in_tab(tab, {"width": 1440, "height": 900})
    page.goto(server)
    wait_for_script(page)
    page.get_by_text("Ledelsesopfølgning årsafslutning 2024").wait_for()
    with page.expect_download() as got:
        page.get_by_role("button", name="Hent som Word (.docx)").click()
    assert got.value.suggested_filename == "Ledelsesopfoelgning_2024_Årsafslutning.docx"
    document = Document(io.BytesIO(Path(got.value.path()).read_bytes()))
    assert [p.text for p in document.paragraphs[:2]] == ["Opfølgning på mål- og resultatplaner", "Årsafslutning 2024"]
