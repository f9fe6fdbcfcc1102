"""The roll-ups and the computed shared-goal rules, including the inclusive ±5,0 mio. kr. boundary."""

import pytest

from maalstyring.rulebook import rules
from maalstyring.rulebook.rules import MeasureResult
from vocabulary.key_figures import ALT_DIMENSIONS
from vocabulary.terms import Direction, Status, Verdict

G, Y, R = Status.GREEN, Status.YELLOW, Status.RED
MET, PARTLY, NOT_MET = Verdict.MET, Verdict.PARTLY, Verdict.NOT_MET


def test_worst_traffic_light_wins():
    assert rules.worst_status([G, Y, G]) == Y
    assert rules.worst_status([Y, R, G]) == R
    assert rules.worst_status([G, G]) == G
    assert rules.worst_status([None, None]) is None


def test_goal_is_met_only_when_every_measure_is():
    assert rules.combined_verdict([MET, MET]) == MET
    assert rules.combined_verdict([MET, NOT_MET]) == PARTLY
    assert rules.combined_verdict([MET, PARTLY]) == PARTLY
    assert rules.combined_verdict([NOT_MET, NOT_MET]) == NOT_MET
    assert rules.combined_verdict([MET, None]) is None  # not judged on half its målepunkter


def test_roll_up_names_the_measure_that_made_the_goal_yellow():
    rollup = rules.roll_up_goal([MeasureResult("1", G, MET), MeasureResult("2", Y, PARTLY), MeasureResult("3", G, MET)])
    assert rollup.status == Y
    assert rollup.verdict == PARTLY
    assert "målepunkt 2 er gul" in rollup.explanation
    # Said with its own word: a målepunkt that is delvist opfyldt is not called "ikke opfyldt".
    assert "målepunkt 2 er delvist opfyldt" in rollup.explanation
    assert "ikke opfyldt" not in rollup.explanation


def test_roll_up_names_partly_and_not_met_measures_apart():
    rollup = rules.roll_up_goal(
        [MeasureResult("1", R, NOT_MET), MeasureResult("2", Y, PARTLY), MeasureResult("3", G, MET)]
    )
    assert "målepunkt 2 er delvist opfyldt og målepunkt 1 er ikke opfyldt" in rollup.explanation


def test_roll_up_mentions_measures_not_reported():
    rollup = rules.roll_up_goal([MeasureResult("1", R), MeasureResult("2", None)])
    assert rollup.status == R
    assert "Ikke indberettet: målepunkt 2" in rollup.explanation


def test_nothing_reported_is_said_plainly():
    rollup = rules.roll_up_goal([MeasureResult("1", None)])
    assert rollup.status is None
    assert rollup.explanation == "Ingen målepunkter er indberettet endnu."


@pytest.mark.parametrize(
    ("budget", "result", "met"),
    [
        (7.3, 12.3, True),  # 12,3 − 7,3 is 5,000000000000001 in binary floating point: still exactly 5,0
        (0.0, -5.0, True),  # the band is ± and the boundary counts on both sides
        (0.0, 5.05, False),
        (0.0, -8.4, False),
        (2.0, 4.5, True),
    ],
)
def test_economy_rule_boundary_is_inclusive(budget, result, met):
    outcome = rules.economy_rule(budget, result, 5.0, "mio. kr.", Direction.AT_MOST)
    assert outcome.met is met
    assert outcome.verdict == (MET if met else NOT_MET)


def test_economy_threshold_comes_from_the_plan_not_the_code():
    assert rules.economy_rule(0.0, 4.0, 3.0, "mio. kr.", Direction.AT_MOST).met is False
    assert rules.economy_rule(0.0, 4.0, 5.0, "mio. kr.", Direction.AT_MOST).met is True


def test_economy_in_pct_is_relative_to_the_agreed_figure():
    outcome = rules.economy_rule(152.0, 158.9, 5.0, "pct.", Direction.AT_MOST)
    assert outcome.deviation == pytest.approx(4.539, abs=0.001)
    assert outcome.met is True
    assert rules.economy_rule(100.0, 105.0, 5.0, "pct.", Direction.AT_MOST).met is True  # boundary
    assert rules.economy_rule(100.0, 94.0, 5.0, "pct.", Direction.AT_MOST).met is False


def test_economy_without_key_figures_is_unknown():
    outcome = rules.economy_rule(None, 3.0, 5.0, "mio. kr.", Direction.AT_MOST)
    assert outcome.met is None and outcome.verdict is None


def _alt(before, after, baseline=2022, year=2024):
    figures = {}
    for dim, b, a in zip(ALT_DIMENSIONS, before, after, strict=True):
        if b is not None:
            figures[(dim, baseline)] = b
        if a is not None:
            figures[(dim, year)] = a
    return figures


def test_alt_met_when_one_dimension_improved():
    outcome = rules.alt_rule(_alt((65, 70, 72), (68, 70, 71)), 2024, 2022)
    assert outcome.met is True
    assert [d.improved for d in outcome.dimensions] == [True, False, False]


def test_alt_not_met_when_none_improved_and_equal_is_not_improvement():
    assert rules.alt_rule(_alt((70, 68, 75), (69, 68, 74)), 2024, 2022).met is False


def test_alt_unknown_while_figures_are_missing():
    assert rules.alt_rule(_alt((70, 68, 75), (None, None, None)), 2024, 2022).met is None
    assert rules.alt_rule(_alt((70, 68, 75), (69, None, 74)), 2024, 2022).met is None
    assert rules.alt_rule(_alt((70, 68, 75), (71, None, 74)), 2024, 2022).met is True


@pytest.mark.parametrize(
    ("actual", "target", "direction", "met"),
    [
        (90, 90, Direction.AT_LEAST, True),
        (89.9, 90, Direction.AT_LEAST, False),
        (800, 800, Direction.AT_MOST, True),
        (801, 800, Direction.AT_MOST, False),
        (None, 800, Direction.AT_MOST, None),
        (5, 5, None, None),
    ],
)
def test_actual_against_target(actual, target, direction, met):
    assert rules.meets_target(actual, target, direction) is met


def test_disagreement_flag():
    assert rules.disagrees(MET, NOT_MET) is True
    assert rules.disagrees(PARTLY, NOT_MET) is True  # issue #27: a disagreement of its own
    assert rules.disagrees(None, NOT_MET) is False
    assert rules.disagrees(MET, MET) is False
