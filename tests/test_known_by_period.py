"""Issue #27, points 1–3: a period shows what was known by its end, a whole year's target is not judged on a
half year, and one agreement rule (reported "Delvist opfyldt" against a computed verdict is a disagreement)."""

from __future__ import annotations

import pytest

from maalstyring.database.storage import connect
from maalstyring.reading import comparisons, goal_table, plan_rows
from maalstyring.reading.selection import Filters
from maalstyring.rulebook import rules
from maalstyring.rulebook.plan_rules import MEASURED_AT_YEAR_END
from ui.views import measure_table
from vocabulary import wording
from vocabulary.terms import Period, Verdict


@pytest.fixture
def example_conn(example_path):
    connection = connect(example_path)
    yield connection
    connection.close()


def _goal(goals, code: str, key: str):
    rows = goals[(goals["institution_code"] == code) & (goals["shared_key"] == key)]
    assert len(rows) == 1
    return rows.iloc[0]


# --- 1. What was known by the end of the period ----------------------------------------------------------


def test_half_year_alt_verdict_uses_no_survey_figures_from_the_year_end_report(example_conn):
    """SSI's ALT survey figures arrived only with Årsafslutning: at 1. halvår the goal is not computed from them."""
    half = goal_table.goal_rows(example_conn, Filters(2024, Period.H1, ("SSI",)))
    alt = _goal(half, "SSI", "ALT")
    assert not isinstance(alt["computed_verdict"], str)
    assert MEASURED_AT_YEAR_END.lower() in alt["explanation"]
    dims, verdicts = comparisons.alt_comparison(example_conn, Filters(2024, Period.H1, ("SSI",)))
    assert dims[["before", "after"]].isna().all().all()  # no survey figure shown before it existed
    assert bool(verdicts["judged_later"].iloc[0])  # Koncernfælles mål says "Måles ved årsafslutning"
    # At year-end the same figures give the verdict: no improvement on any question.
    end = goal_table.goal_rows(example_conn, Filters(2024, Period.YEAR_END, ("SSI",)))
    assert _goal(end, "SSI", "ALT")["computed_verdict"] == Verdict.NOT_MET


# --- 2. An annual target at 1. halvår ------------------------------------------------------------------------


def test_annual_target_is_not_judged_on_the_half_year(example_conn):
    """LMST's 1.900 sager at 1. halvår against the year's 3.700: "Måles ved årsafslutning", not "Ikke opfyldt"."""
    rows = plan_rows.measure_rows(example_conn, Filters(2024, Period.H1, ("LMST",)))
    cases = rows[rows["measure_id"] == "LMST-2024-I1-1"].iloc[0]
    assert cases["actual"] == 1900 and cases["target"] == 3700
    assert cases["computed_met"] is None
    shown = measure_table(rows)
    cell = shown.loc[shown["measure_id"] == "LMST-2024-I1-1", "Resultat mod måltal"].iloc[0]
    assert cell == MEASURED_AT_YEAR_END
    # At Årsafslutning the same target is judged: 3.500 of 3.700 is not met.
    end = plan_rows.measure_rows(example_conn, Filters(2024, Period.YEAR_END, ("LMST",)))
    assert end.loc[end["measure_id"] == "LMST-2024-I1-1", "computed_met"].iloc[0] is False


def test_target_with_a_first_half_deadline_is_judged_at_the_half_year(example_conn):
    """STPS measures its case backlog "pr. 1. juli": 760 against at most 800 is judged at 1. halvår."""
    rows = plan_rows.measure_rows(example_conn, Filters(2023, Period.H1, ("STPS",)))
    backlog = rows[rows["measure_id"] == "STPS-2023-I2.3-2"].iloc[0]
    assert backlog["computed_met"] is True
    inspections = rows[rows["measure_id"] == "STPS-2023-I2.1-1"].iloc[0]  # 180 of a year's 400 reaktive tilsyn
    assert inspections["computed_met"] is None


# --- 3. One agreement rule ---------------------------------------------------------------------------------


def test_partly_against_computed_not_met_is_a_disagreement():
    assert rules.disagrees(Verdict.PARTLY, Verdict.NOT_MET) is True
    assert rules.disagrees(Verdict.PARTLY, Verdict.MET) is True
    assert rules.disagrees(Verdict.NOT_MET, Verdict.NOT_MET) is False


def test_partly_reported_economy_outside_the_band_is_flagged_on_the_goal_rows(example_conn):
    """SSI's economy deviates 8,4 mio. kr. (computed Ikke opfyldt); reported "Delvist opfyldt" it gets the ⚠."""
    cur = example_conn.cursor()
    upload = cur.execute(
        "SELECT upload_id FROM reports WHERE institution_code = 'SSI' AND year = 2024 AND period = ? AND is_current",
        [Period.YEAR_END],
    ).fetchone()[0]
    cur.execute(
        "UPDATE report_rows SET verdict = ? WHERE upload_id = ? AND measure_id = 'SSI-2024-K2-1'",
        [Verdict.PARTLY, upload],
    )
    goals = goal_table.goal_rows(example_conn, Filters(2024, Period.YEAR_END, ("SSI",)))
    economy = _goal(goals, "SSI", "ØKONOMI")
    assert economy["verdict"] == Verdict.PARTLY and economy["computed_verdict"] == Verdict.NOT_MET
    assert bool(economy["verdict_mismatch"]) and economy["mismatch_text"] == wording.VERDICT_MISMATCH
    compared = comparisons.economy_comparison(example_conn, Filters(2024, Period.YEAR_END, ("SSI",)))
    assert bool(compared["disagrees"].iloc[0])
