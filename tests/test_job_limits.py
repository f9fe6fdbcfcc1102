"""Issue 28, point 14: heavy work is bounded per server and per user, with a queue and a Danish "i kø"; a job
that cannot get a place in time is refused in Danish, and no document is started past the limits."""

import threading
from contextlib import ExitStack

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring import jobs
from maalstyring.database.storage import REPO_ROOT
from maalstyring.jobs import JobLimiter, Limits, QueueTimeout
from ui.job_queue import queue_message


def start_job(limiter: JobLimiter, user: str, places: list[int] | None = None):
    """A job of `user` in a thread: returns (started, release, finished) events."""
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def run():
        with limiter.slot(user, places.append if places is not None else None):
            started.set()
            release.wait(30)
        finished.set()

    threading.Thread(target=run, daemon=True).start()
    return started, release, finished


def test_one_user_waits_for_their_own_job_while_others_start():
    limiter = JobLimiter("dokumenter", Limits(per_server=2, per_user=1, max_wait=60))
    a1 = start_job(limiter, "lise@sum.dk")
    assert a1[0].wait(10)
    places: list[int] = []
    a2 = start_job(limiter, "lise@sum.dk", places)  # Lise's second tab: her one place is taken
    b1 = start_job(limiter, "ole@sum.dk")  # another user starts at once, past Lise's queued job
    assert b1[0].wait(10)
    assert not a2[0].is_set() and places == [1]  # told she is next
    c_places: list[int] = []
    c1 = start_job(limiter, "kim@sum.dk", c_places)  # the server's two places are taken
    for _ in range(100):
        if limiter.queued() == 2:
            break
        threading.Event().wait(0.05)
    assert limiter.running() == 2 and limiter.queued() == 2 and not c1[0].is_set()
    assert c_places == [2]  # behind Lise's job
    b1[1].set()  # Ole's job ends: a place on the server, but Lise may still run only one
    assert c1[0].wait(10)  # so Kim, next who may start, starts
    assert not a2[0].is_set()
    a1[1].set()
    assert a2[0].wait(10)
    for job in (a2, c1):
        job[1].set()
        assert job[2].wait(10)
    assert limiter.running() == 0 and limiter.queued() == 0


def test_a_job_that_cannot_get_a_place_is_refused_in_danish():
    limiter = JobLimiter("dokumenter", Limits(per_server=1, per_user=1, max_wait=0.5))
    holder = start_job(limiter, "lise@sum.dk")
    assert holder[0].wait(10)
    with pytest.raises(QueueTimeout, match="Der er for mange dokumenter i gang på serveren lige nu"):
        with limiter.slot("ole@sum.dk"):
            pass
    assert limiter.queued() == 0  # the refused job left the queue
    holder[1].set()


def test_a_failing_job_gives_its_place_back():
    limiter = JobLimiter("udtræk", Limits(per_server=1, per_user=1, max_wait=5))
    with pytest.raises(RuntimeError, match="dokumentet kunne ikke laves"), limiter.slot("lise@sum.dk"):
        raise RuntimeError("dokumentet kunne ikke laves")
    with limiter.slot("lise@sum.dk"):
        assert limiter.running("lise@sum.dk") == 1


def test_the_queue_message_is_danish():
    assert queue_message("PDF", 1) == (
        "Din PDF er i kø (du er den næste). Den starter af sig selv, når der er plads på serveren."
    )
    assert "der er 2 foran dig" in queue_message("fil", 3)


def test_the_limits_can_be_set_per_server(monkeypatch):
    monkeypatch.setenv("MAALSTYRING_JOB_DOKUMENTER", "4,2")
    assert jobs._limits("MAALSTYRING_JOB_DOKUMENTER", 2, 1, 120) == Limits(4, 2, 120)
    monkeypatch.setenv("MAALSTYRING_JOB_DOKUMENTER", "fire")
    with pytest.raises(ValueError, match="to hele tal adskilt af komma"):
        jobs._limits("MAALSTYRING_JOB_DOKUMENTER", 2, 1, 120)


@pytest.fixture
def institution_page(monkeypatch, example_path):
    monkeypatch.setenv("MAALSTYRING_DB", str(example_path))
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.query_params["institution"] = "Statens Serum Institut (SSI)"
    at.run()
    at.switch_page("pages/institution.py").run()
    assert not at.exception
    yield at
    from ui.db import _connection

    _connection.clear()


def test_a_pdf_past_the_users_limit_waits_and_is_refused_in_danish(institution_page, monkeypatch):
    """The same user's other tab holds their one document place; this tab's PDF is queued, then refused with a
    Danish message before any document is made (main: a second document started at once)."""
    monkeypatch.setattr(jobs.DOCUMENTS, "limits", Limits(per_server=2, per_user=1, max_wait=1))
    with ExitStack() as stack:
        stack.enter_context(jobs.DOCUMENTS.slot("lokal bruger"))  # local mode: everyone is "lokal bruger"
        button = next(b for b in institution_page.button if b.label == "Lav PDF")
        button.click().run()
    assert any("Der er for mange dokumenter i gang" in e.value for e in institution_page.error)
    assert not institution_page.exception
