"""Deadlines and reminders (issue 16): the CLI's `frist` and `paamind` against a real SMTP server on loopback.

The mails are read from what the server received (recipients, subject, Danish body, link), never from a mock of
the sending code. The dates are fixed (deadline 15 September 2024), so "today" is always after it.
"""

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from maalstyring.commands.cli import main
from maalstyring.database.storage import connect
from maalstyring.reminding import reminder_settings, reminders
from maalstyring.reminding.deadlines import set_deadline
from maalstyring.reminding.recipients import reminder_recipients
from maalstyring.roles import access
from maalstyring.roles.approval import audit_trail, lock_period
from maalstyring.workbooks.ingest import import_workbook
from tests.mailserver import smtp_server
from tests.workbooks import fill, follow_up_template
from vocabulary.formatting import format_date, institution_label
from vocabulary.terms import EventAction, Period

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL

H1 = Period.H1
CONTROLLERS = {"LMST": "controller@lmst.dk", "SSI": "anna@ssi.dk", "SST": "bo@sst.dk", "NCE": "nina@nce.dk"}
ROLES = (
    "\n".join(
        f'[[rolle]]\nemail = "{address}"\nrolle = "controller"\ninstitutioner = ["{code}"]\n'
        for code, address in CONTROLLERS.items()
    )
    + '\n[[rolle]]\ngruppe = "Koncernøkonomi"\nrolle = "koncernøkonomi"\n'
)


@pytest.fixture
def roles_file(tmp_path, monkeypatch):
    path = tmp_path / "roller.toml"
    path.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("MAALSTYRING_ROLLER", str(path))
    return path


@pytest.fixture
def mailserver(monkeypatch):
    with smtp_server() as (inbox, port):
        monkeypatch.setenv("MAALSTYRING_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("MAALSTYRING_SMTP_PORT", str(port))
        monkeypatch.setenv("MAALSTYRING_MAIL_FROM", "koncernoekonomi@sum.dk")
        monkeypatch.setenv("MAALSTYRING_APP_URL", "https://maalstyring.sum.dk/")
        for name in ("MAALSTYRING_SMTP_USER", "MAALSTYRING_SMTP_PASSWORD", "MAALSTYRING_SMTP_STARTTLS",
                     "MAALSTYRING_PAAMIND_DAGE_FOER"):  # fmt: skip
            monkeypatch.delenv(name, raising=False)
        yield inbox


def run(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_issue_scenario_reminds_ssi_sst_and_nce_once_a_day(reported_path, roles_file, mailserver, capsys):
    code, out, _ = run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "2024-09-15")
    assert code == 0 and "Fristen for 1. halvår 2024 er sat til 15. september 2024." in out

    # --dry-run: lists exactly the three, sends nothing
    code, out, _ = run(capsys, reported_path, "paamind", "--year", "2024", "--period", H1, "--dry-run")
    assert code == 0
    assert mailserver.received == []
    for inst in ("SSI", "SST", "NCE"):
        assert f"{inst} · 1. halvår 2024 → {CONTROLLERS[inst]}: ville blive sendt" in out
    assert "LMST" not in out.split("Emne:")[0] and "controller@lmst.dk" not in out
    assert "Emne: Påmindelse: opfølgning for 1. halvår 2024 mangler i Målstyring" in out
    assert "Prøvekørsel, intet er sendt: 3 påmindelse(r) ville blive sendt." in out

    # the real run: the controllers of SSI, SST and NCE only
    code, out, _ = run(capsys, reported_path, "paamind", "--year", "2024", "--period", H1)
    assert code == 0, out
    assert mailserver.addresses() == sorted(CONTROLLERS[i] for i in ("SSI", "SST", "NCE"))
    ssi = mailserver.to("anna@ssi.dk")[0]
    assert ssi.message["From"] == "koncernoekonomi@sum.dk"
    assert ssi.subject == "Påmindelse: opfølgning for 1. halvår 2024 mangler i Målstyring"  # no names in headers
    assert ssi.body.splitlines()[0] == "Til Statens Serum Institut (SSI)", repr(ssi.body[:80])
    assert "mål- og resultatplanen for 2024 (plan SSI-2024) for perioden 1. halvår" in ssi.body
    assert "Frist: 15. september 2024 (overskredet med" in ssi.body
    assert "Det mangler: opfølgningen for 1. halvår 2024 med status og vurdering for planens" in ssi.body
    link = next(line for line in ssi.body.splitlines() if line.startswith("https://"))
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("maalstyring.sum.dk", "/skabeloner")
    assert parse_qs(parts.query) == {"institution": ["Statens Serum Institut (SSI)"], "aar": ["2024"],
                                     "periode": ["1. halvår"]}  # fmt: skip
    assert "3 sendt." in out

    # again the same day: nothing
    code, out, _ = run(capsys, reported_path, "paamind", "--year", "2024", "--period", H1)
    assert code == 0 and len(mailserver.received) == 3
    assert "3 allerede sendt i dag." in out

    # every sent mail is in the audit trail, and so is the deadline
    conn = connect(reported_path)
    trail = audit_trail(conn, access.local_user(), year=2024, period=H1)
    conn.close()
    sent = trail[trail["action"] == EventAction.REMINDER_SENT]
    assert sorted(sent["institution_code"]) == ["NCE", "SSI", "SST"]
    assert all("kommandolinje" in actor for actor in sent["actor"])  # the CLI's actor (main: OS user, kommandolinje)
    assert "Påmindelse om 1. halvår 2024 sendt til anna@ssi.dk (frist 15. september 2024)" in set(sent["details"])
    assert "Frist for 1. halvår 2024 sat til 15. september 2024" in set(trail["details"])


def test_igen_overrides_the_daily_limit(reported_path, roles_file, mailserver, capsys):
    run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "15.09.2024")
    run(capsys, reported_path, "paamind")
    assert len(mailserver.received) == 3
    code, out, _ = run(capsys, reported_path, "paamind", "--igen")
    assert code == 0 and len(mailserver.received) == 6 and "3 sendt." in out
    run(capsys, reported_path, "paamind")
    assert len(mailserver.received) == 6  # --igen does not open the gate for later runs


