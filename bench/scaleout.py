"""Scale-out: page views per second and p95 page time with 1, 2 and 3 app processes on PostgreSQL behind nginx,
against one app process on the embedded DuckDB file; and import speed on both engines.

`python -m bench.scaleout --scale 30x10 --users 6 --seconds 45`. The scale database is built once through the
normal import path (bench/synthetic.py) and copied to a throwaway PostgreSQL cluster (tests/pg_cluster.py) with
`python -m maalstyring kopier`. The load generator is bench/st_client.py: it speaks Streamlit's protocol over the
websocket, so a page view costs it a few milliseconds of CPU instead of a browser's rendering; its own CPU time
is printed beside the app servers' so the reader can see that it did not take theirs. Each virtual user opens a
session through nginx (pinned by nginx's cookie, docs/drift/nginx.conf) and views the app's pages in turn,
as fast as the answers come, for --seconds; the first view of each session is a warm-up and not counted.

The machine is shared: the load average and the CPU time of every process involved are printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.import_speed import import_all
from bench.st_client import Session
from bench.synthetic import build_database, generate
from maalstyring.database.storage import REPO_ROOT
from tests.pg_cluster import throwaway_cluster
from tests.scaleout import app_servers, nginx_proxy, wait_for_health
from ui.navigation import PAGE_SPECS
from vocabulary.terms import WorkbookKind

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of `pid` and its waited-for children (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICK


@dataclass
class LoadResult:
    label: str
    processes: int
    views: list[float] = field(default_factory=list)  # seconds per counted page view
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    load_before: tuple = ()
    load_after: tuple = ()

    def p(self, q: float) -> float:
        ordered = sorted(self.views)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


WARM_UP_S = 20  # sessions open and run their first page (imports, caches) before the window opens


async def virtual_user(base_url: str, window: tuple[float, float], result: LoadResult, offset: int) -> None:
    """View the pages in turn; count the views that start and end inside the window."""
    paths = [spec.url_path for spec in PAGE_SPECS]
    opens, closes = window
    async with Session(base_url) as session:
        await session.view(paths[offset % len(paths)])  # warm-up: the session's first run
        n = offset
        while time.monotonic() < closes:
            n += 1
            started = time.monotonic()
            run = await session.view(paths[n % len(paths)])
            if started < opens or time.monotonic() > closes:
                continue
            result.views.append(run.seconds)
            result.errors.extend(f"/{paths[n % len(paths)]}: {e}" for e in run.errors)
            if not run.finished:
                result.errors.append(f"/{paths[n % len(paths)]}: kørslen blev ikke færdig")


async def sample_cpu(window: tuple[float, float], server_pids: list[int], result: LoadResult) -> None:
    """The app servers' and this process's CPU time over the window, and the load average around it."""
    opens, closes = window
    await asyncio.sleep(max(0.0, opens - time.monotonic()))
    servers, client, result.load_before = sum(cpu_seconds(p) for p in server_pids), time.process_time(), os.getloadavg()
    await asyncio.sleep(max(0.0, closes - time.monotonic()))
    result.server_cpu = sum(cpu_seconds(p) for p in server_pids) - servers
    result.client_cpu = time.process_time() - client
    result.load_after = os.getloadavg()


async def drive(base_url: str, server_pids: list[int], users: int, seconds: float, result: LoadResult) -> None:
    opens = time.monotonic() + WARM_UP_S
    window = (opens, opens + seconds)
    result.seconds = seconds
    await asyncio.gather(
        sample_cpu(window, server_pids, result), *(virtual_user(base_url, window, result, i) for i in range(users))
    )


def measure(label: str, base_url: str, server_pids: list[int], users: int, seconds: float, processes: int):
    result = LoadResult(label, processes)
    asyncio.run(drive(base_url, server_pids, users, seconds, result))
    return result


# Through nginx without login the app shows only its refusal (ui/serving.py); the bench measures the pages, so
# the servers run open on purpose, as a demo on a closed network would.
OPEN_ON_PURPOSE = {"MAALSTYRING_AABEN_UDEN_LOGIN": "1"}


@contextmanager
def served(db: str, processes: int, directory: Path, behind_nginx: bool):
    with ExitStack() as stack:
        servers = stack.enter_context(app_servers(db, processes, directory / f"apps{processes}", OPEN_ON_PURPOSE))
        url = servers[0].url
        if behind_nginx:
            proxy = stack.enter_context(nginx_proxy([s.port for s in servers], directory / f"nginx{processes}"))
            wait_for_health(proxy.url)
            url = proxy.url
        yield url, [s.proc.pid for s in servers]


def copy_to_postgres(source: Path, url: str) -> None:
    """The scale database onto PostgreSQL with the app's own copy command (verifies counts and checksums)."""
    done = subprocess.run(
        [sys.executable, "-m", "maalstyring", "kopier", "--db", str(source), "--til", url],
        cwd=REPO_ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"kopier fejlede:\n{done.stdout}{done.stderr}")


