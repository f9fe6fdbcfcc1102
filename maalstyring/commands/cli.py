"""Command line: python -m maalstyring {init,import,template,export,rapport,frist,paamind,kopier}.
Messages in Danish."""

from __future__ import annotations

import argparse
import errno
import getpass
import os
import sys
from pathlib import Path

from maalstyring.commands.cli_parser import EXIT_DATABASE, EXIT_FAILED, DanishArgumentParser
from maalstyring.commands.cli_reminders import add_reminder_commands, reminder_commands
from maalstyring.commands.copy_database import add_copy_command, cmd_copy
from maalstyring.documents import command as documents_command
from vocabulary.terms import PERIODS, Period, UploadOutcome, WorkbookKind, label_of


def os_user() -> str:
    """The operating-system account running the command: what the CLI can actually vouch for."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "ukendt"


def cli_actor(stated: str | None = None) -> str:
    """Who the CLI records as 'who': the OS user; a name given with --bruger is kept, marked as stated.

    --bruger is not checked against anything, so it never stands alone in the audit trail."""
    if stated and stated.strip():
        return f"{stated.strip()} (angivet; OS-bruger: {os_user()})"
    return f"{os_user()} (OS-bruger, kommandolinje)"


def add_global_options(parser: argparse.ArgumentParser, default=None) -> None:
    """--db and --bruger, on the main parser and on every subcommand, so they work before or after it."""
    parser.add_argument(
        "--db", default=default, metavar="FIL",
        help="Databasefil eller postgresql://-adresse (standard: $MAALSTYRING_DB eller data/maalstyring.duckdb).",
    )  # fmt: skip
    parser.add_argument(
        "--bruger", default=default, metavar="NAVN",
        help="Hvem handler på vegne af hvem (gemmes i historikken som angivet, sammen med OS-brugeren).",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = DanishArgumentParser(
        prog="python -m maalstyring",
        description="Målstyring: opfølgning på mål- og resultatplaner.",
        epilog="Slutkoder: 0 udført, 1 kommandoen mislykkedes (fx en fil afvist), 2 databasen er i brug eller kan "
        "ikke åbnes, 3 forkert kommandolinje. --db og --bruger kan stå før eller efter kommandoen.",
    )
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO", title="kommandoer")
    sub.add_parser("init", help="Opret eller opdatér databasen og indlæs standarddata (de fem planer).")
    imp = sub.add_parser("import", help="Indlæs en eller flere udfyldte skabeloner (.xlsx).")
    imp.add_argument("files", nargs="+", metavar="FIL")
    tpl = sub.add_parser("template", help="Hent en skabelon for en institution og et år.")
    tpl.add_argument("--kind", required=True, choices=["opfølgning", "plan"], help="Skabelonens art.")
    tpl.add_argument("--institution", required=True, metavar="KODE", help="Institutionskode, fx LMST.")
    tpl.add_argument("--year", required=True, type=int, metavar="ÅR", help="Planår, fx 2024.")
    tpl.add_argument("--period", choices=list(PERIODS), help="Periode for opfølgning.")
    tpl.add_argument("--out", metavar="FIL", help="Filnavn (standard: et beskrivende navn i den aktuelle mappe).")
    start = tpl.add_mutually_exclusive_group()
    start.add_argument(
        "--from-year",
        type=int,
        metavar="ÅR",
        help="Kun plan: start fra planen for dette år (fx 2024), med ID'er skrevet om til --year.",
    )
    start.add_argument("--blank", action="store_true", help="Kun plan: en tom plan-skabelon.")
    exp = sub.add_parser("export", help="Eksportér alle planer og opfølgninger til én .xlsx-fil.")
    exp.add_argument("--out", required=True, metavar="FIL", help="Filnavn for eksporten.")
    documents_command.add_parser(sub)
    sub.add_parser("fjern-eksempeldata", help="Fjern de medfølgende eksempelindberetninger (planerne bliver).")
    add_reminder_commands(sub)
    add_copy_command(sub)
    for subcommand in sub.choices.values():  # SUPPRESS: an option not given after the command keeps its value
        add_global_options(subcommand, default=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Imported once the command line is understood: --help and a mistyped option answer at once, and a command
    # loads only what it uses (pandas, openpyxl, the document writers are seconds of imports together).
    from maalstyring.database.storage import (
        DatabaseLockedError,
        DatabaseOpenError,
        DatabaseUnavailableError,
        connect,
        database_path,
    )
    from maalstyring.workbooks.defaults import ensure_default_data

    if args.command == "kopier":  # opens both databases itself, and leaves the source exactly as it is
        return cmd_copy(args)
    try:
        conn = connect(database_path(args.db))
    except (DatabaseLockedError, DatabaseOpenError, DatabaseUnavailableError) as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    try:
        loaded = ensure_default_data(conn)
        if loaded:
            print(f"Ny database: {default_data_summary(loaded)} indlæst.")
        commands = {**COMMANDS, **reminder_commands(lambda: cli_actor(args.bruger))}  # --bruger counts everywhere
        return commands[args.command](conn, args)
    except DatabaseUnavailableError as exc:  # PostgreSQL went away mid-command: nothing half-written
        print(f"Fejl: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    except OSError as exc:  # e.g. --out in a folder that does not exist: a Danish line, not a traceback
        print(f"Fejl: {file_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        conn.close()


def default_data_summary(loaded) -> str:
    """E.g. '5 planer og 10 eksempelindberetninger': plans and example reports counted apart."""
    plans = sum(r.accepted and r.read.kind == WorkbookKind.PLAN for r in loaded)
    examples = sum(r.accepted and r.read.kind == WorkbookKind.FOLLOW_UP for r in loaded)
    text = f"{plans} {'plan' if plans == 1 else 'planer'}"
    return text + (f" og {examples} eksempelindberetninger" if examples else "")


def file_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    reasons: dict[int | None, str] = {errno.ENOENT: "filen eller mappen findes ikke", errno.EACCES: "ingen adgang",
               errno.EISDIR: "det er en mappe", errno.ENOSPC: "disken er fuld"}  # fmt: skip
    what = reasons.get(exc.errno, "kan ikke læses eller skrives")
    return f"{where}{what}."


def cmd_init(conn, args) -> int:
    from maalstyring.database import queries
    from maalstyring.database.storage import database_path, display_name

    overview = queries.plans_overview(conn)
    print(f"Databasen {display_name(database_path(args.db))} er klar med {len(overview)} plan(er):")
    for row in overview.itertuples():
        print(f"  {row.institution_code:6} {row.year}  {row.institution_name}: "
              f"{row.shared_goals + row.specific_goals} mål, {row.measures} målepunkter")  # fmt: skip
    return 0


def cmd_import(conn, args) -> int:
    from maalstyring.workbooks.ingest import import_workbook
    from maalstyring.workbooks.rule_check import file_disagreements

    failed = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"{name}: {UploadOutcome.REJECTED.label.upper()}\n  Filen findes ikke.")
            failed += 1
            continue
        result = import_workbook(conn, path.read_bytes(), path.name, cli_actor(args.bruger))
        # "Indlæst", not "godkendt": that word is Koncernøkonomi's approval (vocabulary/terms.py)
        label = label_of(UploadOutcome, result.outcome).upper()
        what = " ".join(str(x) for x in (result.read.kind, result.read.institution_code, result.read.year,
                                         result.read.period) if x)  # fmt: skip
        print(f"{path.name}: {label}" + (f" ({what})" if what else ""))
        for finding in result.findings:
            print(f"  {finding.severity}: {finding}")
        if result.outcome in (UploadOutcome.ACCEPTED, UploadOutcome.DUPLICATE):
            # Said before leadership sees the ⚠ on the pages: a warning, the file is stored as it is.
            for disagreement in file_disagreements(conn, result.read):
                print(f"  Advarsel: {disagreement.message()}")
        failed += result.outcome not in (UploadOutcome.ACCEPTED, UploadOutcome.DUPLICATE)
    return 1 if failed else 0


def cmd_template(conn, args) -> int:
    code = args.institution.strip().upper()
    if args.kind == "plan":
        made = _plan_template(conn, code, args)
    elif args.from_year or args.blank:
        made = "--from-year og --blank gælder kun --kind plan."
    else:
        made = _follow_up_template(conn, code, args)
    if isinstance(made, str):
        print(f"Fejl: {made}", file=sys.stderr)
        return 1
    data, default_name = made
    out = Path(args.out or default_name)
    out.write_bytes(data)
    print(f"Skabelonen er gemt som {out}.")
    return 0


def _plan_template(conn, code: str, args) -> tuple[bytes, str] | str:
    """The stored plan for the year, next year's plan from an earlier one, or a blank plan."""
    from loaders.template_writer import (
        plan_file_name,
        write_blank_plan_template,
        write_plan_template_from,
        write_plan_workbook,
    )
    from maalstyring.database import queries

    if args.blank:
        names = queries.institutions(conn)
        known = names.loc[names["code"] == code, "name"]
        name = known.iloc[0] if len(known) else code
        return write_blank_plan_template(code, name, args.year), plan_file_name(code, args.year)
    source_year = args.from_year or args.year
    plan = queries.load_plan(conn, code, source_year)
    if plan is None:
        hint = "" if args.from_year else " Start fra et tidligere år med --from-year, eller brug --blank."
        return f"Der er ingen plan for {code} {source_year}.{hint}"
    if args.from_year:
        return write_plan_template_from(plan, args.year), plan_file_name(code, args.year)
    return write_plan_workbook(plan), plan_file_name(code, args.year)


