"""The computable shared-goal rules as each plan words them: read from the plan's text, table-driven at every
boundary, for the four 2024 plans and STPS 2023, and loud (RuleNotUnderstood) for wording they do not know."""

import pytest

from maalstyring.database import queries
from maalstyring.rulebook.plan_rules import (
    BASIS_INITIATIVES,
    BASIS_RESULT,
    BASIS_SPENDING,
    BASIS_SURVEY,
    AltRule,
    EconomyRule,
    RuleNotUnderstood,
    alt_rule_from_plan,
    economy_rule_from_plan,
    required_key_figures,
    rule_for_goal,
)
from vocabulary.key_figures import (
    ALT_DIMENSIONS,
    KEY_FIGURE_ALT_INFLUENCE,
    KEY_FIGURE_ALT_INFLUENCE_2023,
    KEY_FIGURE_ALT_QUALITY,
    KEY_FIGURE_ALT_TRUST,
    KEY_FIGURE_BUDGET,
    KEY_FIGURE_RESULT,
    key_figure_base_budget,
    key_figure_spending,
)
from vocabulary.terms import Period, Verdict

END, H1 = Period.YEAR_END, Period.H1
PLANS = [("LMST", 2024), ("SSI", 2024), ("SST", 2024), ("NCE", 2024), ("STPS", 2023)]


def _rules_of(plan) -> dict[str, object]:
    found = {}
    for goal in plan.goals:
        measures = [m for m in plan.measures if m.goal_id == goal.goal_id]
        rule = rule_for_goal(goal.shared_key, goal.measurement, measures)  # raises when not understood
        if rule is not None:
            found[goal.shared_key] = rule[0]
    return found


@pytest.mark.parametrize(("code", "year"), PLANS)
def test_every_default_plan_is_understood(seeded_conn, code, year):
    found = _rules_of(queries.load_plan(seeded_conn, code, year))
    assert set(found) == {"ØKONOMI", "ALT"}


def test_2024_plans_read_band_years_and_questions_from_their_text(seeded_conn):
    for code in ("LMST", "SSI", "SST", "NCE"):
        found = _rules_of(queries.load_plan(seeded_conn, code, 2024))
        assert found["ØKONOMI"] == EconomyRule(BASIS_RESULT, 5.0, "mio. kr.")
        assert found["ALT"] == AltRule(BASIS_SURVEY, 2022, 2024, ALT_DIMENSIONS, 1)


def test_stps_2023_read_as_its_plan_says(seeded_conn):
    found = _rules_of(queries.load_plan(seeded_conn, "STPS", 2023))
    # Economy: faktisk forbrug against grundbudgettet in pct., measured quarterly.
    assert found["ØKONOMI"] == EconomyRule(BASIS_SPENDING, 5.0, "pct.", quarterly=True)
    # ALT: "ALT-evalueringen for 2024 … ALT-evaluering i 2022", all three questions in the plan's spelling,
    # judged on at least two ledelsestiltag.
    alt = found["ALT"]
    assert (alt.basis, alt.baseline_year, alt.survey_year, alt.at_least) == (BASIS_INITIATIVES, 2022, 2024, 2)
    assert alt.dimensions == (KEY_FIGURE_ALT_TRUST, KEY_FIGURE_ALT_INFLUENCE_2023, KEY_FIGURE_ALT_QUALITY)


def test_the_nøgletal_sheet_asks_for_what_each_plan_needs(seeded_conn):
    lmst = required_key_figures(queries.load_plan(seeded_conn, "LMST", 2024), END)
    assert (KEY_FIGURE_RESULT, 2024) in lmst and (KEY_FIGURE_ALT_INFLUENCE, 2022) in lmst
    stps = queries.load_plan(seeded_conn, "STPS", 2023)
    assert required_key_figures(stps, H1) == [
        (key_figure_base_budget(1), 2023), (key_figure_spending(1), 2023),
        (key_figure_base_budget(2), 2023), (key_figure_spending(2), 2023),
    ]  # fmt: skip
    year_end = required_key_figures(stps, END)
    assert len(year_end) == 8 and (key_figure_spending(4), 2023) in year_end
    assert not any(name in (KEY_FIGURE_BUDGET, KEY_FIGURE_RESULT) for name, _ in year_end)


# --- Boundaries -------------------------------------------------------------------------------------------
RESULT_RULE = EconomyRule(BASIS_RESULT, 5.0, "mio. kr.")
SPENDING_RULE = EconomyRule(BASIS_SPENDING, 5.0, "pct.", quarterly=True)


@pytest.mark.parametrize(
    ("budget", "result", "verdict"),
    [
        (7.3, 12.3, Verdict.MET),  # exactly +5,0 (5,000000000000001 in binary)
        (0.5, -4.5, Verdict.MET),  # exactly −5,0
        (0.5, -6.0, Verdict.NOT_MET),  # NCE: −6,5
        (0.0, 5.01, Verdict.NOT_MET),
        (0.0, 0.0, Verdict.MET),  # a budget of 0 is a valid agreed result here
        (None, 3.0, None),
    ],
)
def test_2024_economy_boundaries(budget, result, verdict):
    values = {
        k: v for k, v in (((KEY_FIGURE_BUDGET, 2024), budget), ((KEY_FIGURE_RESULT, 2024), result)) if v is not None
    }
    assert RESULT_RULE.evaluate(values, 2024, END).verdict == verdict


