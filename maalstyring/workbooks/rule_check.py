"""Where a follow-up file's own verdicts differ from what the plan's rules give, per målepunkt.

Said to the controller at upload (the preview and `import`), before leadership sees the disagreement on the
pages: a warning with the rule and the figures, never a refusal — the controller may know better, and then
explains it in Vurdering. The same rules as the pages (maalstyring.rulebook.plan_rules, rules), on the file's rows
and key figures and on what was known by the end of the file's period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from maalstyring.database import queries
from maalstyring.rulebook import plan_rules, rules
from vocabulary.formatting import format_number, format_target
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.records import FollowUpRow, Measure, Plan
from vocabulary.terms import Period


@dataclass(frozen=True)
class RuleDisagreement:
    """One målepunkt whose verdict in the file is not what the plan's rule gives from the file's figures."""

    measure_id: str
    goal: str  # "Mål 2: Økonomisk styring"
    reported: str
    computed: str
    rule: str  # the rule in the plan's words
    figures: str  # the figures the rule was applied to

    def message(self) -> str:
        return (
            f"{self.goal}, målepunkt {self.measure_id}: filen siger {self.reported}, men planens regel giver "
            f"{self.computed} ({self.figures}). Regel: {self.rule}."
        )


def rule_disagreements(
    plan: Plan,
    period: str,
    rows: Mapping[str, FollowUpRow],
    figures: Mapping[tuple[str, int], float],
    earlier_figures: Mapping[tuple[str, int], float] | None = None,
) -> list[RuleDisagreement]:
    """Every målepunkt of the file with a verdict the plan's rule contradicts, in plan order.

    A computable goal's judged målepunkt is checked against its rule (economy band, ALT, STPS's quarters);
    any other målepunkt with Måltal, Retning and Resultat against its target, where the plan judges it in
    `period`. `earlier_figures`: key figures of the year's earlier report (a survey figure given once).
    """
    found = []
    for goal in plan.goals:
        measures = [m for m in plan.measures if m.goal_id == goal.goal_id]
        title = f"Mål {goal.nr}: {SHARED_GOAL_KEYS.get(goal.shared_key or '', goal.title)}"
        judged_id = None
        try:
            ruled = plan_rules.rule_for_goal(goal.shared_key, goal.measurement, measures)
        except plan_rules.RuleNotUnderstood:
            ruled = None  # the preview says so already (preview.rule_warnings)
        if ruled is not None:
            rule, index = ruled
            judged = measures[index]
            judged_id = judged.measure_id
            row = rows.get(judged_id)
            now = plan_rules.judged_in(period, plan.year, judged.deadline, goal.measurement)
            if row is not None and rule.judged_at(period, now):
                outcome = plan_rules.evaluate(
                    rule, figures, {**(earlier_figures or {}), **figures}, row.actual, plan.year, period
                )
                reported, computed = row.verdict, outcome.verdict
                if reported is not None and computed is not None and rules.disagrees(reported, computed):
                    found.append(
                        RuleDisagreement(judged_id, title, reported, computed, rule.describe(), _figures(outcome))
                    )
        for measure in measures:
            row = rows.get(measure.measure_id)
            if measure.measure_id == judged_id or row is None:
                continue
            disagreement = _target_disagreement(plan, period, goal.measurement, measure, row, title)
            if disagreement is not None:
                found.append(disagreement)
    return found


def _target_disagreement(
    plan: Plan, period: str, measurement, measure: Measure, row: FollowUpRow, title: str
) -> RuleDisagreement | None:
    target = row.target if not rules.missing(row.target) else measure.target
    if not plan_rules.judged_in(period, plan.year, measure.deadline, measurement):
        return None
    computed = rules.verdict_word(rules.meets_target(row.actual, target, measure.direction))
    if row.verdict is None or computed is None or not rules.disagrees(row.verdict, computed):
        return None
    unit = f" {measure.unit}" if measure.unit else ""
    return RuleDisagreement(
        measure.measure_id,
        title,
        row.verdict,
        computed,
        f"Resultat skal være {format_target(target, measure.unit, measure.direction)}",
        f"Resultat {format_number(row.actual)}{unit}, måltal {format_target(target, measure.unit, measure.direction)}",
    )


def _figures(outcome) -> str:
    """The figures a rule's outcome rests on, in Danish."""
    if isinstance(outcome, rules.EconomyOutcome):
        if outcome.quarters:
            parts = [
                f"{q.quarter}. kvartal: grundbudget {format_number(q.budget)}, forbrug {format_number(q.spending)}, "
                f"afvigelse {format_number(q.deviation_pct)} pct."
                for q in outcome.quarters
                if q.deviation_pct is not None
            ]
            return "; ".join(parts) or "ingen kvartaler med tal"
        return (
            f"aftalt resultat {format_number(outcome.budget, 1)} mio. kr., årets resultat "
            f"{format_number(outcome.result, 1)} mio. kr., afvigelse {format_number(outcome.deviation, 1)} "
            f"{outcome.unit or ''}".rstrip()
        )
    if isinstance(outcome, rules.AltOutcome):
        shown = [
            f"{d.name.removeprefix('ALT: ')} {format_number(d.before)} → {format_number(d.after)}"
            for d in outcome.dimensions
            if d.before is not None or d.after is not None
        ]
        return f"ALT {outcome.baseline_year} → {outcome.year}: " + ("; ".join(shown) or "ingen tal")
    return ""


def file_disagreements(conn, read) -> list[RuleDisagreement]:
    """rule_disagreements for a read follow-up workbook (`loaders.reader.ReadResult`), against its stored plan;
    nothing for a plan workbook or a follow-up without a stored plan."""
    if read.follow_up is None:
        return []
    plan = queries.load_plan(conn, read.institution_code, read.year)
    if plan is None:
        return []
    earlier = (
        {
            (name, int(year)): value
            for name, year, value in queries.current_key_figures(conn, read.institution_code, read.year, Period.H1)
        }
        if read.period == Period.YEAR_END
        else {}
    )
    rows = {r.measure_id: r for r in read.follow_up.rows}
    figures = {(k.name, int(k.year)): k.value for k in read.follow_up.key_figures}
    return rule_disagreements(plan, read.period, rows, figures, earlier)
