"""The målepunkter of the filtered plans with what the period's current report says, and the key figures.

The rows every other read model starts from: the goal table, the verdict model, the comparisons of shared
goals and one institution's view all roll these up, so a målepunkt reads the same on every page.
"""

from __future__ import annotations

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.reading.selection import Filters, chosen_codes, read_frame
from maalstyring.rulebook import plan_rules, rules
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.wording import NOT_REPORTED

_MEASURE_SQL = """
    SELECT p.institution_code, i.name AS institution_name, p.year, g.plan_id, g.goal_id,
           g.sort_order AS goal_order, g.nr AS goal_nr, g.kind, g.shared_key, g.title, g.objective,
           g.measurement AS goal_measurement, m.measure_id, m.sort_order AS measure_order, m.nr AS measure_nr,
           m.text AS measure_text,
           m.target AS plan_target, m.unit, m.direction, m.deadline AS measure_deadline, ?::VARCHAR AS period,
           rr.status, rr.verdict, rr.assessment, rr.cause, rr.action,
           coalesce(rr.target, m.target) AS target, rr.actual, r.upload_id,
           coalesce(r.is_example, FALSE) AS is_example
    FROM plans p
    JOIN institutions i ON i.code = p.institution_code
    JOIN goals g ON g.plan_id = p.plan_id
    JOIN measures m ON m.goal_id = g.goal_id
    LEFT JOIN reports r ON r.institution_code = p.institution_code AND r.year = p.year
                       AND r.period = ? AND r.is_current
    LEFT JOIN report_rows rr ON rr.upload_id = r.upload_id AND rr.measure_id = m.measure_id
    WHERE (?::INTEGER IS NULL OR p.year = ?)
      AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
      AND (?::VARCHAR IS NULL OR g.kind = ?)
    ORDER BY p.year DESC, i.name, g.sort_order, m.sort_order
"""


def measure_rows(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Every målepunkt of the filtered plans with what the current report of the period says about it."""
    codes = chosen_codes(filters)
    frame = read_frame(
        conn,
        _MEASURE_SQL,
        [filters.period, filters.period, filters.year, filters.year, codes, codes, filters.goal_kind,
         filters.goal_kind],
    )  # fmt: skip
    # One label for a shared goal on every leadership page and export ("Økonomisk styring", though the 2024
    # plans write "Økonomisk Styring"); the plan's own wording stays in plan_title and on the Planer page.
    frame["plan_title"] = frame["title"]
    frame["title"] = [
        SHARED_GOAL_KEYS.get(key, title) if isinstance(key, str) else title
        for key, title in zip(frame["shared_key"], frame["title"], strict=True)
    ]
    # At 1. halvår a target for the whole year is not judged against the half year's Resultat (1.900 is not
    # "ikke opfyldt" against an annual 3.700): only where the plan measures the målepunkt half-yearly.
    frame["judged_now"] = [
        plan_rules.judged_in(filters.period, int(y), d, text_or_none(m))
        for y, d, m in zip(frame["year"], frame["measure_deadline"], frame["goal_measurement"], strict=True)
    ]
    frame["computed_met"] = [
        rules.meets_target(a, t, d) if now else None
        for a, t, d, now in zip(frame["actual"], frame["target"], frame["direction"], frame["judged_now"], strict=True)
    ]
    if filters.statuses:
        shown = frame["status"].fillna(NOT_REPORTED)
        frame = frame[shown.isin(filters.statuses)]
    return frame.reset_index(drop=True)


def text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def key_figures(conn, filters: Filters, fall_back: bool) -> pd.DataFrame:
    """Key figures of the year's current reports: the chosen period's, or (fall_back) the other period's
    where the chosen one has none."""
    codes = chosen_codes(filters)
    return read_frame(
        conn,
        """
        SELECT institution_code, name, figure_year, value, period, upload_id, is_example FROM (
            SELECT k.institution_code, k.name, k.figure_year, k.value, k.period, k.upload_id, r.is_example,
                   row_number() OVER (PARTITION BY k.institution_code, k.name, k.figure_year
                                      ORDER BY (k.period = ?) DESC) AS pick
            FROM key_figures k JOIN reports r ON r.upload_id = k.upload_id
            WHERE r.is_current AND k.report_year = ? AND (? OR k.period = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], k.institution_code))
        ) AS picked WHERE pick = 1  -- PostgreSQL requires the alias
        """,
        [filters.period, filters.year, fall_back, filters.period, codes, codes],
    )


def goal_groups(measures: pd.DataFrame, key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in measures[measures["shared_key"] == key].to_dict("records"):
        groups.setdefault(row["goal_id"], []).append(row)
    return groups


def number_or_none(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
