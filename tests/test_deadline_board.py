"""Indberetningsstatus with deadlines (issue 16): every state (no deadline, future, passed, locked), every role,
setting a deadline and "Send påmindelser nu" delivering to a real SMTP server on loopback."""

import threading
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from maalstyring.database.storage import REPO_ROOT, connect
from maalstyring.reminding.deadlines import set_deadline
from maalstyring.roles.access import local_user
from maalstyring.roles.approval import audit_trail, lock_period
from maalstyring.workbooks.ingest import import_workbook
from tests.html_tables import static_tables, table_with
from tests.mailserver import smtp_server
from tests.test_reminders import ROLES
from tests.views import show_view
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import Period

# The page's views are drawn from read models that are engine-neutral; the tests that write through the page
# (a deadline, reminders sent, a period locked) or read an engine's own answer (dates, a rejected file) also run
# on PostgreSQL (both_engines); the rest, the role and state matrix among them, on DuckDB.

H1 = Period.H1
PAGE = "pages/indberetningsstatus.py"
STATUS, DEADLINES = "Status", "Frister og påmindelser"  # two of the page's views (?visning=…)
SEPT_15 = date(2024, 9, 15)
USERS = {
    "leder": {"email": "lise@sum.dk", "email_verified": True, "groups": ["KLF"]},
    "controller": {"email": "anna@ssi.dk", "email_verified": True, "groups": []},
    "koncernøkonomi": {"email": "ole@sum.dk", "email_verified": True, "groups": ["Koncernøkonomi"]},
    "admin": {"email": "admin@sum.dk", "email_verified": True, "groups": []},
}
AUTH = {"redirect_uri": "http://localhost/oauth2callback", "cookie_secret": "x" * 32, "client_id": "x",
        "client_secret": "x", "server_metadata_url": "http://localhost/"}  # fmt: skip
LOGIN_ROLES = (
    ROLES + '\n[[rolle]]\ngruppe = "KLF"\nrolle = "leder"\n\n[[rolle]]\nemail = "admin@sum.dk"\nrolle = "admin"\n'
)


@pytest.fixture
def roles_file(tmp_path, monkeypatch):
    path = tmp_path / "roller.toml"
    path.write_text(LOGIN_ROLES, encoding="utf-8")
    monkeypatch.setenv("MAALSTYRING_ROLLER", str(path))
    return path


@pytest.fixture
def board(monkeypatch, roles_file):
    """`board(db, role=None, view=DEADLINES)`: Indberetningsstatus for 1. halvår showing `view`; role None is local
    mode, else a logged-in user."""

    def start(db_path, role: str | None = None, view: str = DEADLINES) -> AppTest:
        monkeypatch.setenv("MAALSTYRING_DB", str(db_path))
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
        at.query_params.update({"periode": H1})
        if role:
            at.secrets["auth"] = AUTH
            at.user = {"is_logged_in": True, "name": role, **USERS[role]}
        at.run()
        at.switch_page(PAGE).run()
        if view != STATUS:
            show_view(at, view)  # as a click on its tab does, once the page is open
        assert not at.exception, at.exception
        return at

    yield start
    from ui.db import _connection

    _connection.clear()


def matrix(at: AppTest) -> dict[str, str]:
    frame = static_tables(at)[0]
    return dict(zip(frame["Institution"], frame[H1], strict=True))


def deadline_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.main.markdown if m.value.startswith("**Frist for ")]


def with_deadline(path, due: date, lock: bool = False):
    conn = connect(path)
    set_deadline(conn, 2024, H1, due, "ole@sum.dk")
    if lock:
        lock_period(conn, 2024, H1, "ole@sum.dk")
    conn.close()


def test_no_deadline_set(board, reported_path):
    at = board(reported_path, view=STATUS)
    assert deadline_lines(at) == ["**Frist for 1. halvår 2024:** ingen frist sat",
                                  "**Frist for Årsafslutning 2024:** ingen frist sat"]  # fmt: skip
    cells = matrix(at)
    assert cells["Lægemiddelstyrelsen (LMST)"] == "✓ Indberettet"
    assert cells["Statens Serum Institut (SSI)"] == "– Mangler"
    details = static_tables(at)[1]
    assert set(details["I forhold til fristen"]) == {"Ingen frist"}
    assert not any("paamind" in m.value for m in at.main.caption)  # the reminders are the next view's
    show_view(at, DEADLINES)
    assert deadline_lines(at)[0] == "**Frist for 1. halvår 2024:** ingen frist sat"  # above every view
    assert not static_tables(at)[0].columns.isin([H1]).any()  # the receipts are the first view's
    assert any("Påmindelser sendes, når kommandoen paamind køres" in m.value for m in at.main.caption)


