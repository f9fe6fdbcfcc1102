"""PostgreSQL behind the same small interface the code uses on DuckDB (MAALSTYRING_DB=postgresql://…).

The app and the CLI talk to the database through `conn.cursor()`, `cur.execute(sql, params)`,
`fetchone/fetchall/df` and `storage.transaction(cur)` (storage.Connection and storage.Cursor). On DuckDB each
cursor is its own connection to the file, with its own transaction. Here each cursor borrows a psycopg connection
from psycopg's pool (psycopg_pool) for one statement, or from BEGIN to COMMIT/ROLLBACK, and fetches the whole
result at once, so a borrowed connection goes back to the pool as soon as the statement (or transaction) is done,
and one cursor per Streamlit session or thread is safe exactly as on DuckDB. SQL is translated by
maalstyring/database/sql_dialect.py.

Transactions run at REPEATABLE READ: PostgreSQL's snapshot isolation, the isolation DuckDB gives. Two
sessions updating the same row then fail with SerializationFailure instead of the second silently
overwriting the first; ingest retries those (storage.WRITE_CONFLICTS), as it retries DuckDB's conflicts.

The pool checks a connection before lending it, so a server restarted between two requests costs nothing: the
next request gets a new connection. A connection lost while in use (server restarted, network gone) ends that
request with DatabaseUnavailableError, in Danish, and so does a server that is down; every idle pooled
connection is replaced (they died with the server), so the next request connects afresh. Nothing is
half-written: a transaction that loses its connection is rolled back by the server, and every later statement of
that transaction on the cursor fails the same way until its ROLLBACK — none runs on another connection outside
the transaction, and its COMMIT is refused (issue #28: a refusal event written outside the transaction, then
"COMMIT outside a transaction"). A connection lost during COMMIT itself is CommitOutcomeUnknownError: the
server may have committed, so the caller must not simply do it again. Pools are closed when the process ends.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.types.numeric import FloatLoader
from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout

from maalstyring.database.sql_dialect import PG_HELPERS, frame, to_postgres

if TYPE_CHECKING:
    import pandas as pd

# Any fixed number, the same in every process: migrations take turns on it (pg_advisory_xact_lock).
MIGRATION_LOCK_KEY = 7_413_001
CONNECT_TIMEOUT_SECONDS = 5
# Open all the time, per process: a page's first query does not wait for a connection to be made.
CONNECTIONS_KEPT_OPEN = 2
# At most this many server connections per process (app server or CLI), so a few app servers and importers
# stay well inside PostgreSQL's max_connections (100 by default); a statement waits for a free one.
OPEN_CONNECTIONS_MAX = 20
IDLE_SECONDS_BEFORE_CLOSING = 120  # connections beyond CONNECTIONS_KEPT_OPEN, unused this long, are closed
BORROW_WAIT_SECONDS = 30
# While a statement waits for a connection, the server is asked this often whether it is there at all.
SERVER_PROBE_SECONDS = 1.0
# The pool's background reconnecting gives up after this long (and starts again on the next request), so the
# first request after a long outage is not left waiting for a reconnect attempt backed off to minutes.
RECONNECT_GIVE_UP_SECONDS = 10
# How long a write waits for a row another session is changing. DuckDB refuses such a write at once; PostgreSQL
# would wait for as long as the other transaction lasts. After this the write fails with LockNotAvailable, which
# ingest treats like any lost race (retried, then a Danish "try again"), so no page hangs on a stuck session.
LOCK_WAIT = "5s"

BUSY = (
    "Databasen har travlt lige nu (alle forbindelser til PostgreSQL er i brug). Prøv igen om lidt; intet er gemt halvt."
)
UNAVAILABLE = (
    "Databasen er ikke tilgængelig lige nu (forbindelsen til PostgreSQL-serveren {where} blev afbrudt eller "
    "kunne ikke oprettes). Prøv igen om lidt; intet er gemt halvt. Fortsætter det, så kontakt driften."
)


class DatabaseUnavailableError(RuntimeError):
    """The PostgreSQL server could not be reached, or the connection broke; the message is Danish."""


class CommitOutcomeUnknownError(DatabaseUnavailableError):
    """The connection broke while COMMIT was on its way: the server may or may not have committed."""


def is_postgres_url(target: object) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def without_password(url: str) -> str:
    """The URL as it may be shown or logged: a password in it is replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _unavailable(url: str) -> DatabaseUnavailableError:
    parts = urlsplit(url)
    return DatabaseUnavailableError(UNAVAILABLE.format(where=f"{parts.hostname or 'lokal'}:{parts.port or 5432}"))


