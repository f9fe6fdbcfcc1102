"""The database: where it lives, opening it, and applying migrations. The one door to storage.

A file path (or nothing: data/maalstyring.duckdb) opens the embedded DuckDB file; a postgresql:// URL, in
--db or $MAALSTYRING_DB, opens PostgreSQL through maalstyring/database/storage_postgres.py, which gives the same
small interface (cursor, execute, fetchone/fetchall/df, transaction) so the rest of the code is the same.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import duckdb

from maalstyring.database import storage_postgres
from maalstyring.database.migrations import MIGRATIONS
from maalstyring.database.storage_postgres import CommitOutcomeUnknownError as CommitOutcomeUnknownError
from maalstyring.database.storage_postgres import (
    DatabaseUnavailableError as DatabaseUnavailableError,  # callers catch it here
)
from maalstyring.database.storage_postgres import is_postgres_url

if TYPE_CHECKING:
    import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
DEFAULT_DB_PATH = DATA_DIR / "maalstyring.duckdb"
DB_ENV_VAR = "MAALSTYRING_DB"


@runtime_checkable
class Cursor(Protocol):
    """A handle for statements with results, and for one transaction at a time (`transaction(cur)`): what the code
    asks of a cursor on either engine. DuckDB: a DuckDBPyConnection (conn.cursor() is one, its own connection to
    the file); PostgreSQL: storage_postgres.PgCursor. Results are read from the cursor that ran the statement, so
    `cur.execute(sql, params).fetchone()`."""

    @property
    def description(self) -> Sequence[tuple[Any, ...]] | None: ...

    def cursor(self) -> Cursor: ...

    def execute(self, sql: str, params: Sequence[object] | None = None) -> Cursor: ...

    def fetchone(self) -> tuple[Any, ...] | None: ...

    def fetchall(self) -> list[tuple[Any, ...]]: ...

    def df(self) -> pd.DataFrame: ...

    def close(self) -> None: ...


@runtime_checkable
class Connection(Protocol):
    """The database as `connect()` returns it, shared by the app's sessions: what read models and commands take.
    Each `execute` runs on a cursor of its own and returns it, with the results; a transaction needs a cursor
    (`conn.cursor()`), never the connection itself (on PostgreSQL every `conn.execute` may run on another server
    connection). DuckDB: a DuckDBPyConnection; PostgreSQL: storage_postgres.PgConnection. Every Cursor is also a
    Connection, so a function that only reads takes either."""

    def cursor(self) -> Cursor: ...

    def execute(self, sql: str, params: Sequence[object] | None = None) -> Cursor: ...

    def close(self) -> None: ...


class DatabaseLockedError(RuntimeError):
    """Another process (the app or the CLI) holds the database file."""


class DatabaseOpenError(RuntimeError):
    """The database file could not be opened for another reason; the message is Danish."""


def database_path(explicit: str | os.PathLike | None = None) -> Path | str:
    """The database to use: an explicit path or URL, else $MAALSTYRING_DB, else data/maalstyring.duckdb.
    A postgresql:// URL is returned as the string it is (a Path would fold its //)."""
    chosen = str(explicit) if explicit else os.environ.get(DB_ENV_VAR)
    if not chosen:
        return DEFAULT_DB_PATH
    return chosen if is_postgres_url(chosen) else Path(chosen)


def display_name(target: str | os.PathLike) -> str:
    """The database as it may be shown to a user or written to a log (no password from a URL)."""
    return storage_postgres.without_password(str(target)) if is_postgres_url(target) else str(target)


def engine_of(conn: Connection) -> str:
    """'postgresql' or 'duckdb': for the few places that must know (migrations, copying)."""
    return getattr(conn, "engine", "duckdb")