def test_deadline_in_the_future(board, reported_path):
    with_deadline(reported_path, date.today() + timedelta(days=30))
    at = board(reported_path, view=STATUS)
    assert deadline_lines(at)[0].endswith("(om 30 dage) · påmindelser fra " + _danish(date.today() + timedelta(23)))
    assert matrix(at)["Statens Serum Institut (SSI)"] == "– Mangler"
    details = static_tables(at)[1].set_index(["Institution", "Periode"])
    assert details.loc[("Statens Serum Institut (SSI)", H1), "I forhold til fristen"] == "Mangler, 30 dage til fristen"
    assert details.loc[("Lægemiddelstyrelsen (LMST)", H1), "I forhold til fristen"] == "30 dage før fristen"


@pytest.mark.both_engines
def test_deadline_passed_shows_for_sent_with_days(board, reported_path):
    with_deadline(reported_path, SEPT_15)
    late = (date.today() - SEPT_15).days
    at = board(reported_path, view=STATUS)
    assert deadline_lines(at)[0] == (
        f"**Frist for 1. halvår 2024:** 15. september 2024 (overskredet for {late} dage siden) · påmindelser sendes"
    )
    cells = matrix(at)
    assert cells["Statens Serum Institut (SSI)"] == f"! For sent – {late} dage"
    assert cells["Lægemiddelstyrelsen (LMST)"] == f"✓ Indberettet, {late} dage for sent"  # it arrived today
    details = static_tables(at)[1].set_index(["Institution", "Periode"])
    assert details.loc[("Nationalt Center for Etik (NCE)", H1), "Frist"] == "15. september 2024"
    assert details.loc[("Nationalt Center for Etik (NCE)", H1), "I forhold til fristen"] == (
        f"Mangler, {late} dage over fristen"
    )


@pytest.mark.both_engines
def test_locked_period_says_no_reminders(board, reported_path):
    with_deadline(reported_path, SEPT_15, lock=True)
    at = board(reported_path)
    assert deadline_lines(at)[0].endswith("· perioden er låst, så der sendes ingen påmindelser")
    assert any("er låst for indberetning, så der sendes ingen påmindelser" in m.value for m in at.main.caption)
    assert not [f for f in static_tables(at) if "Udfald" in f.columns]  # nothing would be sent
    assert next(b for b in at.button if b.label == "Send påmindelser nu").disabled


@pytest.mark.parametrize("role", list(USERS))
@pytest.mark.parametrize("state", ["ingen frist", "fremtid", "overskredet", "låst"])
def test_the_board_opens_for_every_role_and_state(board, reported_path, role, state):
    if state != "ingen frist":
        due = date.today() + timedelta(days=10) if state == "fremtid" else SEPT_15
        with_deadline(reported_path, due, lock=state == "låst")
    at = board(reported_path, role)
    assert at.title[0].value == "Indberetningsstatus"
    assert len(deadline_lines(at)) == 2
    labels = {b.label for b in at.button}
    manages = role in ("koncernøkonomi", "admin")
    assert ("Gem frist" in labels) is manages and ("Send påmindelser nu" in labels) is manages
    recipients = table_with(at, "Modtagere af påmindelser")
    ssi = recipients.set_index("Institution").loc["Statens Serum Institut (SSI)", "Modtagere af påmindelser"]
    assert ssi == ("anna@ssi.dk" if manages else "1 modtager(e)")  # addresses only for those who send


def test_institutions_with_nobody_to_remind_are_named(board, reported_path, roles_file):
    roles_file.write_text(LOGIN_ROLES.replace('email = "nina@nce.dk"', 'gruppe = "NCE"'), encoding="utf-8")
    at = board(reported_path)
    assert any(w.value.startswith("1 af 4 institutioner har ingen at påminde") for w in at.main.warning)
    recipients = table_with(at, "Modtagere af påmindelser")
    table = recipients.set_index("Institution")["Modtagere af påmindelser"]
    assert table["Nationalt Center for Etik (NCE)"] == "– Ingen at påminde"


