"""Work that outlives the page run that asked for it: a thread with a progress a page can show while it goes on.

Sending reminders to a slow mail server held the page for 101 s for four recipients (issue 28, point 8): the
button's run waited for the last mail. A BackgroundJob runs the work in a thread of its own and reports how far
it has come; the page shows the progress and polls (ui/deadline_board.py), and the rest of the app can be used
meanwhile. The job lives as long as the object that holds it (the session's state), and ends on its own.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    text: str  # Danish: what is being done now

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


Report = Callable[[int, int, str], None]


class BackgroundJob(Generic[T]):
    """`work(report)` in a daemon thread; `report(done, total, text)` updates what `progress()` returns.

    A failure is logged with a reference and kept as a Danish message (`error`), never raised into a page."""

    def __init__(self, work: Callable[[Report], T], first: str = "Starter …"):
        self._work = work
        self._lock = threading.Lock()
        self._progress = Progress(0, 0, first)
        self._done = threading.Event()
        self.result: T | None = None
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="maalstyring-baggrund", daemon=True)

    def start(self) -> BackgroundJob[T]:
        self._thread.start()
        return self

    def _report(self, done: int, total: int, text: str) -> None:
        with self._lock:
            self._progress = Progress(done, total, text)

    def _run(self) -> None:
        try:
            self.result = self._work(self._report)
        except Exception:  # one reference in the log, a Danish line for the page
            reference = secrets.token_hex(4).upper()
            log.exception("Baggrundsjob fejlede, reference %s", reference)
            self.error = f"Der opstod en uventet fejl undervejs. Oplys referencen {reference} til support."
        finally:
            self._done.set()

    def progress(self) -> Progress:
        with self._lock:
            return self._progress

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the work has ended (for the CLI and tests; a page polls `finished` instead)."""
        return self._done.wait(timeout)
