"""AppTest of the Indberetning page: several files at once, verdicts, errors table, preview, commit."""

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database import queries
from maalstyring.database.storage import REPO_ROOT, connect
from maalstyring.workbooks.ingest import import_workbook
from tests.html_tables import static_tables
from tests.markdown_text import as_read
from tests.workbooks import cell_of, fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

APP = str(REPO_ROOT / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def files(seeded_path):
    """A valid LMST follow-up and one with a wrong status, built before the app holds the database."""
    conn = connect(seeded_path)
    template = follow_up_template(conn)
    conn.close()
    good = fill(template)
    bad = fill(template, edit=lambda wb: setattr(cell_of(wb, "LMST-2024-I2-1", "Status"), "value", "Lilla"))
    return good, bad


@pytest.fixture
def page(monkeypatch, seeded_path):
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/indberetning.py").run()
    yield at
    from ui.db import _connection

    _connection.clear()


def upload(at: AppTest, *named: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, XLSX) for name, data in named])
    return at.run()


def app_connection(path):
    """The app's cached connection (the file is held by it, so a second connect would fail)."""
    from ui.db import _connection

    return _connection(str(path))


def table_with(at: AppTest, column: str):
    """The first static table having `column`, as a reader sees it."""
    return next(t for t in static_tables(at) if column in t.columns)


def texts(elements) -> list[str]:
    return [as_read(e.value) for e in elements]


def test_empty_page_says_what_to_do_next(page):
    assert not page.exception
    assert page.file_uploader[0].accept_multiple_files
    assert page.file_uploader[0].allowed_type == [".xlsx"]
    assert any("Hent skabelonen" in text for text in texts(page.info))


def test_valid_and_rejected_file_side_by_side(page, files):
    good, bad = files
    upload(page, ("lmst.xlsx", good), ("forkert.xlsx", bad))
    assert not page.exception
    overview = table_with(page, "Resultat")
    assert list(overview["Fil"]) == ["lmst.xlsx", "forkert.xlsx"]
    assert overview["Resultat"][0] == "✓ Klar til indlæsning"
    assert overview["Resultat"][1].startswith("✕ Afvist")

    assert any(t.startswith("**Klar til indlæsning** – Opfølgning LMST 2024 1. halvår") for t in texts(page.success))
    assert any(t.startswith("**Afvist** – 1 fejl") for t in texts(page.error))

    errors = table_with(page, "Besked")
    assert list(errors.columns) == ["Alvor", "Ark", "Celle", "Målepunkt", "Besked"]
    assert errors.iloc[0]["Målepunkt"] == "LMST-2024-I2-1" and "Lilla" in errors.iloc[0]["Besked"]
    assert errors.iloc[0]["Ark"] == "Opfølgning" and errors.iloc[0]["Celle"]

    preview = table_with(page, "Ændring")
    assert len(preview) == 9 and set(preview["Ændring"]) == {"+ Ny"}
    assert set(preview["Status"]) == {"✓ Grøn"}
    assert "9 nye, 0 ændrede og 0 uændrede målepunkter" in texts(page.main.caption)[-1]
    # one commit button (for the valid file); nothing stored yet
    assert [as_read(b.label) for b in page.button if b.label.startswith("Indlæs")] == [
        "Indlæs Opfølgning LMST 2024 1. halvår"
    ]


def test_commit_stores_the_file_and_shows_the_new_status(page, files, seeded_path):
    good, _ = files
    upload(page, ("lmst.xlsx", good))
    next(b for b in page.button if b.label.startswith("Indlæs Opfølgning")).click().run()
    assert not page.exception
    assert any("**Indlæst** som indberetning nr." in t for t in texts(page.success))
    current = table_with(page, "Vurdering")
    assert len(current) == 9 and set(current["Status"]) == {"✓ Grøn"}
    assert table_with(page, "Resultat")["Resultat"][0].startswith("✓ Indlæst som nr.")
    stored = queries.current_report_rows(app_connection(seeded_path), "LMST", 2024, Period.H1)
    assert len(stored) == 9


def test_same_file_again_is_recognised(page, files):
    good, _ = files
    upload(page, ("lmst.xlsx", good))
    next(b for b in page.button if b.label.startswith("Indlæs Opfølgning")).click().run()
    page.button(key="start_over").click().run()
    upload(page, ("lmst-igen.xlsx", good))
    assert table_with(page, "Resultat")["Resultat"][0] == "↺ Allerede modtaget"
    assert any("præcis den samme fil er indlæst før" in t for t in texts(page.info))


def test_commit_all_stores_every_valid_file(page, seeded_path):
    conn = connect(seeded_path)
    lmst = fill(follow_up_template(conn, "LMST"))
    ssi = fill(follow_up_template(conn, "SSI"), status="Gul")
    conn.close()
    upload(page, ("lmst.xlsx", lmst), ("ssi.xlsx", ssi))
    page.button(key="commit_all").click().run()
    assert not page.exception
    assert [r.startswith("✓ Indlæst") for r in table_with(page, "Resultat")["Resultat"]] == [True, True]
    db = app_connection(seeded_path)
    assert {r.status for r in queries.current_report_rows(db, "SSI", 2024, Period.H1).values()} == {"Gul"}


def test_a_file_that_is_not_a_workbook_is_rejected_with_a_danish_message(page):
    upload(page, ("regnskab.xlsx", b"Dette er ikke en Excel-fil"))
    assert not page.exception
    assert table_with(page, "Resultat")["Resultat"][0].startswith("✕ Afvist")
    errors = table_with(page, "Besked")
    assert "»regnskab.xlsx« er ikke en Excel-projektmappe" in errors.iloc[0]["Besked"]
    assert not any(b.label.startswith("Indlæs") for b in page.button)


def test_commit_after_a_colleagues_upload_shows_the_fresh_preview_instead_of_storing(page, files, seeded_path):
    good, _ = files
    upload(page, ("lmst.xlsx", good))
    db = app_connection(seeded_path)
    colleague = fill(follow_up_template(db), status="Gul")
    assert import_workbook(db, colleague, "kollega.xlsx", "kollega").accepted

    next(b for b in page.button if b.label.startswith("Indlæs Opfølgning")).click().run()
    assert not page.exception
    assert any("efter at forhåndsvisningen blev lavet. Intet er gemt" in w for w in texts(page.warning))
    assert set(table_with(page, "Ændring")["Ændring"]) == {"± Ændret"}
    assert {r.status for r in queries.current_report_rows(db, "LMST", 2024, Period.H1).values()} == {"Gul"}

    next(b for b in page.button if b.label.startswith("Indlæs Opfølgning")).click().run()  # seen it; store it
    assert any("**Indlæst** som indberetning nr." in t for t in texts(page.success))
    assert {r.status for r in queries.current_report_rows(db, "LMST", 2024, Period.H1).values()} == {"Grøn"}


def test_workbook_text_in_tables_is_shown_as_typed_not_as_markdown():
    from ui.upload import plain

    assert plain("**fed** [link](x) :red[farve] 5.0") == r"\*\*fed\*\* \[link\]\(x\) \:red\[farve\] 5\.0"
