"""Indberetningsstatus' deadlines and reminders: the deadline per period, each institution against it, who gets
reminders, and (for Koncernøkonomi and admin) setting a deadline and "Send påmindelser nu".

Institution names come from workbooks, so they are shown only inside tables, never as markdown.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import streamlit as st

from maalstyring.reminding import mail, reminder_schedule, reminder_settings, reminders
from maalstyring.reminding.deadlines import (
    DeadlineError,
    Standing,
    days,
    set_deadline,
)
from maalstyring.reminding.recipients import EXTRA_RECIPIENTS_KEY, reminder_recipients
from maalstyring.roles import access
from ui import cache, confirm
from ui.identity import signed_in_user
from ui.status import cell_style, status_badge
from ui.tables import paged_table, static_table
from vocabulary.formatting import format_date, format_datetime, institution_label
from vocabulary.palette import MISSING, STATUS_STYLES
from vocabulary.terms import PERIODS, Status
from vocabulary.wording import STANDING_LATE, STANDING_REPORTED

STANDING_AS_STATUS = {STANDING_REPORTED: Status.GREEN, STANDING_LATE: Status.RED}
STANDING_SYMBOL = {STANDING_REPORTED: STATUS_STYLES[Status.GREEN].symbol, STANDING_LATE: "!"}
_RESULT_KEY = "paamind_resultat"
_JOB_KEY = "paamind_job"  # the reminders being sent in the background (maalstyring.background)


def standing_cell(s: Standing) -> str:
    """The matrix cell: symbol and words, e.g. '! For sent – 12 dage', '✓ Indberettet, 3 dage for sent'."""
    symbol = STANDING_SYMBOL.get(s.word, MISSING.symbol)
    if s.reported and s.days_late:
        return f"{symbol} {STANDING_REPORTED}, {days(s.days_late)} for sent"
    return f"{symbol} {s.label()}"


def standing_style(text: str) -> str:
    """The cell's colour follows its word (green reported, red late); the word is always there too."""
    if not isinstance(text, str):
        return ""
    word = next((w for w in STANDING_AS_STATUS if text[2:].startswith(w)), None)
    return cell_style(status_badge(STANDING_AS_STATUS[word])) if word else ""


def board_standings(conn, year: int, codes: list[str] | None, today: date) -> list[Standing]:
    return cache.standings(conn, year, None, codes or None, today)


def deadline_summary(conn, year: int, today: date) -> None:
    """One line per period: the deadline, how far away or overdue, and whether reminders go out."""
    try:
        settings = reminder_settings.settings_from_env()
    except reminder_settings.ReminderSettingsError:
        settings = None  # the reminder section says what is wrong
    for period in PERIODS:
        deadline = cache.deadline_for(conn, year, period)
        lock = cache.period_lock(conn, year, period)
        if deadline is None:
            text = "ingen frist sat"
        else:
            left = (deadline.due - today).days
            when = (
                f"overskredet for {days(-left)} siden" if left < 0 else ("i dag" if left == 0 else f"om {days(left)}")
            )  # fmt: skip
            text = f"{format_date(deadline.due)} ({when})"
            if lock:
                text += " · perioden er låst, så der sendes ingen påmindelser"
            elif settings is not None:
                start = reminder_settings.reminders_start(deadline.due, settings)
                text += f" · påmindelser fra {format_date(start)}" if start > today else " · påmindelser sendes"
        st.markdown(f"**Frist for {period} {year}:** {text}")


def reminder_section(conn, year: int, standing_list: list[Standing], today: date) -> None:
    """Who gets the reminders per institution, who has no one, and Koncernøkonomi's controls."""
    st.header("Frister og påmindelser", anchor=False)  # also the view's tab: the heading gives screen readers a mark
    try:
        settings = reminder_settings.settings_from_env()
    except reminder_settings.ReminderSettingsError as error:
        st.error(_escaped(str(error)), icon=":material/error:")
        settings = None
    try:
        recipients = reminder_recipients()
    except access.RolesConfigError as error:
        st.error(_escaped(f"Modtagerne af påmindelser kan ikke findes. {error}"), icon=":material/error:")
        return
    st.caption(_escaped(_how_reminders_go_out()))
    user = signed_in_user()
    may_manage = access.can_approve(user)
    _recipient_table(conn, year, standing_list, recipients, show_addresses=may_manage)
    if may_manage:
        _finance_controls(conn, year, recipients, settings, user.actor, today)


