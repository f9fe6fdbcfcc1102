"""How long a document takes beyond the CLI's own start: `python -m bench.documents [--runs 5]`.

Builds a database with the default data (plans and example reports), then runs in fresh processes, `--runs`
times each and alternating so a busy machine weighs on all alike:
  baseline  `rapport` refused before any work (no --institution): interpreter, CLI, database opened;
  SSI       `rapport --type maalrapportering --institution SSI --year 2024 --out x.pdf`;
  pack      `rapport --type ledelse --year 2024 --period Årsafslutning --out pack.pdf`;
each with PATH holding no soffice. Prints the median wall seconds of each, the document's own time (median minus
the baseline's median) and the process's peak resident memory, and, in process, the median seconds of building
the model and typesetting it.
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
from pathlib import Path

from vocabulary.terms import Period

REPO = Path(__file__).resolve().parent.parent
# The CLI as `python -m maalstyring` runs it, reporting its peak memory (KiB) and CPU seconds on stderr at exit.
PROBE = (
    "import atexit, resource, runpy, sys; "
    "use = lambda: resource.getrusage(resource.RUSAGE_SELF); "
    "atexit.register(lambda: sys.stderr.write(f'\\nPEAK {use().ru_maxrss} {use().ru_utime + use().ru_stime}\\n')); "
    "sys.argv = ['maalstyring', *sys.argv[1:]]; runpy.run_module('maalstyring', run_name='__main__', alter_sys=True)"
)


def _run(args: list[str], env: dict) -> tuple[float, int, float]:
    """(wall seconds, peak KiB, CPU seconds) of one fresh CLI process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          check=False)  # fmt: skip
    took = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    peak, cpu = done.stderr.rsplit("PEAK", 1)[1].split()
    return took, int(peak), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from maalstyring.database.storage import connect
    from maalstyring.documents import ledelse, maalrapportering, pdf
    from maalstyring.workbooks.defaults import load_default_data

    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "dokumenter.duckdb"
        conn = connect(db)
        load_default_data(conn)
        conn.close()
        bare = Path(work) / "bin"
        bare.mkdir()
        env = {**os.environ, "PATH": str(bare)}  # no soffice, no libreoffice: nothing but the interpreter
        assert shutil.which("soffice", path=env["PATH"]) is None
        common = ["--db", str(db), "rapport"]
        commands = {
            "baseline": [*common, "--type", "maalrapportering", "--year", "2024"],
            "SSI": [*common, "--type", "maalrapportering", "--institution", "SSI", "--year", "2024",
                    "--out", str(Path(work) / "x.pdf")],
            "pack": [*common, "--type", "ledelse", "--year", "2024", "--period", Period.YEAR_END.value,
                     "--out", str(Path(work) / "pack.pdf")],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[int]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, args in commands.items():
                took, peak, cpu = _run(args, env)
                times[name].append(took)
                peaks[name].append(peak)
                cpus[name].append(cpu)
        base, base_cpu = statistics.median(times["baseline"]), statistics.median(cpus["baseline"])
        print(f"runs: {runs}; CLI start (baseline) median {base:.2f} s wall, {base_cpu:.2f} s CPU, "
              f"peak {max(peaks['baseline']) / 1024:.0f} MiB")  # fmt: skip
        for name in ("SSI", "pack"):
            median, cpu = statistics.median(times[name]), statistics.median(cpus[name])
            print(f"{name:5} median {median:.2f} s wall (beyond the CLI's start {median - base:.2f} s, "
                  f"{median / base:.2f}×), CPU beyond the start {cpu - base_cpu:.2f} s, "
                  f"peak {max(peaks[name]) / 1024:.0f} MiB")  # fmt: skip

        conn = connect(db)
        for name, build in (("SSI", lambda: maalrapportering.build(conn, "SSI", 2024)),
                            ("pack", lambda: ledelse.build(conn, 2024, Period.YEAR_END))):  # fmt: skip
            model, typeset = [], []
            for _ in range(runs):
                started = time.perf_counter()
                document = build()
                built = time.perf_counter()
                pdf.render(document)
                model.append(built - started)
                typeset.append(time.perf_counter() - built)
            print(
                f"in process, {name}: model {statistics.median(model):.3f} s, Typst {statistics.median(typeset):.3f} s"
            )
        conn.close()


if __name__ == "__main__":
    main()
