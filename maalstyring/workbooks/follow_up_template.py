"""The follow-up template for a plan and period: the Nøgletal rows its rules need, written by the Excel layer.

loaders/template_writer.py writes the workbook; which key figures a plan asks for is read from the plan's own
wording (maalstyring/rulebook/plan_rules.py), which the Excel layer below must not import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from loaders.template_writer import write_follow_up_workbook
from maalstyring.rulebook.plan_rules import required_key_figures
from vocabulary.records import FollowUpRow, Plan


def write_follow_up_template(
    plan: Plan,
    period: str,
    goal_labels: Mapping[str, str] | None = None,
    stored_rows: Mapping[str, FollowUpRow] | None = None,
    h1_rows: Mapping[str, FollowUpRow] | None = None,
    key_figure_rows: Iterable[tuple[str, int, float | None]] | None = None,
) -> bytes:
    """A follow-up template for one plan and period; stored rows and figures prefill it (see the writer)."""
    return write_follow_up_workbook(
        plan,
        period,
        required_key_figures(plan, period),
        goal_labels=goal_labels,
        stored_rows=stored_rows,
        h1_rows=h1_rows,
        key_figure_rows=key_figure_rows,
    )
