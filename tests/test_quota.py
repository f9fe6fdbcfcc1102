"""A limit on stored originals (issue #28, point 9; workbooks.quota): noise from one sender stops at the daily limit,
an institution's period at its own, each with a Danish message, and nothing past the limit is stored."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT
from maalstyring.workbooks import quota
from maalstyring.workbooks.ingest import receive_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period, UploadOutcome

pytestmark = pytest.mark.both_engines

FULL = "grænsen for gemte filer er nået"


def stored_bytes(conn, sender: str) -> int:
    return conn.execute("SELECT coalesce(sum(size_bytes), 0) FROM uploads WHERE uploaded_by = ?", [sender]).fetchone()[
        0
    ]


def quota_events(conn) -> list[tuple]:
    return conn.execute("SELECT actor, upload_id FROM events WHERE action = 'kvote nået' ORDER BY event_id").fetchall()


def variant(data: bytes, i: int) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = f"udgave {i}".encode()
    return buffer.getvalue()


def test_ten_noise_files_of_9_9_mb_from_one_sender_stop_at_the_daily_limit(seeded_conn):
    """The red team's attack: 10 × 9,9 MB of noise, which were all stored (+103 MB)."""
    size = int(9.9 * 1024 * 1024)
    results = [receive_workbook(seeded_conn, os.urandom(size), f"stoej{i}.xlsx", "ctrl@lmst.dk") for i in range(10)]
    fits = quota.UNNAMED_BYTES_PER_DAY // size
    assert [r.outcome for r in results] == [UploadOutcome.REJECTED] * fits + [UploadOutcome.OVER_QUOTA] * (10 - fits)
    assert stored_bytes(seeded_conn, "ctrl@lmst.dk") == fits * size <= quota.UNNAMED_BYTES_PER_DAY
    refused = results[-1]
    assert refused.upload_id is None and FULL in refused.findings[0].message
    assert (
        "ctrl@lmst.dk" in refused.findings[0].message and "grænsen er 20 filer og 50 MB" in refused.findings[0].message
    )
    assert quota_events(seeded_conn) == [("ctrl@lmst.dk", None)] * (10 - fits)  # each refusal recorded
    # Another sender is not held back by this one's noise.
    assert receive_workbook(seeded_conn, b"ikke en projektmappe", "x.xlsx", "anden@ssi.dk").upload_id is not None


def test_an_institutions_period_stops_at_its_file_limit_and_other_periods_do_not(seeded_conn, monkeypatch):
    monkeypatch.setattr(quota, "FILES_PER_PERIOD", 3)
    base = fill(follow_up_template(seeded_conn))
    kept = [receive_workbook(seeded_conn, variant(base, i), f"v{i}.xlsx", "ctrl@lmst.dk") for i in range(3)]
    assert [r.outcome for r in kept] == [UploadOutcome.PENDING] * 3
    over = receive_workbook(seeded_conn, variant(base, 3), "v3.xlsx", "kollega@lmst.dk")
    assert over.outcome == UploadOutcome.OVER_QUOTA and over.upload_id is None
    message = over.findings[0].message
    assert FULL in message and "LMST for 1. halvår 2024: 3 filer på" in message and "grænsen er 3 filer" in message
    stored = "SELECT count(*) FROM uploads WHERE institution_code = 'LMST' AND period = ?"
    assert seeded_conn.execute(stored, [Period.H1]).fetchone() == (3,)
    assert quota_events(seeded_conn) == [("kollega@lmst.dk", None)]
    other_period = fill(follow_up_template(seeded_conn, "LMST", 2024, Period.YEAR_END), "Gul", "Delvist opfyldt")
    assert receive_workbook(seeded_conn, other_period, "aar.xlsx", "ctrl@lmst.dk").outcome == UploadOutcome.PENDING
    ssi = fill(follow_up_template(seeded_conn, "SSI"))
    assert receive_workbook(seeded_conn, ssi, "ssi.xlsx", "ctrl@ssi.dk").outcome == UploadOutcome.PENDING


def test_the_page_says_the_limit_is_reached_in_danish(seeded_path, monkeypatch, engine):
    from maalstyring.database.storage import connect

    conn = connect(seeded_path)
    data = fill(follow_up_template(conn))
    conn.close()
    monkeypatch.setattr(quota, "FILES_PER_PERIOD", 0)
    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/indberetning.py").run()
    at.file_uploader[0].set_value([("lmst.xlsx", data, "application/vnd.ms-excel")]).run()
    assert not at.exception
    assert any(FULL in e.value for e in at.main.error), [e.value for e in at.main.error]
    assert not any(b.label.startswith("Indlæs") for b in at.button)
    from ui.db import _connection

    _connection.clear()
