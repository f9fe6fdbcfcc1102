"""Three Streamlit servers on one PostgreSQL database behind nginx (docs/drift/nginx.conf), with two CLI importers
at the same time: what docs/DRIFT.md promises operators, end to end (issue 13).

Browsers are headless Debian Chromium (tests/browser.py); the restart test uses the protocol-level client
(bench/st_client.py), which sees the same texts a browser draws.
"""

from __future__ import annotations

import asyncio
import re
import time

import psycopg
import pytest

from bench.st_client import Session
from maalstyring.database.storage import connect
from maalstyring.workbooks.defaults import load_default_data
from tests.browser import run_async, wait_for_script
from tests.pg_cluster import wait_until_accepting
from tests.scaleout import cli, first_request, scaled_out, start_app_server, stop_app_server, wait_for_health
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SERVERS = 3
SESSIONS = 10
NOT_AVAILABLE = re.compile(r"databasen er ikke tilgængelig", re.IGNORECASE)


@pytest.fixture(scope="module")
def scale_db(pg_cluster) -> str:
    """A PostgreSQL database with the five bundled plans (no example reports), built through the import path."""
    url = pg_cluster.create_database("scaleout")
    conn = connect(url)
    assert all(r.accepted for r in load_default_data(conn, include_examples=False))
    conn.close()
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture(scope="module")
def files(scale_db) -> dict:
    """Filled follow-ups for 1. halvår 2024: one per institution, and SESSIONS different ones for NCE."""
    conn = connect(scale_db)
    made = {code: fill(follow_up_template(conn, code)) for code in ("LMST", "SSI", "SST")}
    nce = follow_up_template(conn, "NCE")
    conn.close()

    def titled(i):
        return lambda wb: setattr(wb.properties, "title", f"udgave {i}")

    made["NCE"] = [fill(nce, edit=titled(i)) for i in range(SESSIONS)]
    return made


# Behind nginx the app is reachable from the network; without login it then refuses to show anything (see the
# first test), so these servers run open on purpose, as a demo on a closed network would. Production: [auth].
OPEN_ON_PURPOSE = {"MAALSTYRING_AABEN_UDEN_LOGIN": "1"}


@pytest.fixture(scope="module")
def farm(scale_db, tmp_path_factory):
    """(proxy, servers): SERVERS app servers on scale_db behind a throwaway nginx."""
    with scaled_out(scale_db, SERVERS, tmp_path_factory.mktemp("farm"), OPEN_ON_PURPOSE) as running:
        yield running


