"""The årsrapport's Målrapportering and the leadership pack: one document model against the database for every plan
in the default data, the PDF (Typst: tagged, Danish, fonts embedded, no row split across pages) and the .docx
(Danish default language, the document's own properties), the 'før du sender' check, and the CLI without
LibreOffice."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook

from loaders import contract as c
from maalstyring.commands.cli import main
from maalstyring.database.storage import connect
from maalstyring.documents import DocumentError, ledelse, maalrapportering, output, pdf
from maalstyring.documents.maalrapportering import EXAMPLE_NOTICE
from maalstyring.documents.model import Cell, Chart, Column, Document, Heading, Paragraph, Row, Table
from maalstyring.documents.typography import number, signed
from maalstyring.reading import comparisons, goal_table, plan_rows, reporting_status, selection
from maalstyring.reading.selection import Filters
from maalstyring.workbooks.defaults import default_plan_files, example_files
from maalstyring.workbooks.ingest import import_workbook
from tests import every_state
from vocabulary.terms import Period, Verdict

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PLANS = [("LMST", 2024), ("NCE", 2024), ("SSI", 2024), ("SST", 2024), ("STPS", 2023)]
INTERNAL = ("Målstyring", "⚠", "ikke angivet", "Ikke angivet", "dannet af", "Beregnet efter planens regel", "uenige")


def test_default_data_is_the_five_plans_tested_here():
    assert sorted(p.stem.removeprefix("MRP_plan_") for p in default_plan_files()) == sorted(
        f"{code}_{year}" for code, year in DEFAULT_PLANS
    )


def db_measures(conn, code: str, year: int) -> list[tuple]:
    """Every målepunkt of the plan with the current year-end report's verdict, straight from the tables."""
    return (
        conn.cursor()
        .execute(
            """
            SELECT g.goal_id, g.nr, g.title, m.nr, m.text, rr.verdict
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


def part1_tables(document: Document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table) and b.caption.startswith("Tabel ")]


def texts(row: Row) -> list[str]:
    return [cell.text for cell in row.cells]


@pytest.mark.parametrize(("code", "year"), DEFAULT_PLANS)
def test_part1_has_every_measure_with_its_own_opfyldelse_and_every_goal_with_the_verdict_models(
    example_conn, code, year
):
    document = maalrapportering.build(example_conn, code, year)
    tables = part1_tables(document)
    assert [col.header for col in tables[0].columns] == ["Nr.", "Resultatkrav", "Opnået resultat", "Opfyldelse"]
    body = [texts(r) for t in tables for r in t.rows if r.role == "body"]
    groups = [r for t in tables for r in t.rows if r.role == "group"]
    measures = db_measures(example_conn, code, year)
    assert [(row[0], row[1], row[3]) for row in body] == [(str(nr), text, verdict) for _, _, _, nr, text, verdict
                                                          in measures]  # fmt: skip
    goals = reporting_status.annual_report_table(example_conn, Filters(year, Period.YEAR_END, (code,)))
    titles = {(g_nr, title) for _, g_nr, title, *_ in measures}
    assert {g.cells[0].text for g in groups} == {f"{nr}. {title}" for nr, title in titles}
    by_name = {g.cells[0].text: g.cells[-1].text for g in groups}
    for goal in goals.itertuples():
        title = next(t for nr, t in titles if nr == goal.goal_nr and t.lower().startswith(goal.title.lower()[:5]))
        assert by_name[f"{goal.goal_nr}. {title}"] == goal.verdict
    counted = goals["verdict"].value_counts()
    summary = next(b.text for b in document.blocks if getattr(b, "text", "").startswith("I alt:"))
    assert summary.startswith(f"I alt: {int(counted.get(Verdict.MET, 0))} af {len(goals)} mål opfyldt")


@pytest.mark.parametrize(("code", "year"), DEFAULT_PLANS)
def test_economy_states_aftalt_and_aarets_and_the_signed_deviation(example_conn, code, year):
    document = maalrapportering.build(example_conn, code, year)
    economy = comparisons.economy_comparison(example_conn, Filters(year, Period.YEAR_END, (code,))).iloc[0]
    group = next(i for t in part1_tables(document) for i, r in enumerate(t.rows) if "Økonomisk" in r.cells[0].text)
    table = next(t for t in part1_tables(document) if any("Økonomisk" in r.cells[0].text for r in t.rows))
    achieved = table.rows[group + 1].cells[2].text
    if economy["quarters"]:  # STPS 2023: forbrug against grundbudget in every quarter, in pct.
        assert f"Grundbudget: {number(economy['budget'], 1)} mio. kr." in achieved
        assert f"Årets forbrug: {number(economy['result'], 1)} mio. kr." in achieved
        for q in economy["quarters"]:
            assert f"{q.quarter}. kvt. {signed(q.deviation_pct, 1)} pct." in achieved
    else:
        assert f"Aftalt resultat: {number(economy['budget'], 1)} mio. kr." in achieved
        assert f"Årets resultat: {number(economy['result'], 1)} mio. kr." in achieved
        assert f"Afvigelse: {signed(economy['deviation'], 1)} mio. kr." in achieved
    assert "-" not in achieved.replace("mio.", "")  # the minus sign, never a hyphen


def test_signed_deviations_in_danish_typography(example_conn):
    said = {code: maalrapportering.build(example_conn, code, 2024).text() for code in ("SSI", "NCE")}
    assert "Afvigelse: −8,4 mio. kr." in said["SSI"]
    assert "Afvigelse: −6,5 mio. kr." in said["NCE"]
    assert number(-1234.5) == "−1.234,5" and signed(5) == "+5,0" and signed(0) == "0,0"


def test_alt_states_both_surveys_scores_on_the_plans_questions(example_conn):
    text = maalrapportering.build(example_conn, "SSI", 2024).text()
    for line in ("Tillid til ledelsen: 70 (2022), 69 (2024)", "Indflydelse på arbejdet: 68 (2022), 68 (2024)",
                 "Kvalitet i arbejdet: 75 (2022), 74 (2024)"):  # fmt: skip
        assert line in text


def test_the_plans_own_names_for_its_goal_kinds(example_conn):
    stps = [t.caption for t in part1_tables(maalrapportering.build(example_conn, "STPS", 2023))]
    assert stps == ["Tabel 1. Koncernunderstøttende mål i 2023", "Tabel 2. Styrelsesspecifikke mål i 2023"]
    ssi = [t.caption for t in part1_tables(maalrapportering.build(example_conn, "SSI", 2024))]
    assert ssi == ["Tabel 1. Koncernfælles mål i 2024", "Tabel 2. Institutionsspecifikke mål i 2024"]


@pytest.mark.parametrize(("code", "year"), DEFAULT_PLANS)
def test_part2_analyses_every_goal_not_fully_met_under_its_name_and_nothing_internal(example_conn, code, year):
    document = maalrapportering.build(example_conn, code, year)
    text = document.text()
    for word in INTERNAL:
        assert word not in text
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    part2 = headings[headings.index("Analyse af mål, der ikke er fuldt opfyldt") :]
    filters = Filters(year, Period.YEAR_END, (code,))
    goals = reporting_status.annual_report_table(example_conn, filters)
    measures = plan_rows.measure_rows(example_conn, filters)
    not_met = goals[goals["verdict"].isin([Verdict.PARTLY, Verdict.NOT_MET])]
    for goal in not_met.itertuples():
        rows = measures[measures["goal_id"] == goal.goal_id]
        assert f"{goal.goal_nr}. {rows.iloc[0]['plan_title']}" in part2
        for said in (*rows["cause"], *rows["action"]):
            if isinstance(said, str):
                assert said in text
    shown = [h for h in part2 if re.match(r"\d", h)]
    assert len(shown) == len(not_met)


def test_a_row_is_never_split_across_pages(tmp_path):
    """Long rows on many pages: the first and last words of every cell on the same page (Typst breakable: false)."""
    words = " ".join(f"ord{i}" for i in range(90))
    rows = tuple(Row((Cell(f"start{i} {words} slut{i}"), Cell(f"række {i}"))) for i in range(30))
    document = Document("Prøve", "Prøver", "Prøve", (Table((Column("Tekst", 4), Column("Række", 1)), rows),))
    pages = [squash(p) for p in pdf_pages(pdf.render(document), tmp_path)]
    assert len(pages) >= 4
    for i in range(30):
        on = [n for n, page in enumerate(pages) if f"start{i}ord0" in page]
        assert on and f"slut{i}" in pages[on[0]], f"row {i} split across pages"
    assert all(len(on) == 1 for on in pdf.row_pages(document).values())


@pytest.mark.parametrize(("code", "year"), DEFAULT_PLANS)
def test_pdf_keeps_every_row_of_part1_on_one_page(example_conn, code, year):
    """Typst's own layout, queried: every målepunkt row begins and ends on one page."""
    document = maalrapportering.build(example_conn, code, year)
    pages = pdf.row_pages(document)
    for index, block in enumerate(document.blocks):
        if block in part1_tables(document):
            for row_index, row in enumerate(block.rows):
                assert (index, row_index) in pages
                if row.role == "body":  # a goal's row is a header: repeated on each page its målepunkter reach
                    assert len(pages[index, row_index]) == 1, f"{code}: row split: {row.cells[1].text[:60]}"


def squash(text: str) -> str:
    """Letters and digits only: hyphenation, line breaks and the table's layout do not matter."""
    return re.sub(r"[\W_]+", "", text).lower()


def pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    assert shutil.which("pdftotext"), "poppler-utils is needed: make apt installs it"
    path = tmp_path / "dokument.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60)
    return out.stdout.split("\f")[:-1]


def pdf_info(data: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, timeout=60).stdout
    return info, fonts


@pytest.mark.parametrize("which", ["maalrapportering", "ledelse"])
def test_pdf_is_tagged_danish_with_embedded_fonts_and_its_own_metadata(example_conn, tmp_path, which):
    if which == "maalrapportering":
        document, title, author = maalrapportering.build(example_conn, "SSI", 2024), "Målrapportering 2024", \
            "Statens Serum Institut"  # fmt: skip
    else:
        document, title, author = ledelse.build(example_conn, 2024), "Opfølgning på mål- og resultatplaner", \
            ledelse.AUTHOR  # fmt: skip
    data = pdf.render(document)
    info, fonts = pdf_info(data, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M)
    assert re.search(rf"^Author:\s+{re.escape(author)}$", info, re.M)
    created = re.search(r"^CreationDate:\s+(.+)$", info, re.M).group(1)
    assert str(datetime.now(UTC).year) in created
    assert b"/Lang(da" in data or b"/Lang (da" in data
    embedded = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert embedded and all("IBMPlexSans" in row[0] and row[-5] == "yes" for row in embedded), fonts
    pages = pdf_pages(data, tmp_path)
    assert all(EXAMPLE_NOTICE in " ".join(page.split()) for page in pages)


def test_docx_is_danish_by_default_with_the_documents_own_properties(example_conn):
    data = output.render(maalrapportering.build(example_conn, "SSI", 2024), "docx")
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    assert 'w:val="da-DK"' in defaults
    assert "en-US" not in styles
    props = read_docx(io.BytesIO(data)).core_properties
    assert props.title == "Målrapportering 2024" and props.author == "Statens Serum Institut"
    assert props.last_modified_by == "Statens Serum Institut" and props.language == "da-DK"
    assert "python-docx" not in (props.comments or "")
    assert abs(props.created.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=10)


def test_docx_table_repeats_its_header_and_keeps_rows_whole(example_conn):
    document = read_docx(io.BytesIO(output.render(maalrapportering.build(example_conn, "STPS", 2023), "docx")))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["Nr.", "Resultatkrav", "Opnået resultat", "Opfyldelse"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert all("cantSplit" in row._tr.trPr.xml for row in table.rows)


def test_check_before_sending_names_each_goal(example_conn):
    nce = maalrapportering.checks(maalrapportering.gather(example_conn, "NCE", 2024))
    assert "Mål 2. Økonomisk Styring: indberettet som opfyldt, men planens regel giver ikke opfyldt." in nce
    assert any("eksempeldata" in line for line in nce)
    stps = maalrapportering.checks(maalrapportering.gather(example_conn, "STPS", 2023))
    assert "Planen mangler datoen for underskrift af direktør Anette Lykke Petri." in stps
    example_conn.execute(
        "UPDATE report_rows SET cause = NULL WHERE measure_id IN "
        "(SELECT measure_id FROM measures WHERE goal_id = 'SSI-2024-K2')"
    )
    ssi = maalrapportering.checks(maalrapportering.gather(example_conn, "SSI", 2024))
    assert "Mål 2. Økonomisk Styring: er ikke opfyldt, men opfølgningen mangler årsag og konsekvens." in ssi
    assert not any("SSI" in line and "underskrift" in line for line in ssi)


def test_leadership_pack_names_institutions_and_own_goals_and_draws_charts_with_alt_text(example_conn, tmp_path):
    document = ledelse.build(example_conn, 2024, Period.YEAR_END)
    goals = goal_table.goal_rows(example_conn, Filters(2024, Period.YEAR_END))
    text = document.text()
    for goal in goals.itertuples():
        assert goal.institution_name in text
        assert f"{goal.goal_nr}. {goal.title}" in text
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    assert [c.style for c in charts] == ["stacked", "deviation"]
    assert all(len(c.alt) > 40 for c in charts)
    assert "Statens Serum Institut −8,4 mio. kr." in charts[1].alt
    assert "Eget mål" not in text and "⚠" not in text
    docx = read_docx(io.BytesIO(output.render(document, "docx")))
    described = [s._inline.docPr.get("descr") for s in docx.inline_shapes]
    assert described == [c.alt for c in charts]
    whole = " ".join(" ".join(pdf_pages(pdf.render(document), tmp_path)).split())
    for name in goals["institution_name"].unique():
        assert name in whole


def test_leadership_pack_draws_each_plans_unit(example_conn):
    charts = [b for b in ledelse.build(example_conn, 2023).blocks if isinstance(b, Chart)]
    economy = next(c for c in charts if c.style == "deviation")
    assert economy.axis == "Afvigelse, pct." and economy.limit_text == "5,0 pct."
    assert "mio. kr." not in economy.alt


def test_real_reports_carry_no_example_label(seeded_conn):
    for path in example_files():
        assert import_workbook(seeded_conn, path.read_bytes(), path.name, "controller").accepted
    for document in (maalrapportering.build(seeded_conn, "SSI", 2024), ledelse.build(seeded_conn, 2024)):
        assert document.example_notice == ""
        assert "eksempeldata" not in " ".join(b.text for b in document.blocks if hasattr(b, "strong"))
        header = read_docx(io.BytesIO(output.render(document, "docx"))).sections[0].header
        assert EXAMPLE_NOTICE not in " ".join(p.text for p in header.paragraphs)


def test_example_data_is_labelled_in_the_header_of_every_page(example_conn):
    for document in (maalrapportering.build(example_conn, "LMST", 2024), ledelse.build(example_conn, 2024)):
        docx = read_docx(io.BytesIO(output.render(document, "docx")))
        assert len(docx.sections) == 1  # one header for every page
        assert EXAMPLE_NOTICE in [p.text for p in docx.sections[0].header.paragraphs]


def test_a_year_with_no_reports_says_so(seeded_conn, tmp_path):
    document = maalrapportering.build(seeded_conn, "SST", 2024)
    text = document.text()
    assert "Der er endnu ingen opfølgning ved årsafslutning for 2024." in text
    body = [texts(r) for t in part1_tables(document) for r in t.rows if r.role == "body"]
    assert body and all(r[2] == "–" and r[3] == "Ikke vurderet" for r in body)
    assert "I alt: 0 af " in text
    assert any("ingen opfølgning" in line for line in maalrapportering.checks(
        maalrapportering.gather(seeded_conn, "SST", 2024)))  # fmt: skip
    pack = ledelse.build(seeded_conn, 2024, Period.H1)
    whole = " ".join(" ".join(pdf_pages(pdf.render(pack), tmp_path)).split())
    assert "Der er endnu ingen indberetninger for 1. halvår 2024." in whole
    assert "har ikke indberettet for 1. halvår endnu" in whole


def test_a_year_without_plans_says_so(seeded_conn):
    assert "Der er ingen mål- og resultatplaner for 2031" in ledelse.build(seeded_conn, 2031).text()
    with pytest.raises(DocumentError, match=r"ingen mål- og resultatplan for SSI 2031.*planer for SSI 2024"):
        maalrapportering.build(seeded_conn, "SSI", 2031)


def test_a_changed_plan_is_its_own_section(seeded_conn):
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
    document = maalrapportering.build(seeded_conn, "SST", 2024)
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert "Ændringer i mål- og resultatplanen" in headings
    assert re.search(r"Den \d+\. \w+ 20\d\d afløste en ændret mål- og resultatplan planen fra den", document.text())
    assert "koncernøkonomi" not in document.text() and ".xlsx" not in document.text()


def test_text_the_font_cannot_draw_still_makes_a_pdf(tmp_path):
    document = Document("Prøve 🚀", "Prøver", "Prøve", (Heading("Mål ✅ og ✕"),))
    pages = pdf_pages(pdf.render(document), tmp_path)
    assert "Mål � og �" in pages[0]


def test_a_failed_pdf_is_a_danish_message(monkeypatch, tmp_path):
    broken = tmp_path / "broken.typ"
    broken.write_text("#let x = (")
    monkeypatch.setattr(pdf, "TEMPLATE", broken)
    with pytest.raises(DocumentError, match=r"PDF'en kunne ikke dannes\. Hent Word-udgaven"):
        pdf.render(Document("Prøve", "Prøver", "Prøve", ()))


def test_cli_writes_both_documents_and_refuses_in_danish(example_path, tmp_path, capsys):
    out = tmp_path / "SSI_2024.docx"
    assert main(["--db", str(example_path), "rapport", "--type", "maalrapportering", "--institution", "ssi",
                 "--year", "2024", "--out", str(out)]) == 0  # fmt: skip
    assert read_docx(str(out)).tables[0].rows[0].cells[0].text == "Nr."
    err = capsys.readouterr().err
    assert err.startswith("Før du sender:\n- ") and "eksempeldata" in err
    assert main(["--db", str(example_path), "rapport", "--type", "maalrapportering", "--year", "2024"]) == 1
    assert "Angiv --institution" in capsys.readouterr().err
    assert main(["--db", str(example_path), "rapport", "--type", "ledelse", "--year", "2024", "--out", "x.txt"]) == 1
    assert "skal ende på .docx eller .pdf" in capsys.readouterr().err


def test_cli_makes_both_pdfs_without_libreoffice_on_the_path(example_path, tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    env = {**os.environ, "PATH": str(bare)}
    for args, out in (
        (["--type", "maalrapportering", "--institution", "SSI", "--year", "2024"], tmp_path / "x.pdf"),
        (["--type", "ledelse", "--year", "2024", "--period", "Årsafslutning"], tmp_path / "pack.pdf"),
    ):
        command = [sys.executable, "-m", "maalstyring", "--db", str(example_path), "rapport", *args, "--out", str(out)]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"%PDF")


def test_every_document_is_made_in_every_state_and_workbook_text_stays_text(tmp_path):
    """The every-state database (tests/every_state.py): every plan's Målrapportering and every year's and
    period's pack as PDF and Word, and LMST's markdown-, LaTeX- and Typst-like plan text printed as typed."""
    path = tmp_path / "alle-tilstande.duckdb"
    every_state.build(path)
    conn = connect(path)
    try:
        for code, year in conn.execute("SELECT institution_code, year FROM plans ORDER BY 1, 2").fetchall():
            document = maalrapportering.build(conn, code, year)
            for suffix in ("pdf", "docx"):
                assert output.render(document, suffix)
            assert isinstance(maalrapportering.checks_for(conn, code, year), list)
        for year in selection.plan_years(conn):
            for period in Period:
                assert pdf.render(ledelse.build(conn, year, period)).startswith(b"%PDF")
        lmst = maalrapportering.build(conn, "LMST", 2024)
    finally:
        conn.close()
    page_text = " ".join(" ".join(pdf_pages(pdf.render(lmst), tmp_path)).split())
    for typed in (every_state.LATEX, every_state.COLOUR, every_state.MARKDOWN_LINK, every_state.BARE_URL):
        assert typed in page_text


def test_a_half_year_pack_shows_statuses_not_verdicts(example_conn):
    document = ledelse.build(example_conn, 2024, Period.H1)
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert not any("Opfyldelse" in [c.header for c in t.columns] for t in tables)
    economy = next(t for t in tables if t.caption == "Økonomisk styring pr. institution")
    assert economy.columns[-1].header == "Indberettet status"
    statuses = comparisons.economy_comparison(example_conn, Filters(2024, Period.H1))
    assert [r.cells[-1].text for r in economy.rows] == list(statuses["reported_status"])
    chart = next(b for b in document.blocks if isinstance(b, Chart) and b.style == "stacked")
    assert chart.title.endswith("efter status") and all(t in ("Grøn", "Gul", "Rød", "Ikke indberettet")
                                                       for bar in chart.bars for t, _, _ in bar.segments)  # fmt: skip


def test_typst_markup_in_workbook_text_prints_as_typed(tmp_path):
    typed = '#set page(width: 2cm) #read("/etc/passwd") $x^2$ *fed* _kursiv_ [klik] <etiket> @ref \\ `kode`'
    document = Document("Prøve", "Prøver", "Prøve", (Paragraph(typed), Table((Column("Tekst", 1),),
                                                                              (Row((Cell(typed),)),))))  # fmt: skip
    data = pdf.render(document)
    text = " ".join(" ".join(pdf_pages(data, tmp_path)).split())
    assert text.count(typed) == 2
    assert "root:" not in text
