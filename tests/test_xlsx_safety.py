"""Hostile and broken uploads are refused with a clear Danish message before openpyxl parses them."""

from __future__ import annotations

import pytest

from loaders import xlsx_safety
from loaders.contract import MAX_UPLOAD_BYTES
from loaders.issues import WARNING
from loaders.xlsx_safety import check_upload, file_name_warnings, open_workbook_safely
from tests import hostile_files as hf


def only_error(data: bytes, file_name: str = "rapport.xlsx") -> str:
    """The single error message check_upload gives for `data`, lower-cased for keyword asserts."""
    findings = check_upload(data, file_name)
    assert len(findings) == 1, findings
    assert findings[0].is_error
    assert findings[0].where() == "Hele filen"
    assert "Traceback" not in findings[0].message
    return findings[0].message.lower()


# --- Good files -------------------------------------------------------------------------------------


def test_valid_workbook_passes_and_opens():
    data = hf.valid_xlsx()
    assert check_upload(data, "opfølgning.xlsx") == []
    workbook, findings = open_workbook_safely(data)
    assert findings == []
    assert workbook is not None
    assert next(workbook["Om"].iter_rows(min_row=1, max_row=1, max_col=2)) == ("Skabelon", "Opfølgning")
    assert file_name_warnings("opfølgning.xlsx") == []


def test_excel_style_xml_prologs_pass():
    data = hf.excel_style_parts()
    assert check_upload(data, "rapport.xlsx") == []
    workbook, findings = open_workbook_safely(data)
    assert workbook is not None and findings == []


def test_real_xlsx_named_csv_passes_content_wins():
    data = hf.valid_xlsx()
    assert check_upload(data, "rapport.csv") == []
    warnings = file_name_warnings("rapport.csv")
    assert [w.severity for w in warnings] == [WARNING]
    assert ".csv" in warnings[0].message and ".xlsx" in warnings[0].message
    workbook, findings = open_workbook_safely(data, "rapport.csv")
    assert workbook is not None and findings == []


def test_defusedxml_is_installed_and_used_by_openpyxl():
    import defusedxml  # noqa: F401  (in requirements.txt)
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert xlsx_safety.defusedxml_in_use()


# --- Not a workbook -----------------------------------------------------------------------------------


def test_empty_file():
    message = only_error(hf.empty_file())
    assert "tom" in message


def test_oversized_file_names_limit_in_mb():
    message = only_error(hf.oversized_file())
    assert "for stor" in message
    assert f"{MAX_UPLOAD_BYTES // (1024 * 1024)} mb" in message


def test_random_bytes_are_not_xlsx():
    message = only_error(hf.random_bytes())
    assert "ikke en excel-projektmappe (.xlsx)" in message
    assert "excel-projektmappe (*.xlsx)" in message


def test_pdf_is_named():
    message = only_error(hf.pdf_file(), "rapport.xlsx")
    assert "pdf" in message and "ikke en excel-projektmappe" in message


def test_renamed_csv():
    message = only_error(hf.renamed_csv(), "rapport.xlsx")
    assert "ser ud til at være en csv- eller tekstfil" in message
    assert "»rapport.xlsx«" in message


def test_encrypted_xlsx_asks_to_remove_password():
    message = only_error(hf.encrypted_xlsx())
    assert "adgangskode" in message and "krypteret" in message
    assert "fjern" in message


def test_old_xls_asks_to_save_as_xlsx():
    message = only_error(hf.old_xls(), "rapport.xls")
    assert "gamle excel-format (.xls)" in message
    assert "excel-projektmappe (*.xlsx)" in message


def test_truncated_xlsx_is_corrupt():
    message = only_error(hf.truncated_xlsx())
    assert "beskadiget eller ufuldstændig" in message


def test_crc_error_is_corrupt():
    message = only_error(hf.crc_corrupt_xlsx())
    assert "beskadiget eller ufuldstændig" in message


# --- Zips that are not a plain .xlsx -----------------------------------------------------------------


