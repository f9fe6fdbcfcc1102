"""`kopier` edge cases (issue #28, point 11): a source that does not exist is refused, and two copies into the same
empty PostgreSQL database at once give one copy and one Danish refusal, never a traceback."""

from __future__ import annotations

import threading

from maalstyring.commands.cli import main
from maalstyring.commands.copy_database import CopyError, copy_database
from maalstyring.database.storage import connect


def test_a_source_that_does_not_exist_is_refused_and_not_created(tmp_path, pg_url, capsys):
    missing = tmp_path / "findes_ikke.duckdb"
    code = main(["--db", str(missing), "kopier", "--til", pg_url])
    err = capsys.readouterr().err
    assert code != 0
    assert "findes ikke" in err and "Intet er kopieret" in err and "Traceback" not in err
    assert not missing.exists()
    target = connect(pg_url)
    assert target.execute("SELECT count(*) FROM institutions").fetchone() == (0,)
    target.close()


def test_two_copies_into_one_empty_postgresql_at_once_give_one_copy_and_one_danish_refusal(
    pg_cluster, pg_example_template
):
    source = pg_cluster.create_database(template=pg_example_template)
    for _ in range(3):  # a few rounds: the two meet at different points of each other's copy
        target = pg_cluster.create_database()
        connect(target).close()  # migrated once, so both copies start at the data
        barrier = threading.Barrier(2)
        results: list = [None, None]

        def copy(i, target=target, barrier=barrier, results=results):
            barrier.wait()
            try:
                results[i] = copy_database(source, target)
            except Exception as exc:  # a traceback a user would see, unless it is the Danish CopyError
                results[i] = exc

        threads = [threading.Thread(target=copy, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        copied = [r for r in results if isinstance(r, list)]
        refused = [r for r in results if isinstance(r, CopyError)]
        assert len(copied) == 1 and len(refused) == 1, results
        assert "Intet er kopieret" in str(refused[0])
        conn = connect(target)
        assert conn.execute("SELECT count(*) FROM uploads").fetchone()[0] == next(
            c.rows for c in copied[0] if c.table == "uploads"
        )
        conn.close()
        pg_cluster.drop_database(target)
    pg_cluster.drop_database(source)
