"""The one verdict model: the reported verdict and what the plan's rule gives, side by side.

Every page, export and document takes its computed verdicts and disagreements from here: a goal whose plan
has a computable rule (Økonomisk styring, ALT) is judged from the key figures known by the end of the period,
and `rules.disagrees` decides whether the reported verdict agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maalstyring.reading.plan_rows import key_figures, measure_rows, number_or_none, text_or_none
from maalstyring.reading.selection import Filters
from maalstyring.rulebook import plan_rules, rules
from vocabulary.terms import Period
from vocabulary.wording import VERDICT_MISMATCH


@dataclass(frozen=True)
class Computation:
    """What a computable goal's rule (read from the plan's text) says about one institution's report."""

    goal_id: str
    measure_id: str | None  # the målepunkt the rule judges
    rule: plan_rules.EconomyRule | plan_rules.AltRule | None  # None when the wording is not understood
    outcome: rules.EconomyOutcome | rules.AltOutcome | None
    note: str  # the rule in the plan's words, or why it could not be computed
    later: bool = False  # the rule judges only at årsafslutning, and the period is 1. halvår

    @property
    def verdict(self) -> str | None:
        return None if self.later else getattr(self.outcome, "verdict", None)


def goal_computations(conn, filters: Filters, measures: pd.DataFrame | None = None) -> dict[str, Computation]:
    """Goal → Computation for every computable shared goal in the filtered plans (ØKONOMI and ALT)."""
    if measures is None:
        measures = measure_rows(conn, Filters(filters.year, filters.period, filters.institutions, filters.goal_kind))
    measures = measures[measures["shared_key"].isin(plan_rules.COMPUTED_KEYS)]
    if measures.empty:
        return {}
    own_period = _figure_values(key_figures(conn, filters, fall_back=False))
    # What was known by the end of the period: at årsafslutning a survey figure may come from the year's
    # 1. halvår report; at 1. halvår never from the later Årsafslutning report.
    any_period = (
        own_period if filters.period == Period.H1 else _figure_values(key_figures(conn, filters, fall_back=True))
    )
    by_goal: dict[str, list[dict]] = {}
    for row in measures.to_dict("records"):
        by_goal.setdefault(row["goal_id"], []).append(row)
    found = {}
    for goal_id, group in by_goal.items():
        first = group[0]
        texts = [{"text": m["measure_text"], "target": m["plan_target"]} for m in group]
        try:
            found_rule = plan_rules.rule_for_goal(first["shared_key"], text_or_none(first["goal_measurement"]), texts)
        except plan_rules.RuleNotUnderstood as exc:
            found[goal_id] = Computation(goal_id, None, None, None, f"Kan ikke beregnes: {exc}")
            continue
        if found_rule is None:  # only for goals outside COMPUTED_KEYS, filtered out above
            continue
        rule, index = found_rule
        judged = group[index]
        code = first["institution_code"]
        outcome = plan_rules.evaluate(
            rule, own_period.get(code, {}), any_period.get(code, {}), number_or_none(judged["actual"]),
            int(first["year"]), filters.period,
        )  # fmt: skip
        later = not rule.judged_at(filters.period, bool(judged["judged_now"]))
        found[goal_id] = Computation(goal_id, judged["measure_id"], rule, outcome, rule.describe(), later)
    return found


def _figure_values(figures: pd.DataFrame) -> dict[str, dict[tuple[str, int], float]]:
    values: dict[str, dict[tuple[str, int], float]] = {}
    for r in figures.itertuples():
        values.setdefault(r.institution_code, {})[(r.name, int(r.figure_year))] = float(r.value)
    return values


def verdict_columns(reported: str | None, group: list[dict], computation: Computation | None) -> list:
    """[computed verdict, mismatch, rule note, judged only at årsafslutning] of a goal.

    The goal's computed verdict is its målepunkter rolled up with the judged målepunkt's verdict replaced by
    what the rule gives (the others keep their reported verdict): a one-målepunkt goal (Økonomisk styring,
    ALT 2024) gets the rule's verdict itself.
    """
    if computation is None:
        return [None, False, None, False]
    if computation.rule is None:
        return [None, False, computation.note, False]
    if computation.later:
        return [None, False, computation.note, True]
    judged = next(i for i, m in enumerate(group) if m["measure_id"] == computation.measure_id)
    computed = plan_rules.goal_verdict([text_or_none(m["verdict"]) for m in group], judged, computation.verdict)
    return [computed, rules.disagrees(reported, computed), computation.note, False]


def with_rule(explanation: str, computed, mismatch: bool, note, later: bool = False) -> str:
    """The roll-up's reason, and for a computable goal what the plan's rule gives (or why it cannot)."""
    if not isinstance(note, str):
        return explanation
    if not isinstance(computed, str):
        if note.startswith("Kan ikke beregnes"):
            return f"{explanation} {note}"
        if flagged(later):
            return f"{explanation} Planens regel: {note}. Beregnet: {plan_rules.MEASURED_AT_YEAR_END.lower()}."
        return f"{explanation} Planens regel: {note}. Beregnet: endnu ikke, tallene mangler."
    said = f"{explanation} Planens regel: {note}. Beregnet: {computed}."
    return said + (" Det er ikke den indberettede opfyldelse." if flagged(mismatch) else "")


def verdict_mismatch_count(goals: pd.DataFrame) -> int:
    """Goals where the reported verdict is not what the plan's rule gives."""
    return int(goals["verdict_mismatch"].fillna(False).astype(bool).sum()) if len(goals) else 0


def mismatch_texts(goals: pd.DataFrame) -> list[str]:
    return [VERDICT_MISMATCH if flagged(flag) else "" for flag in goals["verdict_mismatch"]]


def flagged(value) -> bool:
    """True for a set flag (also numpy's bool); False for unset, None and NaN."""
    return bool(value == True)  # noqa: E712
