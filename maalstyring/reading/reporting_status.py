"""Which reports came in (Indberetningsstatus) and the year-end table of verdicts (Årsrapport)."""

from __future__ import annotations

import pandas as pd

from maalstyring.database.storage import Connection
from maalstyring.reading.goal_table import goal_rows
from maalstyring.reading.selection import Filters, chosen_codes, read_frame
from vocabulary.terms import Period, UploadOutcome, Verdict, WorkbookKind
from vocabulary.wording import RECEIPT_ACCEPTED, RECEIPT_MISSING, RECEIPT_REJECTED


def report_receipts(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Institution × period for the year's plans: received or not, when and by whom, and the latest upload."""
    codes = chosen_codes(filters)
    frame = read_frame(
        conn,
        """
        WITH expected AS (
            SELECT p.institution_code, i.name AS institution_name, p.year, pr.period, pr.ord
            FROM plans p JOIN institutions i ON i.code = p.institution_code
            CROSS JOIN (VALUES (?::VARCHAR, 1), (?::VARCHAR, 2)) pr(period, ord)
            WHERE (?::INTEGER IS NULL OR p.year = ?)
              AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], p.institution_code))
        ),
        follow_ups AS (
            SELECT * FROM uploads WHERE kind = ?
        ),
        latest AS (
            SELECT institution_code, year, period,
                   arg_max(outcome, upload_id) AS latest_outcome,
                   arg_max(uploaded_at, upload_id) AS latest_at,
                   arg_max(uploaded_by, upload_id) AS latest_by,
                   arg_max(file_name, upload_id) AS latest_file,
                   count(*) FILTER (WHERE outcome = ?) AS rejected_count,
                   count(*) AS upload_count
            FROM follow_ups GROUP BY institution_code, year, period
        )
        SELECT e.institution_code, e.institution_name, e.year, e.period,
               r.upload_id AS accepted_upload_id, u.uploaded_at AS accepted_at, u.uploaded_by AS accepted_by,
               coalesce(r.is_example, FALSE) AS is_example,
               l.latest_outcome, l.latest_at, l.latest_by, l.latest_file,
               coalesce(l.rejected_count, 0) AS rejected_count, coalesce(l.upload_count, 0) AS upload_count
        FROM expected e
        LEFT JOIN reports r ON r.institution_code = e.institution_code AND r.year = e.year
                           AND r.period = e.period AND r.is_current
        LEFT JOIN uploads u ON u.upload_id = r.upload_id
        LEFT JOIN latest l ON l.institution_code = e.institution_code AND l.year = e.year AND l.period = e.period
        ORDER BY e.year DESC, e.institution_name, e.ord
        """,
        [Period.H1, Period.YEAR_END, filters.year, filters.year, codes, codes, WorkbookKind.FOLLOW_UP,
         UploadOutcome.REJECTED],
    )  # fmt: skip
    frame["receipt"] = [
        RECEIPT_ACCEPTED if pd.notna(acc) else (RECEIPT_REJECTED if n else RECEIPT_MISSING)
        for acc, n in zip(frame["accepted_upload_id"], frame["upload_count"], strict=True)
    ]
    return frame


def annual_report_table(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Each goal at year-end: the reported verdict, the computed one where the plan has a rule (and whether
    they disagree), and for goals not met the explanation (cause and action, each labelled)."""
    goals = goal_rows(conn, Filters(filters.year, Period.YEAR_END, filters.institutions, filters.goal_kind))
    if goals.empty:
        return goals.assign(explanation_for_report=pd.Series(dtype=str), mismatch_text=pd.Series(dtype=str))
    not_met = goals["verdict"].notna() & (goals["verdict"] != Verdict.MET)
    explanation = [
        labelled_reasons(causes, actions) if flag else ""
        for flag, causes, actions in zip(not_met, goals["causes"], goals["actions"], strict=True)
    ]
    return goals.assign(verdict=goals["verdict"].fillna("Ikke vurderet endnu"), explanation_for_report=explanation)


def labelled_reasons(causes: str | None, actions: str | None) -> str:
    """Cause and action in full, each under its own label, as in the follow-up template."""
    parts = [f"Årsag og konsekvens:\n{causes}" if causes else "", f"Handling:\n{actions}" if actions else ""]
    return "\n\n".join(p for p in parts if p)
