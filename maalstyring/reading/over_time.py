"""Fulfilment over the years: per institution × year × period, and the koncern's totals (Udvikling)."""

from __future__ import annotations

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.reading.selection import Filters, chosen_codes, read_frame
from vocabulary.terms import STATUSES, VERDICTS, Period


def fulfilment_over_time(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Per institution × year × period: målepunkter reported, by status and by verdict (aggregated in SQL)."""
    codes = chosen_codes(filters)
    return read_frame(
        conn,
        """
        SELECT r.institution_code, i.name AS institution_name, r.year, r.period,
               count(*) AS measures,
               count(*) FILTER (WHERE rr.status = ?) AS green,
               count(*) FILTER (WHERE rr.status = ?) AS yellow,
               count(*) FILTER (WHERE rr.status = ?) AS red,
               count(rr.verdict) AS judged,
               count(*) FILTER (WHERE rr.verdict = ?) AS met,
               count(*) FILTER (WHERE rr.verdict = ?) AS partly,
               count(*) FILTER (WHERE rr.verdict = ?) AS not_met,
               bool_or(r.is_example) AS is_example
        FROM reports r
        JOIN institutions i ON i.code = r.institution_code
        JOIN report_rows rr ON rr.upload_id = r.upload_id
        JOIN measures m ON m.measure_id = rr.measure_id
        JOIN goals g ON g.goal_id = m.goal_id
        WHERE r.is_current
          AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], r.institution_code))
          AND (?::VARCHAR IS NULL OR g.kind = ?)
        GROUP BY r.institution_code, i.name, r.year, r.period
        ORDER BY r.year, r.period = ?, i.name
        """,
        [*STATUSES, *VERDICTS, codes, codes, filters.goal_kind, filters.goal_kind, Period.YEAR_END],
    )


def koncern_over_time(per_institution: pd.DataFrame) -> pd.DataFrame:
    """The koncern's totals per year × period, with which institutions they hold.

    A total over different institutions is not comparable from one point to the next (2023 was STPS alone,
    2024 the other four), so each point says how many and which institutions it counts (`n`,
    `institutions`), and `segment` changes wherever that set changes: the chart draws the line in pieces
    there instead of joining unlike totals.
    """
    if per_institution.empty:
        return per_institution
    numbers = ["measures", "green", "yellow", "red", "judged", "met", "partly", "not_met"]
    ordered = per_institution.assign(_end=per_institution["period"] == Period.YEAR_END)
    ordered = ordered.sort_values(["year", "_end", "institution_code"], kind="stable")
    total = ordered.groupby(["year", "period"], sort=False, as_index=False).agg(
        **{n: (n, "sum") for n in numbers},
        n=("institution_code", "nunique"),
        institutions=("institution_code", lambda codes: ", ".join(sorted(set(codes)))),
        is_example=("is_example", "any"),
    )
    total["segment"] = (total["institutions"] != total["institutions"].shift()).cumsum()
    total.insert(0, "institution_code", "Koncern")
    total.insert(1, "institution_name", "Koncernen i alt")
    return total
