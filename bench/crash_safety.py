"""Kill an importing process with SIGKILL at random moments and check the database after each kill.

`python -m bench.crash_safety --runs 50` (the full version); tests/test_crash_safety.py runs a few.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate
from maalstyring.database.storage import REPO_ROOT, connect
from vocabulary.terms import UploadOutcome, WorkbookKind


def write_files(folder: Path, institutions: int = 3, years: int = 1) -> list[str]:
    # Prefix with the position so sorted() imports plans before the follow-ups that need them.
    names = []
    for n, f in enumerate(generate(institutions, years)):
        name = f"{n:03d}_{f.name}"
        (folder / name).write_bytes(f.data)
        names.append(name)
    return names


def run_worker(db: Path, folder: Path, kill_at: tuple[int, float] | None) -> list[str]:
    """Run the import worker; return the files it reported as imported.

    `kill_at = (n, delay)`: SIGKILL `delay` seconds after the worker reported its n-th import (n = 0: after it
    opened the database). Counting reported imports, not wall-clock seconds, puts every kill inside the import
    however fast the machine or the importer is; the delay (shorter than one file) lands it mid-file.
    `None`: let it finish.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.crash_worker", str(db), str(folder)],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    lines: list[str] = []
    if kill_at is None:
        out, _ = proc.communicate(timeout=600)
        lines = out.splitlines()
    else:
        after, delay = kill_at
        ready, reported = False, 0
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            ready = ready or lines[-1] == "READY"
            reported += lines[-1].startswith(("OK ", "AFVIST "))
            if ready and reported >= after:
                break
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        lines += out.splitlines()
    return [line.split(" ", 1)[1] for line in lines if line.startswith("OK ")]


def check_database(db: Path, reported_ok: list[str]) -> list[str]:
    """Everything that is wrong with the database after a kill; empty when it is sound."""
    problems = []
    conn = connect(db)  # must open: a kill may never leave an unreadable file
    try:
        cur = conn.cursor()
        stored = {
            r[0]
            for r in cur.execute("SELECT file_name FROM uploads WHERE outcome = ?", [UploadOutcome.ACCEPTED]).fetchall()
        }
        problems += [f"reported imported but missing: {name}" for name in reported_ok if name not in stored]
        half_reports = cur.execute(
            """
            SELECT r.upload_id, count(DISTINCT rr.measure_id), count(DISTINCT m.measure_id)
            FROM reports r
            JOIN plans p ON p.institution_code = r.institution_code AND p.year = r.year
            JOIN goals g ON g.plan_id = p.plan_id JOIN measures m ON m.goal_id = g.goal_id
            LEFT JOIN report_rows rr ON rr.upload_id = r.upload_id AND rr.measure_id = m.measure_id
            GROUP BY r.upload_id HAVING count(DISTINCT rr.measure_id) <> count(DISTINCT m.measure_id)
            """
        ).fetchall()
        problems += [f"half-written report {r[0]}: {r[1]} of {r[2]} rows" for r in half_reports]
        orphans = cur.execute(
            """
            SELECT u.upload_id FROM uploads u LEFT JOIN reports r USING (upload_id)
            WHERE u.outcome = ? AND u.kind = ? AND r.upload_id IS NULL
            """,
            [UploadOutcome.ACCEPTED, WorkbookKind.FOLLOW_UP],
        ).fetchall()
        problems += [f"accepted upload {r[0]} without its report" for r in orphans]
        empty_plans = cur.execute(
            "SELECT p.plan_id FROM plans p LEFT JOIN goals g USING (plan_id) WHERE g.goal_id IS NULL"
        ).fetchall()
        problems += [f"plan {r[0]} without goals" for r in empty_plans]
        current = cur.execute(
            "SELECT institution_code, year, period, count(*) FROM reports "
            "WHERE is_current GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
        problems += [f"two current reports for {r[:3]}" for r in current]
    finally:
        conn.close()
    return problems


def crash_runs(runs: int, seed: int = 7, max_delay: float = 0.05) -> list[str]:
    rng = random.Random(seed)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        names = write_files(folder)
        for run in range(runs):
            db = Path(tmp) / f"crash{run}.duckdb"
            ok = run_worker(db, folder, kill_at=(rng.randrange(len(names)), rng.uniform(0, max_delay)))
            problems += [f"run {run}: {p}" for p in check_database(db, ok)]
            # Restarting after the crash completes the rest, each file stored exactly once.
            ok_after = run_worker(db, folder, kill_at=None)
            problems += [f"run {run} (resumed): {p}" for p in check_database(db, ok_after)]
            if sorted(ok_after) != sorted(names):
                problems.append(f"run {run}: resumed import did not finish every file")
            conn = connect(db)
            counts = conn.execute(
                "SELECT count(*) FROM uploads WHERE outcome = ?", [UploadOutcome.ACCEPTED]
            ).fetchone()[0]
            conn.close()
            if counts != len(names):
                problems.append(f"run {run}: {counts} accepted uploads, expected {len(names)}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    started = time.monotonic()
    problems = crash_runs(args.runs)
    print(f"{args.runs} kills, {len(problems)} problems, {time.monotonic() - started:.0f} s")
    for p in problems:
        print(" ", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
