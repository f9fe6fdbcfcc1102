"""The leadership pack for a year and period: the koncern on the front page (figures and the institution × goal
matrix), the shared goals compared across institutions with their charts, then one page per institution with its
red and yellow goals (and goals where the plan's rule disagrees with the reported verdict), reasons and actions.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from maalstyring import dashboard
from maalstyring.dashboard import NOT_REPORTED, Filters, flagged
from maalstyring.documents import charts, word
from maalstyring.documents.errors import DocumentError
from maalstyring.documents.verdicts import status_text, text, verdict_lines
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.terms import PERIODS, STATUSES, VERDICTS, GoalKind, Period, Status, Verdict

TROUBLE_HEADERS = ("Mål", "Status", "Opfyldelse", "Årsag og konsekvens", "Handling")
TROUBLE_WIDTHS = (5.0, 2.3, 3.9, 7.6, 6.5)
SHARED_HEADERS = ("Institution", "Status", "Opfyldelse", "Årsag og konsekvens", "Handling")


def build(conn: duckdb.DuckDBPyConnection, year: int, period: str = Period.YEAR_END) -> bytes:
    """The .docx (landscape A4); DocumentError (Danish) for an unknown period."""
    if period not in PERIODS:
        raise DocumentError(f"Perioden '{period}' kendes ikke. Vælg {' eller '.join(PERIODS)}.")
    filters = Filters(year, period)
    goals = dashboard.goal_rows(conn, filters)
    example = bool(goals["is_example"].astype(bool).any()) if len(goals) else False
    doc = word.new_document(f"Ledelsesopfølgning {period} {year}", landscape=True)
    word.running_header(
        doc, f"Departementets ledelse · Opfølgning på mål- og resultatplaner · {period} {year}", example
    )
    doc.add_paragraph(f"Opfølgning på mål- og resultatplaner, {period.lower()} {year}", style="Title")
    doc.add_paragraph(
        "Materiale til departementets ledelse, dannet af Målstyring ud fra institutionernes indberetninger."
    )
    if goals.empty:
        doc.add_paragraph(
            f"Der er ingen mål- og resultatplaner for {year} i Målstyring, så der er intet at følge op på."
        )
        return word.to_bytes(doc)
    received, expected = dashboard.reports_received(conn, filters)
    if example:
        doc.add_paragraph(
            "Materialet bygger på eksempeldata: opdigtede tal og tekster, der følger med Målstyring til afprøvning."
        ).runs[0].bold = True
    if received == 0:
        doc.add_paragraph(
            f"Der er endnu ingen indberetninger for {period.lower()} {year}. Oversigten viser planernes mål som "
            "ikke indberettet."
        ).runs[0].bold = True
    _front_page(doc, goals, received, expected, period)
    _shared_goals(doc, conn, filters, goals)
    for _code, institution in goals.groupby("institution_code", sort=False):
        _institution_page(doc, institution, period)
    return word.to_bytes(doc)


def _front_page(doc, goals: pd.DataFrame, received: int, expected: int, period: str) -> None:
    doc.add_heading("Koncernen", level=1)
    counts = dashboard.status_counts(goals)
    figures = [("Indberetninger modtaget", f"{received} af {expected}"), ("Mål i alt", str(len(goals)))]
    figures += [(f"Mål med status {status}", str(counts[status])) for status in (*STATUSES[::-1], NOT_REPORTED)]
    if period == Period.YEAR_END:
        verdicts = dashboard.verdict_counts(goals)
        figures += [(f"Mål indberettet {verdict.lower()}", str(verdicts[verdict])) for verdict in VERDICTS]
    figures.append(("Mål, hvor beregning og indberetning er uenige", str(dashboard.verdict_mismatch_count(goals))))
    grid = word.table(doc, ("Nøgletal", "Antal", "Nøgletal", "Antal"), (8.0, 3.0, 8.0, 3.0))
    half = (len(figures) + 1) // 2
    for left, right in zip(figures[:half], [*figures[half:], ("", "")], strict=False):
        word.add_row(grid, [left[0], left[1], right[0], right[1]], size=9.5)
    word.set_widths(grid, (8.0, 3.0, 8.0, 3.0))
    doc.add_heading("Mål pr. institution", level=2)
    doc.add_paragraph(
        "Status er det dårligste trafiklys blandt målets målepunkter"
        + (", efterfulgt af den indberettede opfyldelse" if period == Period.YEAR_END else "")
        + ". ⚠ markerer mål, hvor planens regel beregnet ud fra nøgletallene giver en anden opfyldelse end den "
        "indberettede."
    )
    _matrix(doc, goals, period)


def _matrix(doc, goals: pd.DataFrame, period: str) -> None:
    labelled = goals.assign(column=[dashboard.goal_column_label(g) for g in goals.itertuples()])
    ordered = labelled.sort_values(["kind", "goal_order"])
    columns = list(dict.fromkeys(ordered["column"]))
    shared = [col for col in columns if not col.startswith("Eget mål")]
    own = sorted((col for col in columns if col.startswith("Eget mål")), key=lambda label: label.split()[-1])
    columns = shared + own
    width = (25.3 - 3.2) / max(len(columns), 1)
    grid = word.table(doc, ["Institution", *columns], [3.2] + [width] * len(columns))
    for code, rows in labelled.groupby("institution_code", sort=False):
        cells = {row.column: _matrix_cell(row, period) for row in rows.itertuples()}
        row = word.add_row(grid, [code, *(cells.get(col, "") for col in columns)], size=8)
        statuses = {r.column: r.status for r in rows.itertuples()}
        for cell, col in zip(row.cells[1:], columns, strict=True):
            _tint(cell, statuses.get(col, "none"))
    word.set_widths(grid, [3.2] + [width] * len(columns))


def _matrix_cell(goal, period: str) -> str:
    parts = [status_text(goal.status)]
    if period == Period.YEAR_END and isinstance(goal.verdict, str):
        parts.append(goal.verdict)
    if flagged(goal.verdict_mismatch):
        parts.append(f"⚠ beregnet {goal.computed_verdict}")
    return "\n".join(parts)


def _shared_goals(doc, conn, filters: Filters, goals: pd.DataFrame) -> None:
    word.page_break(doc)
    doc.add_heading("Koncernfælles mål på tværs af institutionerne", level=1)
    shared = goals[goals["shared_key"].notna()]
    keys = [k for k in dashboard.shared_goal_keys(conn, filters) if k in set(shared["shared_key"])]
    rows = []
    for key in keys:
        counted = shared[shared["shared_key"] == key]["status"].fillna(NOT_REPORTED).value_counts()
        rows.append((SHARED_GOAL_KEYS.get(key, key), {k: int(v) for k, v in counted.items()}))
    word.picture(
        doc, charts.status_bars(rows, "Institutioner pr. koncernfælles mål, efter status", "Institutioner"), 22
    )
    economy = dashboard.economy_comparison(conn, filters)
    economy = economy[economy["deviation"].notna()]
    if len(economy):
        picture = charts.economy_bars(
            [(r.institution_code, float(r.deviation), _num(r.limit)) for r in economy.itertuples()],
            "Økonomisk styring: afvigelse fra grundbudgettet",
        )
        word.picture(doc, picture, 20)
    for key in keys:
        rows = shared[shared["shared_key"] == key]
        doc.add_heading(SHARED_GOAL_KEYS.get(key, key), level=2)
        grid = word.table(doc, SHARED_HEADERS, TROUBLE_WIDTHS)
        for goal in rows.itertuples():
            row = word.add_row(
                grid,
                [goal.institution_code, status_text(goal.status),
                 verdict_lines(goal.verdict, goal.computed_verdict, goal.verdict_mismatch), text(goal.causes),
                 text(goal.actions)],
                size=8,
            )  # fmt: skip
            _tint(row.cells[1], goal.status)
        word.set_widths(grid, TROUBLE_WIDTHS)


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _institution_page(doc, goals: pd.DataFrame, period: str) -> None:
    word.page_break(doc)
    first = goals.iloc[0]
    doc.add_heading(f"{first['institution_name']} ({first['institution_code']})", level=1)
    counts = dashboard.status_counts(goals)
    doc.add_paragraph(
        f"{len(goals)} mål: " + ", ".join(f"{counts[s]} {s.lower()}" for s in (*STATUSES[::-1], NOT_REPORTED))
        + (f". Opfyldt: {int((goals['verdict'] == Verdict.MET).sum())} af {len(goals)} mål."
           if period == Period.YEAR_END else ".")
    )  # fmt: skip
    troubled = goals[goals["status"].isin([Status.RED, Status.YELLOW]) | goals["verdict_mismatch"].map(flagged)]
    if goals["status"].isna().all():
        doc.add_paragraph(f"{first['institution_code']} har ikke indberettet for {period.lower()} endnu.")
        return
    if troubled.empty:
        doc.add_paragraph("Ingen mål er gule eller røde, og beregning og indberetning er enige for alle mål.")
        return
    doc.add_heading("Røde og gule mål og uenigheder: årsag og handling", level=2)
    troubled = troubled.assign(rank=troubled["status"].map({Status.RED: 0, Status.YELLOW: 1}).fillna(2))
    grid = word.table(doc, TROUBLE_HEADERS, TROUBLE_WIDTHS)
    for goal in troubled.sort_values(["rank", "goal_order"]).itertuples():
        row = word.add_row(
            grid,
            [f"{dashboard.goal_column_label(goal)}: {goal.title}" if goal.kind == GoalKind.SPECIFIC
             else goal.title, status_text(goal.status),
             verdict_lines(goal.verdict, goal.computed_verdict, goal.verdict_mismatch), text(goal.causes),
             text(goal.actions)],
            size=8,
        )  # fmt: skip
        _tint(row.cells[1], goal.status)
    word.set_widths(grid, TROUBLE_WIDTHS)


# The app's light status tints (ui/status.py): dark text stays well above 4,5:1, and the word carries the meaning.
STATUS_TINT = {Status.GREEN: "C4E3DF", Status.YELLOW: "FBE7A6", Status.RED: "F6C9B9"}


def _tint(cell, status) -> None:
    if status in STATUS_TINT:
        word.shade(cell, STATUS_TINT[status])


def file_name(year: int, period: str, suffix: str) -> str:
    return f"Ledelsesopfoelgning_{year}_{period.replace('. ', '-').replace(' ', '_')}.{suffix}"
