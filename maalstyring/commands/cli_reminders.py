"""The CLI's `frist` (set or show deadlines) and `paamind` (send reminders), kept out of cli.py to keep it small."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from maalstyring.reminding import reminder_settings
from vocabulary.terms import PERIODS


def add_reminder_commands(sub) -> None:
    frist = sub.add_parser(
        "frist",
        help="Sæt fristen for en periode (med --dato), eller vis fristerne.",
        description='Sæt fristen for år × periode, fx: frist --year 2024 --period "1. halvår" --dato 2024-09-15. '
        "Uden --dato vises de frister, der er sat.",
    )
    frist.add_argument("--year", type=int, metavar="ÅR", help="Planår, fx 2024.")
    frist.add_argument("--period", choices=list(PERIODS), metavar="PERIODE", help='"1. halvår" eller Årsafslutning.')
    frist.add_argument("--dato", metavar="DATO", help="Fristen, fx 2024-09-15 eller 15.09.2024.")
    paamind = sub.add_parser(
        "paamind",
        help="Send påmindelser til institutioner, der mangler at indberette (til cron eller en systemd-timer).",
        description="Sender en påmindelse til modtagerne for hver institution uden indlæst opfølgning for en "
        f"periode, hvis frist er nær (${reminder_settings.DAYS_BEFORE_ENV} dage før, standard "
        f"{reminder_settings.DEFAULT_DAYS_BEFORE}) eller overskredet. Højst én påmindelse om dagen pr. institution og "
        "periode.",
    )
    paamind.add_argument("--year", type=int, metavar="ÅR", help="Kun dette planår.")
    paamind.add_argument("--period", choices=list(PERIODS), metavar="PERIODE", help="Kun denne periode.")
    paamind.add_argument("--dry-run", action="store_true", help="Vis præcis hvad der ville blive sendt; send intet.")
    paamind.add_argument("--igen", action="store_true", help="Send også, selv om der er sendt en påmindelse i dag.")


def reminder_commands(actor: Callable[[], str]) -> dict:
    """The subcommands for cli.COMMANDS; `actor()` names who is recorded as having set a deadline or sent mail."""
    return {"frist": lambda conn, args: cmd_deadline(conn, args, actor()),
            "paamind": lambda conn, args: cmd_remind(conn, args, actor())}  # fmt: skip


def _fail(message: str) -> int:
    print(f"Fejl: {message}", file=sys.stderr)
    return 1


def cmd_deadline(conn, args: argparse.Namespace, actor: str) -> int:
    from maalstyring.reminding.deadlines import DeadlineError, all_deadlines, parse_due_date, set_deadline
    from vocabulary.formatting import format_date, format_datetime

    if args.dato is None:
        shown = [d for d in all_deadlines(conn) if args.year in (None, d.year) and args.period in (None, d.period)]
        if not shown:
            print('Der er ikke sat nogen frister. Sæt en med: frist --year 2024 --period "1. halvår" --dato 2024-09-15')
        for d in shown:
            print(f"{d.period} {d.year}: {format_date(d.due)} (sat af {d.set_by} {format_datetime(d.set_at)})")
        return 0
    if args.year is None or args.period is None:
        return _fail('angiv både --year og --period, fx --year 2024 --period "1. halvår".')
    try:
        deadline = set_deadline(conn, args.year, args.period, parse_due_date(args.dato), actor)
    except DeadlineError as exc:
        return _fail(str(exc))
    print(f"Fristen for {deadline.period} {deadline.year} er sat til {format_date(deadline.due)}.")
    return 0


def cmd_remind(conn, args: argparse.Namespace, actor: str) -> int:
    from maalstyring.reminding import mail, reminders  # imported by the command that sends, not by --help
    from maalstyring.reminding.recipients import reminder_recipients
    from maalstyring.roles import access

    if args.period and args.year is None:
        return _fail("--period kræver --year.")
    try:
        settings = reminder_settings.settings_from_env()
        smtp = None if args.dry_run else mail.settings_from_env()
        recipients = reminder_recipients()
    except (reminder_settings.ReminderSettingsError, mail.MailConfigError, access.RolesConfigError) as exc:
        return _fail(str(exc))
    plan = reminders.plan_reminders(conn, recipients, settings, year=args.year, period=args.period, again=args.igen)
    if smtp is None:  # --dry-run
        for item in plan.outgoing:
            print(item.line())
            if item.state == reminders.WOULD_SEND:
                print(f"  Emne: {item.mail.subject}")
                print("  " + item.mail.body.rstrip("\n").replace("\n", "\n  "))
    else:
        plan = reminders.send_reminders(conn, plan, smtp, actor, again=args.igen)
        for item in plan.outgoing:
            print(item.line())
    for note in plan.notes + plan.nobody_lines():
        print(note)
    print(("Prøvekørsel, intet er sendt: " if args.dry_run else "") + plan.summary())
    return 1 if plan.count(reminders.FAILED) else 0
