"""The page shell (ui/app_shell.py): Danish for screen readers, and a direct link opens without Streamlit's detour.

The rewrite is tested on the index.html of the Streamlit that is installed, so an upgrade that changes the shell
fails here; the middleware is driven as ASGI with a tiny app of its own; the browser test opens a page by its
address on the real server and watches every request it makes.
"""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import pytest
import streamlit

from tests.browser import run_async, wait_for_script
from ui.app_shell import NOSCRIPT, TITLE, AppShell, ShellParts, app_parts, base_url_script, danish_shell
from ui.danish_chrome import script
from ui.navigation import PAGE_SPECS

STREAMLIT_SHELL = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
PATHS = ("institution", "planer")
PARTS = ShellParts(PATHS, stylesheet=".ms-table{color:black}", translator="<script>oversæt()</script>",
                   icon="data:image/png;base64,AAAA")  # fmt: skip


def test_the_installed_shell_becomes_danish_and_carries_the_apps_parts():
    shell = danish_shell(STREAMLIT_SHELL, PARTS)
    assert '<html lang="da">' in shell and 'lang="en"' not in shell
    assert f"<title>{TITLE}</title>" in shell and "<title>Streamlit</title>" not in shell
    noscript = shell[shell.index("<noscript>") : shell.index("</noscript>")]
    assert NOSCRIPT in noscript and "JavaScript to run this app" not in noscript
    # The address script runs before Streamlit's bundle, which reads the setting once when it loads.
    assert shell.count(base_url_script(PATHS)) == 1
    assert shell.index(base_url_script(PATHS)) < shell.index('<script type="module"')
    # The stylesheet is there before the first element is drawn; the translator watches the body.
    assert shell.count("<style>.ms-table{color:black}</style>") == 1
    assert shell.index("<style>") < shell.index("<body>") < shell.index(PARTS.translator) < shell.index("</body>")
    assert 'rel="shortcut icon" href="data:image/png;base64,AAAA"' in shell and "./favicon.png" not in shell
    # Nothing else of Streamlit's shell is lost.
    assert shell.count("modulepreload") == STREAMLIT_SHELL.count("modulepreload")
    assert '<div id="root"></div>' in shell


def test_html_that_is_not_the_shell_is_left_as_it_is():
    other = "<html><body><p>Ikke appens skal</p></body></html>"
    assert danish_shell(other, PARTS) == other


def test_the_page_names_cannot_close_the_script():
    script = base_url_script(["</script><script>alert(1)//"])
    assert script.count("</script>") == 1 and script.endswith("</script>")


def test_the_apps_parts_are_its_pages_stylesheets_translator_and_icon():
    parts = app_parts()
    assert sorted(parts.page_paths) == sorted(spec.stem for spec in PAGE_SPECS)
    assert ".ms-table" in parts.stylesheet and "<" not in parts.stylesheet
    assert parts.translator == script() and parts.translator.count("</script>") == 1
    assert base64.b64decode(parts.icon.removeprefix("data:image/png;base64,")).startswith(b"\x89PNG")


def serve(app, path: str = "/institution", method: str = "GET", headers=()) -> tuple[dict, bytes]:
    """One request through `app` as an ASGI server would make it; the answer's start message and body."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    run_async(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert not sent[-1].get("more_body", False)  # the answer is finished
    return start, body


def answering(content_type: bytes, body: bytes, extra_headers=(), chunk: int = 1000, status: int = 200):
    """An ASGI app that answers every request with `body`, sent in chunks like a file response."""

    async def app(scope, receive, send):
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                   (b"etag", b'"streamlit"'), *extra_headers]  # fmt: skip
        await send({"type": "http.response.start", "status": status, "headers": headers})
        parts = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    return app


def headers_of(start: dict) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in start["headers"]}


@pytest.mark.parametrize("gzipped", [False, True])
def test_the_middleware_rewrites_the_shell_plain_or_gzipped(gzipped):
    raw = STREAMLIT_SHELL.encode()
    body, extra = (gzip.compress(raw), [(b"content-encoding", b"gzip")]) if gzipped else (raw, [])
    start, answer = serve(AppShell(answering(b"text/html; charset=utf-8", body, extra), PARTS))
    assert answer.decode() == danish_shell(STREAMLIT_SHELL, PARTS)
    headers = headers_of(start)
    assert int(headers[b"content-length"]) == len(answer)
    assert b"content-encoding" not in headers and b"etag" not in headers


def test_the_middleware_passes_everything_else_through():
    script = "console.log('uændret');".encode() * 100
    start, answer = serve(AppShell(answering(b"application/javascript", script), PARTS), "/static/js/x.js")
    assert answer == script and headers_of(start)[b"etag"] == b'"streamlit"'
    # A 304 for the shell has no body to rewrite; a HEAD request is not read either.
    start, answer = serve(AppShell(answering(b"text/html", b"", status=304), PARTS))
    assert start["status"] == 304 and answer == b""
    start, answer = serve(AppShell(answering(b"text/html", STREAMLIT_SHELL.encode()), PARTS), method="HEAD")
    assert answer == STREAMLIT_SHELL.encode()


def test_a_large_html_answer_passes_through_unread():
    big = b"<html><head></head><body><noscript></noscript>" + b"x" * 400_000 + b"</body></html>"
    start, answer = serve(AppShell(answering(b"text/html", big, chunk=65536), PARTS))
    assert answer == big and headers_of(start)[b"content-length"] == str(len(big)).encode()


@pytest.mark.browser
def test_a_direct_link_opens_without_the_detour_in_danish_with_the_apps_parts(browser, server):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url.removeprefix(server)))
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.goto(f"{server}/institution")
    page.locator("[data-testid='stMain'] h1").first.wait_for()
    wait_for_script(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == "Institution"
    assert page.evaluate("document.documentElement.lang") == "da"
    # The app's icon, stylesheet and translator came with the page: no media request for an icon, no st.html.
    assert page.evaluate("document.querySelector(\"link[rel='shortcut icon']\").href").startswith("data:image/png")
    assert not [r for r in requests if r.startswith("/media/")], requests
    assert page.evaluate("[...document.head.querySelectorAll('style')].some(s => s.textContent.includes('.ms-table'))")
    assert page.evaluate("window.maalstyringDanish") is True
    # Streamlit alone asks /institution/_stcore/health first, gets 404 and waits 0,1 s before the right address.
    assert not [r for r in requests if r.startswith("/institution/")], requests
    assert "/_stcore/health" in requests
    assert [s.split("/", 3)[-1] for s in sockets] == ["_stcore/stream"]
    # Moving to another page in the app keeps the server's address as the base: /planer, not /institution/planer.
    page.locator("[data-testid='stSidebarNav'] a[href$='/planer']").click()
    page.wait_for_url(f"{server}/planer")
    page.get_by_role("heading", name="Planer", level=1).wait_for()
    page.close()
