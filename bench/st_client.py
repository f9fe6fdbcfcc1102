"""A protocol-level Streamlit client: one session over the websocket, no browser.

A page view in Chromium costs the load generator as much CPU as the app server spends drawing it, so on a
small machine browsers would take the CPU the figure is about. This client speaks what the browser speaks to
the server (BackMsg/ForwardMsg protobufs over /_stcore/stream) and decodes only what it needs: when the
script run ends, and the text of alerts and markdown (to see errors and Danish messages).

Every session first fetches the page over HTTP (as a browser does) so a cookie-based sticky proxy
(docs/drift/nginx.conf) pins the websocket to the server that set the cookie.
"""

from __future__ import annotations

import asyncio
import http.cookies
import time
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RUN_TIMEOUT_S = 300  # under load on a shared 2-core machine a page may be slow; slowness is measured, not fatal


@dataclass
class PageRun:
    seconds: float
    finished: bool  # the script ran to the end (not stopped by an exception or a rerun)
    texts: list[str] = field(default_factory=list)  # alert bodies and markdown, in order
    errors: list[str] = field(default_factory=list)  # error alerts and exceptions


def _texts_of(msg: ForwardMsg, run: PageRun) -> None:
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "alert":
        run.texts.append(element.alert.body)
        if element.alert.format == element.alert.ERROR:
            run.errors.append(element.alert.body)
    elif kind == "markdown":
        run.texts.append(element.markdown.body)
    elif kind == "exception":
        run.errors.append(f"{element.exception.type}: {element.exception.message}")


def first_get(base_url: str) -> str:
    """GET the app's page like a browser and return the Cookie header a browser would send back."""
    with urllib.request.urlopen(base_url + "/", timeout=60) as response:
        jar = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return "; ".join(f"{k}={m.value}" for k, m in jar.items())


class Session:
    """One Streamlit session on `base_url` (http://host:port)."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookie = ""
        self._ws = None

    async def __aenter__(self) -> Session:
        self.cookie = await asyncio.to_thread(first_get, self.base_url)
        ws_url = "ws" + self.base_url[len("http") :] + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._ws = await websockets.connect(
            ws_url, subprotocols=["streamlit"], additional_headers=headers, max_size=None, open_timeout=60
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def view(self, url_path: str = "", query_string: str = "") -> PageRun:
        """Run the page at `url_path` (as the browser does on navigation) and wait until the run ends."""
        back = BackMsg()
        back.rerun_script.query_string = query_string
        back.rerun_script.page_name = url_path
        started = time.perf_counter()
        await self._ws.send(back.SerializeToString())
        run = PageRun(0.0, False)
        deadline = started + RUN_TIMEOUT_S
        while True:
            data = await asyncio.wait_for(self._ws.recv(), timeout=max(1.0, deadline - time.perf_counter()))
            msg = ForwardMsg()
            msg.ParseFromString(data)
            _texts_of(msg, run)
            if msg.WhichOneof("type") == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the app asked for a rerun (e.g. query parameters settled); the next run is ours
                run.finished = status == ForwardMsg.FINISHED_SUCCESSFULLY
                run.seconds = time.perf_counter() - started
                return run


async def view_once(base_url: str, url_path: str = "") -> PageRun:
    """A fresh session that views one page: the first visit of a user."""
    async with Session(base_url) as session:
        return await session.view(url_path)
