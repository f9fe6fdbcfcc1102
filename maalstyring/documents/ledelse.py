"""The leadership pack for a year and period: the koncern's figures, the shared goals per institution with charts
coloured by verdict (by status before year-end), Økonomisk styring in the plans' own units, and one section per
institution with every goal by name, its status and verdict, and the reasons and actions behind the troubled ones.

Verdicts, statuses and the plans' rules come from the verdict model (reading.verdict_model); nothing here judges.
"""

from __future__ import annotations

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.documents.errors import DocumentError
from maalstyring.documents.maalrapportering import EXAMPLE_NOTICE
from maalstyring.documents.model import (
    Bar,
    Cell,
    Chart,
    Column,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Row,
    Table,
    bounded,
    clip,
)  # fmt: skip
from maalstyring.documents.typography import number, signed, with_unit
from maalstyring.reading import comparisons, goal_table, verdict_model
from maalstyring.reading.selection import Filters
from maalstyring.reading.verdict_model import flagged
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.terms import PERIODS, STATUSES, VERDICTS, GoalKind, Period, Status, Verdict
from vocabulary.wording import NOT_REPORTED

AUTHOR = "Indenrigs- og Sundhedsministeriet, Koncernøkonomi"
TROUBLING = {Status.RED, Status.YELLOW, Verdict.PARTLY, Verdict.NOT_MET}
GOAL_COLUMNS = (
    Column("Mål", 4.2), Column("Status", 1.4), Column("Opfyldelse", 2.4), Column("Årsag og konsekvens", 5.2),
    Column("Handling", 4.6),
)  # fmt: skip
SHARED_COLUMNS = (Column("Institution", 4.2), *GOAL_COLUMNS[1:])


def goal_columns(first: Column, period: str) -> tuple[Column, ...]:
    """The goal tables' columns: before year-end there is no opfyldelse to show, so no such column."""
    columns = (first, *GOAL_COLUMNS[1:])
    return columns if period == Period.YEAR_END else tuple(c for c in columns if c.header != "Opfyldelse")


def build(conn: Connection, year: int, period: str = Period.YEAR_END) -> Document:
    """The pack (landscape A4); DocumentError (Danish) for an unknown period."""
    if period not in PERIODS:
        raise DocumentError(f"Perioden '{period}' kendes ikke. Vælg {' eller '.join(PERIODS)}.")
    filters = Filters(year, period)
    goals = goal_table.goal_rows(conn, filters)
    example = bool(goals["is_example"].astype(bool).any()) if len(goals) else False
    blocks: list = []
    if goals.empty:
        blocks.append(Paragraph(f"Der er ingen mål- og resultatplaner for {year}, så der er intet at følge op på."))
    else:
        received, expected = goal_table.reports_received(conn, filters)
        if example:
            blocks.append(Paragraph("Materialet bygger på eksempeldata: opdigtede tal og tekster.", strong=True))
        if received == 0:
            blocks.append(Paragraph(
                f"Der er endnu ingen indberetninger for {period.lower()} {year}. Oversigten viser planernes mål som "
                "ikke indberettet.", strong=True,
            ))  # fmt: skip
        blocks += _koncern(conn, filters, goals, received, expected)
        blocks += _shared_goals(conn, filters, goals)
        for _code, institution in goals.groupby("institution_code", sort=False):
            blocks += _institution(institution, period)
    return Document(
        title="Opfølgning på mål- og resultatplaner",
        subtitle=(f"{period} {year}", "Materiale til departementets ledelse"),
        author=AUTHOR,
        running_head=f"Departementets ledelse · Opfølgning på mål- og resultatplaner · {period} {year}",
        blocks=bounded(blocks),
        example_notice=EXAMPLE_NOTICE if example else "",
        landscape=True,
    )


def _judged(goal, period: str) -> str:
    """What a goal is coloured by: its verdict at year-end, its status before."""
    if period == Period.YEAR_END and isinstance(goal.verdict, str) and goal.verdict in VERDICTS:
        return goal.verdict
    return goal.status if isinstance(goal.status, str) else NOT_REPORTED


def _koncern(conn, filters: Filters, goals: pd.DataFrame, received: int, expected: int) -> list:
    period = filters.period
    counts = goal_table.status_counts(goals)
    figures = [("Indberetninger modtaget", f"{received} af {expected}"), ("Mål i alt", number(len(goals)))]
    figures += [(f"Mål med status {s.lower()}", number(counts[s])) for s in (*STATUSES[::-1], NOT_REPORTED)]
    if period == Period.YEAR_END:
        verdicts = goal_table.verdict_counts(goals)
        figures += [(f"Mål indberettet {v.lower()}", number(verdicts[v])) for v in VERDICTS]
    figures.append(("Mål, hvor planens regel giver en anden opfyldelse end den indberettede",
                    number(verdict_model.verdict_mismatch_count(goals))))  # fmt: skip
    rows = tuple(Row((Cell(label), Cell(value, align="end"))) for label, value in figures)
    blocks = [
        Heading("Koncernen", 1),
        Table(
            (Column("Nøgletal", 6), Column("Antal", 1.2, "end")), rows, caption="Koncernens tal", size=9.5, width=0.55
        ),
    ]
    blocks += _matrix(goals, period)
    return blocks


