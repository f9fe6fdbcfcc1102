"""However the app is started, it is the same product: every page runs through app.py's router.

Streamlit's legacy handling of the pages/ folder is dealt with in one module (ui/streamlit_internals.py); the
first tests fail loudly when Streamlit changes the private flag that module relies on. The end-to-end tests
start the server the ways people do (`streamlit run app.py`, `streamlit run asgi.py`, `python -m ui.serve`) and
make a page's address the very first request of the fresh server.
"""

import inspect
import re
import shutil

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest
from streamlit.web.server.app_discovery import discover_asgi_app

from maalstyring.database.storage import REPO_ROOT
from tests.browser import auth_secrets, free_port, streamlit_server, wait_for_script
from ui import streamlit_internals
from ui.navigation import PAGE_SPECS

APP = str(REPO_ROOT / "app.py")
pytestmark = pytest.mark.streamlit_as_shipped
GUARD = "from ui.router import only_through_router\n\nonly_through_router()"


@pytest.fixture
def fresh_flag():
    """The flag as a freshly started server has it, restored afterwards (it is process-wide)."""
    saved = PagesManager.uses_pages_directory
    PagesManager.uses_pages_directory = None
    yield
    PagesManager.uses_pages_directory = saved


def test_streamlit_still_has_the_legacy_mode_for_a_pages_folder(fresh_flag):
    # If this fails, Streamlit dropped or renamed the mode: ui/streamlit_internals.py may be unnecessary.
    PagesManager(APP)
    assert streamlit_internals.legacy_pages_mode() is True, "Streamlit no longer turns on its pages/ mode for app.py"
    source = inspect.getsource(script_runner)
    assert "PagesManager.uses_pages_directory" in source and "_mpa_v1(" in source, (
        "Streamlit's script runner no longer reads the flag ui/streamlit_internals.py sets: check direct links"
    )


def test_leaving_the_mode_before_the_first_session_holds_for_every_session(fresh_flag):
    streamlit_internals.prepare_server()  # what app.py and asgi.py do when they build the server
    PagesManager(APP)
    PagesManager(APP)
    assert streamlit_internals.legacy_pages_mode() is False


def test_app_tests_run_the_served_way_only_while_asked(fresh_flag):
    with streamlit_internals.app_tests_run_the_served_way():
        PagesManager.uses_pages_directory = None  # as AppTest does before every run
        PagesManager(APP)
        assert streamlit_internals.legacy_pages_mode() is False
    PagesManager.uses_pages_directory = None
    PagesManager(APP)
    assert streamlit_internals.legacy_pages_mode() is True  # Streamlit's own behaviour is back


def test_streamlit_run_finds_the_server_in_app_py_and_asgi_py():
    # `streamlit run X.py` serves the st.App it finds by reading X.py; without one it runs X.py the legacy way.
    for script in ("app.py", "asgi.py"):
        found = discover_asgi_app(REPO_ROOT / script)
        assert found.is_asgi_app and found.app_name == "app", script


def test_every_page_starts_by_handing_over_to_the_router_and_no_test_touches_streamlits_internals():
    for page in sorted((REPO_ROOT / "pages").glob("*.py")):
        text = page.read_text()
        assert GUARD in text, f"{page.name} does not start with only_through_router()"
        before = text[: text.index(GUARD)]
        assert "import streamlit" not in before and "st." not in before, f"{page.name} draws before the guard"
    for test in sorted((REPO_ROOT / "tests").glob("*.py")):
        if test.name == "test_router.py":
            continue
        text = test.read_text()
        assert "PagesManager" not in text, f"{test.name} touches Streamlit's PagesManager"
        assert not re.search(r"monkeypatch\.setattr\(\s*[\"']?streamlit", text), f"{test.name} patches Streamlit"
    for module in sorted((REPO_ROOT / "ui").glob("*.py")):
        if module.name != "streamlit_internals.py":
            assert "PagesManager" not in module.read_text(), f"ui/{module.name} touches Streamlit's internals"


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda spec: spec.stem)
def test_a_page_file_run_on_its_own_shows_only_a_link_to_the_start_page(spec, seeded_path, monkeypatch):
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / spec.file), default_timeout=60).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == [
        "Denne side er en del af Målstyring og kan kun åbnes derfra. [Gå til Målstyrings forside](/)"
    ]
    assert not at.title and not at.header and not at.get("file_uploader") and not at.sidebar.children


@pytest.mark.parametrize("script", ["app.py", "asgi.py"])
def test_with_login_a_pages_address_as_the_first_request_shows_the_login_screen(
    browser, seeded_db_file, tmp_path, script
):
    db = tmp_path / "maalstyring.duckdb"
    shutil.copy(seeded_db_file, db)
    port = free_port()
    args = (f"--secrets.files={auth_secrets(tmp_path, port)}",)  # login on; nobody logs in here
    with streamlit_server(db, script=script, extra_args=args, port=port) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/revisionsspor")  # the server's very first request: a bookmark of a page
        page.get_by_role("button", name="Log ind").wait_for()
        wait_for_script(page)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Log ind med din arbejdskonto" in main
        assert page.get_by_role("heading", name="Revisionsspor").count() == 0
        assert page.locator("[data-testid='stFileUploader'], [data-testid='stSidebarNav']").count() == 0
        assert page.evaluate("document.documentElement.lang") == "da"
        page.close()


@pytest.mark.parametrize("command", ["app.py", "ui.serve"])
def test_started_the_usual_way_the_start_pages_address_first_gives_the_styled_danish_app(
    browser, example_db_file, tmp_path, command
):
    db = tmp_path / "maalstyring.duckdb"
    shutil.copy(example_db_file, db)
    with streamlit_server(db, script=command) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{url}/koncernoverblik?aar=2024")  # the server's very first request
        page.get_by_role("heading", name="Koncernoverblik", level=1).wait_for()
        page.locator(".ms-tile").first.wait_for()
        wait_for_script(page)
        assert page.evaluate("document.documentElement.lang") == "da" and page.title() == "Målstyring"
        # The tiles are the app's, styled by its stylesheet (ui/readable.css): a grid of bordered boxes.
        tiles = page.locator(".ms-tiles").first
        assert tiles.evaluate("e => getComputedStyle(e).display") == "grid"
        assert page.locator(".ms-tile").first.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
        nav = page.locator("[data-testid='stSidebarNav']").inner_text().split("\n")
        assert {"Koncernoverblik", "Koncernfælles mål", "Revisionsspor"} <= {line.strip() for line in nav}
        assert not {"app", "faelles maal", "revisionsspor"} & {line.strip() for line in nav}
        # Streamlit's English words are translated by the app's translator (ui/danish_chrome.py).
        assert page.locator("[data-testid='stSidebar']").get_attribute("aria-label") == "Sidepanel"
        assert page.locator("[data-testid='stException']").count() == 0
        page.close()
