"""Migrations: recorded in order, applied once, all or nothing; on both engines, and between processes on PostgreSQL."""

import subprocess
import sys

import pytest

from maalstyring.database.migrations import MIGRATIONS
from maalstyring.database.storage import REPO_ROOT, apply_migrations, connect

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL


def test_fresh_database_records_every_migration_in_order(db_target):
    conn = connect(db_target)
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY applied_at, name").fetchall()]
    assert names == [name for name, _ in MIGRATIONS]


def test_applying_again_is_a_no_op(db_target):
    path = db_target
    conn = connect(path)
    conn.execute("INSERT INTO institutions VALUES ('X', 'Testinstitution')")
    assert apply_migrations(conn) == []
    conn.close()
    conn = connect(path)  # a restart applies nothing and keeps the data
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT name FROM institutions").fetchall() == [("Testinstitution",)]


def test_only_missing_migrations_are_applied(db_target, monkeypatch):
    path = db_target
    connect(path).close()
    extra = ("999_test_column", "ALTER TABLE institutions ADD COLUMN note VARCHAR;")
    monkeypatch.setattr("maalstyring.database.storage.MIGRATIONS", (*MIGRATIONS, extra))
    conn = connect(path)
    assert conn.execute("SELECT name FROM schema_migrations WHERE name = '999_test_column'").fetchone()
    assert apply_migrations(conn) == []


def test_failed_migration_leaves_no_record_and_no_half_schema(db_target, monkeypatch):
    path = db_target
    connect(path).close()
    broken = ("998_broken", "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")
    monkeypatch.setattr("maalstyring.database.storage.MIGRATIONS", (*MIGRATIONS, broken))
    try:
        connect(path)
    except Exception:
        pass
    else:
        raise AssertionError("a broken migration must fail")
    monkeypatch.undo()
    conn = connect(path)
    tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "half_done" not in tables
    assert not conn.execute("SELECT 1 FROM schema_migrations WHERE name = '998_broken'").fetchone()


def test_processes_starting_at_once_migrate_once(pg_url):
    """Several app servers or importers started together on one new PostgreSQL database: they take turns
    under the advisory lock, so each migration runs once and every process starts."""
    starter = "import sys; from maalstyring.database.storage import connect; connect(sys.argv[1]).close()"
    processes = [
        subprocess.Popen([sys.executable, "-c", starter, pg_url], cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], errors
    conn = connect(pg_url)
    rows = conn.execute("SELECT name, count(*) FROM schema_migrations GROUP BY name ORDER BY name").fetchall()
    assert rows == [(name, 1) for name, _ in MIGRATIONS]
