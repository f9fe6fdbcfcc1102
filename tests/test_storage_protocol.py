"""storage.Connection and storage.Cursor: the small interface the code uses, given by both engines (issue #29).

Read models take a Connection (what storage.connect returns, or any cursor); a transaction takes a Cursor. These
tests check that each engine's objects have the members and behave the same way through them.
"""

from __future__ import annotations

import pytest

from maalstyring.database.storage import Connection, Cursor, engine_of, transaction

pytestmark = pytest.mark.both_engines


def test_both_engines_give_the_connection_and_cursors_the_code_uses(conn, engine):
    assert isinstance(conn, Connection)
    assert engine_of(conn) == engine
    # On PostgreSQL the shared connection is not a cursor: a transaction on it would span several server
    # connections. DuckDB's connection is a cursor too (of its own, not the sessions').
    assert isinstance(conn, Cursor) is (engine == "duckdb")
    cur = conn.cursor()
    assert isinstance(cur, Cursor) and isinstance(cur, Connection)  # a cursor does for a read model too
    assert isinstance(cur.cursor(), Cursor)

    result = cur.execute("SELECT ? AS n, ? AS word", [7, "syv"])
    assert result is cur or isinstance(result, Cursor)
    assert [column[0] for column in result.description] == ["n", "word"]
    assert result.fetchone() == (7, "syv")
    assert result.fetchone() is None
    assert isinstance(conn.execute("SELECT 1"), Cursor)
    assert conn.execute("SELECT x FROM (VALUES (1), (2)) AS t(x) ORDER BY x").fetchall() == [(1,), (2,)]
    assert conn.execute("SELECT 3 AS n").df()["n"].tolist() == [3]


def test_a_transaction_on_a_cursor_commits_or_rolls_back_on_both_engines(conn):
    cur = conn.cursor()
    with transaction(cur):
        cur.execute("CREATE TABLE protokol_proeve (n INTEGER)")
        cur.execute("INSERT INTO protokol_proeve VALUES (?)", [1])
    with pytest.raises(ZeroDivisionError):
        with transaction(cur):
            cur.execute("INSERT INTO protokol_proeve VALUES (?)", [2])
            raise ZeroDivisionError
    assert conn.execute("SELECT n FROM protokol_proeve").fetchall() == [(1,)]
    cur.close()
