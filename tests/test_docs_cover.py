"""The docs cover what the code defines: every template column for controllers, every command for operators,
every layer for developers. A column, command or layer added without its docs fails here, naming it. And the docs
stay readable for their audience: a short Danish README, one language per document, no link or pointer that leads
nowhere."""

from __future__ import annotations

import argparse
import ast
import re
import tomllib
from pathlib import Path

import pytest

from loaders import contract as c
from maalstyring.commands.cli import build_parser

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


# --- The README: short, for the people who install and use the app -------------------------------------------

README_MAX_LINES = 150


def test_the_readme_is_short():
    lines = _read("README.md").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md har {len(lines)} linjer; højst {README_MAX_LINES}"


def test_the_readme_points_to_every_audiences_document():
    readme = _read("README.md")
    for doc in ("docs/SKABELONER.md", "docs/DRIFT.md", "docs/ARCHITECTURE.md", "docs/SECURITY.md"):
        assert f"]({doc})" in readme, doc


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", _read("Makefile"), flags=re.M))


def test_every_make_command_in_the_readme_is_a_makefile_target():
    named = set(re.findall(r"\bmake ([a-z][a-z-]*)", _read("README.md")))
    assert {"run", "test", "test-fast"} <= named
    assert sorted(named - makefile_targets()) == []


# --- One language per document ------------------------------------------------------------------------------
# A section's language is told by its small function words, counted in its prose: code, quoted Danish messages
# (»…«, "…"), bold and italic terms (page names, UI words) and link targets are left out first, since an English
# document rightly quotes what the Danish app says. A section is in the wrong language when more than a fifth of
# its function words belong to the other one.

DANISH_WORDS = frozenset(
    "og er på til med som ikke det den der en et af fra kan skal når eller hvis har de så også hver alle ingen "
    "men ved efter uden hvor hvad bliver står vises".split()
)
ENGLISH_WORDS = frozenset(
    "the and is are of to with that this when or if from can not be it which each every no on as its an a has "
    "but into only what where was were".split()
)
OTHER_SHARE = 0.2
MIN_WORDS = 5

DOCUMENT_LANGUAGE = {
    "README.md": "da",
    "docs/DRIFT.md": "da",
    "docs/SKABELONER.md": "da",
    "docs/SEEDS.md": "da",
    "docs/ARCHITECTURE.md": "en",
    "docs/SECURITY.md": "en",
    "docs/ACCESSIBILITY.md": "en",
    "docs/BENCHMARKS.md": "en",
}


def prose(markdown: str) -> str:
    text = re.sub(r"^```.*?^```", " ", markdown, flags=re.S | re.M)
    for pattern in (r"`[^`\n]*`", r"»[^«]*«", r'"[^"\n]*"', r"“[^”]*”", r"\*\*[^*]+\*\*", r"\*[^*\n]+\*"):
        text = re.sub(pattern, " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, prose) per section; headings inside code blocks are not headings."""
    parts = re.split(r"^(?=#{1,6} )", prose(markdown), flags=re.M)
    return [(part.splitlines()[0], part) for part in parts if part.strip()]


def function_words(text: str) -> tuple[int, int]:
    words = re.findall(r"[a-zæøå]+", text.lower())
    return sum(w in DANISH_WORDS for w in words), sum(w in ENGLISH_WORDS for w in words)


def off_language(markdown: str, language: str) -> list[str]:
    """The sections (by heading) whose prose is not in `language`, with their counts."""
    wrong = []
    for heading, text in sections(markdown):
        danish, english = function_words(text)
        other = english if language == "da" else danish
        heading_other = function_words(heading)[1 if language == "da" else 0]
        if danish + english >= MIN_WORDS and other > OTHER_SHARE * (danish + english):
            wrong.append(f"{heading.strip()} (dansk {danish}, engelsk {english})")
        elif heading_other:
            wrong.append(f"{heading.strip()} (overskriften)")
    return wrong


@pytest.mark.parametrize("relative", sorted(DOCUMENT_LANGUAGE))
def test_each_document_keeps_to_one_language(relative):
    language = DOCUMENT_LANGUAGE[relative]
    wrong = off_language(_read(relative), language)
    name = "dansk" if language == "da" else "engelsk"
    assert wrong == [], f"{relative} skal være på {name} hele vejen; disse afsnit er ikke: " + "; ".join(wrong)


def test_every_document_has_a_language():
    documents = {"README.md", *(f"docs/{path.name}" for path in (REPO / "docs").glob("*.md"))}
    assert sorted(documents - set(DOCUMENT_LANGUAGE)) == []


def test_the_language_check_tells_an_alternating_document_apart():
    danish = "## Kom i gang\n\nAppen kører på denne maskine, og den kan ikke nås fra andre, når den er startet.\n"
    english = "## Getting started\n\nThe app runs on this machine only, and it is not reachable from the network.\n"
    assert off_language(danish, "da") == []
    assert off_language(english, "en") == []
    assert off_language(danish + english, "da") == ["## Getting started (dansk 0, engelsk 10)"]
    assert off_language(english + danish, "en") == ["## Kom i gang (dansk 9, engelsk 0)"]
    # Quoted Danish messages, code and UI terms in an English document are quotations, not a second language.
    quoting = (
        "## Errors\n\nThe user sees »Der opstod en uventet fejl, og siden kan ikke vises« and the page of "
        "**Indberetning og historik** with `python -m maalstyring frist --dato` as its example.\n"
    )
    assert off_language(quoting, "en") == []
    # A heading in the other language counts even when its section is short.
    assert off_language("## Flere app-servere på PostgreSQL\n\nSee the table.\n", "en") != []


# --- Links and pointers lead somewhere --------------------------------------------------------------------------


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lstrip("#").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    no_code = re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)
    return {slug(line) for line in no_code.splitlines() if re.match(r"#{1,6} ", line)}


def documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def test_every_relative_link_in_the_docs_leads_to_a_file_and_heading():
    broken = []
    for doc in documents():
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            file = (doc.parent / path).resolve() if path else doc
            if not file.exists():
                broken.append(f"{doc.name}: {target}")
            elif anchor and anchor not in anchors(file.read_text(encoding="utf-8")):
                broken.append(f"{doc.name}: {target} (ingen overskrift)")
    assert broken == []


def test_every_pointer_in_a_message_leads_to_a_section():
    """A Danish message saying "se docs/DRIFT.md, afsnittet om login" must find a heading with "login" there."""
    pointer = re.compile(r"se (README|docs/[A-Z]+\.md), afsnittet om ([^).\"]+)")
    found, broken = 0, []
    for source in sorted(REPO.glob("*.py")) + sorted(
        path for package in ("ui", "maalstyring", "loaders", "pages") for path in (REPO / package).rglob("*.py")
    ):
        for doc, topic in pointer.findall(source.read_text(encoding="utf-8")):
            found += 1
            target = REPO / ("README.md" if doc == "README" else doc)
            headings = [line.lower() for line in _read(str(target.relative_to(REPO))).splitlines()]
            headings = [line for line in headings if re.match(r"#{1,6} ", line)]
            if not any(topic.strip().lower() in line for line in headings):
                broken.append(f"{source.relative_to(REPO)}: se {doc}, afsnittet om {topic}")
    assert found >= 3  # login, påmindelser, adgang fra andre maskiner
    assert broken == []


def test_architecture_md_and_the_contract_name_every_package_of_the_domain():
    """Every package under maalstyring/ has its place in the domain's layers contract and in ARCHITECTURE.md, and
    says in its own docstring what it owns: a new package cannot slip in beside the layering."""
    config = tomllib.loads(_read("pyproject.toml"))
    domain = next(
        contract
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract.get("containers") == ["maalstyring"]
    )
    in_contract = {name.strip() for layer in domain["layers"] for name in layer.split("|")}
    packages = {p.parent.name for p in (REPO / "maalstyring").glob("*/__init__.py")}
    doc = _read("docs/ARCHITECTURE.md")
    assert packages == in_contract
    assert sorted(p for p in packages if f"  {p}/" not in doc) == []
    assert sorted(p for p in packages if not ast.get_docstring(ast.parse(_read(f"maalstyring/{p}/__init__.py")))) == []


def test_the_domain_stays_in_small_modules():
    """Issue #29: at most 12 modules at the top of maalstyring/ and none over 400 lines."""
    top = sorted(p.name for p in (REPO / "maalstyring").glob("*.py"))
    assert len(top) <= 12, top
    long = {
        str(p.relative_to(REPO)): n
        for p in (REPO / "maalstyring").rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 400
    }
    assert long == {}


# The documents that describe the code as it is now; BENCHMARKS.md is a log of rounds and names files as they were.
CURRENT_DOCUMENTS = (
    "README.md",
    "docs/DRIFT.md",
    "docs/SKABELONER.md",
    "docs/ARCHITECTURE.md",
    "docs/SECURITY.md",
    "docs/ACCESSIBILITY.md",
    "docs/SEEDS.md",
)
CODE_PATH = re.compile(
    r"(?<![\w/.-])((?:maalstyring|ui|loaders|vocabulary|pages|tests|bench|scripts)/[\w/]*\w(?:\.\w+)*)"
)


def names_a_real_file(reference: str) -> bool:
    """'ui/tables.py' is a file; 'ui/tables.static_table' is the name static_table in ui/tables.py;
    'maalstyring/documents/' is a folder."""
    if (REPO / reference).exists():
        return True
    module, _, name = reference.partition(".")
    source = REPO / f"{module}.py"
    return (
        bool(name)
        and source.exists()
        and re.search(rf"\b{re.escape(name.split('.')[0])}\b", source.read_text(encoding="utf-8")) is not None
    )


CODE_MODULE = re.compile(r"`(?:python -m )?((?:maalstyring|ui|loaders|vocabulary)(?:\.\w+)+)(?:\(\))?`")


def names_a_real_module(dotted: str) -> bool:
    """'ui.tables.static_table': the longest prefix that is a module, then a name in it."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        path = REPO.joinpath(*parts[:end])
        source = path.with_suffix(".py") if path.with_suffix(".py").exists() else path / "__init__.py"
        if source.exists():
            rest = parts[end:]
            return not rest or re.search(rf"\b{re.escape(rest[0])}\b", source.read_text(encoding="utf-8")) is not None
    return False


def test_every_code_path_in_the_docs_exists():
    missing = [
        f"{relative}: {reference}"
        for relative in CURRENT_DOCUMENTS
        for reference in CODE_PATH.findall(_read(relative))
        if not names_a_real_file(reference)
    ] + [
        f"{relative}: {reference}"
        for relative in CURRENT_DOCUMENTS
        for reference in CODE_MODULE.findall(_read(relative))
        if not names_a_real_module(reference)
    ]
    assert missing == []


def test_the_path_check_tells_a_moved_module_apart():
    assert names_a_real_file("ui/tables.static_table") and names_a_real_file("maalstyring/documents")
    assert not names_a_real_file("ui/charts.py") and not names_a_real_file("ui/tables.no_such_function")
    assert names_a_real_module("ui.tables.static_table") and names_a_real_module("maalstyring.reading.verdict_model")
    assert not names_a_real_module("maalstyring.formatting.is_missing")
    assert not names_a_real_module("maalstyring.dashboard.Filters")