def _spending(*quarters):
    values = {}
    for q, budget, spent in quarters:
        values[(key_figure_base_budget(q), 2023)] = budget
        values[(key_figure_spending(q), 2023)] = spent
    return values


@pytest.mark.parametrize(
    ("quarters", "period", "verdict"),
    [
        (((1, 38.0, 39.9), (2, 38.0, 36.1)), H1, Verdict.MET),  # +5 pct. and −5 pct.: the boundary is met
        (((1, 38.0, 39.95), (2, 38.0, 38.0)), H1, Verdict.NOT_MET),  # one quarter over is enough
        (((1, 38.0, 38.0),), H1, None),  # 2. kvartal missing and nothing over yet: no verdict
        (((1, 38.0, 41.0),), H1, Verdict.NOT_MET),  # already over, whatever the 2. kvartal says
        (((1, 100, 100), (2, 100, 100), (3, 100, 100)), END, None),  # year-end needs all four quarters
        (((1, 100, 100), (2, 100, 100), (3, 100, 100), (4, 100, 104.9)), END, Verdict.MET),
        (((1, 0.0, 1.0), (2, 38.0, 38.0)), H1, None),  # a budget of 0 has no percentage
    ],
)
def test_stps_2023_quarterly_spending_boundaries(quarters, period, verdict):
    assert SPENDING_RULE.evaluate(_spending(*quarters), 2023, period).verdict == verdict


def test_a_zero_budget_quarter_says_why_there_is_no_verdict():
    outcome = SPENDING_RULE.evaluate(_spending((1, 0.0, 1.0), (2, 38.0, 38.0)), 2023, H1)
    assert outcome.note == "Grundbudgettet er 0 i 1. kvartal: afvigelsen i pct. kan ikke beregnes."


SURVEY = AltRule(BASIS_SURVEY, 2022, 2024, ALT_DIMENSIONS, 1)
INITIATIVES = AltRule(BASIS_INITIATIVES, 2022, 2024, ALT_DIMENSIONS, 2)


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        ((70, 68, 75), (70.1, 68, 75), Verdict.MET),  # one question up by a little is enough
        ((70, 68, 75), (70, 68, 75), Verdict.NOT_MET),  # equal is not an improvement
        ((70, 68, 75), (69, None, 74), None),  # the missing one could still improve
    ],
)
def test_alt_survey_boundaries(before, after, verdict):
    values = {(d, 2022): b for d, b in zip(ALT_DIMENSIONS, before, strict=True)}
    values |= {(d, 2024): a for d, a in zip(ALT_DIMENSIONS, after, strict=True) if a is not None}
    assert SURVEY.evaluate(values, None).verdict == verdict


@pytest.mark.parametrize(("initiatives", "verdict"), [(2, Verdict.MET), (3, Verdict.MET), (1, Verdict.NOT_MET),
                                                      (None, None)])  # fmt: skip
def test_stps_2023_alt_is_judged_on_initiatives(initiatives, verdict):
    # Survey figures, however bad, do not decide the 2023 verdict: the survey is 2024's result.
    worse = {(KEY_FIGURE_ALT_TRUST, 2022): 80, (KEY_FIGURE_ALT_TRUST, 2024): 60}
    assert INITIATIVES.evaluate(worse, initiatives).verdict == verdict


# --- Wording the rules do not understand fails loudly -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "measurement", "target", "reason"),
    [
        ("Budgettet skal overholdes.", None, None, "ingen grænse"),
        ("Afvigelsen mellem årets resultat og det aftalte resultat må højst være 3 pct.", None, None, "hverken"),
        ("Afvigelsen mellem faktisk forbrug og grundbudgettet må ikke overstige 5 pct.", "Årligt.", None,
         "kvartalsvis"),
        ("Afvigelsen mellem årets resultat og det aftalte resultat er højst +- 5,0 mio. kr.", None, 4.0,
         "Måltal er 4,0"),
    ],
)  # fmt: skip
def test_economy_wording_not_understood(text, measurement, target, reason):
    with pytest.raises(RuleNotUnderstood, match=reason):
        economy_rule_from_plan(text, measurement, target)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Medarbejdertilfredsheden skal stige i ALT-evalueringen 2024.\n• Tillid til ledelsen", "to ALT-evalueringer"),
        ("En forbedring på et af følgende i ALT-evalueringen 2024 sammenlignet med ALT-evalueringen 2022.",
         "opregner ikke"),
        ("En forbedring på et af følgende i ALT-evalueringen 2024 sammenlignet med ALT-evalueringen 2022:\n"
         "• Trivsel på arbejdspladsen", "Trivsel på arbejdspladsen"),
        ("En forbedring på mange af følgende i ALT-evalueringen 2024 sammenlignet med ALT-evalueringen 2022:\n"
         "• Tillid til ledelsen", "mange"),
        ("Stigning i ALT-evalueringen 2024 sammenlignet med ALT-evalueringen 2022:\n• Tillid til ledelsen",
         "hverken"),
    ],
)  # fmt: skip
def test_alt_wording_not_understood(text, reason):
    with pytest.raises(RuleNotUnderstood, match=reason):
        alt_rule_from_plan(text)


def test_an_alt_goal_without_the_survey_is_not_silently_skipped():
    class M:
        text, target = "Vi holder trivselsmøder.", None

    with pytest.raises(RuleNotUnderstood, match="ALT-evalueringen"):
        rule_for_goal("ALT", None, [M()])
    assert rule_for_goal("KI", None, [M()]) is None  # not a computable goal: nothing to understand