def import_speed(db: str, files: int) -> float:
    """Follow-up files per second through import_workbook on `db` (plans imported first, not timed)."""
    generated = generate(max(1, files // 2), 1, seed=7)
    plans = [f for f in generated if f.kind == WorkbookKind.PLAN]
    reports = [f for f in generated if f.kind == WorkbookKind.FOLLOW_UP][:files]
    elapsed = import_all(plans, reports, db)
    return len(reports) / elapsed


def print_results(results: list[LoadResult], users: int) -> None:
    print(f"\nSidevisninger med {users} samtidige brugere (protokol-klient, ingen browser)")
    heads = ("proc.", "visn./s", "p50 s", "p95 s", "visninger", "fejl", "app-CPU s", "visn./CPU-s", "klient-CPU s",
             "load før→efter")  # fmt: skip
    print(f"  {'opsætning':28} " + " ".join(f"{h:>12}" for h in heads))
    for r in results:
        rate = len(r.views) / r.seconds if r.seconds > 0 else float("nan")
        load = f"{r.load_before[0]:.1f}→{r.load_after[0]:.1f}"
        per_cpu = len(r.views) / r.server_cpu if r.server_cpu else float("nan")  # holds better on a busy machine
        cells = (r.processes, f"{rate:.2f}", f"{r.p(0.5):.2f}", f"{r.p(0.95):.2f}", len(r.views), len(r.errors),
                 f"{r.server_cpu:.0f}", f"{per_cpu:.1f}", f"{r.client_cpu:.1f}", load)  # fmt: skip
        print(f"  {r.label:28} " + " ".join(f"{cell:>12}" for cell in cells))
    for r in results:
        for e in sorted(set(r.errors))[:5]:
            print(f"  fejl ({r.label}): {e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="30x10")
    parser.add_argument("--users", type=int, default=6, help="virtual users at once")
    parser.add_argument("--seconds", type=float, default=45, help="measured window per set-up")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--import-files", type=int, default=60)
    args = parser.parse_args()
    institutions, years = (int(x) for x in args.scale.split("x"))
    source = build_database(institutions, years)
    print(f"Maskine: {platform.machine()}, {os.cpu_count()} kerner, load {os.getloadavg()[0]:.1f} ved start")
    results = []
    with tempfile.TemporaryDirectory(prefix="maalstyring-scaleout-") as tmp, throwaway_cluster() as cluster:
        directory = Path(tmp)
        embedded = directory / "embedded.duckdb"
        embedded.write_bytes(source.read_bytes())
        with served(str(embedded), 1, directory / "duckdb", behind_nginx=True) as (url, pids):
            results.append(measure("DuckDB-fil, bag nginx", url, pids, args.users, args.seconds, 1))
        pg = cluster.create_database("bench")
        copy_to_postgres(source, pg)
        for n in args.processes:
            with served(pg, n, directory / "pg", behind_nginx=True) as (url, pids):
                results.append(measure("PostgreSQL, bag nginx", url, pids, args.users, args.seconds, n))
        print(f"Skala {institutions} institutioner × {years} år, {args.seconds:.0f} s målevindue pr. opsætning")
        print_results(results, args.users)
        print(f"\nIndlæsning af {args.import_files} opfølgningsfiler (validér + gem), én proces:")
        print(f"  DuckDB-fil:  {import_speed(str(directory / 'import.duckdb'), args.import_files):6.1f} filer/s")
        print(f"  PostgreSQL:  {import_speed(cluster.create_database('importbench'), args.import_files):6.1f} filer/s")
    print(f"Load ved slut: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min)")


if __name__ == "__main__":
    main()