def _how_reminders_go_out() -> str:
    try:
        at = reminder_schedule.scheduled_time()
    except reminder_settings.ReminderSettingsError as error:
        return str(error)
    if at is None:
        return (
            "Påmindelser sendes, når kommandoen paamind køres (fx dagligt af cron eller en systemd-timer), "
            "eller med knappen."
        )
    return f"Appen sender selv påmindelserne hver dag fra kl. {at:%H.%M} ({reminder_schedule.SCHEDULE_ENV})."


def _recipient_table(conn, year: int, standing_list: list[Standing], recipients, show_addresses: bool) -> None:
    names = {s.institution_code: s.institution_name for s in standing_list}
    nobody = [code for code in names if not recipients.get(code)]
    if nobody:
        st.warning(
            f"{len(nobody)} af {len(names)} institutioner har ingen at påminde: ingen controller med e-mail og "
            f"ingen ekstra modtagere i rollefilen (nøglen [{EXTRA_RECIPIENTS_KEY}], se roller.example.toml). "
            "En rolle givet til en gruppe eller et id (uden e-mail) giver ingen adresse.",
            icon=":material/person_off:",
        )
    sent = cache.last_reminders(conn, year)
    rows = []
    for code, name in names.items():
        addresses = recipients.get(code, [])
        who = ", ".join(addresses) if show_addresses else f"{len(addresses)} modtager(e)"
        rows.append(
            {
                "Institution": institution_label(name, code),
                "Modtagere af påmindelser": who if addresses else "– Ingen at påminde",
                **{
                    f"Seneste påmindelse, {p}": format_datetime(sent.get((code, p)), "ingen")
                    for p in PERIODS
                },
            }
        )  # fmt: skip
    paged_table(pd.DataFrame(rows), "side_modtagere")


def _finance_controls(conn, year: int, recipients, settings, actor: str, today: date) -> None:
    with st.expander("Sæt frist og send påmindelser (Koncernøkonomi)", icon=":material/alarm:"):
        period = st.radio("Periode", PERIODS, horizontal=True, key="frist_period")
        current = cache.deadline_for(conn, year, period)
        # A form, so that Enter in the date field saves the date, as Enter does in a form (issue 27): the typed
        # date and the click arrive together, instead of "Gem frist" waiting for the field to lose focus.
        with st.form(f"frist_form_{year}_{period}", border=False):
            due = st.date_input(
                f"Frist for {period} {year}",
                value=current.due if current else None,
                format="DD.MM.YYYY",
                key=f"frist_dato_{year}_{period}",
            )
            saved = st.form_submit_button("Gem frist", icon=":material/event:", key="frist_gem")
        if saved and due is None:
            st.warning("Skriv eller vælg en dato i feltet, og gem igen.", icon=":material/event_busy:")
        elif saved and access.can_approve(signed_in_user()):  # checked again here, on the server
            try:
                set_deadline(conn, year, period, due, actor)
                st.rerun()
            except DeadlineError as error:
                st.error(_escaped(str(error)))
        if settings is None:
            return
        _send_controls(conn, year, period, recipients, settings, actor, today)


