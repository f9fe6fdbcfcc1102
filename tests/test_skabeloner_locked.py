"""Issue #27, point 6: Skabeloner marks a locked period; its template is offered for reading only, labelled so."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT, connect
from maalstyring.roles.approval import lock_period
from tests.markdown_text import as_read
from vocabulary.terms import Period


@pytest.fixture
def page(monkeypatch, seeded_path):
    conn = connect(seeded_path)
    lock_period(conn, 2024, Period.YEAR_END, "koncernoekonomi@sum.dk")
    conn.close()
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/skabeloner.py").run()
    at.main.selectbox(key="vis").set_value("LMST").run()
    yield at
    from ui.db import _connection

    _connection.clear()


def _download_label(at) -> str:
    return next(b.proto.label for b in at.get("download_button") if b.proto.id and "download_follow_up" in b.proto.id)


def test_locked_period_template_is_for_reading_only(page):
    page.sidebar.selectbox(key="periode").set_value(Period.YEAR_END).run()
    assert not page.exception
    warnings = [as_read(w.value).replace("**", "") for w in page.main.warning]
    assert any(w.startswith("Årsafslutning 2024 er låst af koncernoekonomi@sum.dk") for w in warnings), warnings
    assert any("kan ikke indlæses, før Koncernøkonomi åbner perioden igen" in w for w in warnings)
    assert _download_label(page) == "Hent skabelon for Årsafslutning 2024 – kun til læsning (perioden er låst)"


def test_open_period_template_is_offered_as_before(page):
    page.sidebar.selectbox(key="periode").set_value(Period.H1).run()
    assert not any("er låst" in as_read(w.value) for w in page.main.warning)
    assert _download_label(page) == "Hent skabelon for 1. halvår 2024"
