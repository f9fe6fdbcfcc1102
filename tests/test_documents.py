"""The årsrapport's Målrapportering and the leadership pack: the Word table against the database for every
institution in the default data, the PDF's text against the Word document, example data labelled on every
page, years with no reports, LibreOffice Writer's round trip and the CLI."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from loaders import contract as c
from maalstyring import dashboard
from maalstyring.cli import main
from maalstyring.dashboard import VERDICT_MISMATCH, Filters
from maalstyring.defaults import default_plan_files, example_files
from maalstyring.documents import DocumentError, ledelse, maalrapportering, pdf
from maalstyring.documents.word import EXAMPLE_NOTICE
from maalstyring.ingest import import_workbook
from vocabulary.formatting import format_number, format_target
from vocabulary.terms import Period, Verdict

DEFAULT_PLANS = [("LMST", 2024), ("NCE", 2024), ("SSI", 2024), ("SST", 2024), ("STPS", 2023)]
VERDICT_WORDS = ("Delvist opfyldt", "Ikke opfyldt", r"\bOpfyldt\b", "Beregnet efter planens regel", "uenige")


def test_default_data_is_the_five_plans_tested_here():
    assert sorted(p.stem.removeprefix("MRP_plan_") for p in default_plan_files()) == sorted(
        f"{code}_{year}" for code, year in DEFAULT_PLANS
    )


def part1_rows(document) -> list[list[str]]:
    """Part 1's table as text rows (a merged cell repeats its text in each row it spans, as Word reads it)."""
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def db_measures(conn, code: str, year: int) -> list[tuple]:
    """Every målepunkt of the plan with the current year-end report's result, straight from the tables."""
    return (
        conn.cursor()
        .execute(
            """
            SELECT g.goal_id, g.nr, g.title, m.nr, m.text, m.target, m.unit, m.direction, rr.actual
            FROM plans p JOIN goals g ON g.plan_id = p.plan_id JOIN measures m ON m.goal_id = g.goal_id
            LEFT JOIN reports r ON r.institution_code = p.institution_code AND r.year = p.year
                               AND r.period = 'Årsafslutning' AND r.is_current
            LEFT JOIN report_rows rr ON rr.upload_id = r.upload_id AND rr.measure_id = m.measure_id
            WHERE p.institution_code = ? AND p.year = ?
            ORDER BY g.sort_order, m.sort_order
            """,
            [code, year],
        )
        .fetchall()
    )


@pytest.mark.parametrize(("code", "year"), DEFAULT_PLANS)
def test_part1_table_has_every_measure_and_the_dashboards_verdict(example_conn, code, year):
    document = Document(io.BytesIO(maalrapportering.build(example_conn, code, year)))
    rows = part1_rows(document)
    assert rows[0] == ["Mål", "Målepunkt", "Måltal", "Resultat", "Opfyldelse"]
    body = [r for r in rows[1:] if len(set(r)) > 1]  # section rows ("Koncernfælles mål") span the table
    measures = db_measures(example_conn, code, year)
    assert len(body) == len(measures)
    goals = dashboard.annual_report_table(example_conn, Filters(year, Period.YEAR_END, (code,)))
    by_goal = {g.goal_id: g for g in goals.itertuples()}
    for row, (goal_id, goal_nr, title, nr, text, target, unit, direction, actual) in zip(body, measures, strict=True):
        goal = by_goal[goal_id]
        assert row[0] == f"{goal_nr}. {title}"  # the plan's text verbatim
        assert row[1] == f"{nr}. {text}"
        assert row[2] == format_target(target, unit, direction)
        expected = "–" if actual is None else f"{format_number(actual, 1 if unit == 'mio. kr.' else None)} {unit or ''}"
        assert row[3] == expected.strip()  # Danish decimal comma, the plan's unit
        lines = row[4].split("\n")
        assert lines[0] == goal.verdict
        computed = goal.computed_verdict if isinstance(goal.computed_verdict, str) else None
        assert (f"Beregnet efter planens regel: {computed}" in lines) == (computed is not None)
        assert (VERDICT_MISMATCH in lines) == bool(goal.verdict_mismatch)
    met = int((goals["verdict"] == Verdict.MET).sum())
    assert rows[-1][0] == f"I alt: {met} af {len(goals)} mål opfyldt"


def test_nce_economy_goal_states_the_disagreement_in_both_parts(example_conn):
    """NCE reported Økonomisk styring as Opfyldt; the plan's rule on its key figures gives Ikke opfyldt."""
    document = Document(io.BytesIO(maalrapportering.build(example_conn, "NCE", 2024)))
    economy = next(r for r in part1_rows(document) if r[0].startswith("2. Økonomisk"))
    assert economy[4] == f"Opfyldt\nBeregnet efter planens regel: Ikke opfyldt\n{VERDICT_MISMATCH}"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Del 2. Analyse af mål, der ikke er fuldt opfyldt") in headings
    assert ("Heading 2", "Koncernfælles mål 2. Økonomisk Styring") in headings
    assert ("Heading 3", "Årsag og konsekvens") in headings


