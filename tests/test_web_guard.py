"""Issue 28, points 5, 6 and 13, against a real server with login (oidc-provider-mock) and headless Chromium:
Streamlit's internal endpoints answer only this machine directly, a download is served only to its own logged-in
user (and once), and a login cookie copied before "Log ud" no longer signs in."""

from pathlib import Path

import httpx
import pytest
import streamlit

from tests.browser import wait_for_script
from tests.test_e2e_login import app, log_in, provider  # noqa: F401 - the same provider and server fixtures
from ui.web_guard import direct_from_this_machine, is_local_only, is_media_file

pytestmark = pytest.mark.browser
XFF = {"X-Forwarded-For": "203.0.113.7"}  # what nginx adds for a request from the network


def test_internal_endpoints_are_only_for_this_machine_directly():
    for path in ("/_stcore/metrics", "/x/_stcore/metrics/", "/_stcore/script-health-check", "/_stcore/agent/mcp"):
        assert is_local_only(path), path
    for path in ("/", "/_stcore/health", "/_stcore/stream", "/media/ab.xlsx", "/institution"):
        assert not is_local_only(path), path
    assert direct_from_this_machine({"client": ("127.0.0.1", 5), "headers": []})
    assert direct_from_this_machine({"client": ("::1", 5), "headers": []})
    assert not direct_from_this_machine({"client": ("10.0.0.5", 5), "headers": []})
    assert not direct_from_this_machine({"client": ("127.0.0.1", 5), "headers": [(b"X-Forwarded-For", b"10.0.0.5")]})


def test_only_streamlits_media_route_is_tied_to_a_session_not_its_fonts():
    assert is_media_file("/media/3f2a.xlsx") and is_media_file("/maalstyring/media/3f2a.xlsx")
    for asset in ("/static/media/MaterialSymbols-Rounded.nEdyypZU.woff2", "/maalstyring/static/media/x.woff2"):
        assert not is_media_file(asset), asset
    assert not is_media_file("/historik") and not is_media_file("/media")


def test_with_login_on_the_pages_fonts_are_served_to_everyone(app):  # noqa: F811
    # The login screen's icon and the app's text font come from Streamlit's own assets: before anyone logs in.
    url, _ = app
    fonts = Path(streamlit.__file__).parent / "static" / "static" / "media"
    for font in sorted(fonts.glob("*.woff2"))[:3]:
        assert httpx.get(f"{url}/static/media/{font.name}").status_code == 200, font.name


def test_metrics_and_the_agent_api_answer_no_one_through_the_proxy(app):  # noqa: F811
    url, _ = app
    for path in ("/_stcore/metrics", "/_stcore/agent/openapi.json", "/_stcore/agent/mcp"):
        answer = httpx.get(f"{url}{path}", headers=XFF)
        assert answer.status_code == 404, path  # main: 200 with sessions, cache names and sizes
        assert "session" not in answer.text.lower()
    assert httpx.get(f"{url}/_stcore/metrics").status_code == 200  # monitoring on the server itself
    assert httpx.get(f"{url}/_stcore/health", headers=XFF).text == "ok"  # the load balancer's check stays


def cookie_header(cookies: list[dict]) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in cookies)


def test_a_download_is_served_only_to_its_own_user(browser, app, provider):  # noqa: F811
    url, _ = app
    page = log_in(browser, url, provider, "controller@lmst.dk")
    page.goto(f"{url}/skabeloner")
    wait_for_script(page)
    seen: list[str] = []
    page.on("response", lambda r: seen.append(r.url) if "/media/" in r.url else None)
    with page.expect_download() as got:
        page.get_by_role("button", name="Hent skabelon for").first.click()
    assert Path(got.value.path()).stat().st_size > 1000  # the controller got the workbook
    media = seen[-1]
    assert httpx.get(media).status_code == 404  # main: the workbook, to anyone with the address
    assert httpx.get(media, headers={"Cookie": "_streamlit_user=forfalsket"}).status_code == 404
    assert httpx.get(media, headers={"Cookie": cookie_header(page.context.cookies())}).status_code == 200
    leader = log_in(browser, url, provider, "leder@sum.dk")  # logged in, but not the one who asked
    assert httpx.get(media, headers={"Cookie": cookie_header(leader.context.cookies())}).status_code == 404
    for p in (page, leader):
        p.context.close()


def test_a_cookie_copied_before_logout_no_longer_signs_in(browser, app, provider):  # noqa: F811
    url, _ = app
    page = log_in(browser, url, provider, "controller@lmst.dk")
    copied = page.context.cookies()
    assert any(c["name"].startswith("_streamlit_user") for c in copied)
    with page.expect_navigation():  # the button's address: Streamlit clears the cookies and goes to the provider
        page.locator("[data-testid='stSidebar']").get_by_role("button", name="Log ud").click()
    assert not any(c["name"].startswith("_streamlit_user") for c in page.context.cookies())
    page.context.close()

    thief = browser.new_context()
    thief.add_cookies(copied)
    stolen = thief.new_page()
    for path in ("", "/indberetning"):
        stolen.goto(f"{url}{path}")
        stolen.get_by_role("button", name="Log ind").wait_for()  # main: signed in as the controller
        wait_for_script(stolen)
        assert stolen.locator("[data-testid='stSidebarNav']").count() == 0
    thief.close()

    again = log_in(browser, url, provider, "controller@lmst.dk")  # logging in again works
    assert again.locator("[data-testid='stSidebarNav']").count() == 1
    again.context.close()
