"""Reminders by e-mail to institutions that have not reported for a period whose deadline is near or past.

One code path for the CLI (`paamind`, run by cron or a systemd timer) and the board's "Send påmindelser nu":
`plan_reminders` works out who would get what (all that `--dry-run` shows), `send_reminders` sends it.

Never spam: a recipient gets at most one reminder a day per institution and period. That is enforced by the
reminders_sent table, not by memory: a row is claimed before the mail goes out (so two runs cannot both send) and
removed again if the send fails, so a failed recipient is tried again on the next run. `again=True` (--igen)
sends even when today's reminder has gone. Every sent or failed mail is an event in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from maalstyring.background import BackgroundJob, Report
from maalstyring.database import reports_store
from maalstyring.database.events import record_event
from maalstyring.database.storage import Connection, transaction
from maalstyring.reminding.deadlines import Deadline, Standing, all_deadlines, days, standings
from maalstyring.reminding.mail import Mail, Mailer, SmtpSettings
from maalstyring.reminding.reminder_settings import ReminderSettings, reminders_start, templates_link
from vocabulary.formatting import format_date
from vocabulary.terms import EventAction, Period, UploadOutcome, WorkbookKind

SENT = "sendt"
FAILED = "fejlet"
ALREADY_SENT = "allerede sendt i dag"
WOULD_SEND = "ville blive sendt"


@dataclass(frozen=True)
class Outgoing:
    """One reminder to one recipient, and what became of it."""

    standing: Standing
    mail: Mail
    state: str = WOULD_SEND
    reason: str = ""

    def line(self) -> str:
        s = self.standing
        head = f"{s.institution_code} · {s.period} {s.year} → {self.mail.recipient}: {self.state}"
        return f"{head}. {self.reason}" if self.reason else head


@dataclass
class ReminderPlan:
    """Who would get a reminder now, and what the run had to leave out (Danish notes)."""

    today: date
    outgoing: list[Outgoing] = field(default_factory=list)
    nobody_to_remind: list[Standing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about periods: no deadline, not yet due, locked

    def nobody_lines(self) -> list[str]:
        return [
            f"{s.institution_name} ({s.institution_code}) mangler {s.period} {s.year}, men har ingen at påminde: "
            "ingen controller med e-mail og ingen ekstra modtagere i rollefilen."
            for s in self.nobody_to_remind
        ]

    def count(self, state: str) -> int:
        return sum(o.state == state for o in self.outgoing)

    def summary(self) -> str:
        sent, failed, skipped = self.count(SENT), self.count(FAILED), self.count(ALREADY_SENT)
        waiting = self.count(WOULD_SEND)
        parts = []
        if waiting:
            parts.append(f"{waiting} påmindelse(r) ville blive sendt")
        if sent:
            parts.append(f"{sent} sendt")
        if failed:
            parts.append(f"{failed} kunne ikke sendes og prøves igen ved næste kørsel")
        if skipped:
            parts.append(f"{skipped} allerede sendt i dag")
        return (", ".join(parts) + ".") if parts else "Ingen påmindelser at sende."


def due_deadlines(
    conn: Connection,
    settings: ReminderSettings,
    today: date,
    year: int | None = None,
    period: str | None = None,
) -> tuple[list[Deadline], list[str]]:
    """The deadlines reminders are due for today (near or past, period not locked), and notes on the others."""
    notes: list[str] = []
    chosen = [
        d for d in all_deadlines(conn) if (year is None or d.year == year) and (period is None or d.period == period)
    ]
    if year is not None and not chosen:
        what = f"{period} {year}" if period else str(year)
        notes.append(f"Der er ingen frist for {what}. Sæt den på Indberetningsstatus eller med kommandoen frist.")
    cur = conn.cursor()
    due = []
    for d in chosen:
        locked = reports_store.period_lock(cur, d.year, d.period) is not None
        start = reminders_start(d.due, settings)
        if locked:
            if year is not None:
                notes.append(f"{d.period} {d.year} er låst for indberetning, så der sendes ingen påmindelser.")
        elif today < start:
            if year is not None:
                notes.append(
                    f"Fristen for {d.period} {d.year} er {format_date(d.due)}; påmindelser sendes fra "
                    f"{format_date(start)} ({days(settings.days_before)} før fristen)."
                )
        else:
            due.append(d)
    return due, notes


def plan_reminders(
    conn: Connection,
    recipients: dict[str, list[str]],
    settings: ReminderSettings,
    today: date | None = None,
    year: int | None = None,
    period: str | None = None,
    again: bool = False,
) -> ReminderPlan:
    """Every reminder a run would send now. Writes nothing (this is all `--dry-run` does)."""
    today = today or date.today()
    deadlines, notes = due_deadlines(conn, settings, today, year, period)
    plan = ReminderPlan(today, notes=notes)
    for d in deadlines:
        facts = plan_facts(conn, d.year, d.period)
        sent_today = set() if again else _sent_on(conn, d.year, d.period, today)
        for standing in standings(conn, d.year, d.period, today=today):
            if standing.reported:
                continue
            addresses = recipients.get(standing.institution_code, [])
            if not addresses:
                plan.nobody_to_remind.append(standing)
                continue
            body = reminder_body(standing, facts[standing.institution_code], settings)
            for address in addresses:
                mail = Mail(address, reminder_subject(standing), body)
                sent = (standing.institution_code, address) in sent_today
                plan.outgoing.append(Outgoing(standing, mail, ALREADY_SENT if sent else WOULD_SEND))
    return plan


def send_reminders(
    conn: Connection,
    plan: ReminderPlan,
    smtp: SmtpSettings,
    actor: str,
    again: bool = False,
    mailer: Callable[[SmtpSettings], Mailer] = Mailer,
    report: Report | None = None,
) -> ReminderPlan:
    """Send what `plan` lists (skipping what went today), recording each mail; returns the plan with outcomes.

    `report(done, total, text)` hears, before each mail, how far the run has come (Danish)."""
    waiting = [o for o in plan.outgoing if o.state == WOULD_SEND]
    if not waiting:
        return plan
    report = report or (lambda done, total, text: None)
    report(0, len(waiting), f"Forbinder til mailserveren {smtp.where} …")
    cur = conn.cursor()
    outcomes: list[Outgoing] = []
    done = 0
    with mailer(smtp) as session:
        for item in plan.outgoing:
            if item.state != WOULD_SEND:
                outcomes.append(item)
                continue
            report(done, len(waiting), f"Sender påmindelse {done + 1} af {len(waiting)} til {item.mail.recipient} …")
            outcomes.append(_send_one(cur, session, item, actor, plan.today, again))
            done += 1
    plan.outgoing = outcomes
    report(len(waiting), len(waiting), "Færdig.")
    return plan


def send_in_background(
    conn: Connection, plan: ReminderPlan, smtp: SmtpSettings, actor: str
) -> BackgroundJob[ReminderPlan]:
    """`send_reminders` in a thread of its own, so a slow mail server never holds the page that asked: the page
    shows the job's progress and, when it has finished, `job.result` (the plan with outcomes)."""
    total = sum(o.state == WOULD_SEND for o in plan.outgoing)
    job = BackgroundJob(
        lambda report: send_reminders(conn, plan, smtp, actor, report=report),
        first=f"Sender {total} påmindelse(r) i baggrunden …",
    )
    return job.start()


