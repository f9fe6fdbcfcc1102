"""`pg_ctl restart` under a running app (issue #29): a real Streamlit server on PostgreSQL, a user with the page
open, the server restarted between two page views — the next view shows the page, not "Databasen er ikke
tilgængelig". Before psycopg's pool checked connections on checkout, the first view after a restart failed on a
connection left idle in the pool across the restart.

The cluster is the module's own (pg_private_cluster), so the run's shared cluster stays up for everything else.
Page views go through the protocol-level client (bench/st_client.py), which sees the texts a browser draws.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from bench.st_client import Session, view_once
from tests.browser import run_async
from tests.scaleout import app_servers

pytestmark = pytest.mark.server
NOT_AVAILABLE = re.compile(r"databasen er ikke tilgængelig", re.IGNORECASE)
PAGE = "indberetningsstatus"


@pytest.fixture(scope="module")
def app(pg_private_cluster, tmp_path_factory):
    """One app server on an empty database of the private cluster; its first request loads the bundled data, as
    a new installation's does (ui/db.py)."""
    url = pg_private_cluster.create_database("app")
    with app_servers(url, 1, tmp_path_factory.mktemp("app")) as (server,):
        yield server


def assert_page_shown(run) -> None:
    shown = " ".join(run.texts)
    assert run.finished and not run.errors, run.errors
    assert not NOT_AVAILABLE.search(shown), shown[:500]
    assert any("(begge perioder)" in t for t in run.texts), run.texts  # the page drew its data


def test_the_first_page_view_after_a_postgresql_restart_shows_the_page(app, pg_private_cluster):
    async def views_around_restarts():
        async with Session(app.url) as user:  # a user with the page open before, during and after
            before = await user.view(PAGE)
            await asyncio.to_thread(pg_private_cluster.restart)
            after = await user.view(PAGE)
            await asyncio.to_thread(pg_private_cluster.restart, "immediate")  # a crash, then started again
            after_crash = await user.view(PAGE)
        newcomer = await view_once(app.url, PAGE)  # a new session after the restarts
        return before, after, after_crash, newcomer

    for run in run_async(views_around_restarts()):
        assert_page_shown(run)
    assert app.proc.poll() is None  # the same process: nothing was restarted but PostgreSQL


def test_while_postgresql_is_down_the_page_says_so_in_danish_and_recovers(app, pg_private_cluster):
    async def views_around_an_outage():
        async with Session(app.url) as user:
            await asyncio.to_thread(pg_private_cluster.stop)
            try:
                down = await user.view(PAGE)
            finally:
                await asyncio.to_thread(pg_private_cluster.start)
            back = await user.view(PAGE)
        return down, back

    down, back = run_async(views_around_an_outage())
    shown = " ".join(down.texts)
    assert NOT_AVAILABLE.search(shown), shown[:500]
    assert not [e for e in down.errors if "Traceback" in e or "psycopg" in e.lower()], down.errors
    assert_page_shown(back)
