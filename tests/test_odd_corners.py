"""Issue #27, point 8 on the pages (AppTest): Udvikling's fulfilment table holds årsafslutning only, and the page
says when no institution has two years to compare."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT
from tests.html_tables import table_with
from tests.markdown_text import as_read


@pytest.fixture
def udvikling(monkeypatch, example_path):
    monkeypatch.setenv("MAALSTYRING_DB", str(example_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/udvikling.py").run()
    yield at
    from ui.db import _connection

    _connection.clear()


def test_fulfilment_table_lists_year_end_rows_only(udvikling):
    assert not udvikling.exception
    fulfilment = table_with(udvikling, "Andel opfyldt")
    assert set(fulfilment["Periode"]) == {"Årsafslutning"}  # no 1. halvår rows of zeros
    assert len(fulfilment) == 7  # koncern 2023 and 2024, STPS, LMST, NCE, SSI, SST
    status = table_with(udvikling, "Andel grønne")
    assert set(status["Periode"]) == {"1. halvår", "Årsafslutning"}  # the statuses keep both periods


def test_page_says_no_institution_has_two_years(udvikling):
    said = [as_read(i.value) for i in udvikling.main.info]
    assert any(s.startswith("Ingen institution har indberettet for mere end ét år endnu") for s in said), said
    assert any("Når en institution har indberettet for to år" in s for s in said)
