"""One row per goal: its rolled-up status and verdict, why, and the causes and actions behind it.

The goal table of Koncernoverblik, Institution and the exports, and what the overview matrix and its counts
are built from.
"""

from __future__ import annotations

import re

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.reading.plan_rows import measure_rows, text_or_none
from maalstyring.reading.selection import Filters, chosen_codes
from maalstyring.reading.verdict_model import goal_computations, mismatch_texts, verdict_columns, with_rule
from maalstyring.rulebook import rules
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.terms import VERDICTS, GoalKind, Status, Verdict
from vocabulary.wording import NOT_REPORTED, STATUS_FILTER_CHOICES


def goal_rows(conn: Connection, filters: Filters) -> pd.DataFrame:
    """One row per goal: its rolled-up status and verdict, why, and the causes and actions behind it.

    The status filter applies to the goal's rolled-up status, so "Rød" shows red goals with all their
    målepunkter in the explanation, not only the red ones.
    """
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions, filters.goal_kind))
    columns = [
        "institution_code", "institution_name", "year", "period", "goal_id", "goal_order", "goal_nr", "kind",
        "shared_key", "title", "status", "verdict", "explanation", "causes", "actions", "measures",
        "reported", "upload_id", "is_example", "computed_verdict", "verdict_mismatch", "rule_note", "judged_later",
    ]  # fmt: skip
    computed = goal_computations(conn, filters, measures)
    # Plain records, not a pandas group per goal: at 30 institutions x 10 years the per-group pandas
    # calls cost over a second per page view (docs/BENCHMARKS.md).
    by_goal: dict[str, list[dict]] = {}
    for row in measures.to_dict("records"):
        by_goal.setdefault(row["goal_id"], []).append(row)
    troubling = {Status.YELLOW, Status.RED, Verdict.PARTLY, Verdict.NOT_MET}
    records = []
    for group in by_goal.values():
        first = group[0]
        rollup = rules.roll_up_goal(
            [
                rules.MeasureResult(str(m["measure_nr"]), text_or_none(m["status"]), text_or_none(m["verdict"]))
                for m in group
            ]
        )
        troubled = [m for m in group if m["status"] in troubling or m["verdict"] in troubling]
        upload_ids = [m["upload_id"] for m in group if pd.notna(m["upload_id"])]
        records.append(
            [
                first["institution_code"], first["institution_name"], int(first["year"]), filters.period,
                first["goal_id"], int(first["goal_order"]), first["goal_nr"], first["kind"],
                text_or_none(first["shared_key"]), first["title"], rollup.status, rollup.verdict, rollup.explanation,
                _numbered(troubled, "cause"), _numbered(troubled, "action"), len(group),
                sum(isinstance(m["status"], str) for m in group), int(upload_ids[0]) if upload_ids else None,
                any(m["is_example"] == 1 for m in group), *verdict_columns(rollup.verdict, group,
                                                                           computed.get(first["goal_id"])),
            ]
        )  # fmt: skip
    frame = pd.DataFrame(records, columns=columns)
    frame["mismatch_text"] = mismatch_texts(frame)
    frame["explanation"] = [
        with_rule(text, computed, mismatch, note, later)
        for text, computed, mismatch, note, later in zip(
            frame["explanation"],
            frame["computed_verdict"],
            frame["verdict_mismatch"],
            frame["rule_note"],
            frame["judged_later"],
            strict=True,
        )
    ]
    if filters.statuses:
        frame = frame[frame["status"].fillna(NOT_REPORTED).isin(filters.statuses)]
    return frame.reset_index(drop=True)


def _numbered(rows: list[dict], column: str) -> str:
    """'Målepunkt 1: text' per målepunkt that has the text, so a goal's causes stay traceable to it."""
    return "\n".join(f"Målepunkt {row['measure_nr']}: {row[column]}" for row in rows if isinstance(row[column], str))


def goal_column_label(row) -> str:
    """The matrix column of a goal: shared goals by their stable key, own goals by number."""
    if isinstance(row.shared_key, str) and row.shared_key:
        return SHARED_GOAL_KEYS.get(row.shared_key, row.shared_key)
    return f"Eget mål {row.goal_nr}"


def natural_key(text) -> tuple:
    """Sorts "2" before "10" and "2a" after "2": numbers by value, the rest as text (goal numbers are text)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", str(text)))


def matrix_columns(goals: pd.DataFrame) -> list[str]:
    """The overview matrix's goal columns (goal_column_label), in order: shared goals in plan order, then own
    goals by number, so "Eget mål 2" comes before "Eget mål 10". Decided on the goal kind and number, not on
    the labels."""
    shared = goals[goals["kind"] == GoalKind.SHARED].sort_values("goal_order")
    own = goals[goals["kind"] != GoalKind.SHARED]
    own = own.iloc[sorted(range(len(own)), key=lambda i: natural_key(own["goal_nr"].iloc[i]))]
    return list(dict.fromkeys(goal_column_label(g) for frame in (shared, own) for g in frame.itertuples()))


def status_counts(goals: pd.DataFrame) -> dict[str, int]:
    """Goals per rolled-up status (Ikke indberettet where nothing came in)."""
    counted = goals["status"].fillna(NOT_REPORTED).value_counts()
    return {s: int(counted.get(s, 0)) for s in STATUS_FILTER_CHOICES}


def verdict_counts(goals: pd.DataFrame) -> dict[str, int]:
    counted = goals["verdict"].value_counts()
    return {v: int(counted.get(v, 0)) for v in VERDICTS}


def reports_received(conn: Connection, filters: Filters) -> tuple[int, int]:
    """(received, expected): current reports of the period against plans of the year, for the filtered institutions."""
    codes = chosen_codes(filters)
    row = (
        conn.cursor()
        .execute(
            """
            SELECT count(r.upload_id), count(*)
            FROM plans p
            LEFT JOIN reports r ON r.institution_code = p.institution_code AND r.year = p.year
                               AND r.period = ? AND r.is_current
            WHERE (?::INTEGER IS NULL OR p.year = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
            """,
            [filters.period, filters.year, filters.year, codes, codes],
        )
        .fetchall()[0]
    )
    return int(row[0]), int(row[1])
