"""The shared goals across institutions: Økonomisk styring, ALT and the other shared goals' målepunkter.

Each comparison shows the plan's rule and the computed verdict beside the reported one (verdict_model), and
`follow_up_rows_with_computed` gives `export` the same columns.
"""

from __future__ import annotations

import pandas as pd

from maalstyring.database import queries
from maalstyring.database.storage import Connection
from maalstyring.reading.plan_rows import goal_groups, measure_rows, text_or_none
from maalstyring.reading.selection import Filters, chosen_codes
from maalstyring.reading.verdict_model import goal_computations, verdict_columns
from maalstyring.rulebook import rules
from vocabulary.wording import VERDICT_MISMATCH


def shared_goal_keys(conn: Connection, filters: Filters) -> list[str]:
    """The shared goals in the filtered plans, in plan order."""
    codes = chosen_codes(filters)
    rows = (
        conn.cursor()
        .execute(
            """
            SELECT g.shared_key, min(g.sort_order) AS first
            FROM goals g JOIN plans p ON p.plan_id = g.plan_id
            WHERE g.shared_key IS NOT NULL AND (?::INTEGER IS NULL OR p.year = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
            GROUP BY g.shared_key ORDER BY first, g.shared_key
            """,
            [filters.year, filters.year, codes, codes],
        )
        .fetchall()
    )
    return [r[0] for r in rows]


def economy_comparison(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Økonomisk styring per institution: key figures, the plan's rule, computed and reported verdicts."""
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions))
    computations = goal_computations(conn, filters, measures)
    records = []
    for goal_id, group in goal_groups(measures, "ØKONOMI").items():
        m, comp = group[0], computations[goal_id]
        outcome = comp.outcome
        reported = rules.combined_verdict([text_or_none(r["verdict"]) for r in group])
        computed = verdict_columns(reported, group, comp)
        records.append(
            {
                "institution_code": m["institution_code"], "institution_name": m["institution_name"],
                "year": m["year"], "budget": getattr(outcome, "budget", None),
                "result": getattr(outcome, "result", None), "deviation": getattr(outcome, "deviation", None),
                "limit": getattr(comp.rule, "limit", None), "unit": getattr(comp.rule, "unit", None),
                "basis": getattr(comp.rule, "basis", None), "quarters": getattr(outcome, "quarters", ()),
                "computed_verdict": computed[0], "reported_status": text_or_none(m["status"]),
                "reported_verdict": reported, "disagrees": computed[1], "rule_note": comp.note,
                "figure_note": getattr(outcome, "note", None), "upload_id": m["upload_id"],
                "is_example": bool(m["is_example"]),
            }
        )  # fmt: skip
    return pd.DataFrame(records, columns=_ECONOMY_COLUMNS)


_ECONOMY_COLUMNS = [
    "institution_code", "institution_name", "year", "budget", "result", "deviation", "limit", "unit", "basis",
    "quarters", "computed_verdict", "reported_status", "reported_verdict", "disagrees", "rule_note",
    "figure_note", "upload_id", "is_example",
]  # fmt: skip


def alt_comparison(conn: Connection, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attraktiv arbejdsplads: (one row per institution × ALT question, one row per institution with the rule).

    Survey years, questions (in the plan's spelling) and what has to happen come from the plan's ALT
    målepunkt: a survey comparison (2024) or a number of ledelsestiltag (STPS 2023, whose survey result
    comes later and is shown beside it when reported).
    """
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions))
    computations = goal_computations(conn, filters, measures)
    dimension_rows, verdict_rows = [], []
    for goal_id, group in goal_groups(measures, "ALT").items():
        m, comp = group[0], computations[goal_id]
        outcome, rule = comp.outcome, comp.rule
        if isinstance(outcome, rules.AltOutcome):  # None when the plan's wording was not understood
            for d in outcome.dimensions:
                dimension_rows.append(
                    [m["institution_code"], m["institution_name"], d.name.removeprefix("ALT: "),
                     outcome.baseline_year, d.before, outcome.year, d.after, d.improved]
                )  # fmt: skip
        reported = rules.combined_verdict([text_or_none(r["verdict"]) for r in group])
        computed = verdict_columns(reported, group, comp)
        verdict_rows.append(
            [m["institution_code"], m["institution_name"], getattr(rule, "baseline_year", None),
             getattr(rule, "survey_year", None), getattr(rule, "basis", None), computed[0], text_or_none(m["status"]),
             reported, computed[1], comp.note, bool(m["is_example"]), computed[3]]
        )  # fmt: skip
    dims = pd.DataFrame(
        dimension_rows,
        columns=["institution_code", "institution_name", "dimension", "baseline_year", "before", "year", "after",
                 "improved"],
    )  # fmt: skip
    verdicts = pd.DataFrame(
        verdict_rows,
        columns=["institution_code", "institution_name", "baseline_year", "year", "basis", "computed_verdict",
                 "reported_status", "reported_verdict", "disagrees", "rule_note", "is_example", "judged_later"],
    )  # fmt: skip
    return dims, verdicts


def shared_goal_measures(conn: Connection, filters: Filters, key: str) -> pd.DataFrame:
    """The målepunkter of one shared goal in every filtered institution (e.g. the KI checkpoints)."""
    measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions))
    rows = measures[measures["shared_key"] == key].reset_index(drop=True)
    # The målepunkt a plan rule judges carries the rule's verdict beside the reported one, as on every page.
    judged = {comp.measure_id: comp for comp in goal_computations(conn, filters, measures).values()}
    computed = [judged[m].verdict if m in judged else None for m in rows["measure_id"]]
    return rows.assign(
        computed_verdict=computed,
        verdict_mismatch=[
            rules.disagrees(text_or_none(v), cv) for v, cv in zip(rows["verdict"], computed, strict=True)
        ],
    )


def follow_up_rows_with_computed(conn: Connection) -> pd.DataFrame:
    """Every current follow-up row (queries.all_follow_up_rows) with what the plan's rule gives for it and the
    disagreement mark, as the pages show them: the rule's verdict for the målepunkt a computable goal judges,
    Resultat against Måltal for the others where the plan judges them in the period (for `export`)."""
    frame = queries.all_follow_up_rows(conn)
    computed: dict[tuple[str, str], str | None] = {}
    for year, period in frame[["year", "period"]].drop_duplicates().itertuples(index=False):
        filters = Filters(int(year), period)
        measures = measure_rows(conn, filters)
        judged = {comp.measure_id: comp for comp in goal_computations(conn, filters, measures).values()}
        for measure_id, met in zip(measures["measure_id"], measures["computed_met"], strict=True):
            verdict = (
                judged[measure_id].verdict
                if measure_id in judged
                else rules.verdict_word(None if rules.missing(met) else bool(met))
            )
            computed[(measure_id, period)] = verdict
    frame["computed_verdict"] = [computed.get(key) for key in zip(frame["measure_id"], frame["period"], strict=True)]
    frame["disagreement"] = [
        VERDICT_MISMATCH if rules.disagrees(text_or_none(v), c) else ""
        for v, c in zip(frame["verdict"], frame["computed_verdict"], strict=True)
    ]
    return frame
