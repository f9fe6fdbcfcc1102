"""Målstyring: the router. The pages are listed in ui/navigation.py (st.navigation does not scan pages/).

With login configured, nobody gets past this file without logging in and holding a role, and the page
list is built per role. Pages that write re-check the role themselves (and ingest checks every upload).
"""

import streamlit as st

from maalstyring import access
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
from ui.router import require_router
from ui.serving import (
    behind_proxy,
    exposure_refused_screen,
    listen_address,
    network_exposure,
    open_without_login_allowed,
    open_without_login_banner,
)
from ui.status import example_banner
from ui.timing import now, page_timer

SCRIPT_STARTED = now()  # for the opt-in script timing (ui/timing.py)

# The stylesheets and the translator of Streamlit's English words come with the page shell, once per tab and before
# anything is drawn (ui/app_shell.py, served by asgi.py through `python -m ui.serve`). The icon is local (the app
# must work offline) and a data: URL, so no load fetches it.
st.set_page_config(page_title="Målstyring", page_icon=icon_data_url(), layout="wide")
require_router()


def gate(screen, *args) -> None:
    """Show only `screen`, whatever address was asked for, and stop."""
    st.navigation(gate_pages(lambda: screen(*args)), position="hidden").run()
    st.stop()


# Safe by default: on the network without login only when MAALSTYRING_AABEN_UDEN_LOGIN=1 says so (ui/serving.py).
ADDRESS, PROXIED = listen_address(), behind_proxy()  # behind nginx: bound to loopback, reachable from the network
EXPOSURE = network_exposure(ADDRESS, auth_configured(), open_without_login_allowed(), PROXIED)
if EXPOSURE == "refused":
    gate(exposure_refused_screen, ADDRESS, PROXIED)
if auth_configured() and not st.user.is_logged_in:
    gate(login_screen)
try:
    user = signed_in_user()
except access.RolesConfigError as error:
    gate(roles_error_screen, error)
if not access.can_view(user):
    gate(no_role_screen, user)

PAGES = pages_for(user, refused_page_screen)
page = st.navigation(PAGES)


def draw_page() -> None:
    # Drawn here, not in the pages, so the filters (bound to the URL) carry over from page to page.
    conn = get_connection()
    cache.start_run()  # one data version for the whole run (ui/cache.py)
    sidebar_filters(conn)
    if EXPOSURE == "open":
        open_without_login_banner(ADDRESS, PROXIED)  # replaces the local-mode notice: the same warning, louder
    else:
        user_panel(user)
    example_banner(cache.example_report_count(conn))
    with page_timer(page.url_path, SCRIPT_STARTED):
        page.run()


# No traceback reaches a user: a failure anywhere in the page becomes a Danish panel with a reference
# that is in the server log (ui/errors.py); client.showErrorDetails = "none" covers what escapes this.
run_safely(draw_page)
