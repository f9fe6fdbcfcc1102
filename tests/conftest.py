"""Shared fixtures: fresh in-memory databases, and a seeded database copied from one built per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from maalstyring.database.storage import REPO_ROOT, Connection, connect
from maalstyring.workbooks.defaults import load_default_data
from tests.tiers import TIERS, needs

REPO = Path(__file__).resolve().parent.parent


ENGINES = ("duckdb", "postgresql")

PG_FIXTURES = {
    "pg_cluster",
    "pg_url",
    "pg_seeded_template",
    "pg_example_template",
    "pg_reported_template",
    "pg_private_cluster",
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_engines: run a module's or a test's database tests on DuckDB and on PostgreSQL (`engine`)"
    )
    for name, meaning in TIERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")


def _module_fixture_group(item) -> str | None:
    """Tests that share a module-scoped fixture of their own module (a server, a synthetic koncern) form one
    xdist group (`make test`: --dist loadgroup), one per parameter of such a fixture: the fixture is then built on
    one worker, not once on each. Groups go out first, largest first; single tests fill in around them."""
    module = item.nodeid.split("::")[0]
    info = getattr(item, "_fixtureinfo", None)
    own = sorted(
        name
        for name, defs in (info.name2fixturedefs.items() if info else ())
        if defs and defs[-1].scope == "module" and defs[-1].baseid == module
    )
    if not own:
        return None
    params = getattr(item, "callspec", None)
    chosen = [str(params.params[name]) for name in own if params and name in params.params]
    return f"{module}:{'-'.join(chosen)}" if chosen else module  # never ending in "]": xdist would not see it


def _expected_length(item) -> int:
    """Under xdist the long tests go out first and the quick ones fill in at the end, so neither worker is left
    running a minute-long test alone while the other has finished (0 slow, 1 browser or server, 2 the rest)."""
    if item.get_closest_marker("slow"):
        return 0
    return 1 if item.get_closest_marker("browser") or item.get_closest_marker("server") else 2


def _join_xdist_group(config, item, group: str) -> None:
    """Mark `item` for xdist's loadgroup, which learns a test's group from its node id ("…@group"). xdist 3.8 writes
    that id to a field pytest 9.2 no longer reads, so grouping silently stopped (pytest-dev/pytest-xdist#1386):
    on a worker running loadgroup, write the id where pytest 9.2 keeps it. Older pytest: xdist does it itself."""
    item.add_marker(pytest.mark.xdist_group(group))
    if os.environ.get("PYTEST_XDIST_WORKER") and config.getvalue("loadgroup") and hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(f"{item.nodeid}@{group}")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if group := _module_fixture_group(item):
            _join_xdist_group(config, item, group)
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if fixtures & PG_FIXTURES or (callspec and callspec.params.get("engine") == "postgresql"):
            item.add_marker(pytest.mark.postgres)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # a run in one process keeps the files' order
        items.sort(key=_expected_length)  # stable: each module's tests stay in their order


def pytest_generate_tests(metafunc):
    """A module marked `pytestmark = pytest.mark.both_engines`, or a test marked `@pytest.mark.both_engines`, runs
    every test that uses a database fixture (conn, seeded_*, example_*, reported_path, db_target) once per engine;
    the rest stay on DuckDB."""
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture
def engine() -> str:
    return "duckdb"  # replaced by the parametrisation above in both_engines modules


@pytest.fixture
def db_target(engine, request, tmp_path):
    """Where a fresh, empty database lives for this test: a file path (DuckDB) or a postgresql:// URL."""
    if engine == "duckdb":
        yield tmp_path / "tom.duckdb"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def conn(engine, request) -> Connection:
    """An empty, migrated database: in memory on DuckDB, a fresh database on PostgreSQL."""
    connection = connect(":memory:" if engine == "duckdb" else request.getfixturevalue("db_target"))
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster on loopback for the whole run (tests/pg_cluster.py). Fails, never skips,
    when PostgreSQL is not installed: CI forbids skipped tests, and `make test` installs it."""
    from tests.pg_cluster import PostgresNotInstalled, start_cluster

    needs("postgres")
    try:
        cluster = start_cluster()
    except PostgresNotInstalled as exc:
        pytest.fail(str(exc), pytrace=False)
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="module")
def pg_private_cluster():
    """A throwaway PostgreSQL cluster of the module's own, for tests that stop or restart the server: the run's
    pg_cluster (its template databases, and the servers other modules keep on it) is never taken down."""
    from tests.pg_cluster import PostgresNotInstalled, start_cluster

    needs("postgres")
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


def _pg_template(cluster, include_examples: bool) -> str:
    """A PostgreSQL database loaded like seeded_db_file / example_db_file, to copy per test (CREATE DATABASE
    … TEMPLATE is a file copy, far quicker than importing the workbooks again)."""
    url = cluster.create_database("skabelon_eksempler" if include_examples else "skabelon_planer")
    connection = connect(url)
    results = load_default_data(connection, include_examples=include_examples)
    assert all(r.accepted for r in results), [str(f) for r in results for f in r.errors]
    connection.close()  # a template must have no open connections when it is copied
    return url


@pytest.fixture(scope="session")
def pg_seeded_template(pg_cluster) -> str:
    return _pg_template(pg_cluster, include_examples=False)


@pytest.fixture(scope="session")
def pg_example_template(pg_cluster) -> str:
    return _pg_template(pg_cluster, include_examples=True)


def _copy_on(engine, request, tmp_path, file_fixture: str, template_fixture: str, name: str):
    if engine == "duckdb":
        path = tmp_path / name
        shutil.copy(request.getfixturevalue(file_fixture), path)
        return path
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database(template=request.getfixturevalue(template_fixture))
    request.addfinalizer(lambda: cluster.drop_database(url))
    return url


@pytest.fixture
def seeded_path(engine, request, tmp_path):
    """A private copy of the seeded database, free to change: a file (DuckDB) or a database URL (PostgreSQL)."""
    return _copy_on(engine, request, tmp_path, "seeded_db_file", "pg_seeded_template", "maalstyring.duckdb")


@pytest.fixture
def seeded_conn(seeded_path) -> Connection:
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
def example_path(engine, request, tmp_path):
    """A private copy of the database with example data, free to change (a file, or a URL on PostgreSQL)."""
    return _copy_on(engine, request, tmp_path, "example_db_file", "pg_example_template", "eksempler.duckdb")


@pytest.fixture
def example_conn(example_path) -> Connection:
    connection = connect(example_path)
    yield connection
    connection.close()


@pytest.fixture(autouse=True)
def pages_run_inside_the_router(request):
    """AppTest turns Streamlit's old pages/-folder mode back on before every run; the served app never has it
    (app.py turns it off when it builds the server). Run each AppTest the served way, so page tests go through
    app.py like a browser does (ui/streamlit_internals.py; tests/test_router.py covers a real first request)."""
    from ui.streamlit_internals import app_tests_run_the_served_way

    if request.node.get_closest_marker("streamlit_as_shipped"):  # tests/test_router.py checks Streamlit itself
        yield
        return
    with app_tests_run_the_served_way():
        yield


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


@pytest.fixture(scope="session")
def server(tmp_path_factory, example_db_file):
    """The app (`streamlit run app.py`) on a copy of the example database: one server for the whole run, shared by
    the browser tests that only look (no upload, approval or lock). A test that changes data starts its own."""
    from tests.browser import streamlit_server

    db = tmp_path_factory.mktemp("vis") / "eksempler.duckdb"
    shutil.copy(example_db_file, db)
    with streamlit_server(db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright, one per test process (each xdist worker): starting Chromium
    and its first page cost ~3 CPU seconds, and once per module that was ~100 a run. Tests isolate themselves in
    contexts (the `tab`, or a context of their own), never in browsers."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    needs("browser")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def tab(browser):
    """One browser tab for the tests that only look at pages (one per test process). Each test goes to its own
    address (a full page load and a new Streamlit session) and sets its own window size, but the tab's renderer
    keeps the code it has compiled: a chart page loads ~1,5 s sooner than in a new tab, which starts Streamlit's
    and Plotly's scripts from nothing (docs/ARCHITECTURE.md, "Tests"). A test that logs in, listens for requests
    or blocks them opens its own context instead: listeners on the shared tab would outlive the test."""
    context = browser.new_context(locale="da-DK")
    yield context.new_page()
    context.close()


def _with_lmst_report(target) -> None:
    """LMST's 1. halvår 2024 follow-up, filled and imported through the import path."""
    from maalstyring.workbooks.ingest import import_workbook
    from tests.workbooks import fill, follow_up_template

    connection = connect(target)
    assert import_workbook(
        connection, fill(follow_up_template(connection, "LMST")), "lmst.xlsx", "controller@lmst.dk"
    ).accepted
    connection.close()


@pytest.fixture(scope="session")
def reported_db_file(tmp_path_factory, seeded_db_file) -> Path:
    """seeded_db_file plus LMST's report, built once per run (an import per test cost half a second each)."""
    path = tmp_path_factory.mktemp("reported") / "reported.duckdb"
    shutil.copy(seeded_db_file, path)
    _with_lmst_report(path)
    return path


@pytest.fixture(scope="session")
def pg_reported_template(pg_cluster, pg_seeded_template) -> str:
    url = pg_cluster.create_database("skabelon_indberettet", template=pg_seeded_template)
    _with_lmst_report(url)
    return url


@pytest.fixture
def reported_path(engine, request, tmp_path):
    """The seeded plans (no example data) with LMST reported for 1. halvår 2024; SSI, SST and NCE missing.
    A private copy, free to change (a file, or a URL on PostgreSQL)."""
    return _copy_on(engine, request, tmp_path, "reported_db_file", "pg_reported_template", "maalstyring.duckdb")
