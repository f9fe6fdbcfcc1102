"""A/B of fresh page loads: this checkout against another, visited in turns by one headless Chromium.

`python -m bench.page_ab OTHER_CHECKOUT [page ...]`, e.g. after `git worktree add /tmp/before <commit>`:
`python -m bench.page_ab /tmp/before "" planer`. Each checkout is served by its own `python -m ui.serve` on its own
copy of the 30×10 database (DuckDB lets one server hold a file); every page is timed as bench/page_speed.py times it
(navigation → the page's h1 and Streamlit's `notRunning`), five visits a round, three rounds alternating, and the
medians printed. Alternating in one run is what makes a 0,02 s difference readable on a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.page_speed import scale_database, time_page
from maalstyring.database.storage import REPO_ROOT
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port

ROUNDS, VISITS = 3, 5


@contextmanager
def served(checkout: Path, db: Path):
    """`python -m ui.serve` of `checkout` on a copy of `db`; yields its base URL."""
    copy = Path(tempfile.mkdtemp()) / db.name
    shutil.copy(db, copy)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
        cwd=checkout, env={**os.environ, "MAALSTYRING_DB": str(copy)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{checkout}: serveren startede ikke") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(copy.parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("other", type=Path, help="den anden checkout (fx et git worktree)")
    parser.add_argument("pages", nargs="*", default=[""], help='sidernes adresser; "" er forsiden')
    args = parser.parse_args()
    db = scale_database(30, 10)
    checkouts = {"denne": REPO_ROOT, "anden": args.other.resolve()}
    seconds: dict[tuple[str, str], list[float]] = {}
    with ExitStack() as stack, sync_playwright() as p:
        urls = {name: stack.enter_context(served(path, db)) for name, path in checkouts.items()}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for _ in range(ROUNDS):
            for path in args.pages:
                for name, url in urls.items():
                    time_page(page, f"{url}/{path}")  # warm-up: the tab comes from another page or server
                    seconds.setdefault((path, name), []).extend(
                        time_page(page, f"{url}/{path}").seconds for _ in range(VISITS)
                    )
        browser.close()
    for path in args.pages:
        this, other = (statistics.median(seconds[(path, name)]) for name in checkouts)
        print(f"  {path or '(forsiden)':24} denne {this:5.2f} s   anden {other:5.2f} s   forskel {this - other:+.2f} s")


if __name__ == "__main__":
    main()
