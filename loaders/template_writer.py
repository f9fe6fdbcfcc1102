"""Generated workbooks for controllers: the Plan workbook and the follow-up template (docs/SKABELONER.md)."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders import contract as c
from loaders.xlsx_style import (
    fit_row_height,
    fit_to_page_width,
    set_text_safe,
    style_body_cell,
    write_guide,
    write_header,
    write_key_values,
)
from vocabulary.records import FollowUpRow, Plan
from vocabulary.terms import Period, Status, WorkbookKind

# One row of a generated sheet: the value of each column's field (loaders.contract.Column.field).
SheetRow = Mapping[str, object]
KeyFigureLine = dict[str, object]

# Pale fills that echo the word in a Status cell; the word itself carries the meaning (never colour alone).
STATUS_FILLS = {Status.GREEN: "D8EFD3", Status.YELLOW: "FFF2B3", Status.RED: "F8D0CC"}


def plan_file_name(code: str, year: int) -> str:
    return f"MRP_plan_{code}_{year}.xlsx"


def follow_up_file_name(code: str, year: int, period: str) -> str:
    slugs: dict[str, str] = {Period.H1: "1-halvaar", Period.YEAR_END: "aarsafslutning"}
    slug = slugs[period]
    return f"MRP_opfoelgning_{code}_{year}_{slug}.xlsx"


def default_key_figure_rows(
    required: Iterable[tuple[str, int]], stored: Iterable[tuple[str, int, float | None]] = ()
) -> list[KeyFigureLine]:
    """The Nøgletal rows of a follow-up template: the figures the plan's rules need, stored values filled in.

    A stored figure the rules do not ask for keeps its own row, so nothing reported is lost. Each row is
    keyed by the fields of c.KEY_FIGURE_COLUMNS (a value may still be missing, so not a KeyFigure).
    """
    values = {(name, int(fig_year)): value for name, fig_year, value in stored}
    needed = [(name, fig_year, values.pop((name, fig_year), None)) for name, fig_year in required]
    return [
        {"name": name, "year": fig_year, "value": value}
        for name, fig_year, value in needed + [(name, fig_year, value) for (name, fig_year), value in values.items()]
    ]


def plan_for_new_year(plan: Plan, new_year: int) -> Plan:
    """`plan` carried over to `new_year`: IDs rewritten, deadlines moved, signatures cleared for the new plan."""
    old, new = f"{plan.institution_code}-{plan.year}-", f"{plan.institution_code}-{new_year}-"

    def moved(identifier: str) -> str:
        return new + identifier[len(old) :] if identifier.startswith(old) else identifier

    def shifted(deadline: date | None) -> date | None:
        if deadline is None:
            return None
        try:
            return deadline.replace(year=deadline.year + new_year - plan.year)
        except ValueError:  # 29 February into a year without one
            return deadline.replace(year=deadline.year + new_year - plan.year, day=28)

    return Plan(
        institution_code=plan.institution_code,
        institution_name=plan.institution_name,
        year=new_year,
        goals=tuple(dataclasses.replace(g, goal_id=moved(g.goal_id)) for g in plan.goals),
        measures=tuple(
            dataclasses.replace(
                m, measure_id=moved(m.measure_id), goal_id=moved(m.goal_id), deadline=shifted(m.deadline)
            )
            for m in plan.measures
        ),
    )


def write_plan_template_from(plan: Plan, new_year: int) -> bytes:
    """Next year's Plan workbook, starting from this year's goals and målepunkter (unsigned)."""
    return write_plan_workbook(plan_for_new_year(plan, new_year))


def write_blank_plan_template(code: str, name: str, year: int) -> bytes:
    """An empty Plan workbook for an institution and year: Om filled in, Mål and Målepunkter empty."""
    return write_plan_workbook(Plan(institution_code=code, institution_name=name, year=year, goals=(), measures=()))


def write_plan_workbook(plan: Plan) -> bytes:
    """A Plan workbook holding `plan` (also used to ship the seed plans as default data)."""
    wb = Workbook()
    about = wb.worksheets[0]  # a new workbook's one sheet
    about.title = c.SHEET_ABOUT
    write_key_values(
        about,
        [
            (c.ABOUT_KIND, WorkbookKind.PLAN),
            (c.ABOUT_VERSION, c.TEMPLATE_VERSION),
            (c.ABOUT_INSTITUTION, plan.institution_code),
            (c.ABOUT_INSTITUTION_NAME, plan.institution_name),
            (c.ABOUT_YEAR, plan.year),
            (c.ABOUT_DIRECTOR, plan.director),
            (c.ABOUT_DIRECTOR_SIGNED, plan.director_signed),
            (c.ABOUT_SECRETARY, plan.secretary),
            (c.ABOUT_SECRETARY_SIGNED, plan.secretary_signed),
        ],
    )
    lists = _ListSheet(wb)
    goal_rows = [dataclasses.asdict(g) for g in plan.goals]
    _data_sheet(wb, c.SHEET_GOALS, c.GOAL_COLUMNS, goal_rows, lists, min_rows=8)
    measure_rows = [dataclasses.asdict(m) for m in plan.measures]
    _data_sheet(wb, c.SHEET_MEASURES, c.MEASURE_COLUMNS, measure_rows, lists, min_rows=20)
    write_guide(
        wb,
        f"Mål- og resultatplan {plan.year} for {plan.institution_name}",
        [
            "Arket Om fortæller, hvilken institution og hvilket år planen gælder, og hvem der har underskrevet.",
            "Arket Mål har ét mål pr. række. Mål-ID skal begynde med institutionskode og år, fx "
            f"{plan.institution_code}-{plan.year}-I1. Koncernfælles mål har en nøgle i kolonnen Fælles mål.",
            "Arket Målepunkter har ét målepunkt pr. række og peger på sit mål med Mål-ID. Har målepunktet et tal "
            "(fx 90 pct.), skrives det i Måltal med Enhed og Retning.",
            "Indlæs filen under Indberetning. Alle fejl vises samlet, og intet gemmes, før filen er fejlfri.",
        ],
        [(col.header, col.help) for col in (*c.GOAL_COLUMNS, *c.MEASURE_COLUMNS)],
    )
    return _save(wb)


def write_follow_up_workbook(
    plan: Plan,
    period: str,
    required_figures: Iterable[tuple[str, int]],
    goal_labels: Mapping[str, str] | None = None,
    stored_rows: Mapping[str, FollowUpRow] | None = None,
    h1_rows: Mapping[str, FollowUpRow] | None = None,
    key_figure_rows: Iterable[tuple[str, int, float | None]] | None = None,
) -> bytes:
    """A follow-up template for one plan and period, one row per målepunkt.

    `required_figures` are the (Nøgletal, År) rows the plan's rules need (maalstyring/workbooks/follow_up_template.py
    works them out: reading a plan's wording is the domain's business, not the Excel layer's).
    `stored_rows` prefills what was already reported for this period (so a correction starts from it);
    `h1_rows` adds the 1. halvår status and assessment as read-only reference columns at Årsafslutning;
    `key_figure_rows` are stored (name, year, value) key figures, merged into the usual Nøgletal rows.
    """
    goals = {g.goal_id: g for g in plan.goals}
    goal_labels = goal_labels or {gid: f"{g.nr}. {g.title}" for gid, g in goals.items()}
    stored_rows = stored_rows or {}
    wb = Workbook()
    about = wb.worksheets[0]  # a new workbook's one sheet
    about.title = c.SHEET_ABOUT
    write_key_values(
        about,
        [
            (c.ABOUT_KIND, WorkbookKind.FOLLOW_UP),
            (c.ABOUT_VERSION, c.TEMPLATE_VERSION),
            (c.ABOUT_INSTITUTION, plan.institution_code),
            (c.ABOUT_INSTITUTION_NAME, plan.institution_name),
            (c.ABOUT_YEAR, plan.year),
            (c.ABOUT_PERIOD, period),
        ],
    )
    _protect(about)
    columns = list(c.FOLLOW_UP_COLUMNS)
    reference = period == Period.YEAR_END and bool(h1_rows)
    if reference:
        columns += list(c.FOLLOW_UP_REFERENCE_COLUMNS)
    rows = []
    for m in plan.measures:
        old = stored_rows.get(m.measure_id)
        h1 = h1_rows.get(m.measure_id) if reference and h1_rows else None
        # What was reported fills the record's fields (by name); the plan fills the context columns.
        row: dict[str, object] = dataclasses.asdict(old) if old else {}
        row |= {
            "measure_id": m.measure_id,
            "goal_label": goal_labels.get(m.goal_id, m.goal_id),
            "goal_kind": goals[m.goal_id].kind,
            "measure_text": m.text,
            "target": old.target if old and old.target is not None else m.target,
            "unit": m.unit,
            "h1_status": h1.status if h1 else None,
            "h1_assessment": h1.assessment if h1 else None,
        }
        rows.append(row)
    lists = _ListSheet(wb)
    # Three lines per row leave room to write; a row's height does not grow by itself once it is set.
    ws = _data_sheet(wb, c.SHEET_FOLLOW_UP, tuple(columns), rows, lists, protect=True, answer_lines=3)
    _finish_follow_up_sheet(ws, columns, len(rows))
    figures = default_key_figure_rows(required_figures, key_figure_rows or ())
    _data_sheet(wb, c.SHEET_KEY_FIGURES, c.KEY_FIGURE_COLUMNS, figures, lists, min_rows=len(figures) + 4)
    reference_note = (
        ["De to kolonner længst til højre viser, hvad I indberettede ved 1. halvår. De er kun til orientering."]
        if reference
        else []
    )
    write_guide(
        wb,
        f"Opfølgning {period} {plan.year} for {plan.institution_name}",
        [
            "Udfyld arket Opfølgning: én række pr. målepunkt i jeres mål- og resultatplan. Grå celler er hentet "
            "fra planen og kan ikke ændres.",
            "Status er et trafiklys: Grøn (forløber som planlagt), Gul (risiko for at målet ikke nås) eller Rød "
            "(målet nås ikke uden handling). Vælg fra listen.",
            "Ved Gul eller Rød, og når Opfyldelse ikke er Opfyldt, skal Årsag og konsekvens samt Handling udfyldes.",
            "Ved årsafslutning skal Opfyldelse udfyldes for alle målepunkter, og Resultat for målepunkter med måltal.",
            "Arket Nøgletal bruges til de koncernfælles mål, der kan beregnes. Det beder om præcis de tal, "
            "jeres plans regler bruger, med planens ord. Lad en værdi stå tom, hvis I ikke har tallet endnu.",
            *reference_note,
            "Gem filen som Excel-projektmappe (.xlsx) og indlæs den under Indberetning. Alle fejl vises samlet "
            "med ark og celle, og intet gemmes, før filen er fejlfri.",
        ],
        [(col.header, col.help or "Udfyldt af Målstyring; må ikke ændres.") for col in columns]
        + [(col.header, col.help) for col in c.KEY_FIGURE_COLUMNS],
    )
    return _save(wb)


# Defined names must be plain ASCII to be safe in every spreadsheet program.
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


class _ListSheet:
    """A hidden sheet with one column per list of allowed values, each behind a defined name.

    Excel caps inline dropdown lists at 255 characters; named ranges have no such limit.
    """

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.ws: Worksheet | None = None
        self.names: dict[tuple[str, ...], str] = {}

    def name_for(self, header: str, choices: tuple[str, ...]) -> str:
        if choices in self.names:
            return self.names[choices]
        if self.ws is None:
            self.ws = self.wb.create_sheet(c.SHEET_LISTS)
            self.ws.sheet_state = "hidden"
        col = len(self.names) + 1
        letter = get_column_letter(col)
        self.ws.cell(row=1, column=col, value=header)
        for row, value in enumerate(choices, start=2):
            self.ws.cell(row=row, column=col, value=value)
        ascii_header = header.translate(_ASCII).encode("ascii", "ignore").decode()
        name = "Liste_" + re.sub(r"[^A-Za-z0-9_]", "_", ascii_header or "x") + str(col)
        ref = f"'{c.SHEET_LISTS}'!${letter}$2:${letter}${len(choices) + 1}"
        self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        self.names[choices] = name
        return name


def _finish_follow_up_sheet(ws, columns: list[c.Column], n_rows: int) -> None:
    """Keep the ID column in view, print landscape on one page width, and echo each status as a pale fill."""
    ws.freeze_panes = "B2"
    fit_to_page_width(ws, landscape=True)
    ws.print_title_rows = "1:1"
    headers = [col.header for col in columns]
    letter = get_column_letter(headers.index("Status") + 1)
    cells = f"{letter}2:{letter}{max(n_rows, 1) + 1}"
    for status, colour in STATUS_FILLS.items():
        ws.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=[f'"{status}"'], fill=PatternFill("solid", bgColor=colour))
        )


def _protect(ws) -> None:
    # Sheet protection keeps IDs and plan texts from being changed by accident; it is not security.
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.autoFilter = False
    ws.protection.sort = False


def _data_sheet(
    wb,
    title: str,
    columns: tuple[c.Column, ...],
    rows: Iterable[SheetRow],
    lists: _ListSheet,
    min_rows: int = 0,
    protect: bool = False,
    answer_lines: int = 1,
):
    """A data sheet: the header from `columns`, then each row's value of each column's field (blank if absent)."""
    ws = wb.create_sheet(title)
    write_header(ws, [col.header for col in columns], [col.width for col in columns])
    table = [[row.get(col.field) for col in columns] for row in rows]
    last_row = max(len(table), min_rows) + 1
    for r, values in enumerate(table, start=2):
        for col_idx, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = ws.cell(row=r, column=col_idx)
            set_text_safe(cell, value)
            if col.kind == "date" and value is not None:
                cell.number_format = "DD.MM.YYYY"
        fit_row_height(ws, r, values, [col.width for col in columns], min_lines=answer_lines)
    for col_idx, col in enumerate(columns, start=1):
        letter = get_column_letter(col_idx)
        for r in range(2, last_row + 1):
            style_body_cell(ws.cell(row=r, column=col_idx), locked=col.locked)
        if col.locked or last_row < 2:
            continue
        cells = f"{letter}2:{letter}{last_row}"
        if col.kind == "choice":
            dv = DataValidation(
                type="list",
                formula1=f"={lists.name_for(col.header, col.choices)}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Ugyldig værdi",
                error=f"Vælg en af: {', '.join(col.choices)}"[:255],
            )
        elif col.kind == "number":
            dv = DataValidation(
                type="decimal",
                operator="between",
                formula1="-1000000000",
                formula2="1000000000",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Ugyldigt tal",
                error="Skriv et tal, fx 5,0 eller 90.",
            )
        else:
            continue
        dv.add(cells)
        ws.add_data_validation(dv)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    if protect:
        _protect(ws)
    return ws


def _save(wb: Workbook) -> bytes:
    if c.SHEET_LISTS in wb.sheetnames:  # the hidden list sheet goes last, out of the way of the tab order
        lists = wb[c.SHEET_LISTS]
        wb.move_sheet(lists, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(c.SHEET_LISTS))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