def _follow_up_template(conn, code: str, args) -> tuple[bytes, str] | str:
    """A follow-up template prefilled with what is already stored for this period (a correction starts there),
    unless that is example data."""
    from loaders.template_writer import follow_up_file_name
    from maalstyring.database import queries
    from maalstyring.workbooks.follow_up_template import write_follow_up_template

    if not args.period:
        return 'Angiv --period "1. halvår" eller --period Årsafslutning.'
    plan = queries.load_plan(conn, code, args.year)
    if plan is None:
        return f"Der er ingen plan for {code} {args.year}. Se planerne med 'init'."
    # Never from example data: a row nobody touches would be sent in as a real answer.
    real = not queries.current_report_is_example(conn, code, args.year, args.period)
    h1 = None
    if args.period == Period.YEAR_END and not queries.current_report_is_example(conn, code, args.year, Period.H1):
        h1 = queries.current_report_rows(conn, code, args.year, Period.H1)
    data = write_follow_up_template(
        plan,
        args.period,
        stored_rows=queries.current_report_rows(conn, code, args.year, args.period) if real else None,
        h1_rows=h1,
        key_figure_rows=queries.current_key_figures(conn, code, args.year, args.period) if real else None,
    )
    return data, follow_up_file_name(code, args.year, args.period)