def _matrix(goals: pd.DataFrame, period: str) -> list:
    """Institutions by name against the shared goals by name, and how many of their own goals are met."""
    shared_keys = list(dict.fromkeys(k for k in goals.sort_values("goal_order")["shared_key"] if isinstance(k, str)))
    word = "opfyldelse" if period == Period.YEAR_END else "status"
    columns = (Column("Institution", 4.0), *(Column(SHARED_GOAL_KEYS.get(k, k), 2.2) for k in shared_keys),
               Column("Egne mål", 2.6))  # fmt: skip
    rows = []
    for _code, institution in goals.groupby("institution_code", sort=False):
        first = institution.iloc[0]
        cells = [Cell(f"{first['institution_name']} ({first['institution_code']})")]
        for key in shared_keys:
            found = institution[institution["shared_key"] == key]
            judged = _judged(next(found.itertuples()), period) if len(found) else ""
            cells.append(Cell(judged, tone=judged))
        own = institution[institution["kind"] == GoalKind.SPECIFIC]
        judged_own = [_judged(g, period) for g in own.itertuples()]
        good = Verdict.MET if period == Period.YEAR_END else Status.GREEN
        cells.append(Cell(f"{judged_own.count(good)} af {len(own)} {good.lower()}" if len(own) else ""))
        rows.append(Row(tuple(cells)))
    return [
        Heading(f"Koncernfælles mål pr. institution, {word}", 2),
        Paragraph("Egne mål er institutionernes specifikke mål; de står med navn under hver institution."),
        Table(columns, tuple(rows), caption=f"Koncernfælles mål og egne mål pr. institution, {word}", size=9),
    ]


def _shared_goals(conn, filters: Filters, goals: pd.DataFrame) -> list:
    period = filters.period
    shared = goals[goals["shared_key"].notna()]
    keys = [k for k in comparisons.shared_goal_keys(conn, filters) if k in set(shared["shared_key"])]
    blocks: list = [PageBreak(), Heading("Koncernfælles mål på tværs af institutionerne", 1)]
    bars, alt = [], []
    for key in keys:
        judged = [_judged(g, period) for g in shared[shared["shared_key"] == key].itertuples()]
        order = (*VERDICTS, *STATUSES, NOT_REPORTED)
        segments = tuple((tone, float(judged.count(tone)), number(judged.count(tone))) for tone in order
                         if judged.count(tone))  # fmt: skip
        name = SHARED_GOAL_KEYS.get(key, key)
        bars.append(Bar(name, segments))
        alt.append(f"{name}: " + ", ".join(f"{text} {tone.lower()}" for tone, _, text in segments))
    word = "opfyldelse" if period == Period.YEAR_END else "status"
    blocks.append(Chart(
        title=f"Institutioner pr. koncernfælles mål, efter {word}",
        alt=f"Søjlediagram over institutionerne pr. koncernfælles mål efter {word}. " + ". ".join(alt) + ".",
        bars=tuple(bars), axis="Antal institutioner",
    ))  # fmt: skip
    blocks += _economy(conn, filters)
    for key in keys:
        blocks.append(Heading(SHARED_GOAL_KEYS.get(key, key), 2))
        rows = []
        for goal in shared[shared["shared_key"] == key].itertuples():
            rows.append(_goal_row(goal, f"{goal.institution_name} ({goal.institution_code})", period))
        name = SHARED_GOAL_KEYS.get(key, key)
        columns = goal_columns(SHARED_COLUMNS[0], period)
        blocks.append(Table(columns, tuple(rows), caption=f"{name} pr. institution", size=8.5))
    return blocks