def connect(path: str | os.PathLike | None = None) -> Connection:
    """Open (creating if needed) the database and bring its schema up to date.

    Only one process can hold a DuckDB file; a second gets a clear Danish error, not a retry loop.
    `":memory:"` gives a private in-memory database (tests). A postgresql:// URL opens PostgreSQL, where
    any number of processes may connect; an unreachable server raises DatabaseUnavailableError (Danish).
    """
    if is_postgres_url(database_path(path)):
        pg = storage_postgres.connect(str(database_path(path)))
        apply_migrations(pg)
        return pg
    target = str(path) if str(path) == ":memory:" else str(database_path(path))
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(target)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise DatabaseLockedError(
                f"Databasen {target} er i brug af et andet program (fx appen eller en anden "
                "kommando). Luk det andet program, eller brug en anden database med --db eller "
                f"miljøvariablen {DB_ENV_VAR}."
            ) from exc
        raise DatabaseOpenError(f"Databasen {target} kunne ikke åbnes: {text}") from exc
    apply_migrations(conn)
    return conn


def apply_migrations(conn: Connection) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction; return those applied.

    On PostgreSQL several processes may start at once: they take turns under an advisory lock, and the
    later ones find the migrations recorded. A DuckDB file has one process, so there is nothing to take.
    """
    lock = conn.migration_lock() if isinstance(conn, storage_postgres.PgConnection) else nullcontext()
    with lock:
        return _apply_pending(conn)


def _apply_pending(conn: Connection) -> list[str]:
    cur = conn.cursor()
    cur.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in cur.execute("SELECT name FROM schema_migrations").fetchall()}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with transaction(cur):
            cur.execute(sql)
            cur.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", [name, datetime.now()])
        applied.append(name)
    return applied


# One write transaction at a time in this process. DuckDB 1.5.5 invalidated the whole database ("Attempted to
# access index 1 within vector of size 0", after which every query fails until a restart) when ten sessions of
# one process committed the same file at once under load (seen once in CI, tests/test_commit_races.py). A DuckDB
# file admits one writing process anyway, so serialising this process's writers costs no parallelism between
# processes; a commit takes ~0,25 s, and a hostile file's parse inside one is capped at 10 s (loaders.parse_pool).
# The rule "one current report" is still the database's own (current_reports' key), for any other writer.
_WRITE_LOCK = threading.RLock()


@contextmanager
def transaction(cur: Cursor) -> Iterator[Cursor]:
    """BEGIN … COMMIT, rolled back on any error so nothing is half-written. On PostgreSQL writers do not
    take turns within the process: the server handles concurrent transactions (storage_postgres)."""
    with _WRITE_LOCK if engine_of(cur) == "duckdb" else nullcontext():
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        cur.execute("COMMIT")


INSERT_CHUNK_ROWS = 500  # keeps one statement's parameter list a modest size
BULK_TABLES = frozenset({"goals", "measures", "report_rows", "key_figures"})
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def insert_rows(cur: Cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Insert rows into the named `columns` with one parameterised multi-row INSERT per chunk.

    DuckDB's `executemany` runs one statement per row, which cost more than reading the workbook did;
    one `VALUES (?, …), (?, …)` statement does the same work in a single round trip. `table` is always
    one of BULK_TABLES and `columns` come from loaders.contract, never user text (both are checked as plain
    identifiers); every value goes in as a parameter. A row of another width than `columns` is refused.
    """
    if table not in BULK_TABLES:
        raise ValueError(f"insert_rows: unknown table {table!r}")
    if not columns or not all(_IDENTIFIER.fullmatch(name) for name in columns):
        raise ValueError(f"insert_rows: not plain column names {list(columns)!r}")
    rows = list(rows)
    if not rows:
        return
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"insert_rows: a row for {table} does not have the {len(columns)} columns {list(columns)}")
    placeholders = "(" + ", ".join("?" * len(columns)) + ")"
    target = f"{table} ({', '.join(columns)})"
    for start in range(0, len(rows), INSERT_CHUNK_ROWS):
        chunk = rows[start : start + INSERT_CHUNK_ROWS]
        values = ", ".join([placeholders] * len(chunk))
        sql = f"INSERT INTO {target} VALUES {values}"  # noqa: S608 - table and columns checked above, values are ?s
        cur.execute(sql, [v for row in chunk for v in row])
