"""Heavy work bounded per server and per user: document making, parsing of uploads and exports.

Four tabs of one leder asking for PDFs started four office processes at once and made each take three times as
long (issue 28, point 14). Every heavy entry point runs inside `JobLimiter.slot(who)`: at most `per_server`
jobs of a kind run at once on this server, at most `per_user` of them for one user; the rest wait in a queue,
first come first served, and hear their place in it (the page says "i kø", ui/job_queue.py). A job that has
waited `max_wait` seconds is given up with a Danish message instead of holding a request for ever.

The limits hold per app process. Two app servers behind nginx each have their own; the figures are per server.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

POLL_SECONDS = 0.5  # how often a waiting job hears its place in the queue


class QueueTimeout(RuntimeError):
    """The job waited its longest in the queue; the message is Danish."""


@dataclass(frozen=True)
class Limits:
    per_server: int
    per_user: int
    max_wait: float  # seconds in the queue before giving up


class JobLimiter:
    """A fair queue with two limits. Thread-safe; one per kind of work (see LIMITERS)."""

    def __init__(self, name: str, limits: Limits):
        self.name = name  # Danish, for messages: "dokumenter", "indlæsninger", "udtræk"
        self.limits = limits
        self._changed = threading.Condition()
        self._queue: list[tuple[int, str]] = []  # (ticket, user) in arrival order
        self._running: Counter[str] = Counter()
        self._tickets = itertools.count()

    def _may_start(self, ticket: int, user: str) -> bool:
        """Whether `ticket` may start now: room on the server and for its user, and no earlier ticket that
        could start (one held only by its own user's limit does not block others)."""
        if sum(self._running.values()) >= self.limits.per_server:
            return False
        for earlier, earlier_user in self._queue:
            if earlier == ticket:
                return self._running[user] < self.limits.per_user
            if self._running[earlier_user] < self.limits.per_user:
                return False  # an earlier job could start: it goes first
        return False

    def position(self, ticket: int) -> int:
        """1 for the first in the queue."""
        return next(n for n, (t, _) in enumerate(self._queue, start=1) if t == ticket)

    @contextmanager
    def slot(self, user: str, waiting: Callable[[int], None] | None = None) -> Iterator[None]:
        """Run the block when there is room. `waiting(place)` is called in the caller's thread while queued
        (place 1 = next), whenever the place changes. Raises QueueTimeout after `max_wait` seconds in the queue."""
        ticket = next(self._tickets)
        give_up = time.monotonic() + self.limits.max_wait
        told: int | None = None
        with self._changed:
            self._queue.append((ticket, user))
            try:
                while not self._may_start(ticket, user):
                    place = self.position(ticket)
                    if waiting is not None and place != told:
                        told = place
                        self._changed.release()  # the caller may draw on the page: never while holding the lock
                        try:
                            waiting(place)
                        finally:
                            self._changed.acquire()
                        continue
                    left = give_up - time.monotonic()
                    if left <= 0:
                        raise QueueTimeout(
                            f"Der er for mange {self.name} i gang på serveren lige nu, og din er ikke nået frem "
                            f"i køen inden for {round(self.limits.max_wait)} sekunder. Prøv igen om lidt."
                        )
                    self._changed.wait(min(left, POLL_SECONDS))
            finally:
                self._queue.remove((ticket, user))
                self._changed.notify_all()
            self._running[user] += 1
        try:
            yield
        finally:
            with self._changed:
                self._running[user] -= 1
                if not self._running[user]:
                    del self._running[user]
                self._changed.notify_all()

    def running(self, user: str | None = None) -> int:
        with self._changed:
            return self._running[user] if user is not None else sum(self._running.values())

    def queued(self) -> int:
        with self._changed:
            return len(self._queue)


def _limits(env_name: str, per_server: int, per_user: int, max_wait: float) -> Limits:
    """Defaults for the 2-core reference server; MAALSTYRING_JOB_<KIND>=server,user overrides them."""
    text = os.environ.get(env_name, "").strip()
    if text:
        try:
            server_text, user_text = text.split(",")
            per_server, per_user = int(server_text), int(user_text)
        except ValueError as exc:
            raise ValueError(f"{env_name} skal være to hele tal adskilt af komma, fx 2,1 — ikke '{text}'.") from exc
        if per_server < 1 or per_user < 1:
            raise ValueError(f"{env_name}: begge grænser skal være mindst 1, ikke '{text}'.")
    return Limits(per_server, min(per_user, per_server), max_wait)


# One document (Word or PDF) per user at a time, two on the server: a document is CPU work for one core.
DOCUMENTS = JobLimiter("dokumenter", _limits("MAALSTYRING_JOB_DOKUMENTER", 2, 1, 120))
# Uploads are read by the parse pool's two worker processes (loaders/parse_pool.py); one user's tabs share two.
PARSING = JobLimiter("indlæsninger", _limits("MAALSTYRING_JOB_INDLAESNING", 4, 2, 120))
# Excel exports of a page's tables: small, but one user's many tabs must not take every core.
EXPORTS = JobLimiter("udtræk", _limits("MAALSTYRING_JOB_UDTRAEK", 3, 1, 60))