def test_a_refused_recipient_is_reported_in_danish_and_retried_next_run(reported_path, roles_file, mailserver, capsys):
    run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "2024-09-15")
    mailserver.refuse = {"bo@sst.dk"}
    code, out, _ = run(capsys, reported_path, "paamind")
    assert code == 1
    assert mailserver.addresses() == ["anna@ssi.dk", "nina@nce.dk"]
    assert "SST · 1. halvår 2024 → bo@sst.dk: fejlet. Kunne ikke sendes: Mailserveren afviste modtageren (550" in out
    assert "Prøves igen ved næste kørsel." in out
    assert "2 sendt, 1 kunne ikke sendes og prøves igen ved næste kørsel." in out

    mailserver.refuse = set()
    code, out, _ = run(capsys, reported_path, "paamind")
    assert code == 0
    assert mailserver.addresses() == ["anna@ssi.dk", "bo@sst.dk", "nina@nce.dk"]  # only SST's was sent again
    assert "1 sendt, 2 allerede sendt i dag." in out

    conn = connect(reported_path)
    trail = audit_trail(conn, access.local_user(), institution="SST")
    conn.close()
    failed = trail[trail["action"] == EventAction.REMINDER_FAILED]
    assert len(failed) == 1 and "bo@sst.dk kunne ikke sendes: Mailserveren afviste modtageren" in failed.iloc[0, -1]


def test_an_unreachable_mail_server_fails_every_recipient_and_sends_later(reported_path, roles_file, capsys,
                                                                        monkeypatch):  # fmt: skip
    from tests.browser import free_port

    monkeypatch.setenv("MAALSTYRING_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MAALSTYRING_SMTP_PORT", str(free_port()))  # nobody listens there
    monkeypatch.setenv("MAALSTYRING_MAIL_FROM", "koncernoekonomi@sum.dk")
    run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "2024-09-15")
    code, out, _ = run(capsys, reported_path, "paamind")
    assert code == 1
    assert out.count("kunne ikke nås: forbindelsen blev afvist") == 3
    conn = connect(reported_path)
    assert conn.execute("SELECT count(*) FROM reminders_sent").fetchone()[0] == 0  # so the next run sends
    conn.close()


