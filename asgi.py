"""The app as its server runs it: app.py behind the Danish page shell (ui/app_shell.py).

`python -m ui.serve` (what `make run`, the browser tests and the benches start) runs `streamlit run asgi.py`;
Streamlit finds `app` below and serves app.py through it (st.App, Streamlit's documented way to add middleware).
A bare `streamlit run app.py` still works, with Streamlit's English shell and slower direct links.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from ui.app_shell import AppShell

app = st.App(Path(__file__).with_name("app.py"), middleware=[Middleware(AppShell)])
