"""What checking a pooled PostgreSQL connection on checkout costs a statement (issue #29).

`python -m bench.pg_checkout --statements 3000 --rounds 10`. A throwaway cluster (tests/pg_cluster.py) with the
bundled plans; the same small read (a count of plans) run one at a time, each on a borrowed connection:

- one psycopg connection held throughout (the baseline: no pool at all),
- psycopg_pool without a check, and with ConnectionPool.check_connection (one empty query more per checkout),
- the app's own PgConnection (storage_postgres: the checked pool, SQL translation, results fetched at once).

Reported as microseconds per statement and as ratios to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import psycopg
from psycopg_pool import ConnectionPool

from maalstyring.database.storage import connect
from maalstyring.workbooks.defaults import load_default_data
from tests.pg_cluster import throwaway_cluster

SQL = "SELECT count(*) FROM plans WHERE year = %s"


def per_statement(run, statements: int) -> float:
    started = time.perf_counter()
    for _ in range(statements):
        run()
    return (time.perf_counter() - started) / statements * 1e6


def interleaved(variants: dict, statements: int, rounds: int) -> dict[str, float]:
    """Median µs per statement of each variant over `rounds` rounds, the variants taking turns within a round,
    so a busy moment on the machine falls on all of them alike."""
    for run in variants.values():
        run()  # warm: connections made, plans cached
    seen: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            seen[name].append(per_statement(run, statements // rounds))
    return {name: statistics.median(values) for name, values in seen.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with throwaway_cluster() as cluster:
        url = cluster.create_database("bench")
        app = connect(url)
        assert all(r.accepted for r in load_default_data(app, include_examples=False))

        held = psycopg.connect(url, autocommit=True)
        unchecked = ConnectionPool(url, kwargs={"autocommit": True}, min_size=2, max_size=20, open=True)
        checked = ConnectionPool(
            url, kwargs={"autocommit": True}, min_size=2, max_size=20, check=ConnectionPool.check_connection, open=True
        )

        def on(pool):
            def run():
                with pool.connection() as conn:
                    conn.execute(SQL, [2024]).fetchall()

            return run

        variants = {
            "én forbindelse, ingen pool": lambda: held.execute(SQL, [2024]).fetchall(),
            "pool uden tjek": on(unchecked),
            "pool med tjek ved udlån": on(checked),
            "appens PgConnection (med tjek)": lambda: app.execute(
                "SELECT count(*) FROM plans WHERE year = ?", [2024]
            ).fetchall(),
        }
        figures = interleaved(variants, args.statements, args.rounds)
        for pool in (unchecked, checked):
            pool.close()
        held.close()
        app.close()
    baseline = figures["én forbindelse, ingen pool"]
    print(f"{platform.node()} · Python {platform.python_version()} · psycopg {psycopg.__version__}")
    print(f"{args.statements} statements each, one at a time, in {args.rounds} interleaved rounds (medians)")
    for name, micros in figures.items():
        print(f"  {name:34} {micros:8.1f} µs/statement   × {micros / baseline:4.2f}")


if __name__ == "__main__":
    main()
