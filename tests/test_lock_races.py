"""A period lock and a report change racing each other: no report becomes current in a locked period, and no period
is locked over a commit or restore in flight (issue #28, points 1 and 7; reports_store.claim_period).

Each round reopens 1. halvår 2024, then releases two sessions together: one locks the period (after a random
pause of up to a commit's length, or a little before the other starts, so the lock lands before, at every point
of and after the other's transaction), the other commits
a new report (or restores an earlier one). Right after its lock returns, the locking session reads which report is
current. The rule: whatever it read is still current when both are done — nothing changed after the lock. Before
the rule was the database's, PostgreSQL let the commit check the lock table as it was when it began and commit
after the lock (write skew). On DuckDB the same rounds run through the same code.
"""

from __future__ import annotations

import io
import random
import threading
import time
import zipfile
from functools import partial

import pytest

from maalstyring.database.reports_store import current_report
from maalstyring.reading import history
from maalstyring.roles.approval import lock_period, period_lock, reopen_period
from maalstyring.workbooks import quota
from maalstyring.workbooks.ingest import commit_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome

# each test once on DuckDB, once on PostgreSQL; 200 rounds of a race each: the slow tier (make test)
pytestmark = [pytest.mark.both_engines, pytest.mark.slow]

ROUNDS = 200
KEY = ("LMST", 2024, Period.H1)


def with_comment(data: bytes, i: int) -> bytes:
    """The same workbook with other bytes (a zip comment), so each round's file is new to the archive."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = f"runde {i}".encode()
    return buffer.getvalue()


def race(lock_after: float, change):
    """Two sessions released together: one runs `change()`, the other locks the period `lock_after` seconds later
    (or earlier, when negative). They write into `out`: change (its result or exception), lock (None or the
    exception) and seen (the current report the locker read right after locking)."""
    barrier = threading.Barrier(2)
    out: dict[str, object] = {}

    def locker(conn):
        barrier.wait()
        time.sleep(max(lock_after, 0))
        try:
            lock_period(conn, KEY[1], KEY[2], "okonomi@sum.dk")
            out["lock"] = None
        except Exception as exc:
            out["lock"] = exc
        out["seen"] = current_report(conn.cursor(), *KEY)

    def changer():
        barrier.wait()
        time.sleep(max(-lock_after, 0))
        try:
            out["change"] = change()
        except Exception as exc:  # a traceback a user would see
            out["change"] = exc

    return out, locker, changer


def run_round(conn, lock_after: float, change) -> dict:
    out, locker, changer = race(lock_after, change)
    threads = [threading.Thread(target=locker, args=(conn,)), threading.Thread(target=changer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def commit_length(conn, data: bytes) -> float:
    started = time.perf_counter()
    assert commit_workbook(conn, data, "første.xlsx", "controller@lmst.dk").accepted
    return time.perf_counter() - started


@pytest.fixture(autouse=True)
def room_for_every_round(monkeypatch):
    """200 rounds store 200 versions of one period, past the per-period limit on originals (workbooks.quota)."""
    monkeypatch.setattr(quota, "FILES_PER_PERIOD", 10 * ROUNDS)
    monkeypatch.setattr(quota, "BYTES_PER_PERIOD", 10 * ROUNDS * quota.MB)


def test_a_commit_never_lands_in_a_period_locked_before_it(seeded_conn):
    base = fill(follow_up_template(seeded_conn))
    spread = commit_length(seeded_conn, with_comment(base, -1))
    rng = random.Random(28)
    outcomes = []
    for i in range(ROUNDS):
        if period_lock(seeded_conn, KEY[1], KEY[2]) is not None:
            reopen_period(seeded_conn, KEY[1], KEY[2], "okonomi@sum.dk")
        commit = partial(commit_workbook, seeded_conn, with_comment(base, i), f"r{i}.xlsx", "c@lmst.dk")
        out = run_round(seeded_conn, rng.uniform(-spread / 4, spread), commit)
        result = out["change"]
        assert out["lock"] is None, out["lock"]
        assert not isinstance(result, Exception), result
        final = current_report(seeded_conn.cursor(), *KEY)
        assert final == out["seen"], f"runde {i}: rapport {final} blev gældende efter låsningen ({result.outcome})"
        if result.outcome == UploadOutcome.ACCEPTED:
            assert final == result.upload_id  # it committed before the lock
        else:  # refused by the lock it lost to, in Danish, or told to try again; never stored as current
            assert result.outcome in (UploadOutcome.REJECTED, UploadOutcome.STALE), result.outcome
            assert "låst for indberetning" in result.findings[0].message or "ikke gemt" in result.findings[0].message
        outcomes.append(result.outcome)
    # Both orders happened: the race was really run, not won by the same side every time.
    assert UploadOutcome.ACCEPTED in outcomes and set(outcomes) - {UploadOutcome.ACCEPTED}, outcomes


def test_a_restore_never_lands_in_a_period_locked_before_it(seeded_conn):
    base = fill(follow_up_template(seeded_conn))
    first, second = (commit_workbook(seeded_conn, with_comment(base, i), f"v{i}.xlsx", "c").upload_id for i in (1, 2))
    started = time.perf_counter()
    assert history.restore_report(seeded_conn, first, "c").ok
    spread = 2 * (time.perf_counter() - started)
    rng = random.Random(7)
    restored = refused = 0
    for i in range(ROUNDS):
        if period_lock(seeded_conn, KEY[1], KEY[2]) is not None:
            reopen_period(seeded_conn, KEY[1], KEY[2], "okonomi@sum.dk")
        other = second if current_report(seeded_conn.cursor(), *KEY) == first else first
        restore = partial(history.restore_report, seeded_conn, other, "c")
        out = run_round(seeded_conn, rng.uniform(-spread / 4, spread), restore)
        result = out["change"]
        assert out["lock"] is None, out["lock"]
        assert not isinstance(result, Exception), result
        final = current_report(seeded_conn.cursor(), *KEY)
        assert final == out["seen"], f"runde {i}: nr. {final} blev gjort gældende efter låsningen"
        assert result.ok == (final == other), result.message
        restored += result.ok
        refused += not result.ok
    assert restored and refused, (restored, refused)
