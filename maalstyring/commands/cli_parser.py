"""argparse in Danish, through argparse's own hooks: the usage prefix (HelpFormatter.add_usage), the section
titles and -h (set in __init__), and error() — whose message arrives already formatted in English, so the
handful of templates argparse 3.11 can produce for our options are translated here by pattern.

Exit codes (docs/DRIFT.md "Kommandolinjen"): 0 done, 1 the command failed (a file rejected, a template not made),
2 the database is in use or cannot be opened, 3 the command line itself is wrong (USAGE_ERROR).
"""

from __future__ import annotations

import argparse
import re
import sys

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_DATABASE = 2
USAGE_ERROR = 3

TYPE_NAMES = {"int": "et heltal", "float": "et tal"}

# (English pattern as argparse 3.11 words it, Danish). Order matters: the wrapper first, the details after.
TRANSLATIONS: tuple[tuple[str, str], ...] = (
    (r"^argument (?P<arg>.+?): (?P<rest>.*)$", r"\g<arg>: \g<rest>"),
    (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.*)\)$", r"ugyldigt valg \g<value> (vælg \g<choices>)"),
    (r"invalid (?P<type>\w+) value: (?P<value>.+)$", r"\g<value> er ikke {type}"),
    (r"^the following arguments are required: (?P<args>.+)$", r"mangler \g<args>"),
    (r"^unrecognized arguments: (?P<args>.+)$", r"ukendte argumenter: \g<args>"),
    (r"expected one argument$", r"kræver en værdi"),
    (r"expected at most one argument$", r"tager højst én værdi"),
    (r"expected at least one argument$", r"kræver mindst én værdi"),
    (r"expected (?P<n>\d+) arguments?$", r"kræver \g<n> værdier"),
    (r"not allowed with argument (?P<other>.+)$", r"kan ikke bruges sammen med \g<other>"),
    (r"ignored explicit argument (?P<value>.+)$", r"tager ingen værdi (fik \g<value>)"),
    (r"^ambiguous option: (?P<opt>\S+) could match (?P<matches>.+)$", r"\g<opt> er tvetydigt: \g<matches>"),
    (r"^one of the arguments (?P<args>.+) is required$", r"angiv et af \g<args>"),
    (r"^unexpected option string: (?P<opt>.+)$", r"uventet tilvalg \g<opt>"),
)


def danish(message: str) -> str:
    """argparse's English error message in Danish; an unknown one is returned as it is."""
    for pattern, replacement in TRANSLATIONS:
        match = re.search(pattern, message)
        if match:
            type_name = TYPE_NAMES.get(match.groupdict().get("type") or "", "gyldig")
            message = (
                message[: match.start()]
                + match.expand(replacement.replace("{type}", type_name))
                + (message[match.end() :])
            )
    return message


class DanishHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Brug: " if prefix is None else prefix)


class DanishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser (and, through add_parser, every subparser) that speaks Danish and exits with 3."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", DanishHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="Vis denne hjælp.")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"Fejl: {danish(message)}\nSe: {self.prog} --help\n")
