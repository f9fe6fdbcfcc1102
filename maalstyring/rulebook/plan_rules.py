"""The computable shared-goal rules, read from each plan's own text (never from code).

A plan says in its own words what counts: "+- 5,0 mio. kr." between årets resultat and the agreed result
(2024), or "5 pct." between faktisk forbrug and grundbudgettet, measured quarterly (STPS 2023); an ALT
survey comparison of named years and questions (2024), or "minimum to konkrete ledelsestiltag" (STPS
2023, with the survey as the later result). This module reads that wording into a rule, and says so
(`RuleNotUnderstood`, with the reason in Danish) when it cannot, instead of guessing: a page then shows
"ikke beregnet" with the reason, and tests fail on the plan.

Each rule also names the key figures it needs, in the plan's wording, so the template's Nøgletal sheet
asks for exactly those.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from maalstyring.rulebook import rules
from vocabulary.key_figures import (
    KEY_FIGURE_BUDGET,
    KEY_FIGURE_RESULT,
    KEY_FIGURES,
    key_figure_base_budget,
    key_figure_spending,
)
from vocabulary.records import Plan
from vocabulary.terms import Direction, Period

ECONOMY = "ØKONOMI"
ALT = "ALT"
COMPUTED_KEYS = (ECONOMY, ALT)

BASIS_RESULT = "resultat"  # årets resultat against the agreed result, in mio. kr.
BASIS_SPENDING = "forbrug"  # faktisk forbrug against grundbudgettet, in pct., per quarter
BASIS_SURVEY = "ALT-evaluering"
BASIS_INITIATIVES = "ledelsestiltag"

QUARTERS_BY_PERIOD: dict[str, tuple[int, ...]] = {Period.H1: (1, 2), Period.YEAR_END: (1, 2, 3, 4)}

# What a page says at 1. halvår for a target the plan measures only over the whole year.
MEASURED_AT_YEAR_END = "Måles ved årsafslutning"
_HALF_YEARLY = re.compile(r"halvår|kvartal", re.IGNORECASE)

_NUMBER_WORDS = {"et": 1, "ét": 1, "en": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5}
_LIMIT = re.compile(r"(?:\+-|±|\+/-)?\s*(\d+(?:,\d+)?)\s*(mio\. kr\.|pct\.)")
_ALT_YEAR = re.compile(r"ALT-evaluering(?:en)?\s+(?:for\s+|i\s+)?(\d{4})")
_BULLET = re.compile(r"^\s*[•\-]\s*(.+?)\s*$", re.MULTILINE)


class RuleNotUnderstood(ValueError):
    """The plan's wording of a computable goal is not one this module can read. The message is Danish."""


@dataclass(frozen=True)
class EconomyRule:
    basis: str
    limit: float
    unit: str
    quarterly: bool = False

    def figures(self, year: int, period: str) -> tuple[tuple[str, int], ...]:
        """The (Nøgletal, År) rows a follow-up of `period` must give for this rule."""
        if self.basis == BASIS_RESULT:
            return ((KEY_FIGURE_BUDGET, year), (KEY_FIGURE_RESULT, year))
        return tuple(
            (name, year)
            for q in QUARTERS_BY_PERIOD[period]
            for name in (key_figure_base_budget(q), key_figure_spending(q))
        )

    def describe(self) -> str:
        """The rule in the plan's terms, for captions."""
        if self.basis == BASIS_RESULT:
            return (
                "afvigelsen mellem årets resultat og det aftalte resultat i grundbudgettet er højst "
                f"±{rules.format_limit(self.limit, self.unit)} {self.unit}, grænsen medregnet"
            )
        return (
            "afvigelsen mellem faktisk forbrug og grundbudgettet for de samlede driftsudgifter er højst "
            f"{rules.format_limit(self.limit, self.unit)} {self.unit} i hvert kvartal, grænsen medregnet"
        )

    def judged_at(self, period: str, measured_half_yearly: bool) -> bool:
        """Every period: the quarterly rule over the period's quarters, the result rule on the period's own
        figures (at 1. halvår the expected result of the year, which is what that report gives)."""
        return True

    def evaluate(self, values: Mapping[tuple[str, int], float], year: int, period: str) -> rules.EconomyOutcome:
        if self.basis == BASIS_RESULT:
            return rules.economy_rule(
                values.get((KEY_FIGURE_BUDGET, year)),
                values.get((KEY_FIGURE_RESULT, year)),
                self.limit,
                self.unit,
                Direction.AT_MOST,
            )
        quarters = [
            (q, values.get((key_figure_base_budget(q), year)), values.get((key_figure_spending(q), year)))
            for q in QUARTERS_BY_PERIOD[period]
        ]
        return rules.quarterly_spending_rule(quarters, self.limit)