def test_missing_mail_settings_say_which_variable(reported_path, roles_file, capsys, monkeypatch):
    monkeypatch.delenv("MAALSTYRING_SMTP_HOST", raising=False)
    monkeypatch.delenv("MAALSTYRING_MAIL_FROM", raising=False)
    code, _, err = run(capsys, reported_path, "paamind")
    assert code == 1
    assert "Fejl: Der er ikke sat en mailserver op: sæt MAALSTYRING_SMTP_HOST og MAALSTYRING_MAIL_FROM" in err
    code, out, _ = run(capsys, reported_path, "paamind", "--dry-run")  # a dry run needs no mail server
    assert code == 0 and "Ingen påmindelser at sende." in out


def test_frist_refuses_bad_input_in_danish(reported_path, capsys):
    code, _, err = run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "15. sep")
    assert code == 1 and "'15. sep' er ikke en dato. Skriv fx 2024-09-15 eller 15.09.2024." in err
    code, _, err = run(capsys, reported_path, "frist", "--year", "2031", "--period", H1, "--dato", "2031-09-15")
    assert code == 1 and "Der er ingen planer for 2031" in err
    code, _, err = run(capsys, reported_path, "frist", "--year", "2024", "--dato", "2024-09-15")
    assert code == 1 and "angiv både --year og --period" in err
    code, out, _ = run(capsys, reported_path, "frist")
    assert code == 0 and "Der er ikke sat nogen frister." in out


def test_moving_a_deadline_is_in_the_audit_trail(reported_path, capsys):
    run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "2024-09-15")
    run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "2024-09-30")
    code, out, _ = run(capsys, reported_path, "frist")
    assert code == 0
    assert "1. halvår 2024: 30. september 2024 (sat af " in out and "kommandolinje" in out
    conn = connect(reported_path)
    details = list(audit_trail(conn, access.local_user(), year=2024, period=H1)["details"])
    conn.close()
    assert "Frist for 1. halvår 2024 sat til 30. september 2024 (før: 15. september 2024)" in details


# --- When reminders start, and what stops them ---------------------------------------------------------


def test_reminders_start_a_configurable_number_of_days_before_the_deadline(reported_path):
    conn = connect(reported_path)
    set_deadline(conn, 2024, H1, date(2024, 9, 15), "okonomi@sum.dk")
    recipients = {code: [a] for code, a in CONTROLLERS.items()}
    week = reminder_settings.ReminderSettings(days_before=7)
    early = reminders.plan_reminders(conn, recipients, week, today=date(2024, 9, 7), year=2024, period=H1)
    assert early.outgoing == []
    assert early.notes == ["Fristen for 1. halvår 2024 er 15. september 2024; påmindelser sendes fra "
                           "8. september 2024 (7 dage før fristen)."]  # fmt: skip
    near = reminders.plan_reminders(conn, recipients, week, today=date(2024, 9, 8))
    assert sorted(o.mail.recipient for o in near.outgoing) == ["anna@ssi.dk", "bo@sst.dk", "nina@nce.dk"]
    assert "Frist: 15. september 2024 (om 7 dage)." in near.outgoing[0].mail.body
    two_weeks = reminder_settings.ReminderSettings(days_before=14)
    assert len(reminders.plan_reminders(conn, recipients, two_weeks, today=date(2024, 9, 1)).outgoing) == 3
    conn.close()


def test_a_locked_period_and_a_period_without_deadline_get_no_reminders(reported_path):
    conn = connect(reported_path)
    recipients = {code: [a] for code, a in CONTROLLERS.items()}
    settings = reminder_settings.ReminderSettings()
    none_set = reminders.plan_reminders(conn, recipients, settings, year=2024, period=H1)
    assert none_set.outgoing == [] and "Der er ingen frist for 1. halvår 2024" in none_set.notes[0]
    set_deadline(conn, 2024, H1, date(2024, 9, 15), "okonomi@sum.dk")
    lock_period(conn, 2024, H1, "okonomi@sum.dk")
    locked = reminders.plan_reminders(conn, recipients, settings, year=2024, period=H1)
    assert locked.outgoing == [] and locked.notes == [
        "1. halvår 2024 er låst for indberetning, så der sendes ingen påmindelser."
    ]
    conn.close()


