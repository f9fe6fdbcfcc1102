"""Page speed in headless Chromium: navigation → Streamlit's script finished, per page, at several scales.

`python -m bench.page_speed` (`make bench-pages`: 30×10 and 100×30, five visits a page after a warm-up) ends with
the Markdown table of docs/BENCHMARKS.md: each page's median in ms at each scale, its ratio to its baseline (the
chart pages, CHART_PAGES, against bench/minimal_chart_page.py, every other page against bench/minimal_page.py),
the budget (1,5×, issue #25) and whether every scale is within it. Each page's median is also reported as a
ratio to bench/minimal_page.py (one table of the same data) measured in the same run against the same
database. Scale databases are built once through the normal import path and kept in bench/.cache/.
A second baseline, bench/chrome_page.py (the app's frame around the same table), gives `mod ramme`: what each
page adds to what every page of the app pays for its frame. A third, bench/minimal_chart_page.py (the same query
and table and one Plotly chart of them), gives `mod graf` for the pages with Plotly charts (CHART_PAGES): what
they cost beyond the least a page with a Plotly chart can cost.

Beside the wall time stand the CPU seconds each visit cost the Streamlit server and Chromium (medians, read
from /proc: bench/cpu.py), and their sum as a ratio to the minimal page's (`CPU-forh.`): on a machine shared
with other work the wall time swings with the load, the CPU time much less.

The server runs with MAALSTYRING_SCRIPT_TIMING=1 (ui/timing.py), so next to the browser's figure stand the
server's own medians: `app ms` (app.py before the page: navigation, sidebar filters, notices) and `side ms`
(the page's script). What the browser median has beyond their sum is transport and drawing in the browser.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from playwright.sync_api import sync_playwright

from bench.cpu import children_cpu
from bench.synthetic import build_database
from maalstyring.database.storage import REPO_ROOT
from tests.browser import CHROMIUM, CHROMIUM_ARGS, server_log, streamlit_server, wait_for_script
from ui.filters import VIEW_KEY
from ui.timing import ENV_VAR, parse_lines
from vocabulary.terms import WorkbookKind

CACHE = REPO_ROOT / "bench" / ".cache"


def scale_database(institutions: int, years: int) -> Path:
    """A database with `institutions` × `years` plans and both periods' reports (built once, then reused)."""
    path = CACHE / f"scale_{institutions}x{years}.duckdb"
    partial = path.with_suffix(".building")
    for part in (partial, partial.with_suffix(".building.wal")):
        if not path.exists() and part.exists() and time.time() - part.stat().st_mtime < 300:
            raise SystemExit(f"{partial.name} bygges lige nu af en anden proces; prøv igen, når den er færdig.")
    # One builder for every bench (it starts 30 years in 2000: a plan year must be 20xx).
    return build_database(institutions, years, CACHE)


def registered_pages() -> list[tuple[str, str]]:
    """(name, URL path) of every page; the default page lives at the root."""
    from ui.navigation import PAGE_SPECS

    return [(spec.stem, spec.url_path) for spec in PAGE_SPECS]


CHART_PAGES = ("koncernoverblik", "faelles_maal", "udvikling")  # the pages with Plotly charts (ui/figures.py)
# The views after a page's first (lazy tabs bound to ?visning=…): each is a load of its own, timed as a page, so a
# chart moved out of the first view is still measured. Named "page · view" in the tables.
VIEWS = (("faelles_maal", "Økonomisk styring"), ("faelles_maal", "Attraktiv arbejdsplads"),
         ("udvikling", "Opfyldt ved årsafslutning"))  # fmt: skip
SERVER, BROWSER = "--server.headless=true", "chromium"  # in the command lines of our server and our Chromium
SETTLE = 0.2  # s after the script finished before CPU is read, so the browser's last drawing is counted


@dataclass
class Visit:
    seconds: float  # browser: navigation → script finished
    server_cpu: float  # CPU seconds of the Streamlit server during the visit
    browser_cpu: float  # CPU seconds of all Chromium processes during the visit


def time_page(page, url: str) -> Visit:
    server_before, browser_before = children_cpu(SERVER), children_cpu(BROWSER)
    started = time.perf_counter()
    page.goto(url)
    # The app reports "notRunning" before its first run too, so also wait for the page's own h1 (every page
    # has a title) and only then for the script to finish.
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=120_000)
    wait_for_script(page, timeout=120_000)
    seconds = time.perf_counter() - started
    time.sleep(SETTLE)
    return Visit(seconds, children_cpu(SERVER) - server_before, children_cpu(BROWSER) - browser_before)


@dataclass
class Timing:
    seconds: float  # browser: navigation → script finished
    app_ms: float | None = None  # server: app.py before page.run()
    page_ms: float | None = None  # server: page.run()
    runs: int = 0  # script runs the server logged for the timed visits (more than repeats: reruns)
    server_cpu: float = 0.0  # medians of the visits' CPU seconds
    browser_cpu: float = 0.0

    @property
    def cpu(self) -> float:
        return self.server_cpu + self.browser_cpu


def _server_medians(log: Path, url_path: str, skip: int) -> tuple[float | None, float | None, int]:
    lines = [t for t in parse_lines(log.read_text()) if t["page"] == url_path][skip:]
    if not lines:
        return None, None, 0
    return statistics.median(t["app_ms"] for t in lines), statistics.median(t["page_ms"] for t in lines), len(lines)


def _time_repeated(page, url: str, log: Path, url_path: str, repeats: int) -> Timing:
    time_page(page, url)  # warm-up: imports, cached connection, caches
    skip = sum(t["page"] == url_path for t in parse_lines(log.read_text()))
    visits = [time_page(page, url) for _ in range(repeats)]
    median = statistics.median
    return Timing(
        median(v.seconds for v in visits),
        *_server_medians(log, url_path, skip),
        server_cpu=median(v.server_cpu for v in visits),
        browser_cpu=median(v.browser_cpu for v in visits),
    )


