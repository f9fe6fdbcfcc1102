"""Daily reminders sent by the app's own process, for when the app holds the database all day.

DuckDB lets one process hold the file, so a cron job's `paamind` fails (exit code 2) while the app runs. With
MAALSTYRING_PAAMIND_KL=HH:MM set, the app checks once an hour from that time of day and sends what `paamind` would
send, through the same code. The reminders_sent table keeps it to one reminder a day per recipient, so checking
hourly is safe, and a recipient whose send failed is tried again at the next check.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from datetime import datetime, time

from maalstyring.database.storage import Connection
from maalstyring.reminding import mail, reminder_settings, reminders
from maalstyring.reminding.recipients import reminder_recipients
from maalstyring.roles.access import RolesConfigError

SCHEDULE_ENV = "MAALSTYRING_PAAMIND_KL"
ACTOR = "Målstyring (automatisk påmindelse)"
CHECK_EVERY_SECONDS = 3600

log = logging.getLogger("maalstyring.paamind")


def scheduled_time(env: Mapping[str, str] | None = None) -> time | None:
    """The time of day from MAALSTYRING_PAAMIND_KL (e.g. 07:00), or None when the app should not send by itself."""
    env = os.environ if env is None else env
    text = env.get(SCHEDULE_ENV, "").strip()
    if not text:
        return None
    for pattern in ("%H:%M", "%H.%M", "%H"):
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise reminder_settings.ReminderSettingsError(f"{SCHEDULE_ENV} skal være et klokkeslæt, fx 07:00, ikke '{text}'.")


def run_if_due(conn: Connection, at: time, now: datetime | None = None) -> reminders.ReminderPlan | None:
    """Send today's reminders if it is `at` or later; None when it is too early. Never raises: it logs instead."""
    now = now or datetime.now()
    if now.time() < at:
        return None
    try:
        settings = reminder_settings.settings_from_env()
        smtp = mail.settings_from_env()
        recipients = reminder_recipients()
    except (reminder_settings.ReminderSettingsError, mail.MailConfigError, RolesConfigError) as exc:
        log.error("Automatiske påmindelser kan ikke sendes: %s", exc)
        return None
    plan = reminders.plan_reminders(conn, recipients, settings, today=now.date())
    plan = reminders.send_reminders(conn, plan, smtp, ACTOR)
    for item in plan.outgoing:
        if item.state in (reminders.SENT, reminders.FAILED):
            (log.warning if item.state == reminders.FAILED else log.info)("%s", item.line())
    return plan


def start(conn: Connection, env: Mapping[str, str] | None = None) -> threading.Thread | None:
    """Start the hourly check in a daemon thread when MAALSTYRING_PAAMIND_KL is set; else do nothing."""
    try:
        at = scheduled_time(env)
    except reminder_settings.ReminderSettingsError as exc:
        log.error("%s", exc)
        return None
    if at is None:
        return None
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                run_if_due(conn, at)
            except Exception:  # a broken check must not end the schedule; the next hour tries again
                log.exception("Automatiske påmindelser fejlede")
            stop.wait(CHECK_EVERY_SECONDS)

    thread = threading.Thread(target=loop, name="maalstyring-paamind", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]  # lets a test or a shutdown end it
    thread.start()
    return thread