@pytest.mark.parametrize("build", [hf.xlsm, hf.xlsm_without_content_type])
def test_xlsm_is_refused(build):
    message = only_error(build(), "rapport.xlsm")
    assert "makroer" in message and ".xlsm" in message
    assert "excel-projektmappe (*.xlsx)" in message


def test_xlsb_is_refused():
    message = only_error(hf.xlsb(), "rapport.xlsb")
    assert ".xlsb" in message


def test_xltx_is_refused():
    message = only_error(hf.xltx(), "skabelon.xltx")
    assert ".xltx" in message and "skabelon" in message


def test_word_document_is_not_excel():
    message = only_error(hf.docx(), "rapport.docx")
    assert "ikke en excel-projektmappe" in message and "word" in message


def test_plain_zip_is_not_excel():
    message = only_error(hf.plain_zip(), "rapport.zip")
    assert "zip-fil" in message and "ikke en excel-projektmappe" in message


# --- XML bombs and external entities -------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [hf.xml_bomb, hf.external_entity, hf.utf16_xml_bomb, hf.doctype_after_long_comment,
     hf.doctype_in_oddly_named_part, hf.ebcdic_doctype],
)  # fmt: skip
def test_dtd_and_entities_are_refused(build):
    message = only_error(build())
    assert "xml-konstruktioner (dtd/entiteter)" in message and "ikke er tilladt" in message


@pytest.mark.parametrize("build", [hf.xml_bomb, hf.external_entity])
def test_defusedxml_refuses_entities_even_without_check_upload(build):
    workbook, findings = open_workbook_safely(build())
    assert workbook is None
    assert len(findings) == 1 and findings[0].is_error
    assert "dtd/entiteter" in findings[0].message.lower()


def test_open_workbook_safely_turns_garbage_into_a_finding():
    workbook, findings = open_workbook_safely(hf.truncated_xlsx())
    assert workbook is None
    assert "beskadiget" in findings[0].message and "Traceback" not in findings[0].message


# --- Zip bombs -------------------------------------------------------------------------------------------


def test_zip_bomb_total_size():
    data = hf.zip_bomb(200)
    assert len(data) < MAX_UPLOAD_BYTES  # small on the wire...
    message = only_error(data)  # ...huge unpacked
    assert "zip-bombe" in message and "200 mb" in message and "100 mb" in message


def test_zip_bomb_compression_ratio():
    message = only_error(hf.zip_bomb(5))
    assert "zip-bombe" in message and "pakket usædvanligt hårdt sammen" in message
    assert "xl/worksheets/sheet1.xml" in message


def test_too_many_entries():
    message = only_error(hf.too_many_entries())
    assert "interne dele" in message and "1.000" in message


# --- Helpers -----------------------------------------------------------------------------------------------


def test_format_mb_is_danish():
    assert xlsx_safety._format_mb(10 * 1024 * 1024) == "10 MB"
    assert xlsx_safety._format_mb(int(12.34 * 1024 * 1024)) == "12,3 MB"
    assert xlsx_safety._format_mb(2048 * 1024 * 1024) == "2.048 MB"


def test_file_name_in_message_is_tamed():
    message = check_upload(b"", "C:\\Users\\x\\Skrivebord\\rap\x07port.xlsx")[0].message
    assert "»rapport.xlsx«" in message


def test_values_are_read_once_and_rows_padded_or_cut_like_openpyxl():
    workbook, _ = open_workbook_safely(hf.valid_xlsx())
    om = workbook["Om"]
    assert list(om.iter_rows()) == [("Skabelon", "Opfølgning"), ("Institution", "LMST"), ("År", 2024)]
    assert list(om.iter_rows(min_row=2, max_row=9, max_col=3)) == [("Institution", "LMST", None), ("År", 2024, None)]
    assert list(om.iter_rows(max_row=1, max_col=1)) == [("Skabelon",)]
    assert [ws.title for ws in workbook.worksheets] == ["Om"]
