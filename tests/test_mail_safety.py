"""Issue 28, point 8: reminder e-mails carry only the app's own words and roles-file addresses in their headers
(a hostile institution name adds no header, CVE-2024-6923), and sending runs in the background with a Danish
progress instead of holding the page while a slow mail server answers."""

import threading
from datetime import date

import pytest

from maalstyring.database.storage import connect
from maalstyring.reminding import reminder_settings, reminders
from maalstyring.reminding.deadlines import set_deadline
from maalstyring.reminding.mail import Mail, Mailer, settings_from_env
from tests.mailserver import smtp_server
from tests.test_reminders import CONTROLLERS
from vocabulary.terms import Period

H1 = Period.H1
# An encoded word that decodes to CR/LF and two headers, a raw CR/LF, and enough words to make Python fold the line.
HOSTILE = (
    "Statens =?utf-8?q?x=0D=0ABcc:_spion@evil.dk=0D=0AReply-To:_spion@evil.dk?= Serum\r\nX-Injected: ja "
    + "meget langt navn " * 12
)
EXPECTED_HEADERS = {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding"}  # fmt: skip
RECIPIENTS = {code: [address] for code, address in CONTROLLERS.items()}


@pytest.fixture
def smtp(monkeypatch):
    with smtp_server() as (inbox, port):
        monkeypatch.setenv("MAALSTYRING_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("MAALSTYRING_SMTP_PORT", str(port))
        monkeypatch.setenv("MAALSTYRING_MAIL_FROM", "koncernoekonomi@sum.dk")
        yield inbox, settings_from_env()


def due_plan(path, name: str | None = None):
    conn = connect(path)
    if name is not None:
        conn.execute("UPDATE institutions SET name = ? WHERE code = 'SSI'", [name])
    set_deadline(conn, 2024, H1, date(2024, 9, 15), "kim@sum.dk")
    plan = reminders.plan_reminders(conn, RECIPIENTS, reminder_settings.ReminderSettings(), today=date(2024, 9, 20),
                                    year=2024, period=H1)  # fmt: skip
    return conn, plan


def test_a_hostile_institution_name_adds_no_header(reported_path, smtp):
    inbox, settings = smtp
    conn, plan = due_plan(reported_path, HOSTILE)
    done = reminders.send_reminders(conn, plan, settings, "kim@sum.dk")
    conn.close()
    assert done.count(reminders.SENT) == 3
    (ssi,) = inbox.to(CONTROLLERS["SSI"])
    assert set(ssi.message.keys()) == EXPECTED_HEADERS  # main: Bcc and Reply-To (and the name in Subject)
    assert ssi.recipients == [CONTROLLERS["SSI"]]  # nobody else got it
    assert ssi.subject == "Påmindelse: opfølgning for 1. halvår 2024 mangler i Målstyring"
    assert "Statens =?utf-8?q?x=0D=0ABcc:_spion@evil.dk" in ssi.body  # the name, as text, in the body
    assert ssi.body.splitlines()[0].startswith("Til Statens =?utf-8?q?")


@pytest.mark.parametrize(
    ("recipient", "subject"),
    [
        ("anna@ssi.dk", "Påmindelse =?utf-8?q?=0D=0ABcc:_x@evil.dk?="),
        ("anna@ssi.dk", "Påmindelse\r\nBcc: x@evil.dk"),
        ("anna@ssi.dk", "Påmindelse " + "lang " * 40),
        ("anna@ssi.dk\r\nBcc: x@evil.dk", "Påmindelse"),
        ("anna@ssi.dk, x@evil.dk", "Påmindelse"),
    ],
)
def test_a_header_value_that_is_not_plain_app_text_is_never_sent(smtp, recipient, subject):
    inbox, settings = smtp
    with Mailer(settings) as session:
        failure = session.send(Mail(recipient, subject, "hej"))
    assert failure and "ikke sendt" in failure
    assert inbox.received == []


def test_sending_runs_in_the_background_with_a_danish_progress(reported_path, smtp):
    inbox, settings = smtp
    inbox.gate = threading.Event()  # the mail server holds every message until released
    conn, plan = due_plan(reported_path)
    job = reminders.send_in_background(conn, plan, settings, "kim@sum.dk")
    try:
        # The call has returned while the server still holds the first mail (main: send_reminders only returned
        # once every mail had gone).
        assert inbox.arrived.acquire(timeout=30)
        assert not job.finished and inbox.received == []
        progress = job.progress()
        assert (progress.done, progress.total) == (0, 3)
        assert progress.text.startswith("Sender påmindelse 1 af 3 til ")
    finally:
        inbox.gate.set()
    assert job.wait(timeout=60)
    assert job.error is None and job.result.count(reminders.SENT) == 3
    assert (job.progress().done, job.progress().total) == (3, 3)
    assert len(inbox.received) == 3
    conn.close()