def cmd_export(conn, args) -> int:
    from loaders.export import FOLLOW_UP_HEADERS, GOAL_MEASURE_HEADERS, KEY_FIGURE_HEADERS, PLAN_HEADERS, write_tables
    from maalstyring.database import queries
    from maalstyring.reading import comparisons

    data = write_tables(
        {
            "Planer": (queries.plans_overview(conn), PLAN_HEADERS),
            "Mål og målepunkter": (queries.goals_with_measures(conn), GOAL_MEASURE_HEADERS),
            "Opfølgning": (comparisons.follow_up_rows_with_computed(conn), FOLLOW_UP_HEADERS),
            "Nøgletal": (queries.all_key_figures(conn), KEY_FIGURE_HEADERS),
        }
    )
    Path(args.out).write_bytes(data)
    print(f"Eksporten er gemt som {args.out}.")
    return 0


def cmd_remove_examples(conn, args) -> int:
    from maalstyring.workbooks.examples import remove_example_data

    print(remove_example_data(conn, cli_actor(args.bruger)).message())
    return 0


COMMANDS = {"init": cmd_init, "import": cmd_import, "template": cmd_template, "export": cmd_export,
            "fjern-eksempeldata": cmd_remove_examples, "rapport": documents_command.cmd_rapport}  # fmt: skip