def _send_controls(conn, year: int, period: str, recipients, settings, actor: str, today: date) -> None:
    st.subheader(f"Påmindelser for {period} {year}", anchor=False)
    plan = reminders.plan_reminders(conn, recipients, settings, today=today, year=year, period=period)
    for note in plan.notes:
        st.caption(_escaped(note))
    try:
        smtp = mail.settings_from_env()
    except mail.MailConfigError as error:
        smtp = None
        st.info(_escaped(f"Påmindelser kan ikke sendes fra appen. {error}"), icon=":material/mail_lock:")
    sending = st.session_state.get(_JOB_KEY) is not None
    # While a sending runs, its progress below says what happens; the preview would call a mail that is being
    # sent "allerede sendt i dag" (its row is written before it goes out).
    if plan.outgoing and not sending:
        st.caption("Det her ville blive sendt nu (samme beregning som kommandoen »paamind --dry-run«):")
        paged_table(_outcome_rows(plan), "side_udsendelse", text_columns=["Besked"])
    waiting = plan.count(reminders.WOULD_SEND)
    clicked = st.button(
        "Send påmindelser nu",
        type="primary",
        icon=":material/send:",
        key="paamind_send",
        disabled=smtp is None or not waiting or sending,
        help="Påmindelserne sendes allerede."
        if sending
        else (None if waiting else "Der er ingen påmindelser at sende lige nu."),
    )
    # Asked first (ui/confirm.py), with every recipient; sent in the background once confirmed (issue 28).
    waiting_mail = [
        (institution_label(o.standing.institution_name, o.standing.institution_code), [o.mail.recipient])
        for o in plan.outgoing
        if o.state == reminders.WOULD_SEND
    ]
    confirm.ask(
        "paamind",
        clicked,
        lambda: confirm.reminder_confirmation(period, year, waiting_mail),
        lambda: _start_sending(conn, plan, smtp, actor, len(waiting_mail)),
    )
    confirm.show_outcome("paamind")
    if st.session_state.get(_JOB_KEY) is not None:
        _sending_progress()
    result = st.session_state.pop(_RESULT_KEY, None)
    if result:
        summary, failed, rows = result
        (st.error if failed else st.success)(summary)
        # Shown once, right after sending (popped above): whole, since a page choice would rerun it away.
        if rows is not None:
            static_table(rows, text_columns=["Besked"])


def _start_sending(conn, plan, smtp, actor: str, count: int) -> tuple[bool, str]:
    """The confirmed sending, started in the background (checked again here, on the server)."""
    if not access.can_approve(signed_in_user()):
        return False, "Kun Koncernøkonomi kan sende påmindelser."
    st.session_state[_JOB_KEY] = reminders.send_in_background(conn, plan, smtp, actor)
    return (
        True,
        f"Afsendelsen af {count} {'påmindelse' if count == 1 else 'påmindelser'} er startet; resultatet kommer her.",
    )


@st.fragment(run_every=1)
def _sending_progress() -> None:
    """How far the background sending has come, redrawn every second; the whole page once it has finished."""
    job = st.session_state.get(_JOB_KEY)
    if job is None:
        return
    if not job.finished:
        progress = job.progress()
        st.progress(
            progress.fraction,
            text=_escaped(f"{progress.text} Du kan bruge resten af Målstyring imens; resultatet kommer her."),
        )
        return
    del st.session_state[_JOB_KEY]
    if job.error:
        st.session_state[_RESULT_KEY] = (job.error, 1, None)
    else:
        done = job.result
        st.session_state[_RESULT_KEY] = (done.summary(), done.count(reminders.FAILED), _outcome_rows(done))
    st.rerun()  # the whole page: the result, the recipient table's "Seneste påmindelse" and the button


def _escaped(text: str) -> str:
    """Plain text through markdown: "1. halvår …" at the start of a line would otherwise become a list."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)


def _outcome_rows(plan: reminders.ReminderPlan) -> pd.DataFrame:
    rows = pd.DataFrame(
        [
            {
                "Institution": institution_label(o.standing.institution_name, o.standing.institution_code),
                "Periode": f"{o.standing.period} {o.standing.year}",
                "Modtager": o.mail.recipient,
                "Udfald": o.state.capitalize(),
                "Besked": o.reason,
            }
            for o in plan.outgoing
        ]
    )
    return rows if rows["Besked"].astype(bool).any() else rows.drop(columns="Besked")
