"""Streamlit's legacy handling of the pages/ folder is dealt with in one place (ui/router.py).

These tests fail loudly when Streamlit changes the private flag that module relies on, and when a page or a
test starts dealing with it again. tests/test_browser.py checks the behaviour end to end: a direct link as the
very first request of a freshly started server (`python -m ui.serve`) runs through app.py.
"""

import inspect
import re

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from maalstyring.storage import REPO_ROOT
from ui import router

APP = str(REPO_ROOT / "app.py")
pytestmark = pytest.mark.streamlit_as_shipped


@pytest.fixture
def fresh_flag():
    """The flag as a freshly started server has it, restored afterwards (it is process-wide)."""
    saved = PagesManager.uses_pages_directory
    PagesManager.uses_pages_directory = None
    yield
    PagesManager.uses_pages_directory = saved


def test_streamlit_still_has_the_legacy_mode_for_a_pages_folder(fresh_flag):
    # If this fails, Streamlit dropped or renamed the mode: ui/router.py (and ui/serve.py) may be unnecessary.
    PagesManager(APP)
    assert router.legacy_pages_mode() is True, "Streamlit no longer turns on its pages/ mode for app.py"
    source = inspect.getsource(script_runner)
    assert "PagesManager.uses_pages_directory" in source and "_mpa_v1(" in source, (
        "Streamlit's script runner no longer reads the flag ui/router.py sets: check direct links by hand"
    )


def test_leaving_the_mode_before_the_first_session_holds_for_every_session(fresh_flag):
    router.leave_legacy_pages_mode()  # what ui.serve does before the server starts
    PagesManager(APP)
    PagesManager(APP)
    assert router.legacy_pages_mode() is False


def test_app_tests_run_the_served_way_only_while_asked(fresh_flag):
    with router.app_tests_run_the_served_way():
        PagesManager.uses_pages_directory = None  # as AppTest does before every run
        PagesManager(APP)
        assert router.legacy_pages_mode() is False
    PagesManager.uses_pages_directory = None
    PagesManager(APP)
    assert router.legacy_pages_mode() is True  # Streamlit's own behaviour is back


def test_no_page_deals_with_the_router_and_no_test_with_streamlits_internals():
    for page in sorted((REPO_ROOT / "pages").glob("*.py")):
        assert "router" not in page.read_text(), f"{page.name} deals with the router itself"
    for test in sorted((REPO_ROOT / "tests").glob("*.py")):
        if test.name == "test_router.py":
            continue
        text = test.read_text()
        assert "PagesManager" not in text, f"{test.name} touches Streamlit's PagesManager"
        assert not re.search(r"monkeypatch\.setattr\(\s*[\"']?streamlit", text), f"{test.name} patches Streamlit"
