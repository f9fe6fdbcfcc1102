"""The CLI's `rapport` command: Målrapportering or the leadership pack, as .docx or .pdf (chosen by --out).

Before a Målrapportering is written, its 'før du sender' check goes to stderr, each line naming its goal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from maalstyring.documents.errors import DocumentError
from vocabulary.terms import PERIODS, Period

TYPES = ("maalrapportering", "ledelse")
SUFFIXES = (".docx", ".pdf")


def add_parser(sub) -> None:
    rap = sub.add_parser(
        "rapport",
        help="Dan Målrapportering til årsrapporten (pr. institution) eller ledelsens opfølgning som Word eller PDF.",
        description="Eksempel: rapport --type maalrapportering --institution SSI --year 2024 --out SSI_2024.pdf",
    )
    rap.add_argument("--type", required=True, choices=TYPES, help="Hvilket dokument.")
    rap.add_argument("--year", required=True, type=int, help="Planår, fx 2024.")
    rap.add_argument("--institution", help="Institutionskode, fx SSI (kun maalrapportering).")
    rap.add_argument("--period", choices=list(PERIODS), default=Period.YEAR_END,
                     help="Periode (kun ledelse; standard: Årsafslutning).")  # fmt: skip
    rap.add_argument("--out", help="Filnavn, der ender på .docx eller .pdf (standard: et beskrivende .pdf-navn).")


def cmd_rapport(conn, args: argparse.Namespace) -> int:
    try:
        out, data = _document(conn, args)
    except DocumentError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 1
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(f"Fejl: {out} kan ikke gemmes ({exc.strerror}).", file=sys.stderr)
        return 1
    print(f"Dokumentet er gemt som {out}.")
    return 0


def _document(conn, args) -> tuple[Path, bytes]:
    from maalstyring.documents import ledelse, maalrapportering, output  # the writers: loaded when used

    if args.type == "maalrapportering" and not args.institution:
        raise DocumentError("Angiv --institution for maalrapportering, fx --institution SSI.")
    if args.type == "ledelse" and args.institution:
        raise DocumentError("Ledelsens opfølgning gælder hele koncernen; udelad --institution.")
    if args.type == "maalrapportering":
        default = maalrapportering.file_name(args.institution, args.year, "pdf")
    else:
        default = ledelse.file_name(args.year, args.period, "pdf")
    out = Path(args.out or default)
    if out.suffix.lower() not in SUFFIXES:
        raise DocumentError(f"--out skal ende på .docx eller .pdf, ikke '{out.suffix or out.name}'.")
    if args.type == "maalrapportering":
        data = maalrapportering.gather(conn, args.institution, args.year)
        found = maalrapportering.checks(data)
        if found:
            print("Før du sender:", *(f"- {line}" for line in found), sep="\n", file=sys.stderr)
        document = maalrapportering.document(data)
    else:
        document = ledelse.build(conn, args.year, args.period)
    return out, output.render(document, out.suffix)