def test_part2_prefills_every_goal_not_fully_met_with_the_reported_texts(example_conn):
    document = Document(io.BytesIO(maalrapportering.build(example_conn, "SSI", 2024)))
    text = "\n".join(p.text for p in document.paragraphs)
    goals = dashboard.annual_report_table(example_conn, Filters(2024, Period.YEAR_END, ("SSI",)))
    measures = dashboard.measure_rows(example_conn, Filters(2024, Period.YEAR_END, ("SSI",)))
    not_met = goals[goals["verdict"].isin([Verdict.PARTLY, Verdict.NOT_MET])]
    assert len(not_met) >= 2
    for goal in not_met.itertuples():
        for m in measures[measures["goal_id"] == goal.goal_id].itertuples():
            for said in (m.assessment, m.cause, m.action):
                if isinstance(said, str):
                    assert f"Målepunkt {m.measure_nr}: {said}" in text
    assert "Mål- og resultatplanen for 2024 er ikke ændret i løbet af året." in text


def pdf_text(data: bytes, tmp_path: Path, layout: bool = False) -> list[str]:
    """pdftotext of each page."""
    assert shutil.which("pdftotext"), "poppler-utils is needed: make apt installs it"
    path = tmp_path / "dokument.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], capture_output=True,
                         text=True, check=True, timeout=120).stdout  # fmt: skip
    return out.split("\f")[:-1]


