"""What app.py and asgi.py build the server from: the checks before it starts and its middleware.

Both entry files keep the `st.App(...)` call itself, because `streamlit run X.py` finds the server by reading X.py
for it (streamlit.web.server.app_discovery); everything around that call is here, once.
"""

from __future__ import annotations

from starlette.middleware import Middleware

from ui.app_shell import AppShell
from ui.identity import refuse_to_start_on_unreadable_settings
from ui.streamlit_internals import prepare_server
from ui.web_guard import WebGuard


def server_middleware() -> list[Middleware]:
    """Refuse to start on an unreadable secrets file (fail closed: never local mode for want of a readable one),
    turn Streamlit's legacy pages/ mode off, and give the middleware: the web guard, then the Danish page shell."""
    refuse_to_start_on_unreadable_settings()
    prepare_server()
    return [Middleware(WebGuard), Middleware(AppShell)]
