"""Safe by default: `make run` answers on this machine only; the network needs login or an explicit, visible choice."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit import config as st_config

from tests.browser import free_port
from ui.navigation import PAGE_SPECS
from ui.serving import OPEN_WITHOUT_LOGIN_ENV, is_loopback, network_exposure

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # the venv running these tests, wherever the clone is


def make_run_command(port: int) -> str:
    """The command `make run PORT=…` runs, without its install step (the venv is already there)."""
    out = subprocess.run(
        ["make", "-n", "-o", "install", "run", f"PORT={port}", f"BIN={VENV_BIN}"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = [line for line in out.splitlines() if "streamlit run app.py" in line]
    assert len(lines) == 1, out
    return lines[0]


def listening_addresses(port: int) -> set[str]:
    """The local addresses the kernel has a LISTEN socket on for `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("[::1]")
    for exposed in ("", "0.0.0.0", "::", "192.0.2.2", "maalstyring.example.dk"):
        assert not is_loopback(exposed), exposed


def test_network_without_login_is_refused_unless_chosen():
    assert network_exposure("127.0.0.1", auth=False, allowed=False) == "local"
    assert network_exposure("0.0.0.0", auth=True, allowed=False) == "local"  # login guards it
    assert network_exposure("0.0.0.0", auth=False, allowed=False) == "refused"
    assert network_exposure("", auth=False, allowed=True) == "open"


def test_a_proxied_request_is_network_access_even_on_loopback():
    # nginx on the same machine forwards to 127.0.0.1; its X-Forwarded-For says the user came from elsewhere.
    assert network_exposure("127.0.0.1", auth=False, allowed=False, proxied=True) == "refused"
    assert network_exposure("127.0.0.1", auth=False, allowed=True, proxied=True) == "open"
    assert network_exposure("127.0.0.1", auth=True, allowed=False, proxied=True) == "local"  # login guards it


@pytest.mark.server  # `make run` itself
def test_make_run_listens_on_this_machine_only_and_takes_the_port(tmp_path):
    port = free_port()
    command = make_run_command(port)
    assert f"--server.port={port}" in command and "server.address" not in command  # the address is config.toml's
    env = {**os.environ, "MAALSTYRING_DB": str(tmp_path / "m.duckdb")}
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen(command, shell=True, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "server.log").read_text()
                time.sleep(0.3)
        else:
            pytest.fail((tmp_path / "server.log").read_text())
        addresses = listening_addresses(port)
        assert addresses == {"0100007F"}, addresses  # 127.0.0.1, and nothing on 0.0.0.0 or ::
        others = [a for a in subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
                  if "." in a and not a.startswith("127.")]  # fmt: skip
        for address in others:  # this machine's network address: nobody gets an answer there
            with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
                pass
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
        log.close()


@pytest.fixture
def network_address():
    """The app as if started with --server.address=0.0.0.0 (Streamlit reads the option in-process)."""
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def test_on_the_network_without_login_nothing_is_shown(seeded_path, network_address, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAALSTYRING_DB", str(seeded_path))
    monkeypatch.delenv(OPEN_WITHOUT_LOGIN_ENV, raising=False)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and "lytter på 0.0.0.0 uden login" in at.error[0].value
    assert not at.dataframe and not at.table and not at.sidebar.multiselect  # no data, no filters
    assert not at.title or [t.value for t in at.title] == ["Målstyring"]


def test_deliberately_open_to_the_network_every_page_says_so(open_page, seeded_path, network_address):
    for spec in PAGE_SPECS:
        at = open_page(seeded_path, spec.file, env={OPEN_WITHOUT_LOGIN_ENV: "1"})
        assert any(w.value.startswith("**Åben uden login:**") for w in at.main.warning), spec.file
        assert not at.error, (spec.file, [e.value for e in at.error])
