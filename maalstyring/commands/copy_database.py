"""`python -m maalstyring kopier --til MÅL`: copy a whole database to another engine (or file) and verify it.

Moves an embedded DuckDB file to PostgreSQL when one app server is no longer enough, and back (a PostgreSQL
--db copied to a file path). Every table is copied: plans, goals, målepunkter, reports and their rows, key
figures, the archived original files, approvals, period locks, the audit trail, deadlines and reminders —
every table the source has, so a table a future migration adds is copied without changes here.

The source is read in one transaction (a consistent snapshot, also while a PostgreSQL app keeps writing) and
the target is written in one transaction that is committed only after the target's row counts and checksums
equal the source's; a mismatch, an error or an interruption leaves the target as empty as it was. The target
must be empty (its schema is created by the same migrations); a non-empty target is refused in Danish, so a
copy never mixes two databases. Sequences continue after the highest copied id.

A source file that does not exist is refused (connecting would create an empty one and "copy" nothing). Two
copies into the same empty PostgreSQL database at once take turns on an advisory lock held by the target's
write transaction: the second is refused in Danish at once, and should it slip past the lock as the first
commits, the first's rows make its own insert fail, which is refused in Danish as well — never a traceback.
"""

from __future__ import annotations

import hashlib
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from maalstyring.commands.cli_parser import EXIT_DATABASE, EXIT_FAILED

# Any fixed number, the same in every process (storage_postgres.MIGRATION_LOCK_KEY is another): a copy holds it
# on its target for as long as its write transaction lasts. Advisory locks are per database.
COPY_LOCK_KEY = 7_413_002
BUSY_TARGET = (
    "En anden kopiering skriver i måldatabasen {target} lige nu. Vent, til den er færdig; den kopierer det "
    "samme, og måldatabasen er så ikke længere tom. Intet er kopieret af denne."
)

# The ids the app draws from sequences (ingest, events): the target's sequences continue after the copy.
SEQUENCES = {"upload_id_seq": ("uploads", "upload_id"), "event_id_seq": ("events", "event_id")}
NOT_DATA = {"schema_migrations"}  # written by the target's own migrations; compared, not copied
PAGE_ROWS = 50  # archived files per read: each can be megabytes
INSERT_ROWS = 500  # rows per INSERT statement
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class CopyError(RuntimeError):
    """The copy was refused or did not verify; the message is Danish and nothing was written."""


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str


def _tables(cur) -> list[str]:
    """The source's base tables (DuckDB's main schema, PostgreSQL's public), as plain identifiers."""
    rows = cur.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema IN ('main', 'public') AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    names = [r[0] for r in rows]
    odd = [n for n in names if not _IDENTIFIER.match(n)]
    if odd:
        raise CopyError(f"Databasen har tabeller med uventede navne ({', '.join(odd)}); intet er kopieret.")
    return names


def _columns(cur, table: str) -> list[str]:
    rows = cur.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema IN ('main', 'public') AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def _canonical(value) -> bytes:
    """One value as the same bytes whichever engine returned it."""
    if value is None:
        return b"\x00N"
    if isinstance(value, bytes | bytearray | memoryview):
        return b"\x00B" + hashlib.sha256(bytes(value)).digest()
    if isinstance(value, bool):
        return b"\x00T" if value else b"\x00F"
    if isinstance(value, float):
        return b"\x00D" + repr(value).encode()
    if isinstance(value, datetime | date):
        return b"\x00W" + value.isoformat().encode()
    return b"\x00S" + str(value).encode()


def _row_hash(row) -> int:
    return int.from_bytes(hashlib.sha256(b"".join(_canonical(v) for v in row)).digest(), "big")


def _pages(cur, table: str, columns: list[str]):
    """The table's rows: all at once, or for a table of archived files a page at a time, in a stable order
    (so paging neither skips nor repeats a row) and with the memory of one page."""
    column_list = ", ".join(columns)
    if "content" not in columns:
        rows = cur.execute(f"SELECT {column_list} FROM {table}").fetchall()  # noqa: S608 - checked names
        for start in range(0, len(rows), INSERT_ROWS):
            yield rows[start : start + INSERT_ROWS]
        return
    order = ", ".join(f"{c} NULLS FIRST" for c in columns if c != "content")  # an archived file is no key
    offset = 0
    while True:
        page = cur.execute(
            f"SELECT {column_list} FROM {table} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608 - checked names
            [PAGE_ROWS, offset],
        ).fetchall()
        if not page:
            return
        yield page
        offset += len(page)


def _check(cur, table: str, columns: list[str]) -> TableCheck:
    """Row count and an order-independent checksum (sum of row hashes mod 2^256) of the whole table."""
    rows, total = 0, 0
    for page in _pages(cur, table, columns):
        rows += len(page)
        total = (total + sum(_row_hash(r) for r in page)) % (1 << 256)
    return TableCheck(table, rows, f"{total:064x}")


def _insert(cur, table: str, columns: list[str], page: list) -> None:
    one = "(" + ", ".join("?" * len(columns)) + ")"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(page))}"  # noqa: S608
    cur.execute(sql, [bytes(v) if isinstance(v, bytearray | memoryview) else v for row in page for v in row])


def _continue_sequences(cur, engine: str) -> None:
    for sequence, (table, column) in SEQUENCES.items():
        highest = cur.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]  # noqa: S608
        if engine == "postgresql":
            cur.execute("SELECT setval(?, ?, ?)", [sequence, max(highest, 1), highest > 0])
        elif highest:  # DuckDB cannot move a sequence; one nothing refers to can be made again
            cur.execute(f"DROP SEQUENCE {sequence}")
            cur.execute(f"CREATE SEQUENCE {sequence} START {int(highest) + 1}")


