"""A real Streamlit server and headless Debian Chromium for end-to-end tests."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from tests.tiers import needs

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# A static table (ui/tables.static_table): escaped HTML in an st.html block, which may hold several (Institution's
# goals, each a native disclosure with two tables).
STATIC_TABLE = "[data-testid='stHtml'] table.ms-table"
# A native disclosure still closed (ui/tables.details_html), or a Streamlit expander.
CLOSED_DISCLOSURE = "details.ms-details:not([open]) > summary, [data-testid='stExpander'] details:not([open]) > summary"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def server_log(db_path: Path, url: str) -> Path:
    """Where `streamlit_server(db_path)` serving at `url` writes the server's stdout and stderr."""
    return db_path.parent / f"streamlit-{url.rsplit(':', 1)[1]}.log"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    db_path: Path,
    extra_env: dict | None = None,
    script: str = "app.py",
    extra_args: tuple[str, ...] = (),
    port: int = 0,
):
    """`streamlit run <script>` (the app, as `make run` starts it, unless another script is named), or
    `python -m <script>` for a module such as ui.serve, on a free port against `db_path`; yield its base URL."""
    needs("server")
    port = port or free_port()
    start = ["-m", "streamlit", "run", script] if script.endswith(".py") else ["-m", script]  # e.g. ui.serve
    env = {**os.environ, "MAALSTYRING_DB": str(db_path), **(extra_env or {})}
    url = f"http://127.0.0.1:{port}"
    log = open(server_log(db_path, url), "w")  # closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, *start, "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", *extra_args],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(server_log(db_path, url).read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def auth_secrets(folder: Path, port: int, issuer: str = "http://127.0.0.1:9") -> Path:
    """A secrets file that turns login on for an app on `port`, against the OIDC provider at `issuer` (by default
    an address nobody answers: enough for a test in which nobody logs in)."""
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "kun-til-test-{port}-abcdefghijklmnopqrstuvwxyz"
client_id = "maalstyring"
client_secret = "kun-til-test"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    return secrets


def wait_for_script(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the page's script."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


def run_async(coroutine):
    """asyncio.run in a thread of its own: in a test process Playwright's sync API (the session's browser) keeps an
    event loop running in this thread, and asyncio.run refuses to start inside it."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def in_tab(tab, viewport: dict):
    """The shared tab (tests/conftest.tab) at the window size the test looks at."""
    tab.set_viewport_size(viewport)
    return tab


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
