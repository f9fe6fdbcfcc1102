"""Heavy work on a page through the server's job limits (maalstyring/jobs.py), with a Danish "i kø" while waiting.

`limited(limiter, what)` runs a block when the server and this user have room; until then the page shows the
job's place in the queue. `deferred(limiter, make)` does the same for a download button's callable, which
Streamlit runs outside the page (its commands are ignored there), so it waits without a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from maalstyring.jobs import JobLimiter
from ui.identity import signed_in_user

T = TypeVar("T")


def job_owner() -> str:
    """Whose job this is, for the per-user limit: the verified identity, else this browser session."""
    actor = signed_in_user().actor
    if actor:
        return actor
    ctx = get_script_run_ctx()
    return f"session {ctx.session_id}" if ctx else "ukendt"


def queue_message(what: str, place: int) -> str:
    ahead = "du er den næste" if place == 1 else f"der er {place - 1} foran dig"
    return f"Din {what} er i kø ({ahead}). Den starter af sig selv, når der er plads på serveren."


@contextmanager
def limited(limiter: JobLimiter, what: str) -> Iterator[None]:
    """Run the block within `limiter`'s limits, showing "i kø" while it waits. QueueTimeout passes through."""
    notice = st.empty()

    def waiting(place: int) -> None:
        notice.info(queue_message(what, place), icon=":material/hourglass_top:")

    try:
        with limiter.slot(job_owner(), waiting):
            notice.empty()
            yield
    finally:
        notice.empty()


def deferred(limiter: JobLimiter, make: Callable[[], T]) -> Callable[[], T]:
    """`make` for a download button's data, run within `limiter`'s limits for the user drawing the page."""
    owner = job_owner()  # now, in the page's run: the callable runs where there is no session to ask

    def run() -> T:
        with limiter.slot(owner):
            return make()

    return run
