"""Roll-ups and the computed shared-goal rules. Pure functions: every threshold comes in as an argument.

The thresholds belong to the stored plan of the year (the ØKONOMI målepunkt's Måltal, Enhed and Retning;
the ALT målepunkt's survey years), never to this module, so next year's plan changes the rule without code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vocabulary.formatting import format_number
from vocabulary.key_figures import ALT_DIMENSIONS
from vocabulary.terms import DIRECTIONS, Direction, Status, Verdict

STATUS_RANK: dict[str, int] = {Status.GREEN: 0, Status.YELLOW: 1, Status.RED: 2}
# Money and percentages are compared at a precision far below what anyone reports, so that
# 12,3 − 7,3 (= 5,000000000000001 in binary) counts as exactly 5,0 and the boundary stays inclusive.
_PRECISION = 9


def missing(value: object) -> bool:
    """None, NaN or pandas' NA: nothing was given."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pandas' missing values are not equal to themselves
    except (TypeError, ValueError):
        return False


_missing = missing


def same_number(a: float, b: float) -> bool:
    return round(float(a), _PRECISION) == round(float(b), _PRECISION)


def format_limit(value: float, unit: str | None = None) -> str:
    """A plan's limit as the plans write it: 5,0 mio. kr. keeps its decimal, 5 pct. has none."""
    return format_number(value, 1 if unit == "mio. kr." else None)


def worst_status(statuses: Iterable[str | None]) -> str | None:
    """The worst traffic light (Rød over Gul over Grøn); None when nothing was reported."""
    known = [s for s in statuses if isinstance(s, str) and s in STATUS_RANK]
    return max(known, key=STATUS_RANK.__getitem__) if known else None


def combined_verdict(verdicts: Sequence[str | None]) -> str | None:
    """A goal's verdict from its målepunkter: Opfyldt only when all are, Ikke opfyldt when none is.

    None when any målepunkt still lacks a verdict: a goal is not judged on half its målepunkter.
    """
    if not verdicts or any(_missing(v) for v in verdicts):
        return None
    if all(v == Verdict.MET for v in verdicts):
        return Verdict.MET
    if all(v == Verdict.NOT_MET for v in verdicts):
        return Verdict.NOT_MET
    return Verdict.PARTLY


@dataclass(frozen=True)
class MeasureResult:
    """What one målepunkt reported, as the roll-up needs it."""

    nr: str
    status: str | None
    verdict: str | None = None


@dataclass(frozen=True)
class GoalRollup:
    status: str | None
    verdict: str | None
    explanation: str


def roll_up_goal(measures: Sequence[MeasureResult]) -> GoalRollup:
    """Status and verdict of a goal from its målepunkter, with the reason in plain Danish."""
    status = worst_status(m.status for m in measures)
    verdict = combined_verdict([m.verdict for m in measures])
    if status is None:
        return GoalRollup(None, verdict, "Ingen målepunkter er indberettet endnu.")
    missing = [m.nr for m in measures if _missing(m.status)]
    if status == Status.GREEN:
        why = "Alle indberettede målepunkter er grønne."
    else:
        culprits = [m.nr for m in measures if m.status == status]
        word = "målepunkt" if len(culprits) == 1 else "målepunkterne"
        why = f"{status}, fordi {word} {_join(culprits)} er {status.lower()} (det dårligste trafiklys tæller)."
    if missing:
        why += f" Ikke indberettet: målepunkt {_join(missing)}."
    if verdict is not None and verdict != Verdict.MET:
        why += f" {verdict}: " + _not_met_reason(measures) + " (målet er kun opfyldt, når alle er)."
    return GoalRollup(status, verdict, why)


def _not_met_reason(measures: Sequence[MeasureResult]) -> str:
    """Each målepunkt that is not met, with its own word: 'delvist opfyldt' is not said to be 'ikke opfyldt'."""
    parts = []
    for verdict in (Verdict.PARTLY, Verdict.NOT_MET):
        nrs = [m.nr for m in measures if m.verdict == verdict]
        if nrs:
            word = "målepunkt" if len(nrs) == 1 else "målepunkterne"
            parts.append(f"{word} {_join(nrs)} er {verdict.lower()}")
    return " og ".join(parts)


def _join(items: Sequence[str]) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def meets_target(actual: float | None, target: float | None, direction: str | None) -> bool | None:
    """Actual against target: Mindst means at least, Højst at most; the boundary itself is met."""
    if actual is None or target is None or _missing(actual) or _missing(target) or direction not in DIRECTIONS:
        return None
    actual, target = round(float(actual), _PRECISION), round(float(target), _PRECISION)
    return actual >= target if direction == Direction.AT_LEAST else actual <= target


def verdict_word(met: bool | None) -> str | None:
    if met is None:
        return None
    return Verdict.MET if met else Verdict.NOT_MET


@dataclass(frozen=True)
class EconomyOutcome:
    """Økonomisk styring: the deviation from the agreed result and whether it lies within the plan's band."""

    budget: float | None
    result: float | None
    deviation: float | None  # in the plan's unit: mio. kr., or pct. of the agreed figure
    limit: float | None
    unit: str | None
    met: bool | None
    quarters: tuple[QuarterDeviation, ...] = ()  # the plan's quarterly measurement, where it has one
    note: str | None = None  # why there is no verdict, when the figures cannot give one

    @property
    def verdict(self) -> str | None:
        return verdict_word(self.met)