def measure(db: Path, repeats: int) -> dict[str, Timing]:
    """Timings per page, and for the minimal page under the key '(minimal)'."""
    timings: dict[str, Timing] = {}
    env = {ENV_VAR: "1"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        with streamlit_server(db, extra_env=env, script="bench/minimal_page.py") as url:
            timings["(minimal)"] = _time_repeated(page, url, server_log(db, url), "/minimal", repeats)
        with streamlit_server(db, extra_env=env, script="bench/minimal_chart_page.py") as url:
            timings["(graf)"] = _time_repeated(page, url, server_log(db, url), "/minimal_graf", repeats)
        with streamlit_server(db, extra_env=env, script="bench/chrome_page.py") as url:
            timings["(ramme)"] = _time_repeated(page, url, server_log(db, url), "/ramme", repeats)
        with streamlit_server(db, extra_env=env) as url:
            for name, path in registered_pages():
                timings[name] = _time_repeated(page, f"{url}/{path}", server_log(db, url), f"/{path}", repeats)
            for stem, view in VIEWS:
                address = f"{url}/{stem}?{VIEW_KEY}={quote_plus(view)}"
                timings[f"{stem} · {view}"] = _time_repeated(page, address, server_log(db, url), f"/{stem}", repeats)
        browser.close()
    return timings


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


BUDGET = 1.5  # issue #25: a chart page ≤ 1,5× the minimal chart page, every other page ≤ 1,5× the minimal page
BASELINE_NAMES = {"(minimal)": "minimal side", "(graf)": "minimal graf"}


def baseline_of(name: str) -> str:
    """The key of the baseline a page is held against: the minimal chart page for the chart pages."""
    return "(graf)" if name.split(" · ")[0] in CHART_PAGES else "(minimal)"


def _danish(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def budget_table(runs: dict[str, dict[str, Timing]]) -> list[str]:
    """The Markdown table for docs/BENCHMARKS.md: per page and scale the median in ms, its ratio to its baseline
    and whether it is within BUDGET; the baselines' own medians first."""
    scales = list(runs)
    head = ["side", "grundlinje"] + [f"{s} {h}" for s in scales for h in ("ms", "forhold")] + ["grænse", "bestået"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, words in BASELINE_NAMES.items():
        cells = [f"{runs[s][key].seconds * 1000:.0f} | –" for s in scales]
        lines.append(f"| ({words}) | – | " + " | ".join(cells) + " | – | – |")
    pages = [name for name in next(iter(runs.values())) if name not in (*BASELINE_NAMES, "(ramme)")]
    for name in pages:
        base = baseline_of(name)
        ratios = [runs[s][name].seconds / runs[s][base].seconds for s in scales]
        cells = [f"{runs[s][name].seconds * 1000:.0f} | {_danish(r)}" for s, r in zip(scales, ratios, strict=True)]
        passed = "ja" if all(r <= BUDGET for r in ratios) else "**nej**"
        budget = _danish(BUDGET, 1)
        lines.append(f"| {name} | {BASELINE_NAMES[base]} | " + " | ".join(cells) + f" | {budget} | {passed} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", default=["30x10", "100x30"])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    started, runs = time.monotonic(), {}
    print(f"Start {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, load average {_load()}")
    for scale in args.scales:
        institutions, years = (int(x) for x in scale.split("x"))
        db = scale_database(institutions, years)
        timings = measure(db, args.repeats)
        runs[f"{institutions}×{years}"] = timings
        base, frame, chart = timings["(minimal)"], timings["(ramme)"], timings["(graf)"]
        print(
            f"\nSkala {institutions} institutioner × {years} år ({WorkbookKind.FOLLOW_UP}: {institutions * years * 2})"
        )
        heads = ("median s", "forhold", "mod ramme", "mod graf", "app ms", "side ms", "kørsler", "server s",
                 "browser s", "CPU-forh.")  # fmt: skip
        print(f"  {'side':40} " + " ".join(f"{h:>9}" for h in heads))
        pages = {k: v for k, v in timings.items() if k not in ("(minimal)", "(ramme)", "(graf)")}
        for name, t in {"(minimal side)": base, "(minimal graf)": chart, "(appens ramme)": frame, **pages}.items():
            against_chart = f"{t.seconds / chart.seconds:9.2f}" if baseline_of(name) == "(graf)" else "–".rjust(9)
            print(f"  {name:40} {t.seconds:9.2f} {t.seconds / base.seconds:9.2f} {t.seconds / frame.seconds:9.2f} "
                  f"{against_chart} {_ms(t.app_ms):>9} {_ms(t.page_ms):>9} {t.runs:>9} {t.server_cpu:9.2f} "
                  f"{t.browser_cpu:9.2f} {t.cpu / base.cpu:9.2f}")  # fmt: skip
        print(f"  Belastning (load average 1/5/15 min) ved slut: {_load()}")
    print(f"\nMedian af {args.repeats} besøg pr. side; diagramsiderne mod den minimale grafside, de øvrige mod den "
          f"minimale side (issue #25). {time.strftime('%Y-%m-%d %H:%M %Z')}, {time.monotonic() - started:.0f} s, "
          f"load average ved slut {_load()}, {os.cpu_count()} kerner.\n")  # fmt: skip
    print("\n".join(budget_table(runs)))


def _load() -> str:
    return " / ".join(_danish(x, 1) for x in os.getloadavg())


if __name__ == "__main__":
    main()
