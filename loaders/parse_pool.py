"""Parsing uploads in child processes with a memory and a time limit (defence in depth).

The caps in loaders/sheet_values.py make every known shape of hostile file cheap. This module is for the
shapes nobody has thought of: the zip/XML checks and openpyxl run in a worker process (loaders/parse_worker.py)
that limits its own memory (RLIMIT_AS) and is killed when it takes longer than PARSE_TIME_LIMIT_SECONDS.
Either way the upload ends as one refused file with a Danish message; the server keeps running.

Workers are persistent (a fresh interpreter per file would cost ~0,3 s of imports) and replaced when they
die, time out, or have grown large. Streamlit serves sessions in threads: `parse_upload` may be called from
several at once; each call has a worker to itself, and at most PARSE_WORKERS files are parsed at a time.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import selectors
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from loaders import contract as c
from loaders.issues import Finding
from loaders.parse_worker import LENGTH, READY, decode_findings, decode_workbook
from loaders.sheet_values import WorkbookValues
from loaders.xlsx_safety import check_upload

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
# How long a new worker may take to import and report ready. Generous: on a loaded server a cold start can
# take seconds, and it is not the file's fault; a file's own time limit starts once its worker is ready.
WORKER_START_SECONDS = 60.0
# A worker that reached this much memory gives it back by leaving: Python keeps freed memory for reuse.
RECYCLE_PEAK_MB = 200
RECYCLE_AFTER_FILES = 500


@dataclass
class ParsedUpload:
    """What the parsing process made of a file: its values (None if refused) and findings so far."""

    workbook: WorkbookValues | None
    findings: list[Finding] = field(default_factory=list)
    peak_mb: float | None = None  # the worker's peak resident memory (VmHWM), for benchmarks and tests
    seconds: float | None = None  # in the worker, wall and CPU
    cpu_seconds: float | None = None


class WorkerFailed(Exception):
    """The worker could not answer: it ran out of time, out of memory, or died."""


def over_limits_finding(time_limit: float, memory_limit: int) -> Finding:
    seconds = f"{time_limit:g}".replace(".", ",")
    megabytes = f"{memory_limit // (1024 * 1024):,}".replace(",", ".")
    return Finding(
        f"Filen kunne ikke læses inden for grænserne ({seconds} sekunder og {megabytes} MB hukommelse). En "
        "udfyldt skabelon læses på under et sekund, så filen indeholder noget usædvanligt, fx meget store "
        "eller mange tomme, formaterede områder. Kopiér indholdet over i en ny skabelon fra appen, og prøv igen."
    )


class _Worker:
    def __init__(self, memory_limit: int):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "loaders.parse_worker", "--memory", str(memory_limit)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=REPO_ROOT,
            env=env,
        )
        # Both are pipes (PIPE above), which Popen's types cannot tell from the arguments.
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.files = 0
        try:
            ready = self._read(len(READY), time.monotonic() + WORKER_START_SECONDS)
        except WorkerFailed as exc:
            self.stop()
            raise OSError(f"parsing worker did not start ({exc})") from exc
        if ready != READY:
            self.stop()
            raise OSError("parsing worker sent no ready signal")

    def ask(self, data: bytes, file_name: str, deadline: float) -> dict:
        name = file_name.encode("utf-8", "replace")
        try:
            self.stdin.write(LENGTH.pack(len(name)) + name + LENGTH.pack(len(data)))
            self.stdin.write(data)
            self.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerFailed("died") from exc
        header = self._read(LENGTH.size, deadline)
        size = LENGTH.unpack(header)[0]
        if size > c.MAX_PARSE_REPLY_BYTES:
            raise WorkerFailed("reply too large")
        self.files += 1
        try:
            return json.loads(self._read(size, deadline))
        except ValueError as exc:
            raise WorkerFailed("unreadable reply") from exc

    def _read(self, size: int, deadline: float) -> bytes:
        """Exactly `size` bytes from the worker, or WorkerFailed when the deadline passes or it dies."""
        fd = self.stdout.fileno()
        chunks, have = [], 0
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while have < size:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise WorkerFailed("time")
                chunk = os.read(fd, min(size - have, 1 << 20))
                if not chunk:
                    raise WorkerFailed("died")
                chunks.append(chunk)
                have += len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.stdin, self.stdout):
            try:
                stream.close()
            except OSError:
                pass


class ParsePool:
    """At most `workers` parsing processes, each used by one file at a time."""

    def __init__(
        self,
        workers: int = c.PARSE_WORKERS,
        time_limit: float = c.PARSE_TIME_LIMIT_SECONDS,
        memory_limit: int = c.PARSE_MEMORY_LIMIT_BYTES,
    ):
        self.workers, self.time_limit, self.memory_limit = workers, time_limit, memory_limit
        self._free = threading.Condition()
        self._idle: list[_Worker] = []
        self._running = 0  # workers in use or idle
        self._closed = False

    def parse(self, data: bytes, file_name: str) -> ParsedUpload:
        if not data or len(data) > c.MAX_UPLOAD_BYTES:
            # Refused on its length alone, nothing parsed: no need to copy a huge file into a worker.
            return ParsedUpload(None, check_upload(data, file_name))
        try:
            worker = self._acquire()
        except OSError:  # no process could be started (out of processes or memory): refuse, do not crash
            log.exception("Could not start a parsing worker for %r", file_name)
            return ParsedUpload(None, [unexpected_finding()])
        started = time.monotonic()
        try:
            reply = worker.ask(data, file_name, started + self.time_limit)
        except WorkerFailed as exc:
            log.warning("Parsing %r failed in the worker (%s); the file is refused", file_name, exc)
            self._retire(worker)
            return ParsedUpload(None, [over_limits_finding(self.time_limit, self.memory_limit)])
        except BaseException:
            self._retire(worker)
            raise
        keep = reply.get("peak_mb", 0) < RECYCLE_PEAK_MB and worker.files < RECYCLE_AFTER_FILES
        if "limit" in reply or "error" in reply or not keep:
            self._retire(worker)
        else:
            self._release(worker)
        try:
            return _parsed(reply, self.time_limit, self.memory_limit)
        except (KeyError, TypeError, ValueError):
            log.exception("Unreadable reply from the parsing worker for %r", file_name)
            return ParsedUpload(None, [unexpected_finding()])

    def close(self) -> None:
        with self._free:
            self._closed = True
            idle, self._idle = self._idle, []
            self._running -= len(idle)
            self._free.notify_all()
        for worker in idle:
            worker.stop()

    def _acquire(self) -> _Worker:
        with self._free:
            while not self._idle and self._running >= self.workers:
                self._free.wait()
            if self._idle:
                return self._idle.pop()
            self._running += 1
        try:
            return _Worker(self.memory_limit)
        except BaseException:
            with self._free:
                self._running -= 1
                self._free.notify()
            raise

    def _release(self, worker: _Worker) -> None:
        with self._free:
            if not self._closed:
                self._idle.append(worker)
                self._free.notify()
                return
            self._running -= 1
        worker.stop()

    def _retire(self, worker: _Worker) -> None:
        worker.stop()
        with self._free:
            self._running -= 1
            self._free.notify()


def _parsed(reply: dict, time_limit: float, memory_limit: int) -> ParsedUpload:
    figures = reply.get("peak_mb"), reply.get("seconds"), reply.get("cpu_seconds")
    if "limit" in reply:
        return ParsedUpload(None, [over_limits_finding(time_limit, memory_limit)], *figures)
    if "error" in reply:
        return ParsedUpload(None, [unexpected_finding()], *figures)
    workbook = decode_workbook(reply["workbook"]) if reply.get("workbook") else None
    return ParsedUpload(workbook, decode_findings(reply["findings"]), *figures)


def unexpected_finding() -> Finding:
    return Finding(
        "Målstyring kunne ikke læse filen på grund af en uventet fejl. Intet er gemt. Gem filen igen "
        "fra Excel som Excel-projektmappe (.xlsx), og prøv igen; hjælper det ikke, så send filen til "
        "Koncernøkonomi."
    )


_default: ParsePool | None = None
_default_lock = threading.Lock()


def parse_upload(data: bytes, file_name: str) -> ParsedUpload:
    """Check and read an upload in the shared pool of parsing processes (thread-safe)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = ParsePool()
            atexit.register(_default.close)
        pool = _default
    return pool.parse(data, file_name)