def copy_database(source: str, target: str) -> list[TableCheck]:
    """Copy every table of `source` into the empty database `target`; return the verified counts and checksums."""
    from maalstyring.database.storage import (
        connect,
        database_path,
        display_name,
        engine_of,
        is_postgres_url,
        transaction,
    )

    if str(database_path(source)) == str(database_path(target)):
        raise CopyError("Kilde og mål er den samme database; angiv en anden database med --til.")
    if not is_postgres_url(database_path(source)) and not Path(database_path(source)).exists():
        raise CopyError(
            f"Kildedatabasen {display_name(source)} findes ikke. Angiv den database, der skal kopieres, med --db "
            "(eller miljøvariablen MAALSTYRING_DB). Intet er kopieret."
        )
    src, dst = connect(source), connect(target)
    try:
        read, write = src.cursor(), dst.cursor()
        with transaction(read):  # one snapshot of the source
            tables = _tables(read)
            missing = sorted(set(tables) - set(_tables(write)))
            if missing:
                raise CopyError(
                    f"Måldatabasen mangler tabellerne {', '.join(missing)}; kilden er nyere end dette program. "
                    "Opdatér programmet, og prøv igen."
                )
            data_tables = [t for t in tables if t not in NOT_DATA]
            checks = []
            with transaction(write), _refused_if_raced(target):
                if engine_of(dst) == "postgresql":
                    taken = write.execute("SELECT pg_try_advisory_xact_lock(?)", [COPY_LOCK_KEY]).fetchall()[0][0]
                    if not taken:
                        raise CopyError(BUSY_TARGET.format(target=display_name(target)))
                for table in data_tables:
                    rows = write.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608
                    if rows:
                        raise CopyError(
                            f"Måldatabasen {display_name(target)} er ikke tom (tabellen {table} har {rows} "
                            "rækker). kopier skriver kun i en tom database; brug en ny fil eller en tom "
                            "PostgreSQL-database. Intet er kopieret."
                        )
                for table in data_tables:
                    columns = _columns(read, table)
                    for page in _pages(read, table, columns):
                        _insert(write, table, columns, page)
                    expected, copied = _check(read, table, columns), _check(write, table, columns)
                    if copied != expected:
                        raise CopyError(
                            f"Kopien af tabellen {table} stemmer ikke ({copied.rows} rækker mod {expected.rows}, "
                            "eller kontrolsummen afviger). Intet er kopieret."
                        )
                    checks.append(expected)
                _continue_sequences(write, engine_of(dst))
        return checks
    finally:
        src.close()
        dst.close()


@contextmanager
def _refused_if_raced(target: str):
    """Another copy that committed into the target while this one wrote: a Danish refusal, nothing written."""
    from psycopg import errors as pg_errors

    from maalstyring.database.storage import display_name

    try:
        yield
    except (pg_errors.UniqueViolation, pg_errors.SerializationFailure, pg_errors.LockNotAvailable) as exc:
        raise CopyError(BUSY_TARGET.format(target=display_name(target))) from exc


def add_copy_command(sub) -> None:
    kopier = sub.add_parser(
        "kopier",
        help="Kopiér hele databasen (--db) til en tom database, fx fra filen til PostgreSQL, og kontrollér kopien.",
        description="Kopierer alle tabeller (planer, indberetninger, nøgletal, arkiverede filer, godkendelser, "
        "låste perioder, historik, frister og påmindelser) fra databasen i --db til en tom database og "
        "kontrollerer antal rækker og kontrolsummer for hver tabel. Målet skrives i én transaktion: "
        "stemmer kopien ikke, skrives intet. Kilden ændres ikke.",
    )
    kopier.add_argument(
        "--til", required=True, metavar="MÅL",
        help="Måldatabasen: en postgresql://-adresse eller en sti til en ny databasefil.",
    )  # fmt: skip


def cmd_copy(args) -> int:
    """The CLI command; returns the exit code (0 copied and verified, 1 refused or not verified)."""
    # The engines are imported by the command, not by the parser every other command builds (cli.py).
    from maalstyring.database.storage import (
        DatabaseLockedError,
        DatabaseOpenError,
        DatabaseUnavailableError,
        database_path,
        display_name,
        is_postgres_url,
    )

    source = database_path(args.db)
    new_file = None if is_postgres_url(args.til) or Path(args.til).exists() else Path(args.til)
    try:
        checks = copy_database(str(source), args.til)
    except (CopyError, DatabaseLockedError, DatabaseOpenError, DatabaseUnavailableError) as exc:
        if new_file is not None:  # a file this command created holds nothing worth keeping
            for leftover in (new_file, new_file.with_name(new_file.name + ".wal")):
                leftover.unlink(missing_ok=True)
        print(f"Fejl: {exc}", file=sys.stderr)
        return EXIT_FAILED if isinstance(exc, CopyError) else EXIT_DATABASE
    rows = sum(c.rows for c in checks)
    print(f"Kopieret fra {display_name(source)} til {display_name(args.til)}: {len(checks)} tabeller, {rows} rækker.")
    for check in checks:
        print(f"  {check.table:24} {check.rows:>8} rækker  kontrolsum {check.checksum[:16]}")
    print("Antal rækker og kontrolsummer stemmer for alle tabeller.")
    return 0
