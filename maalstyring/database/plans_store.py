"""Stored plans: the målepunkter a follow-up is checked against, and replacing a plan with a newer upload.

The functions take a cursor; callers own the transaction (workbooks.ingest, restore in reading.history).
"""

from __future__ import annotations

from maalstyring.database.storage import Connection, insert_rows
from maalstyring.database.stored_fields import GOAL_FIELDS, MEASURE_FIELDS, db_columns, records, select_list
from vocabulary.records import Measure, Plan

_PLAN_MEASURES_SQL = (
    "SELECT " + select_list(MEASURE_FIELDS, "m")  # noqa: S608 - names from loaders.contract, values are ?s
    + " FROM measures m JOIN goals g USING (goal_id) JOIN plans p USING (plan_id)"
    + " WHERE p.institution_code = ? AND p.year = ? ORDER BY g.sort_order, m.sort_order"
)  # fmt: skip


def stored_measures(cur: Connection, code: str, year: int) -> dict[str, Measure] | None:
    """The målepunkter of a stored plan, keyed by ID, or None when there is no such plan."""
    found = cur.execute("SELECT 1 FROM plans WHERE institution_code = ? AND year = ?", [code, year]).fetchone()
    if not found:
        return None
    cur.execute(_PLAN_MEASURES_SQL, [code, year])
    return {m.measure_id: m for m in records(cur, Measure)}


def current_plan(cur, code: str, year: int) -> int | None:
    """The upload whose plan is stored for institution × year, or None."""
    row = cur.execute("SELECT upload_id FROM plans WHERE institution_code = ? AND year = ?", [code, year]).fetchone()
    return row[0] if row else None


def store_plan(cur, plan: Plan, upload_id: int) -> int | None:
    """Store `plan` as upload `upload_id`, replacing the stored plan of its institution × year; return the
    upload it replaced (None when there was none, or it was this one)."""
    cur.execute(
        "INSERT INTO institutions (code, name) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        [plan.institution_code, plan.institution_name],
    )
    previous = cur.execute("SELECT upload_id FROM plans WHERE plan_id = ?", [plan.plan_id]).fetchone()
    if previous:
        cur.execute(
            "DELETE FROM measures WHERE goal_id IN (SELECT goal_id FROM goals WHERE plan_id = ?)", [plan.plan_id]
        )
        cur.execute("DELETE FROM goals WHERE plan_id = ?", [plan.plan_id])
        cur.execute("DELETE FROM plans WHERE plan_id = ?", [plan.plan_id])
    cur.execute(
        """
        INSERT INTO plans (plan_id, institution_code, year, director, director_signed, secretary, secretary_signed,
            upload_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            plan.plan_id, plan.institution_code, plan.year, plan.director, plan.director_signed,
            plan.secretary, plan.secretary_signed, upload_id,
        ],
    )  # fmt: skip
    insert_rows(
        cur,
        "goals",
        ["plan_id", "sort_order", *db_columns(GOAL_FIELDS)],
        ([plan.plan_id, i, *(getattr(g, col.field) for col in GOAL_FIELDS)] for i, g in enumerate(plan.goals)),
    )
    insert_rows(
        cur,
        "measures",
        ["sort_order", *db_columns(MEASURE_FIELDS)],
        ([i, *(getattr(m, col.field) for col in MEASURE_FIELDS)] for i, m in enumerate(plan.measures)),
    )
    return previous[0] if previous and previous[0] != upload_id else None
