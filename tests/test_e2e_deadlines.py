"""Indberetningsstatus with a passed deadline in headless Chromium, at 1440 px and 390 px wide.

LMST and SSI have reported for 1. halvår 2024, SST and NCE have not, the deadline was 15 September 2024, and NCE's
controllers come only through a group. Screenshots go to test-artifacts/; with MAALSTYRING_UPDATE_DOCS=1 they also
refresh docs/img/sider/indberetningsstatus-frister*.png (a test run must not rewrite tracked files by itself).
"""

import os
import shutil
from datetime import date

import pytest

from maalstyring.database.storage import connect
from maalstyring.reminding.deadlines import set_deadline
from maalstyring.workbooks.ingest import import_workbook
from tests.browser import ARTIFACTS, REPO, in_tab, streamlit_server, wait_for_script
from tests.mailserver import smtp_server
from tests.test_reminders import ROLES
from tests.workbooks import fill, follow_up_template

pytestmark = pytest.mark.browser

DOCS_IMG = REPO / "docs" / "img" / "sider"
# Scroll the element's scrolling ancestor so the element sits just below Streamlit's fixed top bar.
SCROLL_TO_TOP = """el => {
    let s = el.parentElement;
    while (s && !['auto', 'scroll'].includes(getComputedStyle(s).overflowY)) s = s.parentElement;
    (s || document.scrollingElement).scrollBy(0, el.getBoundingClientRect().top - 80);
}"""
SIZES = {"": {"width": 1440, "height": 900}, "-mobil": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeded_db_file):
    """The app with a mail server set up (so the board shows what "Send påmindelser nu" would send)."""
    folder = tmp_path_factory.mktemp("frister")
    db = folder / "maalstyring.duckdb"
    shutil.copy(seeded_db_file, db)
    conn = connect(db)
    for code in ("LMST", "SSI"):
        assert import_workbook(conn, fill(follow_up_template(conn, code)), f"{code}.xlsx", "controller").accepted
    set_deadline(conn, 2024, "1. halvår", date(2024, 9, 15), "ole@sum.dk")
    conn.close()
    roles = folder / "roller.toml"
    roles.write_text(ROLES.replace('email = "nina@nce.dk"', 'gruppe = "NCE-controllere"'), encoding="utf-8")
    with smtp_server() as (_, port):
        env = {"MAALSTYRING_ROLLER": str(roles), "MAALSTYRING_SMTP_HOST": "127.0.0.1",
               "MAALSTYRING_SMTP_PORT": str(port), "MAALSTYRING_MAIL_FROM": "koncernoekonomi@sum.dk"}  # fmt: skip
        with streamlit_server(db, extra_env=env) as url:
            yield url


@pytest.mark.parametrize("suffix", list(SIZES))
def test_board_shows_deadline_and_days_late(tab, server, suffix):
    late = (date.today() - date(2024, 9, 15)).days
    page = in_tab(tab, SIZES[suffix])
    page.goto(f"{server}/indberetningsstatus?periode=1.+halv%C3%A5r")
    wait_for_script(page)
    page.get_by_text("Frist for 1. halvår 2024:").wait_for()
    page.get_by_text(f"15. september 2024 (overskredet for {late} dage siden)").wait_for()
    page.get_by_text(f"! For sent – {late} dage").first.wait_for()  # the Status view's matrix
    ARTIFACTS.mkdir(exist_ok=True)
    # Streamlit's main area scrolls inside the page: shoot the top (deadline and matrix) and the reminders part.
    shots = {}
    # On a phone the tiles fill the first screen: start at the deadline, so it and the matrix are in the shot.
    if suffix:
        page.get_by_text("Frist for 1. halvår 2024:").evaluate(SCROLL_TO_TOP)
        page.wait_for_timeout(300)  # let the scroll settle; no assertion depends on it
    shots["top"] = ARTIFACTS / f"indberetningsstatus-frister{suffix}.png"
    page.screenshot(path=str(shots["top"]))
    # The reminders are the page's second view: a tab, whose choice goes into the address (a link opens it).
    page.get_by_role("tab", name="Frister og påmindelser").click()
    page.get_by_text("1 af 4 institutioner har ingen at påminde").wait_for()
    assert "visning=Frister" in page.url
    page.get_by_text("Sæt frist og send påmindelser (Koncernøkonomi)").click()
    page.get_by_role("button", name="Send påmindelser nu").wait_for()
    page.get_by_text("Sæt frist og send påmindelser (Koncernøkonomi)").evaluate(SCROLL_TO_TOP)
    page.wait_for_timeout(300)  # let the scroll settle; no assertion depends on it
    shots["reminders"] = ARTIFACTS / f"indberetningsstatus-paamindelser{suffix}.png"
    page.screenshot(path=str(shots["reminders"]))
    if os.environ.get("MAALSTYRING_UPDATE_DOCS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        for path in shots.values():
            shutil.copy(path, DOCS_IMG / path.name)


def test_board_with_deadlines_and_open_reminder_controls_passes_axe(tab, server):
    from tests.test_accessibility import allowed_by, axe_findings

    page = in_tab(tab, SIZES[""])
    page.goto(f"{server}/indberetningsstatus?periode=1.+halv%C3%A5r&visning=Frister+og+p%C3%A5mindelser")
    wait_for_script(page)
    page.get_by_text("Sæt frist og send påmindelser (Koncernøkonomi)").click()
    page.get_by_role("button", name="Send påmindelser nu").wait_for()
    ours = [f for f in axe_findings(page, "indberetningsstatus med frister") if not allowed_by(f)]
    assert ours == [], "\n".join(map(str, ours))
