"""Hostile and broken files through the real import path: a Danish message, the file archived as
rejected, and not one row of data changed. tests/test_xlsx_safety.py covers the checks themselves."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from loaders import contract as c
from loaders.cells import format_int
from maalstyring.workbooks.ingest import import_workbook
from tests import hostile_files as hf
from tests.db_state import snapshot, upload_outcome
from tests.workbooks import cell_of, fill, follow_up_template

MEASURE = "LMST-2024-I2-1"

HOSTILE = {
    "tom fil": (hf.empty_file, "rapport.xlsx", "tom"),
    "ikke en zip": (hf.random_bytes, "rapport.xlsx", "ikke en excel-projektmappe"),
    "pdf": (hf.pdf_file, "rapport.xlsx", "pdf"),
    "omdøbt csv": (hf.renamed_csv, "rapport.xlsx", "csv- eller tekstfil"),
    "for stor": (hf.oversized_file, "rapport.xlsx", "for stor"),
    "krypteret": (hf.encrypted_xlsx, "rapport.xlsx", "adgangskode"),
    "gammel xls": (hf.old_xls, "rapport.xls", "gamle excel-format (.xls)"),
    "afkortet": (hf.truncated_xlsx, "rapport.xlsx", "beskadiget eller ufuldstændig"),
    "crc-fejl": (hf.crc_corrupt_xlsx, "rapport.xlsx", "beskadiget eller ufuldstændig"),
    "xlsm": (hf.xlsm, "rapport.xlsm", "makroer"),
    "xlsb": (hf.xlsb, "rapport.xlsb", ".xlsb"),
    "word": (hf.docx, "rapport.xlsx", "word"),
    "xml-bombe": (hf.xml_bomb, "rapport.xlsx", "dtd/entiteter"),
    "ekstern entitet": (hf.external_entity, "rapport.xlsx", "dtd/entiteter"),
    "zip-bombe": (lambda: hf.zip_bomb(200), "rapport.xlsx", "zip-bombe"),
    "for mange dele": (hf.too_many_entries, "rapport.xlsx", "interne dele"),
}


def rejected(conn, data: bytes, file_name: str = "rapport.xlsx"):
    before = snapshot(conn)
    result = import_workbook(conn, data, file_name, "controller@test")
    assert result.outcome == "afvist"
    assert snapshot(conn) == before
    assert upload_outcome(conn, result.upload_id) == "afvist"
    archived = conn.cursor().execute("SELECT content FROM uploads WHERE upload_id = ?", [result.upload_id]).fetchone()
    assert bytes(archived[0]) == data  # kept exactly as received
    assert result.errors and all("Traceback" not in f.message for f in result.findings)
    return result.errors


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_and_changes_no_data(seeded_conn, name):
    build, file_name, keyword = HOSTILE[name]
    errors = rejected(seeded_conn, build(), file_name)
    assert len(errors) == 1
    assert errors[0].where() == "Hele filen"
    assert keyword in errors[0].message.lower()


def test_formula_without_cached_value_names_sheet_cell_and_measure(seeded_conn):
    coordinate = {}

    def formula(wb):
        cell = cell_of(wb, MEASURE, "Vurdering")
        cell.value = '=CONCATENATE("Forløber ", "som planlagt")'  # openpyxl saves no computed value
        coordinate["ref"] = cell.coordinate

    errors = rejected(seeded_conn, fill(follow_up_template(seeded_conn), edit=formula))
    assert len(errors) == 1, [str(e) for e in errors]
    (error,) = errors
    assert (error.sheet, error.cell, error.measure_id) == (c.SHEET_FOLLOW_UP, coordinate["ref"], MEASURE)
    assert "formel uden beregnet værdi" in error.message and "Åbn filen i Excel, gem den" in error.message


def test_formula_in_an_optional_cell_is_still_refused(seeded_conn):
    def formula(wb):
        cell_of(wb, MEASURE, "Resultat").value = "=45*2"

    errors = rejected(seeded_conn, fill(follow_up_template(seeded_conn), edit=formula))
    assert [(e.sheet, "formel uden beregnet værdi" in e.message) for e in errors] == [(c.SHEET_FOLLOW_UP, True)]


def test_40000_character_cell_names_sheet_cell_and_measure(seeded_conn):
    # openpyxl cuts text at Excel's 32.767 characters when a cell is set, so the long text is written into
    # the part directly, as another program could write it.
    marker, coordinate = "LANG-TEKST-HER", {}

    def mark(wb):
        cell = cell_of(wb, MEASURE, "Vurdering")
        cell.value = marker
        coordinate["ref"] = cell.coordinate

    data = fill(follow_up_template(seeded_conn), edit=mark)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        part = next(n for n in zf.namelist() if marker.encode() in zf.read(n))
        content = zf.read(part)
    long_text = "Sagsbehandlingen forløber planmæssigt. " * 1000 + "x" * 1000
    assert len(long_text) == 40_000
    data = hf.rewrite_zip(data, replace={part: content.replace(marker.encode(), long_text.encode())})

    errors = rejected(seeded_conn, data)
    (error,) = errors
    assert (error.sheet, error.cell, error.measure_id) == (c.SHEET_FOLLOW_UP, coordinate["ref"], MEASURE)
    assert f"Teksten er {format_int(40_000)} tegn lang" in error.message
    assert f"højst {format_int(c.MAX_TEXT_CHARS)} tegn" in error.message


def test_a_wrong_dimension_tag_does_not_hide_rows(seeded_conn):
    """Some programs write `<dimension ref="A1"/>`; the read-only reader must still see every row."""
    data = fill(follow_up_template(seeded_conn), status="Gul")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = {n: zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}
    lied = {n: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml) for n, xml in sheets.items()}
    assert lied != sheets
    result = import_workbook(seeded_conn, hf.rewrite_zip(data, replace=lied), "rapport.xlsx", "test")
    assert result.accepted, [str(e) for e in result.errors]
    stored = seeded_conn.execute(
        "SELECT count(*), count(*) FILTER (status = 'Gul' AND action IS NOT NULL) FROM report_rows WHERE upload_id = ?",
        [result.upload_id],
    ).fetchone()
    planned = seeded_conn.execute("SELECT count(*) FROM measures WHERE goal_id LIKE 'LMST-2024-%'").fetchone()[0]
    assert stored == (planned, planned) and planned > 1
