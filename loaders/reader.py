"""Read and validate an uploaded workbook of any kind, reporting every problem at once, in Danish.

Pure: takes bytes and a way to look up the stored plan, returns records and findings. Never raises on
bad input; the caller decides what to store.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from loaders import contract as c
from loaders.cells import CellError, clean_text, is_blank, parse_date
from loaders.follow_up_reader import read_follow_up
from loaders.issues import WARNING, Finding, bound_findings
from loaders.parse_pool import parse_upload, unexpected_finding
from loaders.plan_reader import read_plan
from loaders.sheets import cell_ref, find_sheet, read_about
from vocabulary.records import FollowUp, Measure, Plan
from vocabulary.spelling import canonical_choice, normalise_key
from vocabulary.terms import PERIODS, WORKBOOK_KINDS, WorkbookKind

log = logging.getLogger(__name__)

PlanLookup = Callable[[str, int], "dict[str, Measure] | None"]


@dataclass
class ReadResult:
    """What a workbook says, or why it cannot be accepted. Accepted only when no finding is an error."""

    kind: str | None = None
    institution_code: str | None = None
    year: int | None = None
    period: str | None = None
    plan: Plan | None = None
    follow_up: FollowUp | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors and (self.plan is not None or self.follow_up is not None)


def read_workbook(data: bytes, file_name: str, plan_lookup: PlanLookup) -> ReadResult:
    result = ReadResult()
    # The zip/XML checks and openpyxl run in a child process with a memory and time limit; what comes back
    # are bounded values (loaders/parse_pool.py). Validation against the stored plans happens here.
    parsed = parse_upload(data, file_name)
    result.findings.extend(parsed.findings)
    wb = parsed.workbook
    if result.errors or wb is None:
        result.findings[:] = bound_findings(result.findings)
        return result
    lookup_failures: list[BaseException] = []

    def lookup(code, year):
        try:
            return plan_lookup(code, year)
        except BaseException as exc:
            lookup_failures.append(exc)
            raise

    try:
        result.findings.extend(wb.findings)
        formula_findings = _formulas_without_cached_value(wb)
        _read_about_and_body(wb, lookup, result)
        # A formula without a value reads as an empty cell; say why once, not also "skal udfyldes".
        result.findings[:] = _merge_formula_findings(formula_findings, result.findings)
        result.findings.extend(_unknown_sheets(wb, result.kind))
    except Exception:
        # The stored plan could not be read (the database went away): the store's failure, not the file's. It
        # goes to the caller, which retries or says "ikke gemt"; a finding would record a good file as refused.
        if lookup_failures:
            raise
        # A file the rules above did not foresee must still end as a Danish message, not a traceback.
        log.exception("Unexpected error while reading %s", file_name)
        result.findings.append(unexpected_finding())
    finally:
        wb.close()
    # Stored with the upload and shown on Historik: the first findings and a count of the rest.
    result.findings[:] = bound_findings(result.findings)
    if result.errors:
        result.plan = None
        result.follow_up = None
    return result


def _read_about_and_body(wb, plan_lookup: PlanLookup, result: ReadResult) -> None:
    ws = find_sheet(wb, c.SHEET_ABOUT)
    if ws is None:
        result.findings.append(
            Finding(
                f"Arket '{c.SHEET_ABOUT}' mangler. Det fortæller, hvilken skabelon, institution og hvilket år "
                "filen gælder. Hent en ny skabelon under Skabeloner, og kopiér jeres tal over i den."
            )
        )
        return
    about = read_about(ws)
    kind = _about_choice(about, c.ABOUT_KIND, WORKBOOK_KINDS, result)
    _check_version(about, result)
    code = _about_institution(about, result)
    year = _about_year(about, result)
    result.kind, result.institution_code, result.year = kind, code, year
    if kind == WorkbookKind.FOLLOW_UP:
        period = _about_choice(about, c.ABOUT_PERIOD, PERIODS, result)
        result.period = period
        if code and year and period:
            measures = plan_lookup(code, year)
            if measures is None:
                result.findings.append(
                    Finding(
                        f"Der er ingen mål- og resultatplan for {code} {year} i Målstyring. "
                        "Indlæs planen først, eller ret Institution og År.",
                        c.SHEET_ABOUT,
                    )
                )
                return
            result.follow_up = read_follow_up(wb, code, year, period, measures, result.findings)
    elif kind == WorkbookKind.PLAN and code and year:
        extras = {
            "name": _about_text(about, c.ABOUT_INSTITUTION_NAME, result, required=True),
            "director": _about_text(about, c.ABOUT_DIRECTOR, result),
            "director_signed": _about_date(about, c.ABOUT_DIRECTOR_SIGNED, result),
            "secretary": _about_text(about, c.ABOUT_SECRETARY, result),
            "secretary_signed": _about_date(about, c.ABOUT_SECRETARY_SIGNED, result),
        }
        result.plan = read_plan(wb, code, year, extras, result.findings)


def _about_value(about, key: str):
    return about.get(normalise_key(key), (None, ""))


def _missing(key: str, result: ReadResult) -> None:
    result.findings.append(Finding(f"'{key}' skal udfyldes i kolonne B ud for '{key}'.", c.SHEET_ABOUT))


def _about_choice(about, key: str, choices: tuple[str, ...], result: ReadResult) -> str | None:
    value, ref = _about_value(about, key)
    if is_blank(value):
        _missing(key, result)
        return None
    found = canonical_choice(str(value), choices)
    if found is None:
        result.findings.append(
            Finding(f"{key}: '{value}' er ikke tilladt. Tilladt: {', '.join(choices)}.", c.SHEET_ABOUT, ref)
        )
    return found


def _about_text(about, key: str, result: ReadResult, required: bool = False) -> str | None:
    value, ref = _about_value(about, key)
    if is_blank(value):
        if required:
            _missing(key, result)
        return None
    try:
        return clean_text(value)
    except CellError as exc:
        result.findings.append(Finding(f"{key}: {exc}", c.SHEET_ABOUT, ref))
        return None


def _about_date(about, key: str, result: ReadResult):
    value, ref = _about_value(about, key)
    if is_blank(value):
        return None
    try:
        return parse_date(value)
    except CellError as exc:
        result.findings.append(Finding(f"{key}: {exc}", c.SHEET_ABOUT, ref))
        return None


def _about_institution(about, result: ReadResult) -> str | None:
    value, ref = _about_value(about, c.ABOUT_INSTITUTION)
    if is_blank(value):
        _missing(c.ABOUT_INSTITUTION, result)
        return None
    code = clean_text(value).upper()
    if not re.fullmatch(r"[A-ZÆØÅ0-9]{2,12}", code):
        result.findings.append(
            Finding(
                f"Institution: '{value}' er ikke en institutionskode. Skriv koden, fx LMST eller SSI.",
                c.SHEET_ABOUT,
                ref,
            )
        )
        return None
    return code


def _about_year(about, result: ReadResult) -> int | None:
    value, ref = _about_value(about, c.ABOUT_YEAR)
    if is_blank(value):
        _missing(c.ABOUT_YEAR, result)
        return None
    text = clean_text(value)
    if not re.fullmatch(r"20\d\d", text):
        result.findings.append(Finding(f"År: '{text}' er ikke et årstal som fx 2024.", c.SHEET_ABOUT, ref))
        return None
    return int(text)


def _check_version(about, result: ReadResult) -> None:
    value, ref = _about_value(about, c.ABOUT_VERSION)
    if is_blank(value):
        _missing(c.ABOUT_VERSION, result)
        return
    text = clean_text(value)
    if not text.isdigit() or not 1 <= int(text) <= c.TEMPLATE_VERSION:
        result.findings.append(
            Finding(
                f"Version: '{text}' kendes ikke; Målstyring læser skabelonversion 1 til {c.TEMPLATE_VERSION}. "
                "Hent en ny skabelon.",
                c.SHEET_ABOUT,
                ref,
            )
        )


def _merge_formula_findings(formula_findings: list[Finding], findings: list[Finding]) -> list[Finding]:
    """Formula findings replace what the rules said about the same cell, keeping the målepunkt they named."""
    by_cell = {(f.sheet, f.cell): f for f in formula_findings}
    rest = []
    for finding in findings:
        formula = by_cell.get((finding.sheet, finding.cell))
        if formula is None:
            rest.append(finding)
        elif finding.measure_id and not formula.measure_id:
            by_cell[(finding.sheet, finding.cell)] = dataclasses.replace(formula, measure_id=finding.measure_id)
    return list(by_cell.values()) + rest


def _unknown_sheets(wb, kind: str | None) -> list[Finding]:
    if kind not in c.KNOWN_SHEETS:
        return []
    known = {normalise_key(name) for name in c.KNOWN_SHEETS[kind]}
    return [
        Finding(f"Arket '{ws.title}' kendes ikke i en {kind.lower()}-skabelon og bliver ikke læst.", severity=WARNING)
        for ws in wb.worksheets
        if normalise_key(ws.title) not in known
    ]


def _formulas_without_cached_value(wb) -> list[Finding]:
    """A formula with no saved result (e.g. written by a program, never opened in Excel) cannot be read."""
    return [
        Finding(
            "Cellen indeholder en formel uden beregnet værdi. Åbn filen i Excel, gem den, "
            "og indlæs den igen, eller skriv værdien direkte.",
            sheet,
            cell_ref(row, col),
        )
        for sheet, row, col in wb.formula_cells
    ]