def test_a_bad_roles_file_is_a_danish_message_not_a_crash(board, reported_path, roles_file):
    roles_file.write_text(LOGIN_ROLES + '\n[paamindelse_modtagere]\nSSI = ["ikke en adresse"]\n', encoding="utf-8")
    at = board(reported_path)
    assert any("'ikke en adresse' er ikke en gyldig e\\-mailadresse" in e.value for e in at.main.error)


@pytest.mark.both_engines
def test_set_the_deadline_on_the_board(board, reported_path):
    at = board(reported_path)
    # The field and "Gem frist" are a form (issue 27: Enter saves): the date goes with the click.
    at.date_input(key="frist_dato_2024_1. halvår").set_value(SEPT_15)
    next(b for b in at.button if b.label == "Gem frist").click().run()
    assert not at.exception
    assert deadline_lines(at)[0].startswith("**Frist for 1. halvår 2024:** 15. september 2024")
    conn = connect(reported_path)
    trail = audit_trail(conn, local_user(), year=2024, period=H1)
    conn.close()
    assert ("lokal bruger", "frist sat") in set(zip(trail["actor"], trail["action"], strict=True))


@pytest.mark.both_engines
def test_send_reminders_now_delivers_once(board, reported_path, monkeypatch):
    with_deadline(reported_path, SEPT_15)
    with smtp_server() as (inbox, port):
        monkeypatch.setenv("MAALSTYRING_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("MAALSTYRING_SMTP_PORT", str(port))
        monkeypatch.setenv("MAALSTYRING_MAIL_FROM", "koncernoekonomi@sum.dk")
        at = board(reported_path)
        preview = table_with(at, "Udfald")
        assert sorted(preview["Modtager"]) == ["anna@ssi.dk", "bo@sst.dk", "nina@nce.dk"]
        assert inbox.received == []  # showing the preview sends nothing
        inbox.gate = threading.Event()  # a slow mail server: holds each mail until released
        next(b for b in at.button if b.label == "Send påmindelser nu").click().run()
        assert inbox.received == []  # asks first (issue 27), listing the recipients
        asked = "\n".join(m.value for m in at.markdown).replace("\\", "")
        assert "Der sendes 3 påmindelser om 1. halvår 2024 nu" in asked
        assert all(f"{address}" in asked for address in ("anna@ssi.dk", "bo@sst.dk", "nina@nce.dk"))
        next(b for b in at.button if b.label == "Ja, send 3 påmindelser").click().run()
        assert not at.exception
        # The click's run has ended while the server holds the first mail: the page shows a Danish progress.
        assert inbox.arrived.acquire(timeout=30) and inbox.received == []
        assert any("Du kan bruge resten af Målstyring imens" in b.proto.text for b in at.get("progress"))
        assert next(b for b in at.button if b.label == "Send påmindelser nu").disabled  # not twice at once
        inbox.gate.set()
        assert at.session_state["paamind_job"].wait(timeout=60)
        at.run()  # as the progress's own poll does every second
        assert not at.exception
        assert inbox.addresses() == ["anna@ssi.dk", "bo@sst.dk", "nina@nce.dk"]
        assert any(s.value == "3 sendt." for s in at.main.success)
        send = next(b for b in at.button if b.label == "Send påmindelser nu")
        assert send.disabled  # all of today's have gone
        recipients = table_with(at, "Modtagere af påmindelser")
        last = recipients.set_index("Institution").loc["Statens Serum Institut (SSI)", "Seneste påmindelse, 1. halvår"]
        assert last.startswith(f"{date.today():%d.%m.%Y} kl.")


def _danish(d: date) -> str:
    from vocabulary.formatting import format_date

    return format_date(d)


@pytest.mark.both_engines
def test_a_rejected_file_is_still_missing_and_says_so(board, reported_path):
    from tests.workbooks import cell_of

    conn = connect(reported_path)

    def breaks(wb):
        cell_of(wb, "SST-2024-K1-1", "Status").value = "blå"

    assert not import_workbook(conn, fill(follow_up_template(conn, "SST"), edit=breaks), "sst.xlsx", "bo").accepted
    conn.close()
    with_deadline(reported_path, SEPT_15)
    late = (date.today() - SEPT_15).days
    cells = matrix(board(reported_path, view=STATUS))
    assert cells["Sundhedsstyrelsen (SST)"] == f"! For sent – {late} dage · seneste fil afvist"
