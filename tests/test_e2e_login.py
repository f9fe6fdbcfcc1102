"""Login and roles end to end: a real OIDC provider (oidc-provider-mock) on loopback, the app with [auth]
configured, and headless Chromium. Leaders only look, a controller reports for their own institution only,
a user without a role sees a message and nothing else, and a logged-out browser sees nothing."""

import re
import shutil
from urllib.parse import quote

import httpx
import oidc_provider_mock
import pytest

from maalstyring.database.storage import connect
from tests.browser import STATIC_TABLE, auth_secrets, free_port, screenshot, streamlit_server, wait_for_script
from tests.workbooks import fill, follow_up_template

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The provider vouches for each e-mail (email_verified), as roles by e-mail require (maalstyring/roles/access.py).
USERS = {
    "leder@sum.dk": {"email": "leder@sum.dk", "email_verified": True, "name": "Lise Leder", "groups": ["KLF"]},
    "controller@lmst.dk": {
        "email": "controller@lmst.dk",
        "email_verified": True,
        "name": "Carl Controller",
        "groups": ["Medarbejdere"],
    },
    "fremmed@example.com": {
        "email": "fremmed@example.com",
        "email_verified": True,
        "name": "Frede Fremmed",
        "groups": [],
    },
    # Another subject who typed the controller's address at the provider, which did not verify it.
    "efterligner": {"email": "controller@lmst.dk", "email_verified": False, "name": "Carl?", "groups": []},
}
ROLES = """
[[rolle]]
gruppe = "KLF"
rolle = "leder"

[[rolle]]
email = "controller@lmst.dk"
rolle = "controller"
institutioner = ["LMST"]
"""


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        issuer = f"http://localhost:{server.server_port}"
        for sub, claims in USERS.items():
            assert httpx.put(f"{issuer}/users/{quote(sub)}", json=claims).status_code == 204
        yield issuer


@pytest.fixture(scope="module")
def workbooks(seeded_db_file, tmp_path_factory):
    """A filled LMST and a filled SSI follow-up for 1. halvår 2024."""
    path = tmp_path_factory.mktemp("wb") / "db.duckdb"
    shutil.copy(seeded_db_file, path)
    conn = connect(path)
    files = {code: fill(follow_up_template(conn, code)) for code in ("LMST", "SSI")}
    conn.close()
    return files


@pytest.fixture(scope="module")
def app(provider, seeded_db_file, tmp_path_factory):
    """The app with login on, against its own copy of the seeded database; yields (url, database path)."""
    folder = tmp_path_factory.mktemp("login")
    db = folder / "maalstyring.duckdb"
    shutil.copy(seeded_db_file, db)
    (folder / "roller.toml").write_text(ROLES, encoding="utf-8")
    port = free_port()
    secrets = auth_secrets(folder, port, provider)
    with streamlit_server(
        db, extra_env={"MAALSTYRING_ROLLER": str(folder / "roller.toml")},
        extra_args=(f"--secrets.files={secrets}",), port=port,
    ) as url:  # fmt: skip
        yield url, db