def _economy(conn, filters: Filters) -> list:
    """Økonomisk styring: each institution's figures and deviation in its plan's unit, one chart per unit."""
    economy = comparisons.economy_comparison(conn, filters)
    economy = economy[economy["deviation"].notna()]
    if economy.empty:
        return []
    blocks: list = [Heading("Økonomisk styring: afvigelse efter planernes regel", 2)]
    for unit, rows in economy.groupby("unit", sort=False):
        limits = {float(v) for v in rows["limit"] if v is not None and not pd.isna(v)}
        limit = limits.pop() if len(limits) == 1 else None
        decimals = 1
        bars = tuple(
            Bar(r.institution_name, (("Afvigelse", float(r.deviation), signed(r.deviation, decimals)),))
            for r in rows.itertuples()
        )
        basis = "forbrug og grundbudget" if (rows["basis"] == "forbrug").all() else "årets og det aftalte resultat"
        alt = "; ".join(
            f"{r.institution_name} {with_unit(signed(r.deviation, decimals), unit)}" for r in rows.itertuples()
        )
        limit_text = with_unit(number(limit, decimals), unit) if limit is not None else ""
        blocks.append(Chart(
            title=f"Afvigelse mellem {basis}, {unit}",
            alt=f"Søjlediagram over afvigelsen mellem {basis} i {unit} pr. institution"
            + (f", med planens grænse ±{limit_text}" if limit_text else "") + f": {alt}.",
            bars=bars, axis=f"Afvigelse, {unit}", style="deviation", limit=limit, limit_text=limit_text,
        ))  # fmt: skip
    year_end = filters.period == Period.YEAR_END

    def reported(r) -> str:  # the verdict at year-end; before it, the status (there is no verdict yet)
        said = r.reported_verdict if year_end else r.reported_status
        return said if isinstance(said, str) else ""

    table_rows = []
    for r in economy.itertuples():
        quarterly = len(r.quarters) > 0
        table_rows.append(Row((
            Cell(f"{r.institution_name} ({r.institution_code})"),
            Cell(with_unit(number(r.budget, 1), "mio. kr."), align="end"),
            Cell(with_unit(number(r.result, 1), "mio. kr."), align="end"),
            Cell(with_unit(signed(r.deviation, 1), r.unit) + (" (4. kvt.)" if quarterly else ""), align="end"),
            Cell(f"±{with_unit(number(r.limit, 1), r.unit)}" if r.limit is not None and not pd.isna(r.limit) else ""),
            Cell(r.computed_verdict or "", tone=r.computed_verdict or ""),
            Cell(reported(r), tone=reported(r)),
        )))  # fmt: skip
    columns = (Column("Institution", 4.0), Column("Aftalt / grundbudget", 2.0, "end"),
               Column("Årets resultat / forbrug", 2.4, "end"), Column("Afvigelse", 2.0, "end"),
               Column("Grænse", 1.6), Column("Efter planens regel", 2.0),
               Column("Indberettet" if year_end else "Indberettet status", 2.0))  # fmt: skip
    blocks.append(Table(columns, tuple(table_rows), caption="Økonomisk styring pr. institution", size=8.5))
    return blocks


def _goal_row(goal, label: str, period: str) -> Row:
    """Name, status, opfyldelse (year-end only), causes and actions of a troubled goal. Where the plan's rule gives
    another verdict than the reported one, the leadership sees it under the verdict (before year-end: the status)."""
    status = goal.status if isinstance(goal.status, str) else NOT_REPORTED
    verdict = goal.verdict if isinstance(goal.verdict, str) else ""
    disputed = f"Planens regel giver: {goal.computed_verdict}" if (
        isinstance(goal.computed_verdict, str) and flagged(goal.verdict_mismatch)) else ""  # fmt: skip
    troubled = status in TROUBLING or verdict in TROUBLING or flagged(goal.verdict_mismatch)
    reasons = (Cell(clip(_text(goal.causes)) if troubled else ""), Cell(clip(_text(goal.actions)) if troubled else ""))
    if period != Period.YEAR_END:
        return Row((Cell(label), Cell(status, tone=status, detail=disputed), *reasons))
    return Row((Cell(label), Cell(status, tone=status), Cell(verdict, tone=verdict, detail=disputed), *reasons))


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _institution(goals: pd.DataFrame, period: str) -> list:
    first = goals.iloc[0]
    counts = goal_table.status_counts(goals)
    blocks = [PageBreak(), Heading(f"{first['institution_name']} ({first['institution_code']})", 1)]
    summary = f"{len(goals)} mål: " + ", ".join(
        f"{counts[s]} {s.lower()}" for s in (*STATUSES[::-1], NOT_REPORTED) if counts[s]
    )
    if period == Period.YEAR_END:
        summary += f". Opfyldt: {int((goals['verdict'] == Verdict.MET).sum())} af {len(goals)} mål"
    blocks.append(Paragraph(summary + "."))
    if goals["status"].isna().all():
        blocks.append(Paragraph(f"{first['institution_name']} har ikke indberettet for {period.lower()} endnu."))
    rows, columns = [], goal_columns(GOAL_COLUMNS[0], period)
    for kind, of_kind in goals.sort_values("goal_order").groupby("kind", sort=False):
        heading = "Koncernfælles mål" if kind == GoalKind.SHARED else "Egne mål"
        rows.append(Row((Cell(heading, span=len(columns), strong=True),), role="group"))
        rows += [_goal_row(g, f"{g.goal_nr}. {g.title}", period) for g in of_kind.itertuples()]
    blocks.append(Table(columns, tuple(rows), caption=f"Mål for {first['institution_name']}", size=8.5))
    return blocks


def file_name(year: int, period: str, suffix: str) -> str:
    return f"Ledelsesopfoelgning_{year}_{period.replace('. ', '-').replace(' ', '_')}.{suffix}"
