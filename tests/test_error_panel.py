"""No traceback reaches a user: an unexpected failure shows a Danish panel with a reference that is in the
server log with the traceback; Streamlit's own control flow (rerun, stop, switch_page) passes through."""

from __future__ import annotations

import logging
import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT, connect
from tests.browser import screenshot, server_log, streamlit_server, wait_for_script
from tests.html_tables import table_with
from ui import errors

PANEL = re.compile(
    r"Der opstod en uventet fejl\. Siden kunne ikke vises\. Oplys referencen ([0-9A-F]{8}) til support\."
)


@pytest.fixture
def broken_path(seeded_path):
    """A database that lost a table (say, a restore gone wrong): Indberetningsstatus fails on it."""
    conn = connect(seeded_path)
    conn.execute("DROP TABLE period_locks")
    conn.close()
    return seeded_path


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_a_failing_page_shows_the_panel_and_logs_reference_and_traceback(open_page, broken_path):
    records = Records()
    errors.LOG.addHandler(records)
    try:
        at = open_page(broken_path, "pages/indberetningsstatus.py")
    finally:
        errors.LOG.removeHandler(records)
    assert not at.exception
    panels = [e.value for e in at.error if PANEL.fullmatch(e.value)]
    assert len(panels) == 1, [e.value for e in at.error]
    reference = PANEL.fullmatch(panels[0]).group(1)
    logged = [r for r in records.records if reference in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert "period_locks" in logging.Formatter().formatException(logged[0].exc_info)
    shown = " ".join(
        str(e.value)
        for kind in (at.title, at.header, at.markdown, at.caption, at.text, at.error, at.warning, at.info, at.exception)
        for e in kind
    )
    assert "Traceback" not in shown and str(REPO_ROOT) not in shown and "period_locks" not in shown


def test_other_pages_still_work_on_that_database(open_page, broken_path):
    at = open_page(broken_path, "pages/planer.py")
    assert not [e for e in at.error if PANEL.fullmatch(e.value)]
    assert table_with(at, "Institution").shape[0] > 0


def control_flow_app():
    import streamlit as st

    from ui.errors import run_safely

    st.session_state.setdefault("runs", 0)
    st.session_state["runs"] += 1

    def page():
        if st.session_state["runs"] == 1:
            st.rerun()
        st.write(f"kørsel {st.session_state['runs']}")
        st.stop()

    run_safely(page)
    st.write("efter stop")


def test_rerun_and_stop_pass_through_untouched():
    at = AppTest.from_function(control_flow_app).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["kørsel 2"]  # rerun happened, and stop stopped the script


def test_streamlit_shows_no_error_details_and_no_table_export():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True


@pytest.mark.browser
def test_browser_gets_the_panel_and_the_log_the_traceback(broken_path, browser):
    with streamlit_server(broken_path) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/indberetningsstatus")
        page.get_by_text("Der opstod en uventet fejl").wait_for()
        wait_for_script(page)
        text = page.locator("[data-testid='stMain']").inner_text()
        screenshot(page, "fejlpanel")
        page.close()
        log = server_log(broken_path, url).read_text()
    reference = PANEL.search(" ".join(text.split())).group(1)
    assert "Traceback" not in text and str(REPO_ROOT) not in text and "period_locks" not in text
    assert f"Uventet fejl, reference {reference}" in log
    assert "Traceback (most recent call last)" in log and "period_locks" in log


def failing_fragment_app():
    import streamlit as st

    from ui.errors import safe_fragment

    @safe_fragment
    def part():
        if st.button("Fejl", key="fejl"):
            raise RuntimeError("/hemmelig/sti")
        st.write("fragmentet kører")

    part()
    st.write("resten af siden")


def test_a_fragment_failing_on_its_own_rerun_shows_the_panel():
    at = AppTest.from_function(failing_fragment_app).run()
    assert [m.value for m in at.markdown] == ["fragmentet kører", "resten af siden"]
    at.button(key="fejl").click().run()
    assert not at.exception
    assert len([e for e in at.error if PANEL.fullmatch(e.value)]) == 1
    assert "/hemmelig/sti" not in " ".join(str(e.value) for e in at.error)
