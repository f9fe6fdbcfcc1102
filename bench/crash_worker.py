"""Import every .xlsx in a folder into a database, printing 'OK <file>' after each import that succeeded.

Used by the crash-safety test and bench: the process is killed with SIGKILL at random moments, and what it
printed is the list of imports that must survive.
"""

from __future__ import annotations

import sys
from pathlib import Path

from maalstyring.database.storage import connect
from maalstyring.workbooks.ingest import import_workbook
from vocabulary.terms import UploadOutcome


def main(db: str, folder: str) -> None:
    conn = connect(db)
    print("READY", flush=True)
    for path in sorted(Path(folder).glob("*.xlsx")):
        result = import_workbook(conn, path.read_bytes(), path.name, "crash-test")
        if result.outcome in (UploadOutcome.ACCEPTED, UploadOutcome.DUPLICATE):
            print(f"OK {path.name}", flush=True)
        else:
            print(f"AFVIST {path.name}", flush=True)
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
