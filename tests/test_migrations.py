from maalstyring.migrations import MIGRATIONS
from maalstyring.storage import apply_migrations, connect


def test_fresh_database_records_every_migration_in_order(tmp_path):
    conn = connect(tmp_path / "db.duckdb")
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY applied_at, name").fetchall()]
    assert names == [name for name, _ in MIGRATIONS]


def test_applying_again_is_a_no_op(tmp_path):
    path = tmp_path / "db.duckdb"
    conn = connect(path)
    conn.execute("INSERT INTO institutions VALUES ('X', 'Testinstitution')")
    assert apply_migrations(conn) == []
    conn.close()
    conn = connect(path)  # a restart applies nothing and keeps the data
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT name FROM institutions").fetchall() == [("Testinstitution",)]


def test_only_missing_migrations_are_applied(tmp_path, monkeypatch):
    path = tmp_path / "db.duckdb"
    connect(path).close()
    extra = ("999_test_column", "ALTER TABLE institutions ADD COLUMN note VARCHAR;")
    monkeypatch.setattr("maalstyring.storage.MIGRATIONS", (*MIGRATIONS, extra))
    conn = connect(path)
    assert conn.execute("SELECT name FROM schema_migrations WHERE name = '999_test_column'").fetchone()
    assert apply_migrations(conn) == []


def test_failed_migration_leaves_no_record_and_no_half_schema(tmp_path, monkeypatch):
    path = tmp_path / "db.duckdb"
    connect(path).close()
    broken = ("998_broken", "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")
    monkeypatch.setattr("maalstyring.storage.MIGRATIONS", (*MIGRATIONS, broken))
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
