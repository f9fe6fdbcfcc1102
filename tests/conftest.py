"""Shared fixtures: fresh in-memory databases, and a seeded database copied from one built per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from maalstyring.defaults import load_default_data
from maalstyring.storage import REPO_ROOT, connect

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    """An empty, migrated in-memory database."""
    connection = connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster on loopback for the whole run (tests/pg_cluster.py). Fails, never skips,
    when PostgreSQL is not installed: CI forbids skipped tests, and `make test` installs it."""
    from tests.pg_cluster import PostgresNotInstalled, start_cluster

    try:
        cluster = start_cluster()
    except PostgresNotInstalled as exc:
        pytest.fail(str(exc), pytrace=False)
    yield cluster
    cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A fresh, empty PostgreSQL database for this test; its postgresql:// URL. Dropped afterwards."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture(scope="session")
def seeded_db_file(tmp_path_factory) -> Path:
    """A database file with the five bundled plans, loaded once per test run through the import path."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.duckdb"
    connection = connect(path)
    results = load_default_data(connection, include_examples=False)
    assert all(r.accepted for r in results), [str(f) for r in results for f in r.errors]
    connection.close()
    return path


@pytest.fixture
def seeded_path(seeded_db_file, tmp_path) -> Path:
    """A private copy of the seeded database file, free to change."""
    path = tmp_path / "maalstyring.duckdb"
    shutil.copy(seeded_db_file, path)
    return path


@pytest.fixture
def seeded_conn(seeded_path) -> duckdb.DuckDBPyConnection:
    connection = connect(seeded_path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def example_db_file(tmp_path_factory) -> Path:
    """A database file with the bundled plans and the example follow-ups, as a new app database gets them."""
    path = tmp_path_factory.mktemp("examples") / "examples.duckdb"
    connection = connect(path)
    results = load_default_data(connection)
    assert all(r.accepted for r in results), [str(f) for r in results for f in r.errors]
    connection.close()
    return path


@pytest.fixture
def example_path(example_db_file, tmp_path) -> Path:
    """A private copy of the database with example data, free to change."""
    path = tmp_path / "eksempler.duckdb"
    shutil.copy(example_db_file, path)
    return path


@pytest.fixture
def example_conn(example_path) -> duckdb.DuckDBPyConnection:
    connection = connect(example_path)
    yield connection
    connection.close()


@pytest.fixture(autouse=True)
def pages_run_inside_the_router(monkeypatch):
    """AppTest resets Streamlit's old pages/-folder mode before every run; the served app leaves that mode
    for good on its first request (ui/router.py). Start each AppTest run where the served app is, so page
    tests go through app.py like a browser does (tests/test_browser.py covers the first request itself)."""
    from streamlit.runtime.pages_manager import PagesManager

    original_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def open_page(monkeypatch):
    """`open_page(db_path, page, query=None, env=None)`: the app on `db_path` through app.py, the way a browser
    gets there (first run, then the page), with the URL's query parameters and extra environment variables."""
    from streamlit.testing.v1 import AppTest

    app = str(REPO_ROOT / "app.py")

    def start(db_path, page: str, query: dict | None = None, env: dict | None = None) -> AppTest:
        monkeypatch.setenv("MAALSTYRING_DB", str(db_path))
        for name, value in (env or {}).items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        at = AppTest.from_file(app, default_timeout=60)
        at.query_params.update(query or {})  # the shared filters are bound to the URL
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    yield start
    from ui.db import _connection  # the cached connection would keep the temporary file open

    _connection.clear()


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def reported_path(seeded_path):
    """The seeded plans (no example data) with LMST reported for 1. halvår 2024; SSI, SST and NCE missing."""
    from maalstyring.ingest import import_workbook
    from maalstyring.storage import connect
    from tests.workbooks import fill, follow_up_template

    conn = connect(seeded_path)
    assert import_workbook(conn, fill(follow_up_template(conn, "LMST")), "lmst.xlsx", "controller@lmst.dk").accepted
    conn.close()
    return seeded_path
