"""Concurrency: browser sessions browsing every page while other sessions upload different files at once.

`python -m bench.concurrency --scale 30x10 --browsing 20 --uploading 10 --rounds 3`. One Streamlit server
(as in production: one process, one DuckDB connection, a cursor per session) on a copy of a scale database;
one headless Chromium with a separate context (= a separate Streamlit session) per user. Uploaders use the
Indberetning page as a controller does: choose the file, wait for the verdict, press "Indlæs".

Afterwards the database is checked: every upload stored exactly once, as the current report for its
institution and period, with one row per målepunkt. Reported: p50/p95/max page time, upload times and
every error any session saw. tests/test_concurrency.py runs a scaled-down version in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import async_playwright

from bench.synthetic import build_database, filled_rows, institution_code, key_figures
from maalstyring.database import queries
from maalstyring.database.storage import connect
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from tests.browser import CHROMIUM, CHROMIUM_ARGS, run_async, streamlit_server
from ui.navigation import PAGE_SPECS
from vocabulary.terms import Period, UploadOutcome, WorkbookKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TIMEOUT_MS = 300_000  # under load on a small machine a page may take long; slowness is reported, not fatal
ERROR_SELECTOR = "[data-testid='stException'], [data-testid='stAlertContentError']"
SCRIPT_DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"


@dataclass
class Upload:
    code: str
    year: int
    file_name: str
    data: bytes

    @property
    def what(self) -> str:
        return f"{WorkbookKind.FOLLOW_UP} {self.code} {self.year} {Period.H1}"


@dataclass
class Outcome:
    page_seconds: list[float] = field(default_factory=list)
    upload_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # CPU used during the sessions, by role


def port_of(url: str) -> str:
    return url.rsplit(":", 1)[1]


def _processes() -> dict[int, tuple[int, float, str]]:
    """pid → (parent pid, CPU seconds so far, command line) for every process we may read (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        found[int(proc.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick, cmdline)  # utime+stime
    return found


def cpu_by_role(port: str) -> dict[str, float]:
    """CPU seconds used so far by our Streamlit server on `port` and by our Chromium (this process's own).

    Browser and server share this machine's cores, unlike in real use where each user's browser runs on their
    own PC; splitting the CPU shows how much of the waiting is the server's.
    """
    procs = _processes()
    ours, grew = {os.getpid()}, True
    while grew:  # descendants of this process: the server and Playwright's driver with its Chromium
        more = {pid for pid, (parent, _, _) in procs.items() if parent in ours} - ours
        ours |= more
        grew = bool(more)
    totals = {"server": 0.0, "browser": 0.0}
    for pid in ours - {os.getpid()}:
        _, seconds, cmdline = procs.get(pid, (0, 0.0, ""))
        if "streamlit run" in cmdline and f"--server.port={port}" in cmdline:
            totals["server"] += seconds
        elif "chrom" in cmdline.split(" ", 1)[0]:
            totals["browser"] += seconds
    return totals


def new_reports(db: Path, count: int, seed: int = 99) -> list[Upload]:
    """A fresh 1. halvår report for the latest year of institutions 1..count (new bytes: they replace)."""
    conn = connect(db)
    try:
        year = conn.execute("SELECT max(year) FROM plans").fetchone()[0]
        rng = random.Random(seed)
        uploads = []
        for index in range(1, count + 1):
            code = institution_code(index)
            plan = queries.load_plan(conn, code, year)
            if plan is None:
                raise SystemExit(f"Databasen har ingen plan for {code} {year}: brug en skala med mindst {count} inst.")
            rows = filled_rows(rng, plan, Period.H1)
            data = write_follow_up_template(plan, Period.H1, stored_rows=rows, key_figure_rows=key_figures(rng, year))
            uploads.append(Upload(code, year, f"samtidig_{code}_{year}_h1.xlsx", data))
        return uploads
    finally:
        conn.close()


async def _wait_for_page(page) -> None:
    await page.wait_for_selector("[data-testid='stMain'] h1", timeout=TIMEOUT_MS)
    await page.wait_for_selector(SCRIPT_DONE, timeout=TIMEOUT_MS)


async def _errors_on(page, where: str) -> list[str]:
    shown = await page.locator(ERROR_SELECTOR).all_inner_texts()
    return [f"{where}: {text.strip()[:300]}" for text in shown]


async def browse(context, url: str, rounds: int, outcome: Outcome, rng: random.Random) -> None:
    """Visit every page `rounds` times in a shuffled order, timing navigation → script finished."""
    page = await context.new_page()
    for _ in range(rounds):
        paths = [spec.url_path for spec in PAGE_SPECS]
        rng.shuffle(paths)
        for path in paths:
            started = time.perf_counter()
            try:
                await page.goto(f"{url}/{path}", timeout=TIMEOUT_MS)
                await _wait_for_page(page)
            except Exception as exc:  # a timeout is a finding to report, not a crash of the benchmark
                outcome.errors.append(f"/{path}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            outcome.page_seconds.append(time.perf_counter() - started)
            outcome.errors.extend(await _errors_on(page, f"/{path}"))


async def upload(context, url: str, item: Upload, outcome: Outcome) -> None:
    """Upload one file on Indberetning and press Indlæs, as a controller does."""
    page = await context.new_page()
    try:
        await page.goto(f"{url}/indberetning", timeout=TIMEOUT_MS)
        await _wait_for_page(page)
        started = time.perf_counter()
        await page.locator("input[type='file']").set_input_files(
            [{"name": item.file_name, "mimeType": XLSX, "buffer": item.data}]
        )
        await page.get_by_text(f"{UploadOutcome.PENDING.label} – {item.what}").wait_for(timeout=TIMEOUT_MS)
        await page.wait_for_selector(SCRIPT_DONE, timeout=TIMEOUT_MS)
        await page.get_by_role("button", name=f"Indlæs {item.what}").click()
        await page.get_by_text("Indlæst som indberetning nr.").wait_for(timeout=TIMEOUT_MS)
        await page.wait_for_selector(SCRIPT_DONE, timeout=TIMEOUT_MS)
        outcome.upload_seconds.append(time.perf_counter() - started)
        outcome.errors.extend(await _errors_on(page, f"upload {item.file_name}"))
    except Exception as exc:
        outcome.errors.append(f"upload {item.file_name}: {type(exc).__name__}: {str(exc)[:200]}")


async def _context(browser):
    """A separate browser context is a separate Streamlit session; every wait in it may take TIMEOUT_MS."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    return context


async def _sessions(url: str, browsing: int, uploads: list[Upload], rounds: int) -> Outcome:
    outcome = Outcome()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        before = cpu_by_role(port_of(url))
        contexts = [await _context(browser) for _ in range(browsing)]
        uploader_contexts = [await _context(browser) for _ in uploads]
        tasks = [browse(ctx, url, rounds, outcome, random.Random(n)) for n, ctx in enumerate(contexts)]
        tasks += [upload(ctx, url, item, outcome) for ctx, item in zip(uploader_contexts, uploads, strict=True)]
        await asyncio.gather(*tasks)
        after = cpu_by_role(port_of(url))  # before closing: a closed page's process takes its CPU time with it
        outcome.cpu_seconds = {role: after.get(role, 0.0) - before.get(role, 0.0) for role in after}
        await browser.close()
    return outcome


def stored_once(db: Path, uploads: list[Upload]) -> list[str]:
    """Problems with what was stored: each file archived once, accepted, current, complete."""
    conn = connect(db)
    problems = []
    try:
        for item in uploads:
            digest = hashlib.sha256(item.data).hexdigest()
            rows = conn.execute("SELECT upload_id, outcome FROM uploads WHERE sha256 = ?", [digest]).fetchall()
            if len(rows) != 1 or rows[0][1] != UploadOutcome.ACCEPTED:
                problems.append(
                    f"{item.file_name}: {len(rows)} arkiverede rækker {rows}, forventet én '{UploadOutcome.ACCEPTED}'"
                )
                continue
            upload_id = rows[0][0]
            current = conn.execute(
                "SELECT upload_id FROM reports WHERE institution_code = ? AND year = ? AND period = ? AND is_current",
                [item.code, item.year, Period.H1],
            ).fetchall()
            if current != [(upload_id,)]:
                problems.append(f"{item.file_name}: gældende rapport er {current}, forventet [({upload_id},)]")
            stored = conn.execute("SELECT count(*) FROM report_rows WHERE upload_id = ?", [upload_id]).fetchone()[0]
            planned = conn.execute(
                """SELECT count(*) FROM measures JOIN goals USING (goal_id) JOIN plans USING (plan_id)
                   WHERE institution_code = ? AND year = ?""",
                [item.code, item.year],
            ).fetchone()[0]
            if stored != planned:
                problems.append(f"{item.file_name}: {stored} rækker gemt, planen har {planned} målepunkter")
    finally:
        conn.close()
    return problems


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class Report:
    outcome: Outcome
    problems: list[str]
    seconds: float

    def lines(self, browsing: int, uploading: int) -> list[str]:
        times = self.outcome.page_seconds
        out = [f"Sessioner: {browsing} browser, {uploading} indlæser ({self.seconds:.0f} s i alt)"]
        if times:
            out.append(
                f"Sidevisninger: {len(times)}; median {statistics.median(times):.2f} s, "
                f"p95 {percentile(times, 95):.2f} s, maks {max(times):.2f} s"
            )
        if self.outcome.upload_seconds:
            ups = self.outcome.upload_seconds
            out.append(
                f"Indlæsninger gennemført: {len(ups)} af {uploading}; median {statistics.median(ups):.2f} s, "
                f"maks {max(ups):.2f} s (fra filvalg til 'Indlæst')"
            )
        cpu = self.outcome.cpu_seconds
        if cpu:
            out.append(
                f"CPU-tid under kørslen: server {cpu['server']:.0f} s, Chromium {cpu['browser']:.0f} s "
                f"({os.cpu_count()} kerner, {self.seconds:.0f} s)"
            )
        out.append(f"Fejl vist i en session: {len(self.outcome.errors)}")
        out.extend(f"  {e}" for e in self.outcome.errors[:20])
        out.append(f"Problemer i databasen bagefter: {len(self.problems)}")
        out.extend(f"  {p}" for p in self.problems[:20])
        return out


def run(source_db: Path, browsing: int, uploading: int, rounds: int) -> Report:
    """Run the sessions against a copy of `source_db` (the source is never changed)."""
    with tempfile.TemporaryDirectory(prefix="maalstyring-samtidig-") as tmp:
        db = Path(tmp) / "samtidig.duckdb"
        shutil.copyfile(source_db, db)
        uploads = new_reports(db, uploading)
        started = time.monotonic()
        with streamlit_server(db) as url:
            outcome = run_async(_sessions(url, browsing, uploads, rounds))  # a test process may have a loop here
        seconds = time.monotonic() - started
        return Report(outcome, stored_once(db, uploads), seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="30x10", help="institutioner x år i databasen (mindst så mange inst.)")
    parser.add_argument("--browsing", type=int, default=20)
    parser.add_argument("--uploading", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1, help="gange hver browser-session besøger alle sider")
    args = parser.parse_args()
    institutions, years = (int(x) for x in args.scale.split("x"))
    report = run(build_database(institutions, years), args.browsing, args.uploading, args.rounds)
    print(f"Skala {institutions} institutioner × {years} år")
    print("\n".join(report.lines(args.browsing, args.uploading)))
    if report.outcome.errors or report.problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
