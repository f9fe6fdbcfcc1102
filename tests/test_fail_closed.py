"""Issue 28, points 10 and 4: a secrets file or roles file that is there but cannot be read (or whose keys
collide) stops the app with a Danish message; it never falls back to local mode (no login, everyone may write)."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT
from tests.browser import free_port, screenshot, streamlit_server, wait_for_script

AUTH = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x" * 32, "client_id": "x",
        "client_secret": "x", "server_metadata_url": "http://localhost/"}  # fmt: skip
BROKEN = '[auth]\nredirect_uri = "http://x/oauth2callback\ncookie_secret = 1\n'  # an unclosed string


def secrets_text(port: int) -> str:
    return (
        f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\ncookie_secret = "{"k" * 32}"\n'
        'client_id = "maalstyring"\nclient_secret = "kun-til-test"\n'
        'server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"\n'
    )


@pytest.fixture
def database(seeded_db_file, tmp_path):
    db = tmp_path / "maalstyring.duckdb"
    shutil.copy(seeded_db_file, db)
    return db


@pytest.mark.server
@pytest.mark.parametrize("kind", ["broken", "latin-1", "folder"])
def test_an_unreadable_secrets_file_stops_the_server_with_a_danish_message(database, tmp_path, kind):
    secrets = tmp_path / "secrets.toml"
    if kind == "broken":
        secrets.write_text(BROKEN, encoding="utf-8")
    elif kind == "latin-1":
        secrets.write_bytes('[auth]\nclient_id = "Målstyring"\n'.encode("latin-1"))
    else:
        secrets.mkdir()
    with pytest.raises(RuntimeError) as failed:  # the server did not come up (main: "broken" served local mode)
        with streamlit_server(database, extra_args=(f"--secrets.files={secrets}",)):
            pass
    assert f"Målstyring starter ikke. Indstillingsfilen {secrets} kan ikke læses" in str(failed.value)


@pytest.mark.server
def test_a_roles_file_with_colliding_keys_stops_the_server(database, tmp_path):
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(secrets_text(port), encoding="utf-8")
    roles = tmp_path / "roller.toml"
    roles.write_text('[[rolle]]\nemail = "admin@sum.dk"\nrolle = "admin"\n\n[[rolle]]\nemail = "Admin@sum.dk"\n'
                     'rolle = "leder"\n', encoding="utf-8")  # fmt: skip
    with pytest.raises(RuntimeError) as failed:
        with streamlit_server(database, extra_env={"MAALSTYRING_ROLLER": str(roles)},
                              extra_args=(f"--secrets.files={secrets}",), port=port):  # fmt: skip
            pass
    assert "Målstyring starter ikke. Rollefilen" in str(failed.value)
    assert "er den samme nøgle" in str(failed.value)


def test_a_secrets_file_that_breaks_while_the_server_runs_stops_every_page(browser, database, tmp_path):
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(secrets_text(port), encoding="utf-8")
    with streamlit_server(database, extra_args=(f"--secrets.files={secrets}",), port=port) as url:
        page = browser.new_page()
        page.goto(url)
        page.get_by_role("button", name="Log ind").wait_for()  # login on: the login screen
        secrets.write_text(BROKEN, encoding="utf-8")
        for path in ("", "/indberetning"):
            page.goto(f"{url}{path}")
            page.get_by_text("Målstyring er stoppet.").wait_for()
            wait_for_script(page)
            text = page.inner_text("[data-testid='stMain']")
            assert f"Indstillingsfilen {secrets} kan ikke læses" in text
            assert "Lokal tilstand" not in text  # main: local mode, everyone may see and change everything
            assert page.locator("[data-testid='stSidebarNav'], [data-testid='stFileUploader']").count() == 0
        screenshot(page, "indstillinger-kan-ikke-laeses")
        page.close()


def test_an_unreadable_roles_file_stops_the_app_in_danish(monkeypatch, seeded_path, tmp_path):
    folder = tmp_path / "roller.toml"
    folder.mkdir()  # there, but not a file that can be read
    monkeypatch.setenv("MAALSTYRING_ROLLER", str(folder))
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "name": "Ole", "email": "ole@sum.dk", "email_verified": True}
    at.run()
    assert not at.exception
    assert any("Rollefilen" in e.value and "kan ikke læses" in e.value for e in at.error)  # main: a traceback
    assert not at.sidebar.button
