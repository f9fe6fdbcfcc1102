"""The one module that touches Streamlit's internals: its legacy handling of a folder called `pages/`.

Streamlit (1.67) runs an app with a `pages/` folder beside its main script in the old multipage way
(`PagesManager.uses_pages_directory`) until the first call of st.navigation in the process. On a freshly
started server a shared link such as /revisionsspor would then run pages/revisionsspor.py on its own, without
app.py: no login, no role gate, no filters, no banners, the file names as navigation. The folder keeps its name
(the product's agreed layout names it), so the mode is turned off:

- by `prepare_server()`, where the server is built (app.py, asgi.py), before its first request;
- by ui/router.only_through_router(), the first call of every page file, should a page still run on its own;
- by `app_tests_run_the_served_way()` for Streamlit's AppTest, which turns the mode back on before every run
  (tests/conftest.py uses it; tests call nothing of Streamlit's internals themselves).

tests/test_router.py fails loudly when Streamlit renames, drops or stops honouring the flag; then this module
(and perhaps the whole workaround) can go.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.runtime.pages_manager import PagesManager


def legacy_pages_mode() -> bool | None:
    """True while Streamlit would run a file of pages/ without app.py; None before the first session."""
    return PagesManager.uses_pages_directory


def leave_legacy_pages_mode() -> None:
    """From now on, in this process, every request runs app.py, which picks the page (st.navigation)."""
    PagesManager.uses_pages_directory = False


def prepare_server() -> None:
    """Called where the server is built (app.py, asgi.py), before the first request: no page runs on its own."""
    leave_legacy_pages_mode()


@contextmanager
def app_tests_run_the_served_way() -> Iterator[None]:
    """While open, AppTest runs go through app.py as a served request does, also after switch_page.

    AppTest resets the flag to None before each run and PagesManager then sets it from the folder; setting
    it again right after that is the only hook Streamlit leaves."""
    original_init = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        leave_legacy_pages_mode()

    PagesManager.__init__ = init
    try:
        yield
    finally:
        PagesManager.__init__ = original_init
