"""Issue 14 on the server side: what the static tables send, the latest file beside its outcome, the Excel downloads.

The browser side (nothing cut off at 1440 px, cards at 390 px) is tests/test_e2e_readable.py.
"""

from __future__ import annotations

import re

import pytest

from tests.markdown_text import table_as_read
from ui.tables import column_styles, css_string


@pytest.mark.parametrize(
    "name",
    ["Årsag og konsekvens", 'Mål "x"} td { display: none', 'a\\"; background: url(http://evil)', "Linje\nto"],
)
def test_a_column_name_cannot_leave_its_css_string(name):
    quoted = css_string(name)
    inner = quoted[1:-1]
    assert quoted.startswith('"') and quoted.endswith('"')
    # Nothing that ends a CSS string, a declaration or a rule, or starts a function, is left unescaped.
    unescaped = re.sub(r"\\[0-9a-f]+ ", "", inner)
    assert not set(unescaped) & set("\"'\\;{}()\n:/"), unescaped
    assert "Årsag og konsekvens" == css_string("Årsag og konsekvens")[1:-1]  # readable words stay as they are


def test_each_cell_is_labelled_for_the_phone_cards_and_running_text_gets_a_reading_width():
    styles = column_styles(["Institution", "Årsag og konsekvens"], ["Årsag og konsekvens"])
    assert {"selector": "td.col0::before", "props": [("content", '"Institution"')]} in styles
    assert {"selector": "td.col1::before", "props": [("content", '"Årsag og konsekvens"')]} in styles
    assert [s["selector"] for s in styles if ("min-width", "11rem") in s["props"]] == [".col1"]


def test_indberetningsstatus_shows_the_latest_file_beside_its_outcome(open_page, example_path):
    at = open_page(example_path, "pages/indberetningsstatus.py")
    files = table_as_read(at.table[2])
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
    assert list(table_as_read(at.table[0]).columns) == columns
