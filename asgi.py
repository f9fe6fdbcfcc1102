"""The same server as app.py builds, for `streamlit run asgi.py` and ASGI servers started by hand
(`uvicorn asgi:app`): app.py behind the Danish page shell, Streamlit's legacy pages/ mode off
(ui/streamlit_internals.py)."""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from ui.app_shell import AppShell
from ui.identity import refuse_to_start_on_unreadable_settings
from ui.streamlit_internals import prepare_server
from ui.web_guard import WebGuard

refuse_to_start_on_unreadable_settings()  # fail closed: never local mode for want of a readable secrets file
prepare_server()
app = st.App(Path(__file__).with_name("app.py"), middleware=[Middleware(WebGuard), Middleware(AppShell)])
