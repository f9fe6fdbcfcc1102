"""Import speed: validate + commit of follow-up files, as a ratio to only opening them with python-calamine.

`python -m bench.import_speed --files 300`. Both are measured in the same run on the same bytes, so the
ratio holds on a noisy machine where seconds do not.
"""

from __future__ import annotations

import argparse
import io
import platform
import time

from python_calamine import CalamineWorkbook

from bench.synthetic import generate
from maalstyring.database.storage import connect
from maalstyring.workbooks.ingest import import_workbook
from vocabulary.terms import WorkbookKind


def calamine_open_all(files) -> float:
    """Baseline: open each workbook and read every cell of every sheet, nothing more."""
    started = time.perf_counter()
    for f in files:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(f.data))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
    return time.perf_counter() - started


def import_all(plans, reports, target: str = ":memory:") -> float:
    """Seconds to import `reports` one by one through import_workbook into `target` (a DuckDB path, ":memory:" or a
    postgresql:// URL), after its `plans` (not timed)."""
    conn = connect(target)
    for f in plans:
        assert import_workbook(conn, f.data, f.name, "bench").accepted
    started = time.perf_counter()
    for f in reports:
        result = import_workbook(conn, f.data, f.name, "bench")
        assert result.accepted, [str(e) for e in result.errors][:3]
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=300, help="number of follow-up files (two per plan)")
    args = parser.parse_args()
    institutions = max(1, args.files // 2)
    files = generate(institutions, 1)
    plans = [f for f in files if f.kind == WorkbookKind.PLAN]
    reports = [f for f in files if f.kind == WorkbookKind.FOLLOW_UP][: args.files]
    baseline = calamine_open_all(reports)
    ours = import_all(plans, reports)
    print(f"Maskine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"Opfølgningsfiler: {len(reports)}")
    print(f"python-calamine, kun åbne og læse: {len(reports) / baseline:8.1f} filer/s")
    print(f"Målstyring, validér + gem:         {len(reports) / ours:8.1f} filer/s")
    print(f"Forhold (Målstyring / calamine-tid): {ours / baseline:.1f}x")


if __name__ == "__main__":
    main()
