"""The HTML shell every page loads first: Danish, with the app's stylesheet and translator, quick on a direct link.

Streamlit serves one `index.html` for every address; its React bundle then draws the page. Served as is:

- it says `<html lang="en">`, so a screen reader reads the Danish pages with English pronunciation (WCAG 3.1.1,
  docs/ACCESSIBILITY.md), its title is "Streamlit" until the script sets ours, and its `<noscript>` text is
  English;
- on a direct link to a page (/institution, a bookmark, a reload, the overview's links) the bundle first asks
  /institution/_stcore/health, gets 404, waits 100 ms and only then asks /_stcore/health (Streamlit issue
  #7074). Every page but the start page paid ~0,1 s of every fresh load for it (docs/BENCHMARKS.md).

`AppShell` is an ASGI middleware (`st.App(..., middleware=...)`, asgi.py) that rewrites that one HTML response:

- Danish `lang`, title and `<noscript>`;
- a small script that, on a page's own address, tells the bundle where the server is
  (`window.__streamlit.BACKEND_BASE_URL`, the setting Streamlit reads for that before it probes). Its value is
  the address minus the page's name, so a server behind a path prefix keeps working;
- the app's stylesheets (ui/readable.css), its icon and the translator of Streamlit's English
  words (ui/danish_chrome.py). Sent with the page, they are there before the first element is drawn, once per
  tab; sent by app.py as st.html elements, every run drew three more elements and restyled the page when the
  stylesheet arrived after the rest, and the icon was fetched as a media file on every load.

Every other response, and the websocket, passes untouched. tests/test_app_shell.py fails when a Streamlit upgrade
changes the shell so that a rewrite no longer applies.
"""

from __future__ import annotations

import base64
import functools
import gzip
import html
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TITLE = "Målstyring"
NOSCRIPT = "Målstyring kræver JavaScript. Slå JavaScript til i din browser, og indlæs siden igen."
MAX_SHELL_BYTES = 256 * 1024  # Streamlit's index.html is ~8 kB; anything larger passes through unread
UI = Path(__file__).resolve().parent
STYLESHEETS = (UI / "readable.css",)  # selectors and constants only, never user text
ICON = UI.parent / "static" / "favicon.png"  # a local icon: the app must work offline


@dataclass(frozen=True)
class ShellParts:
    """What the app adds to Streamlit's shell: all constant, read once when the server starts."""

    page_paths: tuple[str, ...]
    stylesheet: str
    translator: str  # a <script> element
    icon: str  # a data: URL


def app_parts() -> ShellParts:
    from ui.danish_chrome import script
    from ui.navigation import PAGE_SPECS

    css = "\n".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)
    if "<" in css:  # a stylesheet has no use for "<"; without one it cannot end the <style> element
        raise ValueError("ui/*.css må ikke indeholde tegnet <")
    return ShellParts(
        page_paths=tuple(spec.stem for spec in PAGE_SPECS),  # the start page answers at its name too
        stylesheet=css,
        translator=script(),
        icon=icon_data_url(),
    )


@functools.cache
def icon_data_url() -> str:
    """The app's icon as a data: URL: in the shell, and as st.set_page_config's page_icon, which Streamlit passes
    to the browser as it is. Given as a file, it was a media file fetched on every load; given as nothing, the
    browser shows each page's navigation icon, fetched from Google's font CDN."""
    return "data:image/png;base64," + base64.b64encode(ICON.read_bytes()).decode("ascii")


def base_url_script(paths: Iterable[str]) -> str:
    """A script that, when the address ends in one of `paths`, sets the server's address for the bundle.

    The list is JSON with `<` escaped, so nothing in it can close the script element."""
    names = json.dumps(sorted(paths)).replace("<", "\\u003c")
    return (
        "<script>(function(){var pages=" + names + ";var parts=location.pathname.split('/');"
        "if(pages.indexOf(parts[parts.length-1])<0)return;parts.pop();"
        "window.__streamlit={BACKEND_BASE_URL:location.origin+(parts.join('/')||'/')};})();</script>"
    )


def danish_shell(page: str, parts: ShellParts) -> str:
    """Streamlit's index.html, Danish and with the app's parts (see the module's docstring)."""
    head_start, body_end = page.find("<head>"), page.rfind("</body>")
    noscript_start, noscript_end = page.find("<noscript>"), page.find("</noscript>")
    if head_start < 0 or body_end < 0 or noscript_start < 0 or noscript_end < noscript_start:
        return page  # not the shell this module knows: serve it as Streamlit wrote it
    page = (
        page[: noscript_start + len("<noscript>")]
        + f"<p>{html.escape(NOSCRIPT)}</p>"
        + page[noscript_end:body_end]
        + parts.translator  # at the end of <body>: it watches the body the bundle draws into
        + page[body_end:]
    )
    page = page.replace('<html lang="en">', '<html lang="da">', 1)
    page = page.replace("<title>Streamlit</title>", f"<title>{html.escape(TITLE)}</title>", 1)
    page = page.replace('rel="shortcut icon" href="./favicon.png"', f'rel="shortcut icon" href="{parts.icon}"', 1)
    head_end = head_start + len("<head>")
    added = base_url_script(parts.page_paths) + f"<style>{parts.stylesheet}</style>"
    return page[:head_end] + added + page[head_end:]


class AppShell:
    """ASGI middleware: rewrite the HTML shell (a text/html answer to GET), pass everything else through."""

    def __init__(self, app: ASGIApp, parts: ShellParts | None = None) -> None:
        self.app = app
        self.parts = app_parts() if parts is None else parts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _is_html(message) and message.get("status") == 200:
                    start = message  # held back until the whole body is here
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if sum(map(len, chunks)) > MAX_SHELL_BYTES:  # not the shell: let the rest through unchanged
                held, start = start, None
                await send(held)
                await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                chunks.clear()
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            if message.get("more_body", False):
                return
            held, start = start, None
            await self._send_shell(held, b"".join(chunks), send)

        await self.app(scope, receive, rewrite)

    async def _send_shell(self, start: Message, body: bytes, send: Send) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in _REWRITTEN_HEADERS]
        encoding = _header(start, b"content-encoding")
        if encoding == b"gzip":  # Streamlit's own gzip middleware sits inside this one
            body = gzip.decompress(body)
        elif encoding:
            await send(start)  # an encoding this module cannot read: unchanged
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        text = danish_shell(body.decode("utf-8"), self.parts).encode("utf-8")
        # No ETag or Last-Modified: they describe Streamlit's file, not this rewrite of it, and a 304 for a
        # changed rewrite would keep an old shell in the browser.
        headers.append((b"content-length", str(len(text)).encode("ascii")))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": text, "more_body": False})


_REWRITTEN_HEADERS = {b"content-length", b"content-encoding", b"etag", b"last-modified"}


def _header(message: Message, name: bytes) -> bytes | None:
    for key, value in message.get("headers", []):
        if key.lower() == name:
            return value.strip().lower()
    return None


def _is_html(message: Message) -> bool:
    content_type = _header(message, b"content-type") or b""
    return content_type.startswith(b"text/html")
