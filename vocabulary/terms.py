"""The allowed values, one enum each, with exactly one Danish label per member.

Each enum is a str enum whose value is what the database and the workbooks hold today, so a member can be
stored, compared and passed as an SQL parameter as the string it always was (no data migration). `.label` is
the one word a user sees for it; pages and the CLI take their words from here instead of keeping maps of
their own.

"godkendt" used to mean three things. Each meaning now has its own name:
- UploadOutcome.ACCEPTED (stored as 'godkendt'): the file's data was stored; shown as "Indlæst".
- UploadOutcome.PENDING / EventAction.RECEIVED: the file passed every check and waits for "Indlæs";
  shown as "Klar til indlæsning" / "Modtaget (afventer indlæsning)".
- EventAction.APPROVED (stored as 'godkendt'): Koncernøkonomi approved a report; "Godkendt af Koncernøkonomi".
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar


class Term(StrEnum):
    """A stored value with its one Danish label. Members are declared as `NAME = value, label`."""

    label: str

    def __new__(cls, value: str, label: str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = value if label is None else label
        return member


class WorkbookKind(Term):
    """The value of "Skabelon" in a workbook's Om sheet, stored as uploads.kind."""

    FOLLOW_UP = "Opfølgning"
    PLAN = "Plan"


class Period(Term):
    """A reporting period of a plan year."""

    H1 = "1. halvår"
    YEAR_END = "Årsafslutning"


class Status(Term):
    """A målepunkt's traffic light, as the controller reports it."""

    GREEN = "Grøn"
    YELLOW = "Gul"
    RED = "Rød"


class Verdict(Term):
    """Opfyldelse: whether a målepunkt was met, reported at Årsafslutning (or computed by a rule)."""

    MET = "Opfyldt"
    PARTLY = "Delvist opfyldt"
    NOT_MET = "Ikke opfyldt"


class GoalKind(Term):
    """Måltype: a goal shared by the whole koncern or the institution's own."""

    SHARED = "Koncernfælles"
    SPECIFIC = "Institutionsspecifik"


class GoalType(Term):
    """Type af mål in the plans."""

    OPERATIONS = "Drift"
    DEVELOPMENT = "Udvikling"


class Direction(Term):
    """Whether a målepunkt's result must reach its target or stay under it."""

    AT_LEAST = "Mindst"
    AT_MOST = "Højst"


class UploadOutcome(Term):
    """What came of a received file. The first four are stored (uploads.outcome); the others are only told."""

    ACCEPTED = "godkendt", "Indlæst"
    REJECTED = "afvist", "Afvist"
    DUPLICATE = "dublet", "Allerede modtaget"
    PENDING = "afventer", "Klar til indlæsning"  # valid, archived, waiting for the controller's "Indlæs"
    STALE = "forældet", "Forældet"  # never stored: the preview no longer matches the database
    FORBIDDEN = "ingen adgang", "Ingen adgang"  # archived as REJECTED, data unused
    NOT_SAVED = "ikke gemt", "Ikke gemt – prøv igen"  # never stored: the database connection was lost
    OVER_QUOTA = (
        "kvote nået",
        "Ikke gemt: grænsen for gemte filer er nået",
    )  # never stored (maalstyring.workbooks.quota)


# Outcomes a row of uploads can hold.
STORED_OUTCOMES = (UploadOutcome.ACCEPTED, UploadOutcome.REJECTED, UploadOutcome.DUPLICATE, UploadOutcome.PENDING)


class EventAction(Term):
    """events.action: what happened, for the audit trail (Revisionsspor) and an upload's history."""

    RECEIVED = "modtaget", "Modtaget (afventer indlæsning)"
    COMMITTED = "indlæst", "Indlæst"
    REJECTED = "afvist", "Afvist"
    FORBIDDEN = "nægtet", "Afvist: ingen adgang"
    SUPERSEDED = "erstattet", "Erstattet af en nyere indberetning"
    RESTORED = "gendannet", "Gjort gældende igen"
    APPROVED = "godkendt", "Godkendt af Koncernøkonomi"
    LOCKED = "låst", "Periode låst"
    REOPENED = "genåbnet", "Periode genåbnet"
    EXAMPLES_REMOVED = "eksempeldata fjernet", "Eksempeldata fjernet"
    DUPLICATE = "dublet", "Modtaget igen (samme fil som en tidligere)"
    DEADLINE_SET = "frist sat", "Frist sat"
    REMINDER_SENT = "påmindelse sendt", "Påmindelse sendt"
    REMINDER_FAILED = "påmindelse fejlet", "Påmindelse kunne ikke sendes"
    LOGGED_OUT = "logget ud", "Logget ud (login-cookies fra før virker ikke mere)"
    OVER_QUOTA = "kvote nået", "Ikke gemt: grænsen for gemte filer er nået"


class ApprovalStanding(Term):
    """Where a current report stands with Koncernøkonomi (computed, never stored)."""

    NOT_APPROVED = "ikke godkendt", "Ikke godkendt"
    APPROVED = "godkendt", "Godkendt af Koncernøkonomi"
    SUPERSEDED = "godkendt, erstattet", "Godkendt, men erstattet af en nyere indberetning"


_V = TypeVar("_V")


def label_of(term_type: type[Term], value: _V) -> str | _V:
    """The label of a stored value, or the value itself when it is not (or no longer) one of the members."""
    if not isinstance(value, str):  # NULL reaches pages as None, NaN or NA; every stored value is text
        return value
    try:
        return term_type(value).label
    except ValueError:
        return value


# The members in the order the workbooks and pages list them.
WORKBOOK_KINDS = tuple(WorkbookKind)
PERIODS = tuple(Period)
STATUSES = tuple(Status)
VERDICTS = tuple(Verdict)
GOAL_KINDS = tuple(GoalKind)
GOAL_TYPES = tuple(GoalType)
DIRECTIONS = tuple(Direction)
