"""Opt-in server-side script time per page, for bench/page_speed.py (off unless MAALSTYRING_SCRIPT_TIMING=1).

One line per run on stderr, e.g. `script-time page=/planer app_ms=12.3 page_ms=456.7 end=ok`: `app_ms` is what
app.py spends before the page (login check, navigation, sidebar filters, notices), `page_ms` the page itself,
and `end` says how the page ended (ok, stop for st.stop, rerun, error). The default page's path is `/`.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV_VAR = "MAALSTYRING_SCRIPT_TIMING"
PREFIX = "script-time"
LINE = re.compile(
    rf"^{PREFIX} page=(?P<page>\S+) app_ms=(?P<app_ms>[\d.]+) page_ms=(?P<page_ms>[\d.]+) end=(?P<end>\w+)"
)


def enabled() -> bool:
    return os.environ.get(ENV_VAR) == "1"


def now() -> float:
    return time.perf_counter()


def format_line(url_path: str, app_seconds: float, page_seconds: float, end: str) -> str:
    return f"{PREFIX} page=/{url_path} app_ms={app_seconds * 1000:.1f} page_ms={page_seconds * 1000:.1f} end={end}"


def parse_lines(text: str) -> list[dict]:
    """The timing lines in a server log: page, app_ms, page_ms (floats) and end."""
    found = []
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            found.append({**match.groupdict(), "app_ms": float(match["app_ms"]), "page_ms": float(match["page_ms"])})
    return found


def _end(exc: BaseException | None) -> str:
    if exc is None:
        return "ok"
    name = type(exc).__name__  # Streamlit's control-flow exceptions, without importing its internals
    if name == "StopException":
        return "stop"
    if name == "RerunException":
        return "rerun"
    return "error"


@contextmanager
def page_timer(url_path: str, script_started: float) -> Iterator[None]:
    """Time the block (page.run()) and what came before it since `script_started`; log one line when enabled."""
    if not enabled():
        yield
        return
    started = now()
    ended: BaseException | None = None
    try:
        yield
    except BaseException as exc:  # st.stop() and st.rerun() pass through page.run() as exceptions
        ended = exc
        raise
    finally:
        line = format_line(url_path, started - script_started, now() - started, _end(ended))
        print(line, file=sys.stderr, flush=True)
