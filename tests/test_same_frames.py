"""The read models return the same frames on both engines: same columns, same dtypes, same values (issue #13).

The pages format what they get (dtype decides e.g. whether a number is shown as 12 or 12,0), so a frame typed
differently on PostgreSQL would show differently; tests/conftest.py loads the same bundled plans and example
follow-ups into both, through the import path, in the same order, so even the ids agree. Timestamps are the
moment each database was built, so only their dtype is compared.
"""

from __future__ import annotations

import pandas as pd
import pytest

from maalstyring.database import queries
from maalstyring.database.storage import connect
from maalstyring.reading import (
    comparisons,
    goal_table,
    history,
    institution_view,
    over_time,
    plan_rows,
    reporting_status,
    selection,
)
from maalstyring.reading.selection import Filters
from maalstyring.roles import approval
from maalstyring.roles.access import local_user
from vocabulary.terms import GoalKind, Period

FILTERS = (
    Filters(2024, Period.YEAR_END),
    Filters(2024, Period.H1, ("LMST", "SSI")),
    Filters(None, Period.YEAR_END, (), GoalKind.SHARED),
)

READ_MODELS = {
    "plans_overview": lambda conn: queries.plans_overview(conn),
    "institutions": lambda conn: queries.institutions(conn),
    "goals_with_measures": lambda conn: queries.goals_with_measures(conn),
    "goals_with_measures_of_one_plan": lambda conn: queries.goals_with_measures(conn, ["LMST-2024"]),
    "all_follow_up_rows": lambda conn: queries.all_follow_up_rows(conn),
    "all_key_figures": lambda conn: queries.all_key_figures(conn),
    "approvals": lambda conn: approval.approvals(conn),
    "audit_trail": lambda conn: approval.audit_trail(conn, local_user()),
    "uploads": lambda conn: history.list_uploads(conn, local_user()),
    "report_rows": lambda conn: history.report_rows(conn, _first_report(conn)),
    "key_figures": lambda conn: history.key_figures(conn, _first_report(conn)),
    "upload_events": lambda conn: history.upload_events(conn, _first_report(conn), local_user()),
    **{
        f"{name}[{i}]": (lambda conn, f=f, fn=fn: fn(conn, f))
        for i, f in enumerate(FILTERS)
        for name, fn in {
            "measure_rows": plan_rows.measure_rows,
            "goal_rows": goal_table.goal_rows,
            "economy_comparison": comparisons.economy_comparison,
            "alt_comparison_per_institution": lambda conn, f: comparisons.alt_comparison(conn, f)[0],
            "alt_comparison_koncern": lambda conn, f: comparisons.alt_comparison(conn, f)[1],
            "fulfilment_over_time": over_time.fulfilment_over_time,
            "report_receipts": reporting_status.report_receipts,
            "annual_report_table": reporting_status.annual_report_table,
            "shared_goal_measures_ki": lambda conn, f: comparisons.shared_goal_measures(conn, f, "KI"),
        }.items()
    },
}


def _first_report(conn) -> int:
    return conn.cursor().execute("SELECT min(upload_id) FROM reports").fetchone()[0]


@pytest.fixture(scope="module")
def both(example_db_file, pg_example_template):
    duck, pg = connect(example_db_file), connect(pg_example_template)
    yield duck, pg
    duck.close()
    pg.close()


@pytest.mark.parametrize("name", sorted(READ_MODELS))
def test_read_model_is_the_same_frame_on_both_engines(both, name):
    duck, pg = (READ_MODELS[name](conn) for conn in both)
    assert (isinstance(duck, pd.DataFrame) and not duck.empty) or name.startswith(("approvals", "economy")), name
    assert list(pg.columns) == list(duck.columns)
    assert dict(pg.dtypes) == dict(duck.dtypes), {
        col: (duck[col].dtype, pg[col].dtype) for col in duck.columns if duck[col].dtype != pg[col].dtype
    }
    moments = [col for col in duck.columns if str(duck[col].dtype).startswith("datetime") and "at" in col]
    pd.testing.assert_frame_equal(pg.drop(columns=moments), duck.drop(columns=moments))


def test_scalars_agree(both):
    duck, pg = both
    for fn in (
        selection.plan_years,
        selection.institutions_with_plans,
        selection.example_report_count,
        lambda conn: goal_table.reports_received(conn, FILTERS[0]),
        lambda conn: comparisons.shared_goal_keys(conn, FILTERS[0]),
        lambda conn: institution_view.plan_header(conn, "LMST", 2024),
        lambda conn: selection.plan_years_of(conn, ("LMST", "SSI")),
        lambda conn: queries.load_plan(conn, "LMST", 2024),
        lambda conn: queries.current_key_figures(conn, "LMST", 2024, Period.YEAR_END),
    ):
        assert fn(pg) == fn(duck)
