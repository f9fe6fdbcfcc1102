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


# --- Who a media file belongs to (issue 28, point 5; ui/web_guard.py) -----------------------------------------
# Streamlit serves /media/<id>.<ext> to anyone who has the address while a session holds the file. Which sessions
# hold it, and whose those sessions are, is only in its runtime's private state; a download made on click
# ("deferred") is held by no session at all, so the session that asked for it is noted here when it is made.
# tests/test_web_guard.py fails when a Streamlit upgrade moves this state (the owner is then refused their own
# download, never a stranger let in).

_DEFERRED_OWNERS: dict[str, str] = {}  # media file id -> id of the session whose click made it
_DEFERRED_OWNERS_MAX = 10_000  # oldest forgotten first; a forgotten file is refused, never served to anyone


def track_deferred_downloads() -> None:
    """Note, for every download made on click, the session that asked for it. Idempotent."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    original = MediaFileManager.execute_deferred
    if getattr(original, "_maalstyring_tracked", False):
        return

    def execute_deferred(self, file_id: str) -> str:
        with self._lock:
            entry = self._deferred_callables.get(file_id)
        url = original(self, file_id)
        if entry is not None:
            made = url.rsplit("/", 1)[-1].split(".", 1)[0]
            _DEFERRED_OWNERS[made] = entry["session_id"]
            while len(_DEFERRED_OWNERS) > _DEFERRED_OWNERS_MAX:
                _DEFERRED_OWNERS.pop(next(iter(_DEFERRED_OWNERS)))
        return url

    execute_deferred._maalstyring_tracked = True  # type: ignore[attr-defined]
    MediaFileManager.execute_deferred = execute_deferred


def media_file_owners(file_name: str) -> list[dict]:
    """The login details (st.user's claims) of every live session that holds or asked for `file_name`."""
    import os

    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return []
    runtime = Runtime.instance()
    file_id = os.path.splitext(file_name)[0]
    manager = runtime.media_file_mgr
    with manager._lock:
        sessions = {sid for sid, files in manager._files_by_session_and_coord.items() if file_id in files.values()}
    if file_id in _DEFERRED_OWNERS:
        sessions.add(_DEFERRED_OWNERS[file_id])
    owners = []
    for session_id in sessions:
        info = runtime._session_mgr.get_session_info(session_id)
        if info is not None:
            with info.session._user_info_lock:
                owners.append(dict(info.session._user_info))
    return owners
