"""The decisions the pages used to make from display strings, now in read models on codes (issue 12)."""

import pandas as pd

from maalstyring.reading import goal_table, history, institution_view
from maalstyring.reading.selection import Filters
from maalstyring.roles import approval
from maalstyring.roles.access import local_user
from maalstyring.workbooks.ingest import import_workbook
from tests.workbooks import fill, follow_up_template
from vocabulary.terms import PERIODS, GoalKind, Period


def test_own_goal_columns_come_in_number_order_not_text_order():
    goals = pd.DataFrame(
        {
            "kind": [GoalKind.SPECIFIC, GoalKind.SPECIFIC, GoalKind.SHARED, GoalKind.SPECIFIC],
            "goal_nr": ["10", "2", "1", "2a"],
            "goal_order": [4, 2, 1, 3],
            "shared_key": [None, None, "okonomi", None],
        }
    )
    shared = goal_table.goal_column_label(next(goals.iloc[[2]].itertuples()))
    assert goal_table.matrix_columns(goals) == [shared, "Eget mål 2", "Eget mål 2a", "Eget mål 10"]


def test_natural_key_orders_numbers_by_value():
    assert sorted(["10", "2", "1", "2a", "11"], key=goal_table.natural_key) == ["1", "2", "2a", "10", "11"]


def test_approval_states_say_not_approved_approved_and_superseded_as_codes(seeded_conn):
    lmst = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn)), "v1.xlsx", "anne").upload_id
    ssi = import_workbook(seeded_conn, fill(follow_up_template(seeded_conn, "SSI")), "s1.xlsx", "bo").upload_id
    assert [(s.institution_code, s.state) for s in approval.approval_states(seeded_conn, 2024)] == [
        ("LMST", approval.NOT_APPROVED),
        ("SSI", approval.NOT_APPROVED),
    ]
    approval.approve_report(seeded_conn, "LMST", 2024, Period.H1, "okonomi@sum.dk", lmst)
    approval.approve_report(seeded_conn, "SSI", 2024, Period.H1, "okonomi@sum.dk", ssi)
    import_workbook(seeded_conn, fill(follow_up_template(seeded_conn, "SSI"), status="Gul"), "s2.xlsx", "bo")
    states = {s.institution_code: s for s in approval.approval_states(seeded_conn, 2024)}
    assert states["LMST"].state == approval.APPROVED and states["LMST"].approved_by == "okonomi@sum.dk"
    assert states["SSI"].state == approval.SUPERSEDED
    # The sidebar's institutions narrow it; another year has nothing.
    assert [s.institution_code for s in approval.approval_states(seeded_conn, 2024, ("SSI",))] == ["SSI"]
    assert approval.approval_states(seeded_conn, 2023) == []


def test_institution_goals_group_the_plan_and_carry_each_periods_roll_up(example_conn):
    rows = institution_view.institution_periods(example_conn, "NCE", 2024)
    by_period = {p: goal_table.goal_rows(example_conn, Filters(2024, p, ("NCE",))) for p in PERIODS}
    goals = institution_view.institution_goals(rows, by_period)
    assert len(goals) == rows["goal_id"].nunique()
    kinds = [g.kind for g in goals]
    assert kinds == sorted(kinds, key=lambda kind: kind != GoalKind.SHARED)  # shared goals first
    for goal in goals:
        assert set(rows.iloc[list(goal.positions)]["goal_id"]) == {goal.goal_id}
        for period in PERIODS:
            expected = by_period[period][by_period[period]["goal_id"] == goal.goal_id].iloc[0]
            assert goal.rollups[period]["status"] == expected["status"]
    # NCE's economy: reported met although its rule says otherwise, so it needs attention at year-end.
    assert any(g.needs_attention(Period.YEAR_END) for g in goals if g.kind == GoalKind.SHARED)


def test_history_filter_keeps_files_nobody_could_read(seeded_conn):
    unreadable = import_workbook(seeded_conn, b"no workbook", "x.xlsx", "test")
    uploads = history.list_uploads(seeded_conn, local_user())
    shown = uploads[history.in_filters(uploads, 2024, ("LMST",))]
    assert set(shown["institution_code"].dropna()) == {"LMST"}
    assert set(shown["year"].dropna()) == {2024}
    assert unreadable.upload_id in set(shown["upload_id"])
    assert len(uploads[history.in_filters(uploads, None)]) == len(uploads)
