"""How a document states a goal's verdict: the reported one, then the computed one where the plan has a rule,
and the dashboards' mismatch mark, exactly as the Excel årsrapport table has them in its three columns."""

from __future__ import annotations

import pandas as pd

from maalstyring.dashboard import NOT_REPORTED, VERDICT_MISMATCH, flagged
from vocabulary.terms import Verdict

NOT_JUDGED = "Ikke vurderet endnu"  # the årsrapport table's word for a goal with no year-end verdict
TROUBLING_VERDICTS = (Verdict.PARTLY, Verdict.NOT_MET)


def text(value) -> str:
    return value if isinstance(value, str) else ""


def verdict_lines(reported, computed, mismatch) -> str:
    lines = [text(reported) or NOT_JUDGED]
    if isinstance(computed, str) and computed:
        lines.append(f"Beregnet efter planens regel: {computed}")
    if flagged(mismatch):
        lines.append(VERDICT_MISMATCH)
    return "\n".join(lines)


def status_text(status) -> str:
    return text(status) or NOT_REPORTED


def not_fully_met(goal) -> bool:
    """Part 2 analyses a goal whose reported or computed verdict is not Opfyldt."""
    return goal.verdict in TROUBLING_VERDICTS or goal.computed_verdict in TROUBLING_VERDICTS


def met_count(goals: pd.DataFrame) -> tuple[int, int]:
    """(goals reported Opfyldt, all goals): the 'X af Y mål opfyldt' line."""
    return int((goals["verdict"] == Verdict.MET).sum()), len(goals)
