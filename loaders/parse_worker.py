"""The parsing child process: an upload's zip/XML checks and openpyxl reading, with a memory limit.

Started by loaders/parse_pool.py as `python -m loaders.parse_worker --memory BYTES`; it imports the
loaders once and then serves one file after another over stdin/stdout until stdin closes. Each request is
a file name and the file's bytes; each reply is JSON holding only bounded raw values (loaders/sheet_values.py
caps them) and findings. JSON, not pickle: the parent never runs code a compromised child could send.
Validation against the stored plans stays in the parent.

The memory limit is RLIMIT_AS, set by the worker on itself before it reads any file, so an unknown parser
weakness ends in a MemoryError or a killed worker here, never in the server. The parent enforces the time.
"""

from __future__ import annotations

import argparse
import json
import resource
import struct
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

from loaders.issues import Finding
from loaders.sheet_values import OverlongText, SheetValues, WorkbookValues
from loaders.xlsx_safety import check_upload, open_workbook_safely

LENGTH = struct.Struct(">Q")
READY = b"R"  # the worker's first byte: imported and limited, waiting for files


# --- Values as JSON (both directions) ----------------------------------------------------------------


def _encode_value(value: object) -> object:
    if isinstance(value, OverlongText):
        return {"long": str(value), "n": value.length}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, clock):
        return {"t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"td": value.total_seconds()}
    return str(value)  # nothing else comes out of openpyxl's cell parser; never fail on it


def _decode_value(value: object) -> object:
    if not isinstance(value, dict):
        return value
    if "long" in value:
        return OverlongText(str(value["long"]), int(value["n"]))
    if "dt" in value:
        return datetime.fromisoformat(value["dt"])
    if "d" in value:
        return date.fromisoformat(value["d"])
    if "t" in value:
        return clock.fromisoformat(value["t"])
    if "td" in value:
        return timedelta(seconds=float(value["td"]))
    raise ValueError("unknown value in worker reply")


def _encode_finding(f: Finding) -> list:
    return [f.message, f.sheet, f.cell, f.measure_id, f.severity]


def decode_findings(items: list) -> list[Finding]:
    return [Finding(*(str(field) for field in item[:5])) for item in items]


def encode_workbook(wb: WorkbookValues) -> dict:
    return {
        "sheets": [
            {"title": ws.title, "rows": [[idx, [_encode_value(v) for v in row]] for idx, row in ws.rows()]}
            for ws in wb.worksheets
        ],
        "findings": [_encode_finding(f) for f in wb.findings],
        "formulas": [list(cell) for cell in wb.formula_cells],
    }


def decode_workbook(obj: dict) -> WorkbookValues:
    sheets = [
        SheetValues(str(sheet["title"]), {int(idx): tuple(_decode_value(v) for v in row) for idx, row in sheet["rows"]})
        for sheet in obj["sheets"]
    ]
    formulas = [(str(title), int(row), int(col)) for title, row, col in obj["formulas"]]
    return WorkbookValues(sheets, decode_findings(obj["findings"]), formulas)


# --- One file --------------------------------------------------------------------------------------------


def parse(data: bytes, file_name: str) -> dict:
    """Check and read one upload; the reply the parent gets (without the resource figures)."""
    findings = check_upload(data, file_name)
    if findings:
        return {"findings": [_encode_finding(f) for f in findings], "workbook": None}
    workbook, findings = open_workbook_safely(data, file_name)
    if workbook is None:
        return {"findings": [_encode_finding(f) for f in findings], "workbook": None}
    # The workbook's own findings travel with it; the parent adds them once.
    return {"findings": [], "workbook": encode_workbook(workbook)}


def peak_mb() -> float:
    """This process's peak resident memory in MB since it started.

    VmHWM, not ru_maxrss: on Linux ru_maxrss also counts the parent's memory at the moment of the fork, so a
    worker started by a big server would report the server's size.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_exactly(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def serve(stdin, stdout) -> None:
    """Answer requests until stdin closes; leave after a MemoryError (the heap may be in pieces)."""
    while True:
        header = _read_exactly(stdin, LENGTH.size)
        if header is None:
            return
        name = _read_exactly(stdin, LENGTH.unpack(header)[0])
        size_header = _read_exactly(stdin, LENGTH.size)
        data = _read_exactly(stdin, LENGTH.unpack(size_header)[0]) if size_header else None
        if name is None or data is None:
            return
        started, cpu_started = time.perf_counter(), time.process_time()
        retire = False
        try:
            reply = parse(data, name.decode("utf-8", "replace"))
        except MemoryError:
            reply, retire = {"limit": "memory"}, True
        except Exception as exc:  # a bug or an unforeseen file: the parent answers in Danish
            print(f"parse_worker: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
            reply = {"error": type(exc).__name__}
        del data
        reply["seconds"] = time.perf_counter() - started
        reply["cpu_seconds"] = time.process_time() - cpu_started
        reply["peak_mb"] = peak_mb()
        try:
            body = json.dumps(reply, ensure_ascii=False).encode()
        except MemoryError:
            body, retire = b'{"limit": "memory"}', True
        stdout.write(LENGTH.pack(len(body)) + body)
        stdout.flush()
        if retire:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--memory", type=int, required=True, help="RLIMIT_AS in bytes")
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = args.memory if hard == resource.RLIM_INFINITY else min(args.memory, hard)  # never raise a limit
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Imports are done: tell the parent, which starts a file's clock only now (a cold start on a busy
    # server must not count against the file's time limit).
    sys.stdout.buffer.write(READY)
    sys.stdout.buffer.flush()
    serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