def docx_text(document) -> str:
    """Every paragraph and every table cell once (a merged cell is one cell)."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        seen = set()
        for row in table.rows:
            for cell in row.cells:
                if cell._tc not in seen:  # the element itself: a merged cell is one <w:tc>
                    seen.add(cell._tc)
                    parts.append(cell.text)
    return "\n".join(parts)


def verdict_word_counts(text: str) -> dict[str, int]:
    return {word: len(re.findall(word, " ".join(text.split()))) for word in VERDICT_WORDS}


def test_pdf_of_the_maalrapportering_says_the_same_verdicts_with_example_data_on_every_page(example_conn, tmp_path):
    docx = maalrapportering.build(example_conn, "NCE", 2024)
    pages = pdf_text(pdf.convert(docx), tmp_path)
    assert len(pages) >= 2
    assert all(EXAMPLE_NOTICE in " ".join(page.split()) for page in pages)
    whole = " ".join(" ".join(pages).split())
    assert verdict_word_counts(whole) == verdict_word_counts(docx_text(Document(io.BytesIO(docx))))
    assert "Opfyldelse: Opfyldt. Beregnet efter planens regel: Ikke opfyldt." in whole
    goals = dashboard.annual_report_table(example_conn, Filters(2024, Period.YEAR_END, ("NCE",)))
    assert f"I alt: {int((goals['verdict'] == Verdict.MET).sum())} af {len(goals)} mål opfyldt" in whole


def test_leadership_pack_pdf_has_every_institution_and_the_dashboards_verdicts(example_conn, tmp_path):
    docx = ledelse.build(example_conn, 2024, Period.YEAR_END)
    document = Document(io.BytesIO(docx))
    goals = dashboard.goal_rows(example_conn, Filters(2024, Period.YEAR_END))
    matrix = document.tables[1]
    header = [cell.text for cell in matrix.rows[0].cells]
    assert header[:4] == ["Institution", "Kunstig intelligens", "Økonomisk styring", "Attraktiv arbejdsplads"]
    cells = {row.cells[0].text: [cell.text for cell in row.cells] for row in matrix.rows[1:]}
    assert sorted(cells) == sorted(goals["institution_code"].unique())
    for goal in goals.itertuples():
        cell = cells[goal.institution_code][header.index(dashboard.goal_column_label(goal))]
        assert cell.split("\n")[:2] == [goal.status, goal.verdict]
        assert ("⚠ beregnet" in cell) == bool(goal.verdict_mismatch)
    assert len(document.inline_shapes) == 2  # the shared goals' status chart and the economy chart
    pages = pdf_text(pdf.convert(docx), tmp_path)
    assert all(EXAMPLE_NOTICE in " ".join(page.split()) for page in pages)
    whole = " ".join(" ".join(pages).split())
    for name in goals["institution_name"].unique():
        assert name in whole
    assert verdict_word_counts(whole) == verdict_word_counts(docx_text(document))


def test_real_reports_carry_no_example_label(seeded_conn):
    for path in example_files():
        assert import_workbook(seeded_conn, path.read_bytes(), path.name, "controller").accepted
    for data in (maalrapportering.build(seeded_conn, "SSI", 2024), ledelse.build(seeded_conn, 2024)):
        document = Document(io.BytesIO(data))
        header = " ".join(p.text for p in document.sections[0].header.paragraphs)
        assert EXAMPLE_NOTICE not in header
        assert "bygger på eksempeldata" not in docx_text(document)  # the workbooks' own texts still say it
        assert "Indberetningen bag dette dokument er eksempeldata" not in docx_text(document)


def test_only_example_data_is_labelled_in_the_header_of_every_page(example_conn):
    for data in (maalrapportering.build(example_conn, "LMST", 2024), ledelse.build(example_conn, 2024)):
        document = Document(io.BytesIO(data))
        assert len(document.sections) == 1  # one header for every page
        assert EXAMPLE_NOTICE in [p.text for p in document.sections[0].header.paragraphs]


def test_a_year_with_no_reports_says_so(seeded_conn, tmp_path):
    document = Document(io.BytesIO(maalrapportering.build(seeded_conn, "SST", 2024)))
    text = docx_text(document)
    assert "Der er endnu ingen indberetning ved årsafslutning for 2024." in text
    assert "intet at analysere" in text
    body = [r for r in part1_rows(document)[1:] if len(set(r)) > 1]
    assert body and all(r[3] == "–" and r[4] == "Ikke vurderet endnu" for r in body)
    assert part1_rows(document)[-1][0].startswith("I alt: 0 af ")
    pack = ledelse.build(seeded_conn, 2024, Period.H1)
    whole = " ".join(" ".join(pdf_text(pdf.convert(pack), tmp_path)).split())
    assert "Der er endnu ingen indberetninger for 1. halvår 2024." in whole
    assert "har ikke indberettet for 1. halvår endnu" in whole


def test_a_year_without_plans_says_so(seeded_conn):
    text = docx_text(Document(io.BytesIO(ledelse.build(seeded_conn, 2031))))
    assert "Der er ingen mål- og resultatplaner for 2031 i Målstyring" in text
    with pytest.raises(DocumentError, match=r"ingen mål- og resultatplan for SSI 2031.*planer for SSI 2024"):
        maalrapportering.build(seeded_conn, "SSI", 2031)


def test_a_changed_plan_is_listed(seeded_conn):
    source = next(p for p in default_plan_files() if "SST" in p.name)
    wb = load_workbook(source)
    ws = wb[c.SHEET_MEASURES]
    text_cell = next(cell for row in ws.iter_rows(min_row=2) for cell in row
                     if isinstance(cell.value, str) and len(cell.value) > 40)  # fmt: skip
    text_cell.value += " (ændret i juni)"
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_workbook(seeded_conn, buffer.getvalue(), "MRP_plan_SST_2024_aendret.xlsx", "koncernøkonomi")
    assert result.accepted and result.superseded, [str(f) for f in result.errors]
    text = docx_text(Document(io.BytesIO(maalrapportering.build(seeded_conn, "SST", 2024))))
    assert "planen blev erstattet af en ændret plan (MRP_plan_SST_2024_aendret.xlsx, indlæst af koncernøkonomi)" in text


def test_libreoffice_writer_keeps_the_table_when_it_resaves_the_docx(example_conn):
    original = maalrapportering.build(example_conn, "SSI", 2024)
    resaved = Document(io.BytesIO(pdf.convert(original, target="docx:MS Word 2007 XML")))
    assert part1_rows(resaved) == part1_rows(Document(io.BytesIO(original)))
    assert resaved.tables[0].style.name in ("Table Grid", "Tabelgitter")
    assert any(p.style.name == "Heading 1" and p.text == "Del 1. Målopfyldelse" for p in resaved.paragraphs)


def test_failed_conversion_is_a_danish_message(monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: "/bin/false")
    with pytest.raises(DocumentError, match="LibreOffice kunne ikke lave PDF'en"):
        pdf.convert(b"not a document")


def test_cli_writes_both_documents_and_refuses_in_danish(example_path, tmp_path, capsys):
    out = tmp_path / "SSI_2024.docx"
    assert main(["--db", str(example_path), "rapport", "--type", "maalrapportering", "--institution", "ssi",
                 "--year", "2024", "--out", str(out)]) == 0  # fmt: skip
    assert Document(str(out)).tables[0].rows[0].cells[0].text == "Mål"
    pack = tmp_path / "ledelse.pdf"
    assert main(["--db", str(example_path), "rapport", "--type", "ledelse", "--year", "2024", "--period",
                 "Årsafslutning", "--out", str(pack)]) == 0  # fmt: skip
    assert pack.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["--db", str(example_path), "rapport", "--type", "maalrapportering", "--year", "2024"]) == 1
    assert "Angiv --institution" in capsys.readouterr().err
    assert main(["--db", str(example_path), "rapport", "--type", "ledelse", "--year", "2024", "--out", "x.txt"]) == 1
    assert "skal ende på .docx eller .pdf" in capsys.readouterr().err
