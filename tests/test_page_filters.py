"""One set of filters: Skabeloner, Historik and Institution follow the sidebar (issue 14, point 6), and a
page's own choice, where the sidebar cannot express it, is read from the URL so a link opens the same view.

AppTest does not write a bound widget's new value back into its query string (the browser does that), so
here a link is given and its choice checked; tests/test_e2e_filters.py follows a choice into the URL."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from maalstyring.database.storage import connect
from maalstyring.workbooks.ingest import import_workbook
from tests.html_tables import every_row, links, table_with
from tests.markdown_text import as_read
from vocabulary.formatting import institution_label
from vocabulary.terms import Period

LMST = institution_label("Lægemiddelstyrelsen", "LMST")
SSI = institution_label("Statens Serum Institut", "SSI")
STPS = institution_label("Styrelsen for Patientsikkerhed", "STPS")


def captions(at) -> list[str]:
    return [as_read(cap.value) for cap in at.caption]


def page_choices(at) -> list:
    """The page's own selectboxes (the sidebar's are not in at.main)."""
    return [box.label for box in at.main.selectbox]


# --- Skabeloner ------------------------------------------------------------------------------------------


def test_skabeloner_takes_institution_year_and_period_from_the_sidebar(open_page, seeded_path):
    at = open_page(seeded_path, "pages/skabeloner.py", {"institution": [STPS], "aar": "2023", "periode": "1. halvår"})
    assert "Filnavn: MRP_opfoelgning_STPS_2023_1-halvaar.xlsx" in captions(at)
    assert at.download_button(key="download_follow_up").label == "Hent skabelon for 1. halvår 2023"
    assert page_choices(at) == []  # one institution, one year, one period: nothing to choose twice
    # The period follows the sidebar: changing it there changes the template.
    at.sidebar.selectbox(key="periode").set_value(Period.YEAR_END).run()
    assert "Filnavn: MRP_opfoelgning_STPS_2023_aarsafslutning.xlsx" in captions(at)


def test_skabeloner_chooses_among_the_sidebars_institutions_and_keeps_the_choice_in_the_url(open_page, seeded_path):
    at = open_page(seeded_path, "pages/skabeloner.py", {"institution": [SSI, LMST], "aar": "2024"})
    choice = at.main.selectbox(key="vis")
    assert choice.options == [LMST, SSI]  # the sidebar's institutions only, by name
    choice.set_value("SSI").run()
    assert "Filnavn: MRP_opfoelgning_SSI_2024_aarsafslutning.xlsx" in captions(at)


def test_skabeloner_opens_the_choice_a_link_names(open_page, seeded_path):
    at = open_page(seeded_path, "pages/skabeloner.py", {"aar": "2024", "periode": "1. halvår", "vis": SSI})
    assert at.main.selectbox(key="vis").value == "SSI"
    assert "Filnavn: MRP_opfoelgning_SSI_2024_1-halvaar.xlsx" in captions(at)


def test_skabeloner_says_when_the_sidebars_institution_has_no_plan_that_year(open_page, seeded_path):
    at = open_page(seeded_path, "pages/skabeloner.py", {"institution": [STPS], "aar": "2024"})
    assert "Der er ingen mål- og resultatplan for STPS i 2024" in at.warning[0].value
    assert not at.download_button  # no silent switch to another year
    at.button(key="vis_STPS_2023").click().run()  # sets the sidebar's year
    assert at.sidebar.selectbox(key="aar").value == 2023
    assert "Filnavn: MRP_opfoelgning_STPS_2023_aarsafslutning.xlsx" in captions(at)


# --- Historik --------------------------------------------------------------------------------------------


@pytest.fixture
def history_path(example_path):
    """The example database (plans and follow-ups of five institutions) with one file nobody could read."""
    conn = connect(example_path)
    unreadable = import_workbook(conn, b"not a workbook", "ulaeselig.xlsx", "test")
    assert not unreadable.accepted
    conn.close()
    return example_path


def listed(at) -> list[str]:
    return list(table_with(at, "Indhold")["Indhold"])


def test_historik_follows_the_sidebars_year_and_institutions(open_page, history_path):
    at = open_page(history_path, "pages/historik.py", {"institution": [SSI], "aar": "2024"})
    shown = listed(at)
    assert shown and all("SSI" in what or what == "" for what in shown), shown
    # A file nobody could read has no institution or year: it is listed whatever is chosen, never out of reach.
    assert "ulaeselig.xlsx" in list(table_with(at, "Fil")["Fil"])
    assert any("1. halvår" in what for what in shown) and any("Årsafslutning" in what for what in shown)
    assert not [box for box in at.main.selectbox if box.label in ("Institution", "År")]  # no second set
    at.sidebar.selectbox(key="aar").set_value(2023).run()
    assert all("SSI" not in what for what in listed(at))  # SSI has nothing for 2023


def test_historik_outcome_is_a_page_choice_a_link_can_name(open_page, history_path):
    at = open_page(history_path, "pages/historik.py", {"aar": "2024"})
    assert len(set(table_with(at, "Udfald")["Udfald"])) > 1
    # The outcome is a row of links (no select box): each keeps the sidebar's choices and names its outcome.
    choices = dict(links(at.main))
    assert {"✓ Indlæst", "✕ Afvist", "↺ Allerede modtaget", "… Klar til indlæsning"} <= set(choices)
    kept = parse_qs(urlsplit(choices["✕ Afvist"]).query)
    assert kept.pop("aar", ["2024"]) == ["2024"] and kept == {"udfald": ["afvist"]}
    rejected = open_page(history_path, "pages/historik.py", {"aar": "2024", "udfald": "afvist"})
    assert set(table_with(rejected, "Udfald")["Udfald"]) == {"✕ Afvist"}
    assert "✕ Afvist" not in dict(links(rejected.main))  # the chosen outcome is marked, not a link to itself
    older = open_page(history_path, "pages/historik.py", {"aar": "2024", "udfald": "Afvist"})  # an older link's label
    assert list(table_with(older, "Nr.")["Nr."]) == list(table_with(rejected, "Nr.")["Nr."])


def test_historik_links_carry_no_outsized_value_from_the_address(open_page, history_path):
    # The address comes from the browser (here an outcome no choice has); its values go into every link of a cached
    # list, so only values of a choice's size are kept.
    at = open_page(history_path, "pages/historik.py", {"aar": "2024", "udfald": "x" * 100_000})
    addresses = [address for _, address in links(at.main)]
    assert addresses and max(map(len, addresses)) < 500 and not at.exception


def test_historik_list_in_excel_holds_the_files_the_page_lists(open_page, history_path):
    # "Hent listen som Excel" writes its workbook when pressed, from the same choices as the page's list.
    from maalstyring.roles.access import local_user
    from ui.db import get_connection
    from ui.tables import table_workbook
    from ui.upload_views import shown_uploads

    at = open_page(history_path, "pages/historik.py", {"aar": "2024", "udfald": "afvist"})
    listed_numbers = list(every_row(at, "Nr.", "side_filer")["Nr."])
    assert listed_numbers and "Hent listen som Excel" in [b.label for b in at.get("download_button")]
    _, table, _ = shown_uploads(get_connection(), local_user(), 2024, (), "afvist")
    sheet = load_workbook(io.BytesIO(table_workbook(table, "Modtagne filer")))["Modtagne filer"]
    assert [str(row[0].value) for row in sheet.iter_rows(min_row=2)] == listed_numbers


def test_historik_opens_the_file_a_link_names(open_page, history_path):
    at = open_page(history_path, "pages/historik.py", {"institution": [LMST], "aar": "2024"})
    numbers = [int(n) for n in table_with(at, "Nr.")["Nr."]]
    oldest = min(n for n, what in zip(numbers, listed(at), strict=True) if "LMST" in what)
    assert at.header[0].value != f"Indberetning nr. {oldest}"  # the newest is shown first
    # Each file's name in the list is a link to the page with the same filters and that file.
    files = [address for _, address in links(at.main) if "fil=" in address]  # after the outcome's links
    address = files[numbers.index(oldest)]
    assert address.startswith("historik?")
    kept = parse_qs(urlsplit(address).query)
    assert kept.pop("aar", ["2024"]) == ["2024"]  # the newest year is the default, so the URL need not name it
    assert kept == {"institution": [LMST], "fil": [str(oldest)]}
    query = {"institution": [LMST], "aar": "2024", "fil": str(oldest)}
    again = open_page(history_path, "pages/historik.py", query)
    assert again.header[0].value == f"Indberetning nr. {oldest}"
    # An address of an older version of the page (the select box's label) opens the same file; an unknown one the
    # newest, without an error.
    older = open_page(history_path, "pages/historik.py", {**query, "fil": f"Nr. {oldest}: fil.xlsx – Indlæst"})
    assert older.header[0].value == f"Indberetning nr. {oldest}"
    for asked, said in (("999999", "999999"), ("9" * 5000, "9" * 18), ("<b>x</b>", None)):  # unknown, too long, text
        unknown = open_page(history_path, "pages/historik.py", {**query, "fil": asked})
        assert unknown.header[0].value == at.header[0].value and not unknown.exception
        notes = [i.value for i in unknown.info if "er ikke på listen" in i.value]
        assert notes == ([f"Indberetning nr. {said} er ikke på listen med de valgte filtre og udfald, eller den findes "
                          "ikke længere. Her vises den nyeste på listen."] if said else [])  # fmt: skip


# --- Institution ----------------------------------------------------------------------------------------


def test_institution_shows_the_sidebars_one_institution_without_a_second_picker(open_page, example_path):
    at = open_page(example_path, "pages/institution.py", {"institution": [SSI]})
    assert at.header[0].value.startswith("Statens Serum Institut")
    assert page_choices(at) == []


def test_institution_chooses_among_the_sidebars_institutions_and_keeps_the_choice_in_the_url(open_page, example_path):
    at = open_page(example_path, "pages/institution.py", {"institution": [SSI, LMST]})
    choice = at.main.selectbox(key="vis")
    assert choice.options == [LMST, SSI]
    choice.set_value("SSI").run()
    assert at.header[0].value.startswith("Statens Serum Institut")
    again = open_page(example_path, "pages/institution.py", {"institution": [SSI, LMST], "vis": SSI})
    assert again.header[0].value.startswith("Statens Serum Institut")
