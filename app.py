"""Målstyring: the app. `streamlit run app.py` serves it, and so do `make run` and `python -m ui.serve`.

This file is two things, told apart by `__name__`:

- the server: `streamlit run` reads this file, finds the `st.App` below and imports the file to build it
  (`__name__ == "app"`): app.py behind the Danish page shell (ui/app_shell.py: `lang="da"`, the app's
  stylesheets, the translator of Streamlit's English words, quick direct links), with Streamlit's legacy mode
  for the `pages/` folder off before the first request (ui/streamlit_internals.py). asgi.py builds the same;
- the router: for every browser session Streamlit runs this file as its script (`__name__ == "__main__"`):
  login, roles, navigation, filters, banners, then the page (ui/router.py).
"""

from pathlib import Path

import streamlit as st

if __name__ == "__main__":
    from ui.router import run_router

    run_router()
else:
    from ui.server_parts import server_middleware

    app = st.App(Path(__file__), middleware=server_middleware())
