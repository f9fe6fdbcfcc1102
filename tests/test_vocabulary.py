"""One vocabulary: the allowed values live in vocabulary/terms.py, each with one Danish label, and nowhere else.

A status, period, verdict, upload outcome or event action spelt out as a string in the code (or quoted in its
SQL) is a second copy of the vocabulary that a change of wording would miss; the scan below names each one.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

from vocabulary.terms import (
    STORED_OUTCOMES,
    EventAction,
    GoalKind,
    Period,
    Status,
    Term,
    UploadOutcome,
    Verdict,
    label_of,
)

REPO = Path(__file__).resolve().parent.parent
SCANNED_TERMS = (Status, Period, Verdict, GoalKind, UploadOutcome, EventAction)
# Outcomes that are only told, never stored ("ingen adgang", "forældet"), are ordinary Danish in messages too.
# Where the words may be written out: the vocabulary itself, migrations that have shipped (never edited), tests.
EXEMPT = ("vocabulary/", "tests/", "maalstyring/database/migrations.py")


def _values() -> set[str]:
    told_only = {o.value for o in UploadOutcome} - {o.value for o in STORED_OUTCOMES}
    return {member.value for term in SCANNED_TERMS for member in term} - told_only


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants: prose may name a stored value ('gendannet') without using it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def literal_uses(source: str, values: set[str]) -> list[tuple[int, str]]:
    """(line, value) for every string constant that is one of `values`, or quotes one as SQL does ('…')."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in skip:
            continue
        text = node.value
        for value in values:
            if text == value or f"'{value}'" in text:
                hits.append((node.lineno, value))
    return sorted(hits)


def scanned_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [REPO / name for name in listed if not name.startswith(EXEMPT) and (REPO / name).exists()]


def test_no_vocabulary_literal_outside_the_vocabulary():
    values = _values()
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {value!r}"
        for path in scanned_files()
        for line, value in literal_uses(path.read_text(encoding="utf-8"), values)
    ]
    assert offenders == [], "Brug vocabulary.terms i stedet for ordet selv:\n" + "\n".join(offenders)


def test_the_scan_finds_a_literal_in_python_and_in_sql():
    source = (
        "STATUS = 'Grøn'\n"
        "SQL = \"SELECT count(*) FROM uploads WHERE outcome = 'afvist'\"\n"
        "def f():\n    '''Restoring is recorded as 'gendannet'.'''\n"
        "LABEL = 'Grønland'\n"
    )
    assert literal_uses(source, _values()) == [(1, "Grøn"), (2, "afvist")]


@pytest.mark.parametrize("term", SCANNED_TERMS, ids=lambda t: t.__name__)
def test_every_member_has_one_danish_label(term: type[Term]):
    labels = [member.label for member in term]
    assert all(label and label.strip() == label for label in labels)
    assert len(set(labels)) == len(labels), f"{term.__name__}: two members share a label"


def test_members_are_the_strings_the_database_stores():
    # No data migration: a member compares, hashes and binds as the string stored before the enums existed.
    assert UploadOutcome.ACCEPTED == "godkendt" and hash(Period.H1) == hash("1. halvår")
    assert {Status.GREEN: 1}["Grøn"] == 1
    assert f"{Period.YEAR_END} 2024" == "Årsafslutning 2024"


def test_godkendt_has_one_meaning_per_name():
    # The stored word 'godkendt' is two different things; each shows its own word.
    assert UploadOutcome.ACCEPTED.label == "Indlæst"
    assert EventAction.APPROVED.label == "Godkendt af Koncernøkonomi"
    # Passing every check is neither: it waits for "Indlæs".
    assert "godkendt" not in UploadOutcome.PENDING.label.lower()
    assert "godkendt" not in EventAction.RECEIVED.label.lower()


def test_label_of_an_unknown_or_missing_value_is_the_value():
    assert label_of(EventAction, "indlæst") == "Indlæst"
    assert label_of(EventAction, "noget nyt") == "noget nyt"
    assert label_of(UploadOutcome, None) is None
