"""Start the app: `python -m ui.serve [Streamlit options]`, e.g. `python -m ui.serve --server.port=8600`.

Exactly `streamlit run app.py [options]`, kept for scripts and habits that start it this way: app.py builds the
whole server (the Danish page shell, Streamlit's legacy pages/ mode off; see its docstring).
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(options: list[str]) -> None:
    cli.main(["run", str(APP), *options], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
