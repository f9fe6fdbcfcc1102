"""Start the app: `python -m ui.serve [Streamlit options]`, e.g. `python -m ui.serve --server.port=8600`.

The same as `streamlit run app.py`, except that
- Streamlit's legacy mode for the `pages/` folder is off before the first request (ui/router.py), so a direct
  link on a freshly started server goes through app.py too;
- the server is asgi.py, which serves app.py behind the Danish page shell (ui/app_shell.py): `lang="da"`, and
  a direct link to a page opens without Streamlit's 0,1 s detour.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

from ui.router import leave_legacy_pages_mode

SERVER = Path(__file__).resolve().parent.parent / "asgi.py"


def main(options: list[str]) -> None:
    leave_legacy_pages_mode()
    cli.main(["run", str(SERVER), *options], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