@dataclass(frozen=True)
class AltRule:
    basis: str
    baseline_year: int
    survey_year: int
    dimensions: tuple[str, ...]  # key-figure names in the plan's wording, e.g. "ALT: Indflydelse i arbejdet"
    at_least: int

    def figures(self, year: int, period: str) -> tuple[tuple[str, int], ...]:
        """Survey figures when the plan year's verdict rests on them; none when the survey is a later result."""
        if self.basis != BASIS_SURVEY:
            return ()
        return tuple((d, y) for d in self.dimensions for y in (self.baseline_year, self.survey_year))

    def describe(self) -> str:
        questions = ", ".join(d.removeprefix("ALT: ") for d in self.dimensions)
        if self.basis == BASIS_SURVEY:
            least = "ét" if self.at_least == 1 else str(self.at_least)
            return (
                f"institutionen er forbedret på mindst {least} af planens spørgsmål i ALT-evalueringen "
                f"{self.survey_year} sammenlignet med {self.baseline_year}: {questions}"
            )
        return (
            f"institutionen har identificeret mindst {self.at_least} konkrete ledelsestiltag, opgjort som "
            f"Resultat i målepunktet; ALT-evalueringen {self.survey_year} sammenlignet med {self.baseline_year} "
            f"på {questions} er det senere resultat og indgår ikke i årets opfyldelse"
        )

    def judged_at(self, period: str, measured_half_yearly: bool) -> bool:
        """The survey of the plan year is a year-end result; ledelsestiltag are judged at 1. halvår only where
        the plan measures them then."""
        if period != Period.H1:
            return True
        return self.basis != BASIS_SURVEY and measured_half_yearly

    def evaluate(self, values: Mapping[tuple[str, int], float], actual: float | None) -> rules.AltOutcome:
        if self.basis == BASIS_SURVEY:
            return rules.alt_rule(values, self.survey_year, self.baseline_year, self.dimensions, self.at_least)
        met = rules.meets_target(actual, float(self.at_least), Direction.AT_LEAST)
        dims = tuple(
            rules.AltDimension(d, values.get((d, self.baseline_year)), values.get((d, self.survey_year)))
            for d in self.dimensions
        )
        return rules.AltOutcome(self.baseline_year, self.survey_year, dims, met)


def measured_half_yearly(year: int, deadline, measurement: str | None) -> bool:
    """Whether the plan measures a målepunkt by 1. halvår: its deadline falls in the first half of the plan
    year (by 1 July, "pr. 1. juli"), or the goal's Måling speaks of halvår or kvartaler. Otherwise its Måltal
    is a target for the whole year, and a 1. halvår Resultat is not judged against it."""
    if not rules.missing(deadline) and deadline is not None:
        day = deadline.date() if hasattr(deadline, "date") and callable(deadline.date) else deadline
        if isinstance(day, date) and day <= date(year, 7, 1):
            return True
    return bool(isinstance(measurement, str) and _HALF_YEARLY.search(measurement))


def judged_in(period: str, year: int, deadline, measurement: str | None) -> bool:
    """A målepunkt's Resultat is judged against its Måltal at årsafslutning always, at 1. halvår only where the
    plan measures it half-yearly."""
    return period != Period.H1 or measured_half_yearly(year, deadline, measurement)


def evaluate(
    rule: EconomyRule | AltRule,
    own_period: Mapping[tuple[str, int], float],
    any_period: Mapping[tuple[str, int], float],
    judged_actual: float | None,
    year: int,
    period: str,
):
    """The rule's outcome for one report. Economy uses the period's own figures (at 1. halvår a forecast);
    ALT may use a survey figure given in an earlier report of the year (the survey comes once): `any_period`
    holds only what was known by the end of `period`, never a later report's figures."""
    if isinstance(rule, EconomyRule):
        return rule.evaluate(own_period, year, period)
    return rule.evaluate(any_period, judged_actual)


def goal_verdict(reported: Sequence[str | None], judged: int, computed: str | None) -> str | None:
    """The goal's computed verdict: its målepunkter rolled up with the judged one's verdict replaced by the
    rule's (the others keep their reported verdict); a one-målepunkt goal gets the rule's verdict itself."""
    return rules.combined_verdict([computed if i == judged else v for i, v in enumerate(reported)])


