"""The reading budget per adversarial shape: peak memory and seconds to judge each file (docs/SECURITY.md).

`python -m bench.adversarial` builds every shape in tests/adversarial_files.py, judges each in a fresh
process through the real entry point (`loaders.reader.read_workbook`), and prints the peak resident memory
of the parsing process (the worker's VmHWM; on a build without workers, the process itself), the
validating process's own peak, wall seconds, CPU seconds (validating process and worker: the figure a busy
machine does not distort), and the size of the findings as stored in uploads.errors_json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from vocabulary.terms import UploadOutcome

REPO = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter, so one shape's memory does not count towards the next. Written against the
# public entry point only, so the same probe measures a build from before the budget existed.
PROBE = r"""
import json, resource, sys, time
path, name, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
if cap:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from loaders import reader
from maalstyring.database.events import findings_json
workers = []
if hasattr(reader, "parse_upload"):  # a build with parsing workers: note each worker's own peak
    parse_upload = reader.parse_upload
    def noting_peak(data, file_name):
        parsed = parse_upload(data, file_name)
        workers.append((parsed.peak_mb, parsed.cpu_seconds))
        return parsed
    reader.parse_upload = noting_peak
def vm_hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
data = open(path, "rb").read()
started, cpu_started = time.perf_counter(), time.process_time()
try:
    result = reader.read_workbook(data, name, lambda code, year: {})
    findings, errors, accepted = result.findings, len(result.errors), result.ok
    crashed = ""
except BaseException as exc:  # MemoryError on a build without the budget: the server would have died here
    findings, errors, accepted, crashed = [], 0, False, type(exc).__name__
seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
self_mb = vm_hwm()  # since exec: not the memory of whoever started this process
child_mb = max([p for p, _ in workers if p is not None], default=0.0)
cpu_seconds += sum(cpu for _, cpu in workers if cpu is not None)
if any(p is None for p, _ in workers):  # a worker that died or was killed reports nothing: take the upper bound
    from loaders import parse_pool
    parse_pool._default.close()  # idle workers are killed and waited for: they count in RUSAGE_CHILDREN
    child_mb = max(child_mb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
print(json.dumps({
    "seconds": seconds, "cpu_seconds": cpu_seconds, "self_mb": self_mb, "child_mb": child_mb,
    "errors": errors, "accepted": accepted,
    "crashed": crashed, "stored_bytes": len(findings_json(findings).encode()) if findings else 0,
    "first": findings[0].message[:160] if findings else "",
}))
"""


def measure(data: bytes, file_name: str = "adversarial.xlsx", memory_cap: int = 0, timeout: float = 300) -> dict:
    """Judge `data` in a fresh process; `memory_cap` (bytes, 0 = none) is RLIMIT_AS for that whole process.

    peak_mb is the parsing process's peak: the worker's when there is one, else the process's own. A worker
    that was killed (time limit) reports nothing; then ru_maxrss of the waited-for workers is used, which on
    Linux also counts this process's size when it started them: an upper bound.
    """
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as fh:
        fh.write(data)
        path = fh.name
    try:
        env = dict(os.environ, PYTHONPATH=str(REPO))
        done = subprocess.run(
            [sys.executable, "-c", PROBE, path, file_name, str(memory_cap)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    finally:
        os.unlink(path)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"seconds": None, "peak_mb": None, "self_mb": None, "failed": done.stderr[-2000:]}
    figures = json.loads(lines[-1])
    figures["peak_mb"] = max(figures["self_mb"], figures["child_mb"])
    return figures


def main() -> None:
    from tests.adversarial_files import SHAPES

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("shapes", nargs="*", help="shape names (default: all)")
    args = parser.parse_args()
    names = args.shapes or list(SHAPES)
    print(f"{'Form':24} {'fil MB':>7} {'top MB':>7} {'valid. MB':>9} {'sek.':>6} {'CPU s':>6} {'gemt KB':>8}  udfald")
    for name in names:
        build, _ = SHAPES[name]
        data = build()
        figures = measure(data)
        if figures.get("peak_mb") is None:
            print(f"{name:24} {len(data) / 1e6:7.2f}   FEJL: {figures.get('failed', '')[-300:]}")
            continue
        outcome = (
            UploadOutcome.ACCEPTED.label
            if figures["accepted"]
            else f"afvist ({figures['errors']} fejl): {figures['first'][:70]}"
        )
        print(
            f"{name:24} {len(data) / 1e6:7.2f} {figures['child_mb']:7.0f} {figures['self_mb']:9.0f} "
            f"{figures['seconds']:6.2f} {figures['cpu_seconds']:6.2f} {figures['stored_bytes'] / 1024:8.1f}  {outcome}"
        )


if __name__ == "__main__":
    main()
