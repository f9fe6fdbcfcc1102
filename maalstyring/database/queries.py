"""Read models for pages, the CLI and exports. Parameterised SQL only; each call uses its own cursor."""

from __future__ import annotations

import pandas as pd

from maalstyring.database import reports_store
from maalstyring.database.storage import Connection
from maalstyring.database.stored_fields import GOAL_FIELDS, MEASURE_FIELDS, REPORT_ROW_FIELDS, records, select_list
from vocabulary.records import FollowUpRow, Goal, Measure, Plan, plan_id
from vocabulary.terms import GoalKind


def _frame(conn: Connection, sql: str, params: list | None = None) -> pd.DataFrame:
    return conn.cursor().execute(sql, params or []).df()


def plans_overview(conn: Connection) -> pd.DataFrame:
    """One row per stored plan with counts of goals and målepunkter."""
    return _frame(
        conn,
        """
        SELECT p.plan_id, p.institution_code, i.name AS institution_name, p.year,
               p.director, p.director_signed, p.secretary, p.secretary_signed,
               count(DISTINCT g.goal_id) FILTER (WHERE g.kind = ?) AS shared_goals,
               count(DISTINCT g.goal_id) FILTER (WHERE g.kind = ?) AS specific_goals,
               count(m.measure_id) AS measures
        FROM plans p
        JOIN institutions i ON i.code = p.institution_code
        LEFT JOIN goals g ON g.plan_id = p.plan_id
        LEFT JOIN measures m ON m.goal_id = g.goal_id
        GROUP BY p.plan_id, p.institution_code, i.name, p.year,
                 p.director, p.director_signed, p.secretary, p.secretary_signed
        ORDER BY p.year DESC, i.name
        """,
        [GoalKind.SHARED, GoalKind.SPECIFIC],
    )


def institutions(conn: Connection) -> pd.DataFrame:
    return _frame(conn, "SELECT code, name FROM institutions ORDER BY name")


def goals_with_measures(conn: Connection, plan_ids: list[str] | None = None) -> pd.DataFrame:
    """Every goal and målepunkt of the given plans (all plans when None), in plan order."""
    return _frame(
        conn,
        """
        SELECT p.institution_code, p.year, g.plan_id, g.goal_id, g.nr AS goal_nr, g.kind, g.shared_key,
               g.title, g.objective, g.remarks, g.goal_type, g.measurement, g.reporting,
               m.measure_id, m.nr AS measure_nr, m.text AS measure_text, m.target, m.unit, m.direction,
               m.deadline
        FROM goals g
        JOIN plans p ON p.plan_id = g.plan_id
        LEFT JOIN measures m ON m.goal_id = g.goal_id
        WHERE ?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], g.plan_id)
        ORDER BY p.year DESC, p.institution_code, g.sort_order, m.sort_order
        """,
        [plan_ids, plan_ids],
    )


# Built once from the contract's column names (stored_fields); every value goes in through `?`.
_PLAN_GOALS_SQL = (
    "SELECT " + select_list(GOAL_FIELDS, "g")  # noqa: S608 - names from loaders.contract, values are ?s
    + " FROM goals g WHERE g.plan_id = ? ORDER BY g.sort_order"
)  # fmt: skip
_PLAN_MEASURES_SQL = (
    "SELECT " + select_list(MEASURE_FIELDS, "m")  # noqa: S608 - names from loaders.contract, values are ?s
    + " FROM measures m JOIN goals g ON g.goal_id = m.goal_id WHERE g.plan_id = ? ORDER BY g.sort_order, m.sort_order"
)  # fmt: skip


def load_plan(conn: Connection, code: str, year: int) -> Plan | None:
    """A stored plan as a domain record (for templates and the plan workbook)."""
    cur = conn.cursor()
    head = cur.execute(
        """
        SELECT p.institution_code, i.name, p.year, p.director, p.director_signed, p.secretary, p.secretary_signed
        FROM plans p JOIN institutions i ON i.code = p.institution_code
        WHERE p.institution_code = ? AND p.year = ?
        """,
        [code, year],
    ).fetchone()
    if head is None:
        return None
    cur.execute(_PLAN_GOALS_SQL, [plan_id(code, year)])
    goals = records(cur, Goal)
    cur.execute(_PLAN_MEASURES_SQL, [plan_id(code, year)])
    measures = records(cur, Measure)
    return Plan(
        institution_code=head[0],
        institution_name=head[1],
        year=head[2],
        goals=tuple(goals),
        measures=tuple(measures),
        director=head[3],
        director_signed=head[4],
        secretary=head[5],
        secretary_signed=head[6],
    )


_CURRENT_ROWS_SQL = (
    "SELECT " + select_list(REPORT_ROW_FIELDS, "rr")  # noqa: S608 - names from loaders.contract, values are ?s
    + " FROM report_rows rr JOIN reports r ON r.upload_id = rr.upload_id"
    + " WHERE r.institution_code = ? AND r.year = ? AND r.period = ? AND r.is_current"
)  # fmt: skip


def current_report_rows(conn: Connection, code: str, year: int, period: str) -> dict[str, FollowUpRow]:
    """The rows of the current accepted follow-up for institution × year × period, keyed by målepunkt."""
    cur = conn.cursor()
    cur.execute(_CURRENT_ROWS_SQL, [code, year, period])
    return {row.measure_id: row for row in records(cur, FollowUpRow)}


def current_report_is_example(conn: Connection, code: str, year: int, period: str) -> bool:
    """Whether the current report for institution × year × period is bundled example data."""
    return reports_store.current_report_is_example(conn.cursor(), code, year, period)


def current_key_figures(conn: Connection, code: str, year: int, period: str) -> list[tuple]:
    return (
        conn.cursor()
        .execute(
            """
        SELECT k.name, k.figure_year, k.value FROM key_figures k
        JOIN reports r ON r.upload_id = k.upload_id
        WHERE r.institution_code = ? AND r.year = ? AND r.period = ? AND r.is_current
        ORDER BY k.name, k.figure_year
        """,
            [code, year, period],
        )
        .fetchall()
    )


_ALL_FOLLOW_UP_ROWS_SQL = (
    "SELECT r.institution_code, r.year, r.period, g.goal_id, g.title AS goal_title, rr.measure_id,"  # noqa: S608 - names from loaders.contract, values are ?s
    + " m.text AS measure_text, " + select_list(REPORT_ROW_FIELDS, "rr", skip=["measure_id"])
    + ", m.unit, r.upload_id, r.is_example"
    + " FROM reports r JOIN report_rows rr ON rr.upload_id = r.upload_id"
    + " JOIN measures m ON m.measure_id = rr.measure_id JOIN goals g ON g.goal_id = m.goal_id"
    + " WHERE r.is_current ORDER BY r.year, r.institution_code, r.period, g.sort_order, m.sort_order"
)  # fmt: skip


def all_follow_up_rows(conn: Connection) -> pd.DataFrame:
    """Every current follow-up row with its plan context (for export)."""
    return _frame(conn, _ALL_FOLLOW_UP_ROWS_SQL)


def all_key_figures(conn: Connection) -> pd.DataFrame:
    return _frame(
        conn,
        """
        SELECT k.institution_code, k.report_year, k.period, k.name, k.figure_year, k.value, k.upload_id
        FROM key_figures k JOIN reports r ON r.upload_id = k.upload_id
        WHERE r.is_current
        ORDER BY k.institution_code, k.report_year, k.period, k.name, k.figure_year
        """,
    )
