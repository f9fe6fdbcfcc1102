"""Roll-ups and the computed shared-goal rules. Pure functions: every threshold comes in as an argument.

The thresholds belong to the stored plan of the year (the ØKONOMI målepunkt's Måltal, Enhed and Retning;
the ALT målepunkt's survey years), never to this module, so next year's plan changes the rule without code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from loaders import contract as c

STATUS_RANK = {c.STATUS_GREEN: 0, c.STATUS_YELLOW: 1, c.STATUS_RED: 2}
# Money and percentages are compared at a precision far below what anyone reports, so that
# 12,3 − 7,3 (= 5,000000000000001 in binary) counts as exactly 5,0 and the boundary stays inclusive.
_PRECISION = 9


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


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
    if all(v == c.VERDICT_MET for v in verdicts):
        return c.VERDICT_MET
    if all(v == c.VERDICT_NOT_MET for v in verdicts):
        return c.VERDICT_NOT_MET
    return c.VERDICT_PARTLY


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
    if status == c.STATUS_GREEN:
        why = "Alle indberettede målepunkter er grønne."
    else:
        culprits = [m.nr for m in measures if m.status == status]
        word = "målepunkt" if len(culprits) == 1 else "målepunkterne"
        why = f"{status}, fordi {word} {_join(culprits)} er {status.lower()} (det dårligste trafiklys tæller)."
    if missing:
        why += f" Ikke indberettet: målepunkt {_join(missing)}."
    if verdict is not None and verdict != c.VERDICT_MET:
        not_met = [m.nr for m in measures if m.verdict != c.VERDICT_MET]
        why += f" {verdict}: målepunkt {_join(not_met)} er ikke opfyldt (målet er kun opfyldt, når alle er)."
    return GoalRollup(status, verdict, why)


def _join(items: Sequence[str]) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def meets_target(actual: float | None, target: float | None, direction: str | None) -> bool | None:
    """Actual against target: Mindst means at least, Højst at most; the boundary itself is met."""
    if _missing(actual) or _missing(target) or direction not in c.DIRECTIONS:
        return None
    actual, target = round(float(actual), _PRECISION), round(float(target), _PRECISION)
    return actual >= target if direction == c.DIRECTION_AT_LEAST else actual <= target


def verdict_word(met: bool | None) -> str | None:
    if met is None:
        return None
    return c.VERDICT_MET if met else c.VERDICT_NOT_MET


@dataclass(frozen=True)
class EconomyOutcome:
    """Økonomisk styring: the deviation from the agreed result and whether it lies within the plan's band."""

    budget: float | None
    result: float | None
    deviation: float | None  # in the plan's unit: mio. kr., or pct. of the agreed figure
    limit: float | None
    unit: str | None
    met: bool | None

    @property
    def verdict(self) -> str | None:
        return verdict_word(self.met)


def economy_rule(
    budget: float | None, result: float | None, limit: float | None, unit: str | None, direction: str | None
) -> EconomyOutcome:
    """|årets resultat − aftalt resultat| within the plan's Måltal (Højst), in mio. kr. or pct.

    With Enhed "pct." the deviation is taken relative to the agreed figure (the 2023 rule: spending
    against the base budget); otherwise it is the difference itself, in the plan's unit.
    """
    if _missing(budget) or _missing(result):
        return EconomyOutcome(budget, result, None, limit, unit, None)
    deviation = float(result) - float(budget)
    if unit == "pct.":
        deviation = None if float(budget) == 0 else deviation / abs(float(budget)) * 100
    met = None if deviation is None else meets_target(abs(deviation), limit, direction or c.DIRECTION_AT_MOST)
    return EconomyOutcome(budget, result, deviation, limit, unit, met)


@dataclass(frozen=True)
class AltDimension:
    name: str
    before: float | None
    after: float | None

    @property
    def improved(self) -> bool | None:
        if _missing(self.before) or _missing(self.after):
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
    dimensions: Sequence[str] = c.ALT_DIMENSIONS,
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


def alt_years(plan_year: int, measure_text: str | None) -> tuple[int, int]:
    """The survey years a plan's ALT målepunkt compares: the years it names, else two years back.

    The 2024 plans say "ALT-evalueringen 2024 sammenlignet med ALT-evalueringen 2022".
    """
    named = sorted({int(y) for y in re.findall(r"ALT-evalueringen\s+(\d{4})", measure_text or "")})
    if len(named) >= 2:
        return named[0], named[-1]
    return plan_year - 2, plan_year


def alt_dimensions(measure_text: str | None) -> tuple[str, ...]:
    """The ALT dimensions a målepunkt names (its bullet list), else all three."""
    text = (measure_text or "").casefold()
    named = tuple(d for d in c.ALT_DIMENSIONS if d.removeprefix("ALT: ").casefold() in text)
    return named or c.ALT_DIMENSIONS


def disagrees(reported: str | None, computed: str | None) -> bool:
    """A flag where the reported verdict is not what the key figures give (Delvist counts as not met)."""
    if reported is None or computed is None or _missing(reported):
        return False
    return (reported == c.VERDICT_MET) != (computed == c.VERDICT_MET)
