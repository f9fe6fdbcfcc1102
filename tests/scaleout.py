"""Several Streamlit servers on one database behind a throwaway nginx, for the scale-out test and bench.

nginx runs the repository's own docs/drift/nginx.conf (the one docs/DRIFT.md tells operators to install) with only
its ports and log path replaced, inside a minimal main configuration of our own: pid, error log and temp files
in a temporary directory, listening on loopback. So the test proves the configuration operators get.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.st_client import view_once
from tests.browser import REPO, free_port, run_async
from tests.tiers import needs

NGINX_CONF = REPO / "docs" / "drift" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_MISSING = (
    "nginx mangler: testen med flere app-servere kører bag nginx, og `make test` installerer det (Debian-pakken "
    "nginx-light). / nginx is missing: `make test` installs it (Debian package nginx-light)."
)
UPSTREAM_LINE = re.compile(r"^\s*server 127\.0\.0\.1:\d+ .*;$", re.MULTILINE)
LISTEN_LINE = re.compile(r"^\s*listen 127\.0\.0\.1:\d+;$", re.MULTILINE)
ACCESS_LOG_LINE = re.compile(r"^\s*access_log /var/log/nginx/maalstyring\.access\.log maalstyring;$", re.MULTILINE)


def wait_for_health(url: str, proc: subprocess.Popen | None = None, log: Path | None = None, timeout=90.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"{url} svarer ikke: " + (log.read_text(errors="replace")[-3000:] if log else ""))
        time.sleep(0.3)


def render_nginx_conf(listen_port: int, upstream_ports: list[int], access_log: Path) -> str:
    """docs/drift/nginx.conf with our ports; fails loudly if the file no longer has the lines we replace."""
    text = NGINX_CONF.read_text()
    upstreams = UPSTREAM_LINE.findall(text)
    assert upstreams and LISTEN_LINE.search(text) and ACCESS_LOG_LINE.search(text), "docs/drift/nginx.conf changed"
    options = upstreams[0].split(":", 1)[1].split(" ", 1)[1]  # e.g. "max_fails=1 fail_timeout=10s;"
    servers = "\n".join(f"    server 127.0.0.1:{port} {options}" for port in upstream_ports)
    text = UPSTREAM_LINE.sub("", text)
    text = text.replace("    keepalive", servers + "\n    keepalive", 1)
    text = LISTEN_LINE.sub(f"    listen 127.0.0.1:{listen_port};", text)
    return ACCESS_LOG_LINE.sub(f"    access_log {access_log} maalstyring;", text)


@dataclass
class Proxy:
    url: str
    access_log: Path
    directory: Path

    def requests_by_cookie(self) -> dict[str, set[str]]:
        """sticky key (the cookie, or the one set by that response) → the upstream servers that answered."""
        seen: dict[str, set[str]] = {}
        for line in self.access_log.read_text().splitlines():
            match = re.search(r"server=(\S+) key=(\S+)$", line)
            if match and match.group(1) != "-":
                seen.setdefault(match.group(2), set()).add(match.group(1).split(",")[-1].strip())
        return seen


@contextmanager
def nginx_proxy(upstream_ports: list[int], directory: Path):
    """nginx on a free loopback port in front of `upstream_ports`, everything it writes under `directory`."""
    if not Path(NGINX).exists():
        raise RuntimeError(NGINX_MISSING)
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site = directory / "maalstyring.conf"
    site.write_text(render_nginx_conf(port, upstream_ports, directory / "access.log"))
    temp = {name: directory / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    # master_process off: one process running as ourselves, so its temp files need no other OS user.
    main = directory / "nginx.conf"
    main.write_text(
        "daemon off;\nmaster_process off;\n"
        f"pid {directory / 'nginx.pid'};\nerror_log {directory / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\nhttp {\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items())
        + f"  include {site};\n}}\n"
    )
    test = subprocess.run([NGINX, "-t", "-c", str(main), "-p", str(directory)], capture_output=True, text=True)
    if test.returncode != 0:
        raise RuntimeError(f"nginx-konfigurationen er ugyldig:\n{test.stderr}")
    needs("server")
    log = open(directory / "nginx.out", "w")  # closed in the finally below
    proc = subprocess.Popen([NGINX, "-c", str(main), "-p", str(directory)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not (directory / "nginx.pid").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((directory / "error.log").read_text(errors="replace"))
            time.sleep(0.1)
        yield Proxy(f"http://127.0.0.1:{port}", directory / "access.log", directory)
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@dataclass
class AppServer:
    url: str
    port: int
    proc: subprocess.Popen
    log: Path

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind, as when the machine or the OOM killer takes the process."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


def serve_command() -> list[str]:
    """How an app server is started: `streamlit run app.py`, which turns Streamlit's legacy pages/ mode off when
    it builds the server (app.py). Before issue 24 a bare `streamlit run app.py` did not, and two first requests at
    once on a fresh server could run a page file without app.py, i.e. without its login gate."""
    return [sys.executable, "-m", "streamlit", "run", "app.py"]


def first_request(url: str) -> None:
    """One page view on a fresh server before any concurrent ones (see serve_command)."""
    run = run_async(view_once(url))
    if not run.finished:
        raise RuntimeError(f"{url}: the first page view did not finish: {run.errors}")


def start_app_server(db: str, directory: Path, extra_env: dict | None = None) -> AppServer:
    needs("server")
    port = free_port()
    log_path = directory / f"streamlit-{port}.log"
    log = open(log_path, "w")  # the child holds its own copy; ours is closed right away
    env = {**os.environ, "MAALSTYRING_DB": db, **(extra_env or {})}
    proc = subprocess.Popen(
        [*serve_command(), "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    log.close()
    return AppServer(f"http://127.0.0.1:{port}", port, proc, log_path)


def stop_app_server(server: AppServer) -> None:
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=10)


@contextmanager
def app_servers(db: str, count: int, directory: Path, extra_env: dict | None = None):
    """`count` Streamlit servers of app.py on `db` (a postgresql:// URL), started together; yields AppServers."""
    directory.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        servers = []
        for _ in range(count):
            server = start_app_server(db, directory, extra_env)
            stack.callback(stop_app_server, server)
            servers.append(server)
        for server in servers:
            wait_for_health(server.url, server.proc, server.log)
            first_request(server.url)
        yield servers


@contextmanager
def scaled_out(db: str, count: int, directory: Path, extra_env: dict | None = None):
    """`count` app servers on `db` behind nginx: yields (proxy, servers)."""
    with app_servers(db, count, directory, extra_env) as servers:
        with nginx_proxy([s.port for s in servers], directory / "nginx") as proxy:
            wait_for_health(proxy.url)
            yield proxy, servers


def cli(db: str, *args: str, env: dict | None = None) -> subprocess.Popen:
    """`python -m maalstyring … --db DB` as its own process (started, not waited for)."""
    return subprocess.Popen(
        [sys.executable, "-m", "maalstyring", *args, "--db", db],
        cwd=REPO, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