class _Pool:
    """psycopg's own pool (psycopg_pool.ConnectionPool) with this module's limits and Danish failures.

    Every connection is checked on checkout (an empty query, ConnectionPool.check_connection), so one left idle
    across a server restart is replaced before a statement runs on it: the first request after `pg_ctl restart`
    works. When a check fails, the other idle connections went with the same server and are replaced at once
    (drain), so no request walks through them one by one. The pool refills itself in the background.
    """

    def __init__(self, url: str):
        self.url = url
        self._probe_lock = threading.Lock()
        self._probed_at = float("-inf")
        self._answered = True
        self._pool = ConnectionPool(
            url,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
            min_size=min(CONNECTIONS_KEPT_OPEN, OPEN_CONNECTIONS_MAX),
            max_size=OPEN_CONNECTIONS_MAX,
            max_idle=IDLE_SECONDS_BEFORE_CLOSING,
            reconnect_timeout=RECONNECT_GIVE_UP_SECONDS,
            timeout=BORROW_WAIT_SECONDS,
            configure=_configure,
            check=self._check,
            name=f"maalstyring {without_password(url)}",
            open=True,
        )
        _OPEN_POOLS.add(self)

    def _check(self, conn: psycopg.Connection) -> None:
        try:
            ConnectionPool.check_connection(conn)
        except psycopg.OperationalError:
            self.drop_idle()
            raise

    def borrow(self) -> psycopg.Connection:
        """A checked connection; every borrowed connection must be given back (give_back).

        While none is free the pool connects in the background; the server is asked directly every
        SERVER_PROBE_SECONDS of waiting, so a server that is down is told at once in Danish, not after
        BORROW_WAIT_SECONDS, and a wait that outlasts BORROW_WAIT_SECONDS on a live server is "busy"."""
        deadline = time.monotonic() + BORROW_WAIT_SECONDS
        while True:
            try:
                return self._pool.getconn(timeout=max(min(SERVER_PROBE_SECONDS, deadline - time.monotonic()), 0.01))
            except PoolTimeout:
                pass
            except PoolClosed as exc:  # a closed PgConnection (or the process shutting down)
                raise _unavailable(self.url) from exc
            if not self._server_answers():
                raise _unavailable(self.url)
            if time.monotonic() >= deadline:
                raise DatabaseUnavailableError(BUSY)

    def _server_answers(self) -> bool:
        """Whether the server takes a connection now. One probe at a time per process and its answer shared for
        SERVER_PROBE_SECONDS, so statements waiting for a busy pool add one connection at most, not one each."""
        with self._probe_lock:
            if time.monotonic() - self._probed_at >= SERVER_PROBE_SECONDS:
                try:
                    with psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_SECONDS):
                        self._answered = True
                except psycopg.OperationalError:
                    self._answered = False
                self._probed_at = time.monotonic()
            return self._answered

    def give_back(self, conn: psycopg.Connection) -> None:
        """A broken connection is discarded and replaced by the pool; one left inside a transaction is rolled back."""
        self._pool.putconn(conn)

    def drop_idle(self) -> None:
        """After a lost connection: the others went with the same server, so none is reused."""
        self._pool.drain()

    def close(self) -> None:
        self._pool.close()
        _OPEN_POOLS.discard(self)


def _configure(conn: psycopg.Connection) -> None:
    """Every new pooled connection: numbers as DuckDB gives them, and the lock wait."""
    # DuckDB returns sums and averages as numbers Python computes with (float/int), not Decimal.
    conn.adapters.register_loader("numeric", FloatLoader)
    conn.execute("SELECT set_config('lock_timeout', %s, false)", [LOCK_WAIT])


# Closed when the process ends (the app server stopping, the CLI finishing): the server sees its sessions end
# cleanly instead of as lost connections, and the pools' threads stop before the interpreter does.
_OPEN_POOLS: weakref.WeakSet[_Pool] = weakref.WeakSet()


@atexit.register
def _close_pools() -> None:
    for pool in list(_OPEN_POOLS):
        pool.close()