def _send_one(cur, session: Mailer, item: Outgoing, actor: str, today: date, again: bool) -> Outgoing:
    s, address = item.standing, item.mail.recipient
    earlier = _claim(cur, s, address, today, actor, again)
    if earlier is False:
        return Outgoing(s, item.mail, ALREADY_SENT)
    failure = session.send(item.mail)
    with transaction(cur):
        if failure is None:
            record_event(
                cur, actor, EventAction.REMINDER_SENT, None, s.institution_code, s.year, s.period,
                f"Påmindelse om {s.period} {s.year} sendt til {address} (frist {format_date(s.deadline)})",
            )  # fmt: skip
        else:
            _release(cur, s, address, today, earlier)
            record_event(
                cur, actor, EventAction.REMINDER_FAILED, None, s.institution_code, s.year, s.period,
                f"Påmindelse om {s.period} {s.year} til {address} kunne ikke sendes: {failure}",
            )  # fmt: skip
    if failure is None:
        return Outgoing(s, item.mail, SENT)
    return Outgoing(s, item.mail, FAILED, f"Kunne ikke sendes: {failure} Prøves igen ved næste kørsel.")


_INSERT_SENT = """
    INSERT INTO reminders_sent (institution_code, year, period, recipient, sent_on, sent_at, sent_by)
    VALUES (?, ?, ?, ?, ?, ?, ?)
"""


def _key(s: Standing, address: str, today: date) -> list:
    return [s.institution_code, s.year, s.period, address, today]


def _sent_on(conn, year: int, period: str, day: date) -> set[tuple[str, str]]:
    """(institution, recipient) pairs that got their reminder for year × period on `day`."""
    rows = (
        conn.cursor()
        .execute(
            "SELECT institution_code, recipient FROM reminders_sent WHERE year = ? AND period = ? AND sent_on = ?",
            [year, period, day],
        )
        .fetchall()
    )
    return {(code, recipient) for code, recipient in rows}


def _claim(cur, s: Standing, address: str, today: date, actor: str, again: bool):
    """Write today's row before sending. False: another run has sent today. Else the row it replaced (or None)."""
    where = "institution_code = ? AND year = ? AND period = ? AND recipient = ? AND sent_on = ?"
    try:
        with transaction(cur):
            earlier = cur.execute(
                f"SELECT sent_at, sent_by FROM reminders_sent WHERE {where}",  # noqa: S608 - constant text
                _key(s, address, today),
            ).fetchone()
            if earlier and not again:
                return False
            if earlier:  # --igen: today's row now records this send
                cur.execute(f"DELETE FROM reminders_sent WHERE {where}", _key(s, address, today))  # noqa: S608
            # A plain INSERT: two runs that both found no row collide on the key, and only one of them sends.
            cur.execute(
                _INSERT_SENT,
                [*_key(s, address, today), datetime.now(), actor],
            )
            return earlier
    except reports_store.WRITE_CONFLICTS:
        return False  # a run at the same moment claimed it first (a write-write conflict): it sends