def log_in(browser, app_url: str, provider: str, sub: str):
    """A fresh browser session that logs in as `sub` through the provider's form."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(app_url)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{provider}/**")
    page.fill("input[name=sub]", sub)
    page.locator("button[type=submit]").first.click()
    page.wait_for_url(f"{app_url}/**")
    page.locator("[data-testid='stMain'] h1").first.wait_for()
    wait_for_script(page)
    return page


def nav_titles(page) -> list[str]:
    """The titles of the pages in the sidebar (section names left out)."""
    links = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    return [text.split("\n")[-1].strip() for text in links]


def open_page(page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav'] a", has_text=re.compile(rf"^\W*\w*\s*{title}$")).click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    wait_for_script(page)


def test_logged_out_browser_sees_only_the_login(browser, app):
    url, _ = app
    page = browser.new_context().new_page()
    for path in ("", "/koncernoverblik", "/indberetning?aar=2024"):
        page.goto(f"{url}{path}")
        page.get_by_role("button", name="Log ind").wait_for()
        wait_for_script(page)
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        tables_or_upload = f"[data-testid='stDataFrame'], {STATIC_TABLE}, [data-testid='stFileUploader']"
        assert page.locator(tables_or_upload).count() == 0
        assert "Lægemiddelstyrelsen" not in page.inner_text("body")
    screenshot(page, "login")


def test_leader_sees_the_dashboards_but_no_upload(browser, app, provider):
    url, _ = app
    page = log_in(browser, url, provider, "leder@sum.dk")
    titles = nav_titles(page)
    assert "Koncernoverblik" in titles and "Historik" in titles
    assert "Indberetning" not in titles and "Skabeloner" not in titles
    assert page.get_by_text("Logget ind som Lise Leder · leder").count() == 1
    page.goto(f"{url}/indberetning")  # typing the address of a page the role does not have
    page.get_by_role("heading", name="Ingen adgang", level=1).wait_for()
    wait_for_script(page)
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    screenshot(page, "login-leder")


def test_controller_reports_for_own_institution_and_is_refused_for_another(browser, app, provider, workbooks):
    url, db = app
    page = log_in(browser, url, provider, "controller@lmst.dk")
    assert "Indberetning" in nav_titles(page)
    open_page(page, "Indberetning")
    page.locator("input[type='file']").set_input_files(
        [
            {"name": "lmst.xlsx", "mimeType": XLSX, "buffer": workbooks["LMST"]},
            {"name": "ssi.xlsx", "mimeType": XLSX, "buffer": workbooks["SSI"]},
        ]
    )
    page.get_by_text("Det ændres ved indlæsning").wait_for()
    wait_for_script(page)
    assert page.get_by_text(re.compile(r"^Ingen adgang – Du har ikke adgang til at indberette for SSI")).count() == 1
    page.get_by_role("button", name="Indlæs Opfølgning LMST 2024 1. halvår").click()
    page.get_by_text("Gældende status").wait_for()
    wait_for_script(page)
    screenshot(page, "login-controller")
    open_page(page, "Skabeloner")
    # Only LMST is theirs: its template, with no institution to choose on the page.
    page.get_by_text(re.compile(r"^Filnavn: MRP_opfoelgning_LMST_2024_")).wait_for()
    assert page.locator("[data-testid='stSelectbox']", has_text="Vælg institution").count() == 0
    open_page(page, "Revisionsspor")
    assert page.locator("[data-testid='stException']").count() == 0
    page.context.close()
    # The database as the app left it: LMST stored and recorded with the login's e-mail, SSI neither stored
    # nor archived, only its refusal recorded.
    reads = read_database_of_running_app(db)
    assert reads["lmst_uploads"] == [("controller@lmst.dk", "godkendt")]
    assert reads["ssi_uploads"] == [] and reads["ssi_reports"] == 0
    assert ("controller@lmst.dk", "nægtet", "SSI") in reads["events"]


def read_database_of_running_app(db) -> dict:
    """What the app stored, read from a copy of its files (the running app holds the database file)."""
    copy = db.parent / "kopi.duckdb"
    shutil.copy(db, copy)
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        shutil.copy(wal, copy.with_name(copy.name + ".wal"))
    conn = connect(copy)
    try:
        return {
            "lmst_uploads": conn.execute(
                "SELECT uploaded_by, outcome FROM uploads WHERE institution_code = 'LMST' AND kind = 'Opfølgning'"
            ).fetchall(),
            "ssi_uploads": conn.execute(
                "SELECT upload_id FROM uploads WHERE institution_code = 'SSI' AND kind = 'Opfølgning'"
            ).fetchall(),
            "ssi_reports": conn.execute("SELECT count(*) FROM reports WHERE institution_code = 'SSI'").fetchone()[0],
            "events": conn.execute("SELECT actor, action, institution_code FROM events").fetchall(),
        }
    finally:
        conn.close()


def test_user_without_role_sees_only_the_message(browser, app, provider):
    url, _ = app
    page = log_in(browser, url, provider, "fremmed@example.com")
    assert page.get_by_text("Du er logget ind som fremmed@example.com, men har ingen rolle i Målstyring").count() == 1
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    assert page.locator(f"[data-testid='stDataFrame'], {STATIC_TABLE}").count() == 0
    screenshot(page, "login-ingen-rolle")


def test_another_subject_with_the_controllers_unverified_email_gets_no_rights(browser, app, provider):
    url, _ = app
    page = log_in(browser, url, provider, "efterligner")
    assert page.get_by_text("men har ingen rolle i Målstyring").count() == 1
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
