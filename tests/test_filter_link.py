"""The sidebar's filters and the URL (ui/filters.py): the server writes the filters into the link on every run, a
link it did not write sets the filters it names, and a link that lost them (a page change) does not reset them.

The browser side (the popover closing on a choice, the link after a page change in Chromium) is in
tests/test_e2e_odd_corners.py; AppTest hands the script the query string it is given and keeps what the script
writes, which is enough for the rules here."""

from __future__ import annotations

from vocabulary.formatting import institution_label
from vocabulary.terms import Period

SSI = institution_label("Statens Serum Institut", "SSI")
LMST = institution_label("Lægemiddelstyrelsen", "LMST")


def sidebar(at) -> dict:
    return {box.key: box.value for box in [*at.sidebar.selectbox, *at.sidebar.multiselect]}


def test_a_choice_goes_into_the_link_and_a_default_leaves_it(open_page, example_path):
    at = open_page(example_path, "pages/koncernoverblik.py")
    assert at.query_params == {}  # the defaults: nothing to name
    at.sidebar.multiselect(key="institution").set_value(["SSI", "LMST"]).run()
    at.sidebar.selectbox(key="periode").set_value(Period.H1).run()
    assert at.query_params == {"institution": [SSI, LMST], "periode": "1. halvår"}
    at.sidebar.selectbox(key="periode").set_value(Period.YEAR_END).run()
    assert at.query_params == {"institution": [SSI, LMST]}
    assert at.session_state["filtre_aaben"] is False  # every choice closes the popover


def test_a_page_change_that_drops_the_link_keeps_the_filters_and_writes_them_back(open_page, example_path):
    at = open_page(example_path, "pages/koncernoverblik.py", {"periode": "1. halvår", "institution": [SSI]})
    # The browser drops, on a page change, every parameter that no drawn widget is bound to.
    at.query_params = {}
    at.switch_page("pages/faelles_maal.py").run()
    assert not at.exception
    assert sidebar(at)["periode"] == Period.H1 and sidebar(at)["institution"] == ["SSI"]
    assert at.query_params == {"periode": "1. halvår", "institution": SSI}


def test_a_link_the_session_did_not_write_sets_the_filters_it_names(open_page, example_path):
    at = open_page(example_path, "pages/koncernoverblik.py", {"institution": [SSI]})
    # The back button, or a changed address: the URL names something else than the session last wrote.
    at.query_params = {"institution": LMST, "aar": "2023"}
    at.run()
    assert sidebar(at)["institution"] == ["LMST"] and sidebar(at)["aar"] == 2023


def test_a_link_naming_what_no_filter_offers_opens_the_defaults_and_is_rewritten(open_page, example_path):
    query = {"aar": "1999", "periode": "3. kvartal", "institution": ["Ingen Styrelse (XX)", SSI], "status": "x" * 500}
    at = open_page(example_path, "pages/koncernoverblik.py", query)
    assert not at.exception
    assert sidebar(at) == {"aar": 2024, "periode": Period.YEAR_END, "maaltype": "Alle", "institution": ["SSI"],
                           "status": []}  # fmt: skip
    assert at.query_params == {"institution": SSI}


def test_a_link_spelling_out_a_default_is_left_as_it_is(open_page, example_path):
    at = open_page(example_path, "pages/koncernoverblik.py", {"aar": "2024", "periode": "Årsafslutning"})
    assert at.query_params == {"aar": "2024", "periode": "Årsafslutning"}


def test_a_bare_institution_code_in_a_link_is_understood(open_page, example_path):
    at = open_page(example_path, "pages/koncernoverblik.py", {"institution": "SSI", "maaltype": "Egne mål"})
    assert sidebar(at)["institution"] == ["SSI"] and sidebar(at)["maaltype"] == "Institutionsspecifik"
    assert at.query_params == {"institution": SSI, "maaltype": "Egne mål"}  # rewritten as the widget shows it
