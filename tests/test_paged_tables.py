"""Logs that grow without bound come a page at a time (ui/tables.paged_table): 25 rows a page, newest first, the
page in the URL, a caption naming the rows shown, and a page the table does not have opening the first page.

The browser side (the page survives a reload, cards on a phone) is tests/test_e2e_phone_tables.py.
"""

from __future__ import annotations

import pytest

from tests import many_uploads
from tests.html_tables import table_with
from ui.tables import page_caption

pytestmark = pytest.mark.slow  # builds hundreds of uploads first

PAGE_KEY = "side_filer"


@pytest.fixture(scope="module")
def koncern_db(tmp_path_factory):
    return many_uploads.build(tmp_path_factory.mktemp("mange") / "mange.duckdb")


@pytest.fixture
def historik(open_page, koncern_db):
    def start(query: dict | None = None):
        return open_page(koncern_db, "pages/historik.py", query)

    return start


def shown(at) -> list[str]:
    return list(table_with(at, "Nr.")["Nr."])


def captions(at) -> list[str]:
    return [c.value for c in at.main.caption]


def test_page_two_shows_rows_26_to_50_newest_first(historik, koncern_db):
    newest = many_uploads.newest_first(koncern_db)
    assert len(newest) == many_uploads.UPLOADS == 60
    at = historik()
    assert shown(at) == newest[:25]
    assert "Side 1 af 3 · viser række 1–25 af 60" in captions(at)
    at.pagination(key=PAGE_KEY).set_value(2).run()
    assert not at.exception
    assert shown(at) == newest[25:50]
    assert "Side 2 af 3 · viser række 26–50 af 60" in captions(at)
    # The browser writes the page into the URL (tests/test_e2e_phone_tables.py); a link naming it: below.
    at.pagination(key=PAGE_KEY).set_value(3).run()
    assert shown(at) == newest[50:]
    assert "Side 3 af 3 · viser række 51–60 af 60" in captions(at)


def test_a_link_opens_the_page_it_names(historik, koncern_db):
    at = historik({PAGE_KEY: "2"})
    assert at.pagination(key=PAGE_KEY).value == 2
    assert shown(at) == many_uploads.newest_first(koncern_db)[25:50]


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "2,5", ""])
def test_a_page_the_table_does_not_have_opens_the_first(historik, koncern_db, page):
    at = historik({PAGE_KEY: page})  # open_page asserts that nothing raised
    assert at.pagination(key=PAGE_KEY).value == 1
    assert shown(at) == many_uploads.newest_first(koncern_db)[:25]
    assert "Side 1 af 3 · viser række 1–25 af 60" in captions(at)


def test_a_table_that_fits_one_page_has_no_page_choice(historik):
    at = historik({"institution": ["Syntetisk institution 3 (SYN003)"]})
    assert len(shown(at)) == 3  # its plan and two follow-ups
    assert not [p for p in at.pagination if p.key == PAGE_KEY]
    assert not [c for c in captions(at) if c.startswith("Side ")]


def test_the_caption_counts_in_danish():
    assert page_caption(41, 50, 1000, 25, 1234) == "Side 41 af 50 · viser række 1.001–1.025 af 1.234"
