"""The HTML shell every page loads first, made Danish and quick to open on a direct link.

Streamlit serves one `index.html` for every address; its React bundle then draws the page. Served as is:

- it says `<html lang="en">`, so a screen reader reads the Danish pages with English pronunciation (WCAG 3.1.1,
  docs/ACCESSIBILITY.md), its title is "Streamlit" until the script sets ours, and its `<noscript>` text is
  English;
- on a direct link to a page (/institution, a bookmark, a reload, the overview's links) the bundle first asks
  /institution/_stcore/health, gets 404, waits 100 ms and only then asks /_stcore/health (Streamlit issue
  #7074). Every page but the start page paid ~0,1 s of every fresh load for it (docs/BENCHMARKS.md).

`AppShell` is an ASGI middleware (`st.App(..., middleware=...)`, asgi.py) that rewrites that one HTML response:
Danish `lang`, title and `<noscript>`, and a small script that, on a page's own address, tells the bundle
where the server is (`window.__streamlit.BACKEND_BASE_URL`, the setting Streamlit reads for that before it
probes). Its value is the address minus the page's name, so a server behind a path prefix keeps working.
Every other response, and the websocket, passes untouched.

tests/test_app_shell.py fails when a Streamlit upgrade changes the shell so that a rewrite no longer applies.
"""

from __future__ import annotations

import gzip
import html
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TITLE = "Målstyring"
NOSCRIPT = "Målstyring kræver JavaScript. Slå JavaScript til i din browser, og indlæs siden igen."
MAX_SHELL_BYTES = 256 * 1024  # Streamlit's index.html is ~8 kB; anything larger passes through unread


def page_paths() -> list[str]:
    """The last part of every page's address (the start page has none): ui/navigation.PAGE_SPECS."""
    from ui.navigation import PAGE_SPECS

    return [spec.url_path for spec in PAGE_SPECS if spec.url_path]


def base_url_script(paths: Iterable[str]) -> str:
    """A script that, when the address ends in one of `paths`, sets the server's address for the bundle.

    The list is JSON with `<` escaped, so nothing in it can close the script element."""
    names = json.dumps(sorted(paths)).replace("<", "\\u003c")
    return (
        "<script>(function(){var pages=" + names + ";var parts=location.pathname.split('/');"
        "if(pages.indexOf(parts[parts.length-1])<0)return;parts.pop();"
        "window.__streamlit={BACKEND_BASE_URL:location.origin+(parts.join('/')||'/')};})();</script>"
    )


def danish_shell(page: str, paths: Iterable[str]) -> str:
    """Streamlit's index.html with a Danish `lang`, title and `<noscript>`, and the base-address script."""
    head_start = page.find("<head>")
    noscript_start, noscript_end = page.find("<noscript>"), page.find("</noscript>")
    if head_start < 0 or noscript_start < 0 or noscript_end < noscript_start:
        return page  # not the shell this module knows: serve it as Streamlit wrote it
    page = page[: noscript_start + len("<noscript>")] + f"<p>{html.escape(NOSCRIPT)}</p>" + page[noscript_end:]
    page = page.replace('<html lang="en">', '<html lang="da">', 1)
    page = page.replace("<title>Streamlit</title>", f"<title>{html.escape(TITLE)}</title>", 1)
    head_end = head_start + len("<head>")
    return page[:head_end] + base_url_script(paths) + page[head_end:]


class AppShell:
    """ASGI middleware: rewrite the HTML shell (a text/html answer to GET), pass everything else through."""

    def __init__(self, app: ASGIApp, paths: Iterable[str] | None = None) -> None:
        self.app = app
        self.paths = list(page_paths() if paths is None else paths)

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
        text = danish_shell(body.decode("utf-8"), self.paths).encode("utf-8")
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