def test_an_institution_with_only_a_group_role_is_listed_as_nobody_to_remind(reported_path, tmp_path, monkeypatch,
                                                                             capsys):  # fmt: skip
    roles = tmp_path / "roller.toml"
    roles.write_text(
        ROLES.replace('email = "nina@nce.dk"', 'gruppe = "NCE-controllere"')
        + '\n[paamindelse_modtagere]\nSST = ["sekretariat@sst.dk"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MAALSTYRING_ROLLER", str(roles))
    run(capsys, reported_path, "frist", "--year", "2024", "--period", H1, "--dato", "2024-09-15")
    code, out, _ = run(capsys, reported_path, "paamind", "--dry-run")
    assert code == 0
    assert "SST · 1. halvår 2024 → sekretariat@sst.dk: ville blive sendt" in out
    assert "Nationalt Center for Etik (NCE) mangler 1. halvår 2024, men har ingen at påminde" in out
    assert "2 påmindelse(r)" not in out and "3 påmindelse(r) ville blive sendt." in out  # SSI, SST x2


def test_the_templates_link_uses_the_apps_filter_parameters():
    from ui import filters

    settings = reminder_settings
    assert (settings.LINK_KEY_YEAR, settings.LINK_KEY_PERIOD, settings.LINK_KEY_INSTITUTIONS) == (
        filters.KEY_YEAR, filters.KEY_PERIOD, filters.KEY_INSTITUTIONS,
    )  # fmt: skip
    link = reminder_settings.templates_link(
        reminder_settings.ReminderSettings(), "SSI", "Statens Serum Institut", 2024, H1
    )
    query = parse_qs(urlsplit(link).query)
    assert query[filters.KEY_INSTITUTIONS] == [institution_label("Statens Serum Institut", "SSI")]


def test_the_templates_link_opens_the_app_on_that_institution_year_and_period(open_page, reported_path):
    link = reminder_settings.templates_link(
        reminder_settings.ReminderSettings(), "SSI", "Statens Serum Institut", 2024, H1
    )
    query = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    at = open_page(reported_path, "pages/skabeloner.py", query)
    assert at.sidebar.selectbox(key="aar").value == 2024
    assert at.sidebar.selectbox(key="periode").value == H1
    assert at.sidebar.multiselect(key="institution").value == ["SSI"]


def test_roller_example_documents_the_extra_recipients_key():
    from maalstyring.database.storage import REPO_ROOT

    example = REPO_ROOT / "roller.example.toml"
    assert "[paamindelse_modtagere]" in example.read_text(encoding="utf-8")
    assert reminder_recipients(example) == {"LMST": ["controller@lmst.dk", "sekretariat@lmst.dk"]}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[paamindelse_modtagere]\nSSI = ["anna@ssi.dk\\nBcc: alle@x.dk"]', "er ikke en gyldig e-mailadresse"),
        ("[paamindelse_modtagere]\nSSI = 5", "SSI: angiv en liste af e-mailadresser"),
        ("paamindelse_modtagere = 5", "[paamindelse_modtagere] skal være en tabel med institutionskoder"),
    ],
)
def test_a_bad_extra_recipients_entry_is_a_danish_error(tmp_path, extra, message):
    path = tmp_path / "roller.toml"
    path.write_text(extra + "\n" + ROLES if not extra.startswith("[") else ROLES + "\n" + extra, encoding="utf-8")
    with pytest.raises(access.RolesConfigError, match=re.escape(message)):
        reminder_recipients(path)


# --- Sent by the app itself (the CLI cannot open the database while the app holds it) -------------------