class PgCursor:
    """One session's (or thread's) handle: the DuckDB cursor interface the code uses (storage.Cursor), on a pooled
    connection."""

    engine = "postgresql"

    def __init__(self, pool: _Pool):
        self._pool = pool
        self._held: psycopg.Connection | None = None  # from BEGIN to COMMIT/ROLLBACK
        self._lost = False  # the transaction's connection broke: every statement until ROLLBACK fails
        self._columns: list[tuple[str, int]] = []
        self._rows: list[tuple] = []
        self._next = 0

    # -- transactions: storage.transaction issues these three statements --------------------------------
    def _begin(self) -> None:
        if self._held is not None or self._lost:
            raise RuntimeError("BEGIN inside a transaction")
        self._held = self._pool.borrow()
        try:
            self._run(self._held, "BEGIN ISOLATION LEVEL REPEATABLE READ", None)
        except BaseException:
            if self._held is not None:  # storage.transaction rolls back only after a successful BEGIN
                conn, self._held = self._held, None
                self._pool.give_back(conn)
            raise

    def _end(self, statement: str) -> None:
        conn, self._held = self._held, None
        lost, self._lost = self._lost, False
        if conn is None:
            if statement == "ROLLBACK":
                return  # the connection was lost mid-transaction: the server has rolled it back already
            if lost:  # nothing of this transaction was committed; say so, in Danish
                raise _unavailable(self._pool.url)
            raise RuntimeError("COMMIT outside a transaction")
        try:
            if not conn.broken:
                try:
                    self._run(conn, statement, None)
                except DatabaseUnavailableError as exc:
                    if statement == "COMMIT":
                        raise CommitOutcomeUnknownError(str(exc)) from exc
                    raise
            elif statement == "COMMIT":
                raise _unavailable(self._pool.url)
        finally:
            self._pool.give_back(conn)

    def _run(self, conn: psycopg.Connection, sql: str, params) -> None:
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                if cur.description is None:
                    self._columns, self._rows = [], []
                else:
                    self._columns = [(column.name, column.type_code) for column in cur.description]
                    self._rows = cur.fetchall()
                self._next = 0
        except psycopg.OperationalError as exc:
            if conn.broken or conn.closed:
                self._pool.drop_idle()
                if conn is self._held:
                    self._held, self._lost = None, True
                    self._pool.give_back(conn)
                raise _unavailable(self._pool.url) from exc
            raise

    def execute(self, sql: str, params: Sequence[object] | None = None) -> PgCursor:
        statement = sql.strip().rstrip(";").upper()
        if statement in ("BEGIN", "BEGIN TRANSACTION"):
            self._begin()
            return self
        if statement in ("COMMIT", "ROLLBACK"):
            self._end(statement)
            return self
        if self._lost:  # never on another connection, outside the transaction this statement belongs to
            raise _unavailable(self._pool.url)
        values = [list(v) if isinstance(v, tuple) else v for v in params] if params else None
        text = to_postgres(sql, with_params=values is not None)
        if self._held is not None:
            self._run(self._held, text, values)
            return self
        conn = self._pool.borrow()
        try:
            self._run(conn, text, values)
        finally:
            self._pool.give_back(conn)
        return self

    @property
    def description(self) -> list[tuple[str, int]] | None:
        """The last result's columns as (name, type code), as DuckDB's and DB-API's cursors give them (records are
        built by these names, stored_fields.records); None after a statement that returns no rows."""
        return list(self._columns) or None

    def fetchone(self) -> tuple | None:
        if self._next >= len(self._rows):
            return None
        row = self._rows[self._next]
        self._next += 1
        return row

    def fetchall(self) -> list[tuple]:
        rows = self._rows[self._next :]
        self._next = len(self._rows)
        return rows

    def df(self) -> pd.DataFrame:
        result = frame(self._columns, self._rows[self._next :])
        self._next = len(self._rows)
        return result

    def close(self) -> None:
        if self._held is not None or self._lost:
            self._end("ROLLBACK")

    def cursor(self) -> PgCursor:
        return PgCursor(self._pool)


class PgConnection:
    """The app's (or the CLI's) connection (storage.Connection): hands out cursors; shared by all sessions, as on
    DuckDB."""

    engine = "postgresql"

    def __init__(self, url: str):
        self.url = url
        self._pool = _Pool(url)

    def cursor(self) -> PgCursor:
        return PgCursor(self._pool)

    def execute(self, sql: str, params: Sequence[object] | None = None) -> PgCursor:
        return self.cursor().execute(sql, params)

    def close(self) -> None:
        """Close the pool: its connections end; a statement on this connection afterwards is told "ikke tilgængelig"."""
        self._pool.close()

    @contextmanager
    def migration_lock(self):
        """Hold PostgreSQL's advisory lock while this process migrates, so two processes starting at once
        take turns; the second then finds the migrations recorded and applies nothing. The lock is held by
        its own connection's transaction and ends with it, also if this process dies."""
        conn = self._pool.borrow()
        try:
            try:
                conn.execute("BEGIN")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
            except psycopg.OperationalError as exc:
                raise _unavailable(self.url) from exc
            try:
                self.execute(PG_HELPERS)
                yield
            finally:
                if not conn.broken:
                    conn.execute("COMMIT")
        finally:
            self._pool.give_back(conn)


def connect(url: str) -> PgConnection:
    """A connection to the PostgreSQL database at `url`; the server must be reachable now."""
    conn = PgConnection(url)
    try:
        conn.cursor().execute("SELECT 1")  # fail here, in Danish, rather than on the first page
    except BaseException:
        conn.close()  # its pool would otherwise keep trying to connect in the background
        raise
    return conn
