"""The router: one run of the app for one browser session (app.py calls `run_router()`).

With login configured, nobody gets past it without logging in and holding a role, and the page list is built per
role (ui/navigation.py). Every page runs inside it, after the filters and the banners; a page file run any other
way shows nothing of its own (`only_through_router()`, the first call of every page). Pages that write re-check
the role themselves (and ingest checks every upload).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from maalstyring.roles import access
from ui import cache
from ui.app_shell import icon_data_url
from ui.db import get_connection
from ui.errors import run_safely
from ui.filters import sidebar_filters
from ui.identity import (
    auth_configured,
    login_screen,
    no_role_screen,
    refused_page_screen,
    roles_error_screen,
    signed_in_user,
    user_panel,
)
from ui.navigation import gate_pages, pages_for
from ui.serving import (
    behind_proxy,
    exposure_refused_screen,
    listen_address,
    network_exposure,
    open_without_login_allowed,
    open_without_login_banner,
)
from ui.status import example_banner
from ui.streamlit_internals import leave_legacy_pages_mode, legacy_pages_mode
from ui.timing import now, page_timer

_ROUTING = threading.local()  # each session's script runs in a thread of its own


def run_router() -> None:
    """Who may see what, then the page asked for."""
    script_started = now()  # for the opt-in script timing (ui/timing.py)
    # The icon is local (the app must work offline) and a data: URL, so no load fetches it. The stylesheets and
    # the translator of Streamlit's English words come with the page shell (ui/app_shell.py), once per tab.
    st.set_page_config(page_title="Målstyring", page_icon=icon_data_url(), layout="wide")
    if legacy_pages_mode():  # Streamlit ran app.py as the legacy start page: run it again as the router
        leave_legacy_pages_mode()
        st.rerun()

    # Safe by default: on the network without login only when MAALSTYRING_AABEN_UDEN_LOGIN=1 says so
    # (ui/serving.py). Behind nginx the app is bound to loopback but reachable from the network.
    address, proxied = listen_address(), behind_proxy()
    exposure = network_exposure(address, auth_configured(), open_without_login_allowed(), proxied)
    if exposure == "refused":
        _gate(exposure_refused_screen, address, proxied)
    if auth_configured() and not st.user.is_logged_in:
        _gate(login_screen)
    try:
        user = signed_in_user()
    except access.RolesConfigError as error:
        _gate(roles_error_screen, error)
    if not access.can_view(user):
        _gate(no_role_screen, user)

    page = st.navigation(pages_for(user, refused_page_screen))

    def draw_page() -> None:
        # Drawn here, not in the pages, so the filters (kept in the URL) carry over from page to page.
        conn = get_connection()
        cache.start_run()  # one data version for the whole run (ui/cache.py)
        sidebar_filters(conn)
        if exposure == "open":
            open_without_login_banner(address, proxied)  # replaces the local-mode notice: the same warning, louder
        else:
            user_panel(user)
        example_banner(cache.example_report_count(conn))
        with page_timer(page.url_path, script_started), _routed_page():
            page.run()

    # No traceback reaches a user: a failure anywhere in the page becomes a Danish panel with a reference
    # that is in the server log (ui/errors.py); client.showErrorDetails = "none" covers what escapes this.
    run_safely(draw_page)


def only_through_router() -> None:
    """The first call of every page file. Run by the router, it does nothing; run any other way, the page shows
    nothing of its own: it hands over to the router, or links to the start page, and the run stops."""
    if getattr(_ROUTING, "active", False):
        return
    if legacy_pages_mode():
        # Streamlit ran this file as a page of its own (its legacy mode): run app.py instead, for the same
        # address, so the login, the roles, the filters and the banners come first.
        leave_legacy_pages_mode()
        st.rerun()
    st.markdown("Denne side er en del af Målstyring og kan kun åbnes derfra. [Gå til Målstyrings forside](/)")
    st.stop()


@contextmanager
def _routed_page() -> Iterator[None]:
    _ROUTING.active = True
    try:
        yield
    finally:
        _ROUTING.active = False


def _gate(screen, *args) -> None:
    """Show only `screen`, whatever address was asked for, and stop."""
    st.navigation(gate_pages(lambda: screen(*args)), position="hidden").run()
    st.stop()