def test_the_apps_daily_check_sends_from_the_set_time_once_a_day(reported_path, roles_file, mailserver):
    from datetime import datetime, time

    from maalstyring.reminding import reminder_schedule

    conn = connect(reported_path)
    set_deadline(conn, 2024, H1, date(2024, 9, 15), "ole@sum.dk")
    at = reminder_schedule.scheduled_time({"MAALSTYRING_PAAMIND_KL": "07:00"})
    assert at == time(7, 0)
    today = date.today()
    assert reminder_schedule.run_if_due(conn, at, datetime.combine(today, time(6, 59))) is None
    assert mailserver.received == []
    plan = reminder_schedule.run_if_due(conn, at, datetime.combine(today, time(7, 0)))
    assert plan.count(reminders.SENT) == 3
    assert mailserver.addresses() == ["anna@ssi.dk", "bo@sst.dk", "nina@nce.dk"]
    later = reminder_schedule.run_if_due(conn, at, datetime.combine(today, time(8, 0)))  # the next hourly check
    assert later.count(reminders.SENT) == 0 and len(mailserver.received) == 3
    trail = audit_trail(conn, access.local_user(), year=2024, period=H1)
    actors = set(trail.query("action == @EventAction.REMINDER_SENT")["actor"])
    assert actors == {reminder_schedule.ACTOR}
    conn.close()


def test_the_apps_daily_check_is_off_unless_a_time_is_set():
    from maalstyring.reminding import reminder_schedule

    assert reminder_schedule.scheduled_time({}) is None
    assert reminder_schedule.start(None, {}) is None
    with pytest.raises(reminder_settings.ReminderSettingsError, match="MAALSTYRING_PAAMIND_KL skal være et klokkeslæt"):
        reminder_schedule.scheduled_time({"MAALSTYRING_PAAMIND_KL": "om morgenen"})


def test_two_runs_at_the_same_moment_send_each_reminder_once(reported_path, roles_file, mailserver):
    """The button and the timer at once: both plan the same three mails, the stored claim lets only one send."""
    import threading

    from maalstyring.reminding import mail

    conn = connect(reported_path)
    set_deadline(conn, 2024, H1, date(2024, 9, 15), "ole@sum.dk")
    recipients = {code: [a] for code, a in CONTROLLERS.items()}
    settings, smtp = reminder_settings.settings_from_env(), mail.settings_from_env()
    plans = [reminders.plan_reminders(conn, recipients, settings) for _ in range(2)]
    assert [p.count(reminders.WOULD_SEND) for p in plans] == [3, 3]
    start = threading.Barrier(2)
    done = []

    def run(plan):
        start.wait()
        done.append(reminders.send_reminders(conn, plan, smtp, "kommandolinje"))

    threads = [threading.Thread(target=run, args=(p,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert mailserver.addresses() == ["anna@ssi.dk", "bo@sst.dk", "nina@nce.dk"]
    assert sum(p.count(reminders.SENT) for p in done) == 3
    assert sum(p.count(reminders.ALREADY_SENT) for p in done) == 3
    assert len(audit_trail(conn, access.local_user()).query("action == @EventAction.REMINDER_SENT")) == 3
    conn.close()


def test_the_mail_says_when_the_latest_file_was_rejected(reported_path):
    from tests.workbooks import cell_of

    conn = connect(reported_path)

    def breaks(wb):
        cell_of(wb, "SST-2024-K1-1", "Status").value = "blå"

    bad = import_workbook(conn, fill(follow_up_template(conn, "SST"), edit=breaks), "sst.xlsx", "bo@sst.dk")
    assert not bad.accepted
    set_deadline(conn, 2024, H1, date(2024, 9, 15), "ole@sum.dk")
    recipients = {code: [a] for code, a in CONTROLLERS.items()}
    plan = reminders.plan_reminders(conn, recipients, reminder_settings.ReminderSettings())
    conn.close()
    bodies = {o.standing.institution_code: o.mail.body for o in plan.outgoing}
    assert f"Jeres seneste fil blev afvist den {format_date(date.today())}." in bodies["SST"]
    assert "afvist" not in bodies["SSI"]
    assert "Årsafslutning" not in bodies["SSI"]  # only the period whose deadline is due
