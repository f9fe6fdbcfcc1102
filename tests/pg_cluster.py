"""A throwaway PostgreSQL cluster on loopback for the tests: initdb into a temporary directory, pg_ctl start on a
free port, stopped and deleted on exit.

Debian's postgresql package puts initdb/pg_ctl in /usr/lib/postgresql/<version>/bin, outside PATH. PostgreSQL
refuses to run as root, so when we are root the directory is handed to the `postgres` OS user and the server runs
as that user (runuser). The cluster trusts loopback connections: it lives only as long as the test run, holds only
test data, and listens on 127.0.0.1 and a socket inside its own directory. Durability is switched off (fsync,
synchronous_commit) because a crashed test cluster is thrown away anyway; the crash-safety tests that matter here
kill the *client* mid-commit, which these settings do not affect.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from tests.browser import free_port

SERVER_USER = "postgres"  # the OS user Debian's package creates; the cluster's superuser has the same name
NOT_INSTALLED = (
    "PostgreSQL mangler: testene kører også mod PostgreSQL, og `make test` installerer det (Debian-pakken "
    "postgresql). / PostgreSQL is missing: the tests also run against PostgreSQL; `make test` installs it "
    "(Debian package postgresql)."
)


class PostgresNotInstalled(RuntimeError):
    pass


def postgres_bin_dir() -> Path:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<version>/bin), else PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name or 0)
    )
    if candidates:
        return Path(candidates[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    raise PostgresNotInstalled(NOT_INSTALLED)


def _as_server_user(argv: list[str]) -> list[str]:
    """Run as `postgres` when we are root (PostgreSQL refuses root); as ourselves otherwise."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *argv]
    return argv


@dataclass
class Cluster:
    """One running cluster. `url()` for an existing database, `create_database()` for a fresh empty one."""

    directory: Path
    port: int
    bin_dir: Path
    _names: count = field(default_factory=lambda: count(1))

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def log_file(self) -> Path:
        return self.directory / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test", template: str | None = None) -> str:
        """A fresh database, empty (from template0, so nothing a test left in template1 leaks in) or a copy of
        `template` (a database URL or name with no open connections); its URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        source = (template or "template0").rsplit("/", 1)[-1]
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}" ENCODING \'UTF8\'')  # names are ours
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        argv = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file), *args]
        return subprocess.run(_as_server_user(argv), capture_output=True, text=True, check=check)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        result = self._pg_ctl("-w", "-t", "60", "-o", options, "start", check=False)
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            raise RuntimeError(f"PostgreSQL startede ikke: {result.stdout}{result.stderr}\n{log[-2000:]}")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate` is a crash, as a killed server would be)."""
        self._pg_ctl("-w", "-m", mode, "stop", check=False)

    def restart(self, mode: str = "fast") -> None:
        """Stop and start on the same port (`pg_ctl restart`): clients lose their connections, as when a server is
        restarted; returns once the new server takes connections."""
        self.stop(mode)
        self.start()
        wait_until_accepting(self)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb + start a cluster in a new temporary directory; the caller stops it (`destroy`)."""
    bin_dir = postgres_bin_dir()
    # Not under pytest's tmp_path: its parents are 0700 root, which the `postgres` user cannot enter.
    directory = Path(tempfile.mkdtemp(prefix="maalstyring-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, user=SERVER_USER)
    cluster = Cluster(directory=directory, port=free_port(), bin_dir=bin_dir)
    initdb = [
        str(bin_dir / "initdb"),
        "-D",
        str(cluster.data_dir),
        "-U",
        SERVER_USER,
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    ]
    result = subprocess.run(_as_server_user(initdb), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"initdb fejlede: {result.stdout}{result.stderr}")
    with (cluster.data_dir / "postgresql.conf").open("a") as conf:
        conf.write(
            "\n# throwaway test cluster (tests/pg_cluster.py)\n"
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            "max_connections = 200\nshared_buffers = 32MB\n"
        )
    try:
        cluster.start()
    except Exception:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    atexit.register(cluster.destroy)  # also when the run is interrupted before the fixture's teardown
    return cluster


@contextmanager
def throwaway_cluster():
    """`with throwaway_cluster() as cluster:` a running cluster, stopped and deleted afterwards."""
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.destroy()


def wait_until_accepting(cluster: Cluster, timeout: float = 30.0) -> None:
    """Block until the server answers (after a restart by a test); raises if it does not."""
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(cluster.url(), connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
