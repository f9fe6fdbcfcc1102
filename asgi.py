"""The same server as app.py builds, for `streamlit run asgi.py` and ASGI servers started by hand
(`uvicorn asgi:app`): app.py behind the Danish page shell, Streamlit's legacy pages/ mode off
(ui/streamlit_internals.py)."""

from pathlib import Path

import streamlit as st  # the st.App call must stand in this file: `streamlit run asgi.py` finds it by reading it

from ui.server_parts import server_middleware

app = st.App(Path(__file__).with_name("app.py"), middleware=server_middleware())