def economy_rule_from_plan(text: str | None, measurement: str | None, target: float | None = None) -> EconomyRule:
    """Read the Økonomisk styring rule from the målepunkt's text (and the goal's Måling for the frequency)."""
    wording = " ".join((text or "").split()).casefold()
    found = _LIMIT.search(wording)
    if not found:
        raise RuleNotUnderstood(f"Målepunktet nævner ingen grænse i mio. kr. eller pct.: »{_short(text)}«.")
    limit, unit = float(found.group(1).replace(",", ".")), found.group(2)
    if target is not None and not rules.same_number(target, limit):
        raise RuleNotUnderstood(
            f"Målepunktets tekst siger {rules.format_limit(limit, unit)} {unit}, men Måltal er "
            f"{rules.format_limit(target, unit)}."
        )
    if "årets resultat" in wording and "aftalte resultat" in wording and unit == "mio. kr.":
        return EconomyRule(BASIS_RESULT, limit, unit)
    if "faktisk forbrug" in wording and "grundbudget" in wording and unit == "pct.":
        if "kvartal" not in (measurement or "").casefold():
            raise RuleNotUnderstood(
                "Planen måler forbrug mod grundbudget, men Måling siger ikke, hvor ofte (kvartalsvis)."
            )
        return EconomyRule(BASIS_SPENDING, limit, unit, quarterly=True)
    raise RuleNotUnderstood(
        "Målepunktet sammenligner hverken årets resultat med det aftalte resultat (mio. kr.) eller faktisk "
        f"forbrug med grundbudgettet (pct.): »{_short(text)}«."
    )


def alt_rule_from_plan(text: str | None) -> AltRule:
    """Read the Attraktiv arbejdsplads rule: survey years, the questions named, and what has to happen."""
    plain = text or ""
    years = sorted({int(y) for y in _ALT_YEAR.findall(" ".join(plain.split()))})
    if len(years) != 2 or "sammenlignet med" not in plain:
        raise RuleNotUnderstood(
            f"Målepunktet nævner ikke to ALT-evalueringer, der sammenlignes (fandt {len(years)} årstal): "
            f"»{_short(text)}«."
        )
    dimensions = tuple(_dimension(d) for d in _BULLET.findall(plain))
    if not dimensions:
        raise RuleNotUnderstood(f"Målepunktet opregner ikke ALT-spørgsmålene (som punkter): »{_short(text)}«.")
    wording = " ".join(plain.split()).casefold()
    initiatives = re.search(r"(?:minimum|mindst|min\.)\s+(\w+)\s+(?:konkrete\s+)?ledelsestiltag", wording)
    improvement = re.search(r"forbedring på (\w+) af", wording)
    if initiatives:
        return AltRule(BASIS_INITIATIVES, years[0], years[1], dimensions, _count(initiatives.group(1), text))
    if improvement:
        return AltRule(BASIS_SURVEY, years[0], years[1], dimensions, _count(improvement.group(1), text))
    raise RuleNotUnderstood(
        f"Målepunktet siger hverken »forbedring på … af« eller »minimum … ledelsestiltag«: »{_short(text)}«."
    )


def rule_for_goal(
    shared_key: str | None, measurement: str | None, measures: Sequence
) -> tuple[EconomyRule | AltRule, int] | None:
    """(rule, index of the målepunkt it judges) for a computable shared goal; None for other goals.

    `measures` are the goal's målepunkter in plan order, each with `.text` and `.target` (or dict keys).
    Raises RuleNotUnderstood when the goal should be computable but its wording is not understood.
    """
    if shared_key not in COMPUTED_KEYS:
        return None
    texts = [_get(m, "text") for m in measures]
    if shared_key == ECONOMY:
        if not texts:
            raise RuleNotUnderstood("Målet Økonomisk styring har intet målepunkt.")
        return economy_rule_from_plan(texts[0], measurement, _get(measures[0], "target")), 0
    for i, text in enumerate(texts):
        if "ALT-evaluering" in (text or ""):
            return alt_rule_from_plan(text), i
    raise RuleNotUnderstood("Intet målepunkt under Attraktiv arbejdsplads nævner ALT-evalueringen.")


def _get(measure, attr: str):
    value = measure.get(attr) if isinstance(measure, Mapping) else getattr(measure, attr)
    return None if rules.missing(value) else value


def _dimension(line: str) -> str:
    name = "ALT: " + line.strip().rstrip(".").strip()
    known = {k.casefold(): k for k in KEY_FIGURES}
    if name.casefold() not in known:
        raise RuleNotUnderstood(f"ALT-spørgsmålet »{line.strip()}« findes ikke blandt nøgletallene.")
    return known[name.casefold()]


def _count(word: str, text: str | None) -> int:
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    raise RuleNotUnderstood(f"Antallet »{word}« forstås ikke: »{_short(text)}«.")


def _short(text: str | None, limit: int = 120) -> str:
    plain = " ".join((text or "").split())
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def required_key_figures(plan: Plan, period: str) -> list[tuple[str, int]]:
    """The (Nøgletal, År) rows this plan's computable goals need for `period`, in the plan's own words.

    A goal whose wording the rules do not understand asks for nothing: the app could not use the figures,
    and the pages say why the goal is not computed.
    """
    needed: list[tuple[str, int]] = []
    for goal in plan.goals:
        measures = [m for m in plan.measures if m.goal_id == goal.goal_id]
        try:
            found = rule_for_goal(goal.shared_key, goal.measurement, measures)
        except RuleNotUnderstood:
            continue
        if found is not None:
            needed += [row for row in found[0].figures(plan.year, period) if row not in needed]
    return needed
