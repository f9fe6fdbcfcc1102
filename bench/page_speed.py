"""Page speed in headless Chromium: navigation → Streamlit's script finished, per page, at several scales.

`python -m bench.page_speed --scales 5x1 30x10 100x30 --repeats 5`. Each page's median is reported as a
ratio to bench/minimal_page.py (one table of the same data) measured in the same run against the same
database. Scale databases are built once through the normal import path and kept in bench/.cache/.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.synthetic import generate
from loaders import contract as c
from maalstyring.ingest import import_workbook
from maalstyring.storage import REPO_ROOT, connect
from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_script

CACHE = REPO_ROOT / "bench" / ".cache"


def scale_database(institutions: int, years: int) -> Path:
    """A database with `institutions` × `years` plans and both periods' reports (built once, then reused)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"scale_{institutions}x{years}.duckdb"
    if path.exists():
        return path
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    conn = connect(partial)
    started = time.monotonic()
    files = generate(institutions, years, first_year=2024 - years + 1)
    for n, f in enumerate(files, start=1):
        result = import_workbook(conn, f.data, f.name, "bench")
        assert result.accepted, [str(e) for e in result.errors][:3]
        if n % 200 == 0:
            print(f"  {institutions}x{years}: {n}/{len(files)} filer indlæst", file=sys.stderr)
    conn.close()
    partial.rename(path)
    print(f"  {institutions}x{years}: bygget på {time.monotonic() - started:.0f} s", file=sys.stderr)
    return path


def registered_pages() -> list[tuple[str, str]]:
    """(name, URL path) of every page; the default page lives at the root."""
    from ui.navigation import PAGE_SPECS

    return [(spec.stem, spec.url_path) for spec in PAGE_SPECS]


def time_page(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    # The app reports "notRunning" before its first run too, so also wait for the page's own h1 (every page
    # has a title) and only then for the script to finish.
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=120_000)
    wait_for_script(page, timeout=120_000)
    return time.perf_counter() - started


def measure(db: Path, repeats: int) -> dict[str, float]:
    """Median seconds per page, and for the minimal page under the key '(minimal)'."""
    medians: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        with streamlit_server(db, script="bench/minimal_page.py") as url:
            time_page(page, url)  # warm-up: imports, cached connection
            medians["(minimal)"] = statistics.median(time_page(page, url) for _ in range(repeats))
        with streamlit_server(db) as url:
            for name, path in registered_pages():
                time_page(page, f"{url}/{path}")
                medians[name] = statistics.median(time_page(page, f"{url}/{path}") for _ in range(repeats))
        browser.close()
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", default=["5x1", "30x10"])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for scale in args.scales:
        institutions, years = (int(x) for x in scale.split("x"))
        db = scale_database(institutions, years)
        medians = measure(db, args.repeats)
        base = medians.pop("(minimal)")
        print(f"\nSkala {institutions} institutioner × {years} år ({c.KIND_FOLLOW_UP}: {institutions * years * 2})")
        print(f"  {'side':24} {'median s':>9} {'forhold':>8}")
        print(f"  {'(minimal side)':24} {base:9.2f} {1.0:8.1f}")
        for name, seconds in medians.items():
            print(f"  {name:24} {seconds:9.2f} {seconds / base:8.1f}")


if __name__ == "__main__":
    main()
