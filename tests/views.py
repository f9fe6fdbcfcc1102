"""A page's own views (lazy st.tabs bound to ?visning=…, ui/filters.VIEW_KEY) for AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.filters import VIEW_KEY


def show_view(at: AppTest, label: str) -> AppTest:
    """Show the view `label` and run, as a click on its tab does. AppTest cannot click a tab, and the URL alone
    does not move a tab the session has already chosen, so both the URL and the tab's state are set."""
    at.query_params[VIEW_KEY] = label
    at.session_state[VIEW_KEY] = label
    return at.run()
