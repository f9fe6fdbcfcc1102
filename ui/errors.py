"""What a user sees when a page fails unexpectedly: a Danish panel with a short reference, never a traceback.

The full traceback goes to the server log under the same reference, so support can find it from what the
user reads out. Streamlit's own control flow (st.rerun, st.stop, st.switch_page) raises exceptions derived
from BaseException, not Exception; they pass through untouched, as they must.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable

import streamlit as st
from streamlit.logger import get_logger

from maalstyring.database.storage import DatabaseUnavailableError

LOG = get_logger(__name__)  # Streamlit's log format, to the server's stderr


def new_reference() -> str:
    """8 hex digits, e.g. '3FA9C0D2': short enough to read out on the phone, unique enough for a log."""
    return secrets.token_hex(4).upper()


def error_panel(reference: str) -> None:
    st.error(
        f"Der opstod en uventet fejl. Siden kunne ikke vises. Oplys referencen {reference} til support.",
        icon=":material/error:",
    )


def run_safely(draw: Callable[[], None]) -> None:
    """Run `draw` (the page); an unexpected exception becomes the error panel and a logged traceback."""
    try:
        draw()
    except DatabaseUnavailableError as exc:  # PostgreSQL restarted or unreachable: this request only
        LOG.warning("Databasen er ikke tilgængelig: %s", exc.__cause__ or exc)
        st.error(str(exc), icon=":material/cloud_off:")
    except Exception:
        reference = new_reference()
        LOG.exception("Uventet fejl, reference %s", reference)
        error_panel(reference)


def safe_fragment(fn: Callable) -> Callable:
    """st.fragment whose own reruns (which do not pass through app.py) end in the same panel on failure."""

    @functools.wraps(fn)
    def body(*args, **kwargs) -> None:
        run_safely(lambda: fn(*args, **kwargs))

    return st.fragment(body)