def _release(cur, s: Standing, address: str, today: date, earlier) -> None:
    """Undo the claim after a failed send, so the next run tries again (keeping an earlier send of today's)."""
    where = "institution_code = ? AND year = ? AND period = ? AND recipient = ? AND sent_on = ?"
    cur.execute(f"DELETE FROM reminders_sent WHERE {where}", _key(s, address, today))  # noqa: S608
    if earlier:
        cur.execute(_INSERT_SENT, [*_key(s, address, today), *earlier])


def last_reminders(conn: Connection, year: int) -> dict[tuple[str, str], datetime]:
    """(institution, period) → when the latest reminder for `year` went out."""
    rows = (
        conn.cursor()
        .execute(
            "SELECT institution_code, period, max(sent_at) FROM reminders_sent WHERE year = ? "
            "GROUP BY institution_code, period",
            [year],
        )
        .fetchall()
    )
    return {(code, period): at for code, period, at in rows}


# --- The mail ------------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    # Names come from workbooks: no line break may reach a mail header.
    return " ".join(str(text).split())


def reminder_subject(s: Standing) -> str:
    """The app's own words only (issue 28, point 8): the institution's name and code come from a plan workbook
    and go in the body, whose first line names the institution."""
    return f"Påmindelse: opfølgning for {Period(s.period)} {int(s.year)} mangler i Målstyring"


@dataclass(frozen=True)
class PlanFacts:
    """What a reminder says about an institution's plan and period besides its standing."""

    plan_id: str
    measures: int
    rejected_at: datetime | None  # the latest rejected follow-up for the period, if any


def plan_facts(conn: Connection, year: int, period: str) -> dict[str, PlanFacts]:
    """Institution → PlanFacts for every plan of `year`, in one query (the board plans reminders on every run)."""
    rows = (
        conn.cursor()
        .execute(
            """
        SELECT p.institution_code, p.plan_id,
               (SELECT count(*) FROM goals g JOIN measures m USING (goal_id) WHERE g.plan_id = p.plan_id),
               (SELECT max(u.uploaded_at) FROM uploads u
                WHERE u.kind = ? AND u.outcome = ? AND u.institution_code = p.institution_code
                  AND u.year = p.year AND u.period = ?)
        FROM plans p WHERE p.year = ?
        """,
            [WorkbookKind.FOLLOW_UP, UploadOutcome.REJECTED, period, year],
        )
        .fetchall()
    )
    return {code: PlanFacts(plan_id, int(measures), rejected) for code, plan_id, measures, rejected in rows}


def reminder_body(s: Standing, facts: PlanFacts, settings: ReminderSettings) -> str:
    name = f"{_one_line(s.institution_name)} ({s.institution_code})"
    plan_id, measures, rejected = facts.plan_id, facts.measures, facts.rejected_at
    fields = "status og vurdering" if s.period == Period.H1 else "status, vurdering, opfyldelse og resultat"
    if s.deadline is None:  # due_deadlines plans reminders only for periods with a deadline
        raise ValueError(f"{s.institution_code} {s.year} {s.period}: ingen frist")
    left = (s.deadline - s.today).days
    timing = (
        f"overskredet med {days(-left)}" if left < 0 else ("i dag" if left == 0 else f"om {days(left)}")
    )  # fmt: skip
    lines = [
        f"Til {name}",
        "",
        f"Målstyring har endnu ikke modtaget jeres opfølgning på mål- og resultatplanen for {s.year} "
        f"(plan {plan_id}) for perioden {s.period}.",
        "",
        f"Frist: {format_date(s.deadline)} ({timing}).",
        "",
        f"Det mangler: opfølgningen for {s.period} {s.year} med {fields} for planens {measures} målepunkter.",
    ]
    if rejected is not None:
        lines += [
            f"Jeres seneste fil blev afvist den {format_date(rejected)}. Fejlene står under Historik i Målstyring; "
            "ret dem, og indlæs filen igen.",
        ]
    lines += [
        "",
        f"Hent skabelonen for {s.institution_code}, {s.year} og {s.period} her:",
        templates_link(settings, s.institution_code, _one_line(s.institution_name), s.year, s.period),
        "",
        "Udfyld den, og indlæs den under Indberetning i Målstyring.",
        "",
        "Venlig hilsen",
        "Koncernøkonomi",
        "",
        "Denne påmindelse er sendt automatisk af Målstyring, højst én gang om dagen, så længe opfølgningen mangler.",
    ]
    return "\n".join(lines) + "\n"
