"""Issue 14 on the server side: what the static tables send, the latest file beside its outcome, the Excel downloads.

The browser side (nothing cut off at 1440 px, cards at 390 px) is tests/test_e2e_readable.py.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pandas as pd
import pytest

from tests.html_tables import overview_matrix, read_table, static_tables
from ui.tables import table_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '" onmouseover="alert(1)',
    "[klik](http://evil.example) ![x](http://evil.example/x.png) **fed** :red[rød] $x$",
    "www.evil.example og kontakt@ssi.dk",
    "Linje et\nLinje to & <b>tre</b>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_static_table_shows_workbook_text_exactly_as_typed_and_makes_no_markup(text):
    frame = pd.DataFrame({text: [text], "Status": ["✕ Rød"]})
    body = table_html(frame, lambda value: "background-color: #F4C7BE", ["Status"], [text])
    shown, tags = read_table(body)
    assert list(shown.columns) == [text, "Status"]
    assert shown.iloc[0].tolist() == [text, "✕ Rød"]
    # The only elements are the table's own; a line break in the text is the one <br>.
    assert set(tags) <= {"table", "thead", "tbody", "tr", "th", "td", "br"}, tags
    assert tags.count("br") == 2 * text.count("\n")  # in the header and in the cell


@pytest.mark.parametrize("text", HOSTILE)
def test_a_link_column_links_each_row_and_neither_address_nor_text_makes_markup(text):
    from ui.views import quote  # as ui/views.goal_matrix quotes a label into the Institution page's address

    frame = pd.DataFrame({"Institution": [text, "SSI"], "Mål": [text, "x"]})
    body = table_html(frame, links={"Institution": ["institution?vis=" + quote(v) for v in frame["Institution"]]})
    shown, tags = read_table(body)
    assert shown["Institution"].tolist() == [text, "SSI"] and shown["Mål"].tolist() == [text, "x"]
    assert tags.count("a") == 2 and set(tags) <= {"table", "thead", "tbody", "tr", "th", "td", "br", "a"}, tags
    hrefs = re.findall(r'<a href="([^"]*)" target="_self">', body)
    assert hrefs[1] == "institution?vis=SSI"
    assert unquote(hrefs[0].removeprefix("institution?vis=").replace("&amp;", "&")) == text


def test_each_cell_is_labelled_for_the_phone_cards_and_running_text_gets_a_reading_width():
    body = table_html(
        pd.DataFrame({"Institution": ["SSI"], 'Årsag "og" konsekvens': ["x"]}), text_columns=['Årsag "og" konsekvens']
    )
    assert '<td data-label="Institution">SSI</td>' in body
    assert '<td data-label="Årsag &quot;og&quot; konsekvens" class="ms-text">x</td>' in body
    assert body.count('class="ms-text"') == 2  # the header and the cell


def test_only_a_cell_with_a_long_word_may_break_it_anywhere():
    body = table_html(pd.DataFrame({"Fil": ["MRP_opfoelgning_SST_2024_aarsafslutning.xlsx", "Nr. 13 indlæst"]}))
    assert body.count('class="ms-long"') == 1
    assert '<td data-label="Fil">Nr. 13 indlæst</td>' in body


def test_missing_values_are_empty_cells():
    shown, _ = read_table(table_html(pd.DataFrame({"A": [None, float("nan"), pd.NA, "x"]})))
    assert shown["A"].tolist() == ["", "", "", "x"]


def test_indberetningsstatus_shows_the_latest_file_beside_its_outcome(open_page, example_path):
    at = open_page(example_path, "pages/indberetningsstatus.py")
    files = static_tables(at)[2]
    columns = list(files.columns)
    assert columns.index("Seneste udfald") == columns.index("Seneste fil") + 1
    assert set(files["Seneste udfald"]) == {"Indlæst"}
    assert files["Seneste fil"].str.endswith(".xlsx").all()


@pytest.mark.parametrize(
    "page, label",
    [
        ("pages/indberetningsstatus.py", "Hent detaljerne som Excel"),
        ("pages/udvikling.py", "Hent tallene som Excel"),
        ("pages/planer.py", "Hent oversigten som Excel"),
    ],
)
def test_tables_can_be_taken_to_excel(open_page, example_path, page, label):
    # The workbook itself (every text stored as text) is ui.tables.table_workbook, tested in test_plain_text.py.
    at = open_page(example_path, page)
    buttons = [b for b in at.get("download_button") if b.proto.label == label]
    assert len(buttons) == 1 and not buttons[0].proto.disabled


@pytest.mark.parametrize(
    "kind, columns",
    [
        ("Egne mål", ["Institution", "Egne mål"]),
        ("Koncernfælles mål", ["Institution", "Kunstig intelligens", "Økonomisk styring", "Attraktiv arbejdsplads"]),
    ],
)
def test_overview_matrix_follows_the_goal_kind(open_page, example_path, kind, columns):
    at = open_page(example_path, "pages/koncernoverblik.py", {"maaltype": kind})
    assert at.selectbox(key="maaltype").format_func(at.selectbox(key="maaltype").value) == kind
    assert list(overview_matrix(at).columns) == columns


@pytest.mark.parametrize("text", HOSTILE)
def test_a_plan_heading_shows_the_institutions_name_as_typed_and_makes_no_markup(text):
    from tests.html_tables import plan_headings
    from ui.views import plan_sections

    class Block:  # what plan_headings reads: AppTest's html elements, each with a body
        def __init__(self, body: str) -> None:
            self.html = [type("Html", (), {"body": body})()]

    goals = {"P1": '<h3 class="ms-kind">Koncernfælles mål</h3>'}
    body = plan_sections([{"plan_id": "P1", "institution_name": text, "year": 2024}], goals)
    assert plan_headings(Block(body)) == [f"{text} – mål- og resultatplan 2024"]
    # The heading and the goals' own elements; from the name only a line break, where it has one.
    assert re.findall(r"<(\w+)", body) == ["h2", *["br"] * text.count("\n"), "h3"]