@dataclass(frozen=True)
class QuarterDeviation:
    quarter: int
    budget: float | None
    spending: float | None
    deviation_pct: float | None
    met: bool | None


def quarterly_spending_rule(quarters: Sequence[tuple[int, float | None, float | None]], limit: float) -> EconomyOutcome:
    """Faktisk forbrug against grundbudgettet, each quarter in pct. of that quarter's budget (STPS 2023).

    Not met as soon as one quarter's deviation is larger than `limit`; met when every quarter of the period
    is measured and none is; unknown while quarters are missing. A quarter with a budget of 0 has no
    percentage, and the outcome says so instead of dividing by zero.
    """
    parts, zero_budget = [], []
    for q, budget, spending in quarters:
        if budget is None or spending is None or missing(budget) or missing(spending):
            parts.append(QuarterDeviation(q, budget, spending, None, None))
        elif float(budget) == 0:
            zero_budget.append(q)
            parts.append(QuarterDeviation(q, budget, spending, None, None))
        else:
            pct = (float(spending) - float(budget)) / abs(float(budget)) * 100
            parts.append(QuarterDeviation(q, budget, spending, pct, meets_target(abs(pct), limit, Direction.AT_MOST)))
    known = [p for p in parts if p.met is not None]
    if any(p.met is False for p in known):
        met = False
    elif known and len(known) == len(parts):
        met = True
    else:
        met = None
    worst = max(known, key=lambda p: abs(p.deviation_pct or 0.0), default=None)  # known: every one has a pct
    note = None
    if zero_budget:
        quarters_named = _join([f"{q}. kvartal" for q in zero_budget])
        note = f"Grundbudgettet er 0 i {quarters_named}: afvigelsen i pct. kan ikke beregnes."
    elif met is None:
        absent = [f"{p.quarter}. kvartal" for p in parts if p.met is None]
        note = f"Mangler nøgletal for {_join(absent)}."
    budgets = [p.budget for p in parts if p.budget is not None and not missing(p.budget)]
    spent = [p.spending for p in parts if p.spending is not None and not missing(p.spending)]
    return EconomyOutcome(
        sum(budgets) if budgets else None,
        sum(spent) if spent else None,
        worst.deviation_pct if worst else None,
        limit,
        "pct.",
        met,
        tuple(parts),
        note,
    )


def economy_rule(
    budget: float | None, result: float | None, limit: float | None, unit: str | None, direction: str | None
) -> EconomyOutcome:
    """|årets resultat − aftalt resultat| within the plan's Måltal (Højst), in mio. kr. or pct.

    With Enhed "pct." the deviation is taken relative to the agreed figure (the 2023 rule: spending
    against the base budget); otherwise it is the difference itself, in the plan's unit.
    """
    if budget is None or result is None or _missing(budget) or _missing(result):
        return EconomyOutcome(budget, result, None, limit, unit, None)
    difference = float(result) - float(budget)
    deviation: float | None = difference
    if unit == "pct.":
        deviation = None if float(budget) == 0 else difference / abs(float(budget)) * 100
    met = None if deviation is None else meets_target(abs(deviation), limit, direction or Direction.AT_MOST)
    return EconomyOutcome(budget, result, deviation, limit, unit, met)


@dataclass(frozen=True)
class AltDimension:
    name: str
    before: float | None
    after: float | None

    @property
    def improved(self) -> bool | None:
        if self.before is None or self.after is None or _missing(self.before) or _missing(self.after):
            return None
        return round(float(self.after), _PRECISION) > round(float(self.before), _PRECISION)


@dataclass(frozen=True)
class AltOutcome:
    """Attraktiv arbejdsplads: ALT of the plan year against the baseline survey, per dimension."""

    baseline_year: int
    year: int
    dimensions: tuple[AltDimension, ...]
    met: bool | None

    @property
    def verdict(self) -> str | None:
        return verdict_word(self.met)


def alt_rule(
    figures: Mapping[tuple[str, int], float],
    year: int,
    baseline_year: int,
    dimensions: Sequence[str] = ALT_DIMENSIONS,
    at_least: int = 1,
) -> AltOutcome:
    """Met when at least `at_least` dimensions improved from `baseline_year` to `year`.

    Unknown (None) while any dimension lacks a figure and the improvements found so far are too few.
    """
    dims = tuple(AltDimension(d, figures.get((d, baseline_year)), figures.get((d, year))) for d in dimensions)
    improved = sum(1 for d in dims if d.improved)
    unknown = sum(1 for d in dims if d.improved is None)
    if improved >= at_least:
        met = True
    elif unknown == len(dims) or improved + unknown >= at_least:
        met = None
    else:
        met = False
    return AltOutcome(baseline_year, year, dims, met)


def disagrees(reported: str | None, computed: str | None) -> bool:
    """The one agreement rule: a flag wherever the reported verdict is another word than the one the plan's
    rule gives. "Delvist opfyldt" reported against a computed "Ikke opfyldt" (or "Opfyldt") is a
    disagreement of its own: the rule gives met or not met, never partly."""
    if _missing(reported) or _missing(computed):
        return False
    return reported != computed
