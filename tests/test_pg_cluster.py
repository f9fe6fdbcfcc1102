"""The throwaway PostgreSQL cluster the both-engine tests run on (tests/pg_cluster.py)."""

from __future__ import annotations

import psycopg


def test_each_test_gets_its_own_empty_database_on_loopback(pg_url, pg_cluster):
    assert "127.0.0.1" in pg_url
    with psycopg.connect(pg_url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
        assert tables == 0
        conn.execute("CREATE TABLE left_behind (x INTEGER)")
    other = pg_cluster.create_database()
    with psycopg.connect(other) as conn:
        assert conn.execute("SELECT to_regclass('left_behind')").fetchone()[0] is None
    pg_cluster.drop_database(other)


def test_a_restarted_server_drops_clients_and_comes_back(pg_url, pg_cluster):
    conn = psycopg.connect(pg_url, autocommit=True)
    pg_cluster.restart()
    try:
        conn.execute("SELECT 1")
        raise AssertionError("the old connection survived a restart")
    except psycopg.OperationalError:
        pass
    finally:
        conn.close()
    with psycopg.connect(pg_url) as again:
        assert again.execute("SELECT 1").fetchone() == (1,)