def sql(url: str, query: str, params=()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(query, params).fetchall()


def server_of(response) -> str:
    return response.headers["x-maalstyring-server"]


def open_page(page, title: str) -> None:
    """Through the sidebar, as a user does: a new run of the same session."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=re.compile(rf"^\W*\w*\s*{title}$")).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=120_000)
    wait_for_script(page, timeout=120_000)


def choose_file(page, name: str, data: bytes) -> None:
    page.locator("input[type='file']").set_input_files([{"name": name, "mimeType": XLSX, "buffer": data}])
    page.get_by_text("Det ændres ved indlæsning").wait_for(timeout=120_000)
    wait_for_script(page, timeout=120_000)


def received_metric(page) -> str:
    return page.locator(".ms-tile", has_text="Modtaget og indlæst").inner_text()


def test_behind_nginx_without_login_nothing_is_shown_and_directly_on_loopback_it_is_local(scale_db, tmp_path):
    """The servers are bound to 127.0.0.1, but nginx makes them reachable from the network: the forwarded
    request (X-Forwarded-For, set by docs/drift/nginx.conf) counts as network access."""
    with scaled_out(scale_db, 1, tmp_path) as (proxy, servers):
        proxied, direct = run_async(_view_all([proxy.url, servers[0].url], "historik"))
    shown = " ".join(proxied.texts)
    assert "bag en proxy" in shown and "uden login" in shown and "Derfor vises intet" in shown, shown
    assert not any("modtagne filer vises" in text for text in proxied.texts)  # the page itself never ran
    assert any("Lokal tilstand" in text for text in direct.texts), direct.texts
    assert any("modtagne filer vises" in text for text in direct.texts), direct.texts


def test_an_upload_through_one_server_shows_on_another_with_two_importers_at_once(browser, farm, files, scale_db,
                                                                                   tmp_path):  # fmt: skip
    proxy, servers = farm
    uploader = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = uploader.new_page()
    response = page.goto(proxy.url)
    wait_for_script(page, timeout=120_000)
    pinned = server_of(response)
    other = next(s for s in servers if not pinned.endswith(f":{s.port}"))

    viewer = browser.new_page(viewport={"width": 1400, "height": 1000})  # straight to another server
    viewer.goto(other.url)
    wait_for_script(viewer, timeout=120_000)
    open_page(viewer, "Indberetningsstatus")
    assert "0 af 8" in received_metric(viewer)

    # Two CLI importers and the browser's commit at the same time, on three processes' worth of writers.
    for code in ("SSI", "SST"):
        (tmp_path / f"{code}.xlsx").write_bytes(files[code])
    importers = [cli(scale_db, "import", str(tmp_path / f"{code}.xlsx")) for code in ("SSI", "SST")]
    open_page(page, "Indberetning")
    choose_file(page, "LMST_e2e.xlsx", files["LMST"])
    page.get_by_role("button", name="Indlæs Opfølgning LMST 2024 1. halvår").click()
    page.get_by_text(re.compile(r"^Indlæst som indberetning nr\. \d+\. Den er nu den gældende")).wait_for(
        timeout=120_000
    )
    for importer, code in zip(importers, ("SSI", "SST"), strict=True):
        output = importer.communicate(timeout=300)[0]
        assert importer.returncode == 0, output
        assert f"{code}.xlsx: INDLÆST (Opfølgning {code} 2024 1. halvår)" in output

    # Every request of the uploading browser (page, websocket, upload) went to one server.
    keys = {key: ups for key, ups in proxy.requests_by_cookie().items() if pinned in ups}
    assert keys and all(ups == {pinned} for ups in keys.values()), proxy.requests_by_cookie()

    open_page(viewer, "Historik")  # the viewer's next runs, on the other server
    open_page(viewer, "Indberetningsstatus")
    assert "3 af 8" in received_metric(viewer)
    assert page.locator("[data-testid='stException']").count() == 0
    assert viewer.locator("[data-testid='stException']").count() == 0
    uploader.close()
    viewer.close()


def test_ten_simultaneous_commits_for_one_key_leave_one_current_report(browser, farm, files, scale_db):
    proxy, _ = farm
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(SESSIONS)]
    pages, servers_used = [], set()
    for i, context in enumerate(contexts):
        page = context.new_page()
        servers_used.add(server_of(page.goto(f"{proxy.url}/indberetning")))
        page.get_by_role("heading", name="Indberetning", level=1).wait_for(timeout=120_000)
        wait_for_script(page, timeout=120_000)
        choose_file(page, f"NCE_udgave_{i}.xlsx", files["NCE"][i])
        pages.append(page)
    assert len(servers_used) >= 2, servers_used  # nginx spread the users (all on one of three: p = 3⁻⁹)

    button = "Indlæs Opfølgning NCE 2024 1. halvår"
    for page in pages:  # every preview was made against "nothing stored": at most one may win
        page.get_by_role("button", name=button).click(no_wait_after=True)
    won = re.compile(r"^Indlæst som indberetning nr\. \d+\. Den er nu den gældende")
    lost = re.compile(r"(Der er indlæst en anden indberetning|i samme øjeblik).*(Intet er gemt|ikke gemt)")
    outcomes = []
    for page in pages:
        page.get_by_text(won).or_(page.get_by_text(lost)).first.wait_for(timeout=180_000)
        wait_for_script(page, timeout=120_000)
        outcomes.append("won" if page.get_by_text(won).count() else "lost")
        assert page.locator("[data-testid='stException']").count() == 0
    assert outcomes.count("won") == 1, outcomes

    key = ("NCE", 2024, Period.H1)
    where = "institution_code = %s AND year = %s AND period = %s"
    assert len(sql(scale_db, f"SELECT upload_id FROM current_reports WHERE {where}", key)) == 1
    assert sql(scale_db, f"SELECT count(*) FROM reports WHERE {where}", key) == [(1,)]
    assert sql(scale_db, f"SELECT count(*) FROM reports WHERE {where} AND is_current", key) == [(1,)]
    # Every file was archived when received (afventer); only the winner's became godkendt and has rows.
    outcomes_stored = sql(scale_db, "SELECT outcome, count(*) FROM uploads WHERE file_name LIKE 'NCE_udgave_%%' "
                                    "GROUP BY outcome ORDER BY outcome")  # fmt: skip
    assert outcomes_stored == [("afventer", SESSIONS - 1), ("godkendt", 1)]
    with_rows = "SELECT count(DISTINCT r.upload_id) FROM report_rows r JOIN uploads u USING (upload_id) "
    assert sql(scale_db, with_rows + "WHERE u.file_name LIKE 'NCE_udgave_%%'") == [(1,)]
    for context in contexts:
        context.close()


def _backend_waiting_on_lock(url: str) -> list[tuple]:
    """App backends of this database blocked on a lock inside a transaction that has already written."""
    return sql(
        url,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL",
    )


def test_a_server_killed_mid_commit_leaves_nothing_half_written(browser, farm, files, scale_db, tmp_path):
    victim = start_app_server(scale_db, tmp_path)  # its own server: the others keep serving the module
    try:
        wait_for_health(victim.url, victim.proc, victim.log)
        first_request(victim.url)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{victim.url}/indberetning")
        page.get_by_role("heading", name="Indberetning", level=1).wait_for(timeout=120_000)
        wait_for_script(page, timeout=120_000)
        data = fill(files["SST"], status="Rød", edit=lambda wb: setattr(wb.properties, "title", "dræbt"))
        choose_file(page, "SST_draebt.xlsx", data)
        before = sql(scale_db, "SELECT (SELECT count(*) FROM uploads), (SELECT count(*) FROM reports), "
                               "(SELECT count(*) FROM report_rows), (SELECT count(*) FROM events)")  # fmt: skip
        current = sql(scale_db, "SELECT * FROM current_reports ORDER BY 1, 2, 3")
        with psycopg.connect(scale_db) as holder:
            # Events are written last in a commit: holding them makes the commit stop after it has written
            # reports, rows, current_reports and the archived file, i.e. truly in the middle.
            holder.execute("LOCK TABLE events IN EXCLUSIVE MODE")
            page.get_by_role("button", name="Indlæs Opfølgning SST 2024 1. halvår").click(no_wait_after=True)
            deadline = time.monotonic() + 120
            while not (blocked := _backend_waiting_on_lock(scale_db)):
                assert time.monotonic() < deadline, "the commit never reached the events table"
                time.sleep(0.2)
            victim.kill()
            holder.rollback()
        page.close()
        deadline = time.monotonic() + 60
        while sql(scale_db, "SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", ([pid for (pid,) in blocked],)):
            assert time.monotonic() < deadline, "the killed server's transaction is still open"
            time.sleep(0.2)
    finally:
        stop_app_server(victim)
    after = sql(scale_db, "SELECT (SELECT count(*) FROM uploads), (SELECT count(*) FROM reports), "
                          "(SELECT count(*) FROM report_rows), (SELECT count(*) FROM events)")  # fmt: skip
    assert after == before
    assert sql(scale_db, "SELECT * FROM current_reports ORDER BY 1, 2, 3") == current
    # The file stays as it was archived on receipt, waiting: not committed, no rows, no report.
    assert sql(scale_db, "SELECT outcome, committed_by FROM uploads WHERE file_name = 'SST_draebt.xlsx'") == [
        ("afventer", None)
    ]
    assert sql(scale_db, "SELECT count(*) FROM reports JOIN uploads USING (upload_id) "
                         "WHERE file_name = 'SST_draebt.xlsx'") == [(0,)]  # fmt: skip


def run_cli(db: str, *args: str) -> tuple[int, str]:
    process = cli(db, *args)
    output = process.communicate(timeout=300)[0]
    return process.returncode, output


async def _view_all(urls: list[str], path: str = "indberetningsstatus") -> list:
    async def one(url):
        async with Session(url) as session:
            return await session.view(path)

    return await asyncio.gather(*(one(u) for u in urls), return_exceptions=True)


def test_postgresql_restarted_under_load_gives_a_danish_message_and_the_servers_recover(
    farm, pg_cluster, scale_db, files, tmp_path
):
    proxy, servers = farm
    workbook = tmp_path / "SSI_igen.xlsx"
    workbook.write_bytes(fill(files["SSI"], status="Gul"))
    pids = [s.proc.pid for s in servers]
    urls = [s.url for s in servers]
    assert all(r.finished and not r.errors for r in run_async(_view_all(urls)))

    async def load_while_down():
        # Sessions that are open and viewing when the database goes away, plus new ones while it is down.
        sessions = [Session(url) for url in urls * 2]
        for s in sessions:
            await s.__aenter__()
        try:
            await asyncio.to_thread(pg_cluster.stop, "fast")
            runs = await asyncio.gather(*(s.view("indberetningsstatus") for s in sessions))
            runs += await asyncio.gather(*(s.view("") for s in sessions))
            fresh = await _view_all(urls, "")
            importer = await asyncio.to_thread(run_cli, scale_db, "import", str(workbook))
        finally:
            for s in sessions:
                await s.__aexit__(None, None, None)
        return runs, fresh, importer

    try:
        runs, fresh, imported_while_down = run_async(load_while_down())
    finally:
        pg_cluster.start()
        wait_until_accepting(pg_cluster)
    for run in [*runs, *fresh]:
        assert not isinstance(run, Exception), run
        shown = " ".join(run.texts)
        assert NOT_AVAILABLE.search(shown), shown[:500]
        assert not [e for e in run.errors if "Traceback" in e or "psycopg" in e.lower()], run.errors

    code, said = imported_while_down  # the CLI: exit code 2 (database) and the same Danish sentence
    assert code == 2 and NOT_AVAILABLE.search(said) and "Traceback" not in said, said

    # Back: the same processes (no restart) answer every page normally, directly and through nginx.
    assert [s.proc.poll() for s in servers] == [None] * SERVERS and [s.proc.pid for s in servers] == pids
    after = run_async(_view_all([*urls, proxy.url]))
    for run in after:
        assert not isinstance(run, Exception), run
        assert run.finished and not run.errors, run.errors
        assert not NOT_AVAILABLE.search(" ".join(run.texts))
        assert any("(begge perioder)" in t for t in run.texts), run.texts  # the page drew its data
    code, said = run_cli(scale_db, "import", str(workbook))
    assert code == 0 and "INDLÆST (Opfølgning SSI 2024 1. halvår)" in said, said
