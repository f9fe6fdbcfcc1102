"""One institution's plan: its header, every målepunkt in each period, and each goal's roll-up per period."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.reading.plan_rows import measure_rows
from maalstyring.reading.selection import Filters
from maalstyring.reading.verdict_model import flagged
from vocabulary.terms import PERIODS, GoalKind, Status


def plan_header(conn: Connection, code: str, year: int) -> dict | None:
    row = (
        conn.cursor()
        .execute(
            """
            SELECT p.institution_code, i.name, p.year, p.director, p.director_signed, p.secretary,
                   p.secretary_signed
            FROM plans p JOIN institutions i ON i.code = p.institution_code
            WHERE p.institution_code = ? AND p.year = ?
            """,
            [code, year],
        )
        .fetchone()
    )
    if row is None:
        return None
    keys = ("code", "name", "year", "director", "director_signed", "secretary", "secretary_signed")
    return dict(zip(keys, row, strict=True))


def institution_periods(conn: Connection, code: str, year: int, goal_kind: str | None = None):
    """Every målepunkt of one plan with each period's report side by side (long format: one row per period)."""
    frames = [measure_rows(conn, Filters(year, period, (code,), goal_kind)) for period in PERIODS]
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class InstitutionGoal:
    """One goal of an institution's plan: its målepunkter (rows of `institution_periods`) and its roll-up
    in each period, the same goal row the overview, Koncernfælles mål and the exports use (`goal_rows`)."""

    goal_id: str
    kind: str
    nr: str
    title: str
    objective: str
    positions: tuple[int, ...]
    rollups: dict[str, dict | None]

    def needs_attention(self, period: str) -> bool:
        """Yellow or red in `period`, or the reported verdict is not what the plan's rule gives."""
        now = self.rollups.get(period) or {}
        return now.get("status") in (Status.YELLOW, Status.RED) or flagged(now.get("verdict_mismatch"))


def institution_goals(rows: pd.DataFrame, goals_by_period: dict[str, pd.DataFrame]) -> list[InstitutionGoal]:
    """The goals of one plan, shared goals first, each in plan order, from `institution_periods` (`rows`)
    and `goal_rows` of each period. No roll-up here: the goal rows already hold it."""
    positions: dict[str, list[int]] = {}
    for position, goal_id in enumerate(rows["goal_id"]):
        positions.setdefault(goal_id, []).append(position)
    rollups = {period: {g["goal_id"]: g for g in frame.to_dict("records")} for period, frame in goals_by_period.items()}
    goals = []
    for goal_id, at in positions.items():
        first = rows.iloc[at[0]]
        goals.append(
            InstitutionGoal(
                goal_id,
                first["kind"],
                first["goal_nr"],
                first["title"],
                first["objective"],
                tuple(at),
                {period: by_goal.get(goal_id) for period, by_goal in rollups.items()},
            )
        )
    # Stable: plan order within each kind.
    return sorted(goals, key=lambda g: g.kind != GoalKind.SHARED)
