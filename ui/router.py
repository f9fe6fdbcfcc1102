"""Make every page run inside the router in app.py, also when it is opened by a direct link.

Streamlit keeps the old multipage mode (run `pages/<name>.py` on its own, without app.py) for apps that have
a `pages/` folder, until the first `st.navigation` call in the process. On a freshly started server, a
shared link such as /koncernoverblik?aar=2024 would then show the page without the shared filters, the
example-data banner or the login check. Turning that mode off and rerunning sends the same request through
app.py, which resolves the same page (same URL path) with its query parameters intact.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def require_router() -> None:
    """Call first in every page: reruns through app.py when Streamlit ran the page file directly."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
