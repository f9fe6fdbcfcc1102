"""The docs cover what the code defines: every template column for controllers, every command for operators,
every layer for developers. A column, command or layer added without its docs fails here, naming it."""

from __future__ import annotations

import argparse
import re
import tomllib
from pathlib import Path

from loaders import contract as c
from maalstyring.cli import build_parser

REPO = Path(__file__).resolve().parent.parent
SHEET_COLUMNS = {
    c.SHEET_GOALS: c.GOAL_COLUMNS,
    c.SHEET_MEASURES: c.MEASURE_COLUMNS,
    c.SHEET_FOLLOW_UP: (*c.FOLLOW_UP_COLUMNS, *c.FOLLOW_UP_REFERENCE_COLUMNS),
    c.SHEET_KEY_FIGURES: c.KEY_FIGURE_COLUMNS,
}


def _read(relative: str) -> str:
    return (REPO / relative).read_text(encoding="utf-8")


def documented_as_column(doc: str, header: str) -> bool:
    """A header counts when a table cell ("| Titel, Mål |" names two) or a bold term names it exactly:
    "Mål" inside "Mål-ID" does not count."""
    names = set(re.findall(r"\*\*([^*]+)\*\*", doc))
    for line in doc.splitlines():
        if line.startswith("|"):
            names.update(name.strip() for cell in line.strip("|").split("|") for name in cell.split(", "))
    return header in names


def cli_commands() -> list[str]:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(subparsers.choices)


def test_every_contract_column_is_in_skabeloner_md():
    doc = _read("docs/SKABELONER.md")
    missing = [
        f"{sheet}: {column.header}"
        for sheet, columns in SHEET_COLUMNS.items()
        for column in columns
        if not documented_as_column(doc, column.header)
    ]
    assert missing == [], "docs/SKABELONER.md nævner ikke kolonnerne: " + ", ".join(missing)


def test_every_cli_command_is_in_drift_md():
    # The operators' guide documents the command line (the README points there).
    doc = _read("docs/DRIFT.md")
    commands = cli_commands()
    assert len(commands) >= 9  # init, import, template, export, rapport, fjern-eksempeldata, frist, paamind, kopier
    missing = [name for name in commands if f"-m maalstyring {name}" not in doc]
    assert missing == [], "docs/DRIFT.md viser ikke kommandoerne: " + ", ".join(missing)


def test_architecture_md_names_every_layer_of_the_contract():
    config = tomllib.loads(_read("pyproject.toml"))
    layers = next(
        contract["layers"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract.get("type") == "layers"
    )
    doc = _read("docs/ARCHITECTURE.md")
    assert layers == ["pages", "ui", "maalstyring", "loaders", "vocabulary"]
    assert [layer for layer in layers if f"{layer}/" not in doc] == []
    # The sections other work fills in keep their place (see the headings at the end).
    assert "## Adding a column to a template" in doc and "## Storage: two engines" in doc


def test_the_column_check_is_not_fooled_by_a_longer_header():
    assert documented_as_column("| Mål-ID | nøgle |", "Mål-ID")
    assert not documented_as_column("| Mål-ID | nøgle |", "Mål")
    assert documented_as_column("kolonnerne **1. halvår: Status** og", "1. halvår: Status")
    assert documented_as_column("| Titel, Mål | tekst |", "Mål")
