"""Read models cached across sessions until the data changes: every page view asks the same questions.

Each cached call is keyed on its arguments, the database file and `data_version(conn)` (one small query),
which changes with every commit, approval, lock, restore and removal of example data
(maalstyring/database/dataversion.py). So a new upload shows on the next run in every session, without clearing
anything by hand; old versions age out (max_entries).

Within one run of app.py the version is asked once (`start_run`): a page makes ten or more cached calls, and
asking each time cost a page view 30–40 ms of DuckDB round trips. Every page that writes reruns right after the
write (st.rerun), so a run never reads its own writes through the cache.

`conn` is the app's connection (ui.db) to the database at `database_path()`. The read models themselves stay in
maalstyring/ (no Streamlit there).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

import streamlit as st

from maalstyring.database import queries
from maalstyring.database.dataversion import data_version
from maalstyring.database.storage import database_path
from maalstyring.reading import comparisons, goal_table, institution_view, plan_rows, reporting_status, selection
from maalstyring.reminding import deadlines, reminders
from maalstyring.roles import approval
from ui import archive, shared_goal_views, trends, upload_views, views

T = TypeVar("T", bound=Callable)


# The data version of the current run of app.py, asked at its first cached call. Outside such a run (a test
# calling a read model, a page run on its own) it stays None, and every call asks the database.
_RUN_VERSION: ContextVar[dict | None] = ContextVar("data_version_of_this_run", default=None)


def start_run() -> None:
    """Called by app.py at the start of every run: the run's cached calls share one data version."""
    _RUN_VERSION.set({})


def _version(conn) -> tuple:
    run = _RUN_VERSION.get()
    if run is None:
        return (str(database_path()), data_version(conn))
    if "version" not in run:
        run["version"] = (str(database_path()), data_version(conn))
    return run["version"]


def per_data_version(fn: T, max_entries: int = 32) -> T:
    """`fn(conn, *args)` cached on (database, data version, args); the connection object is not in the key."""

    def cached(_conn, version, *args):  # `version` is part of the key; `_conn` is not
        return fn(_conn, *args)

    # Streamlit names a cache by the function's module, qualified name and source; `cached` has the same
    # source for every wrapped function, so give each its own name.
    cached.__qualname__ = f"per_data_version.{fn.__module__}.{fn.__qualname__}"
    cached = st.cache_data(max_entries=max_entries, show_spinner=False)(cached)

    @wraps(fn)
    def call(conn, *args):
        return cached(conn, _version(conn), *args)

    return call  # type: ignore[return-value]


# Shared filters and notices, drawn by app.py on every run of every page.
plan_years = per_data_version(selection.plan_years)
institutions_with_plans = per_data_version(selection.institutions_with_plans)
example_report_count = per_data_version(selection.example_report_count)

# Leadership pages.
measure_rows = per_data_version(plan_rows.measure_rows)
goal_rows = per_data_version(goal_table.goal_rows)
reports_received = per_data_version(goal_table.reports_received)
shared_goal_keys = per_data_version(comparisons.shared_goal_keys)
shared_goal_measures = per_data_version(comparisons.shared_goal_measures)
economy_section = per_data_version(shared_goal_views.economy_section)
alt_section = per_data_version(shared_goal_views.alt_section)
fulfilment_view = per_data_version(trends.fulfilment_view)
fulfilment_charts = per_data_version(trends.fulfilment_charts)
plan_header = per_data_version(institution_view.plan_header, max_entries=128)
goal_matrix = per_data_version(views.goal_matrix)
overview = per_data_version(views.overview)
shared_goal_matrix = per_data_version(views.shared_goal_matrix, max_entries=64)
institution_goals = per_data_version(views.institution_goals, max_entries=128)
plan_goal_lists = per_data_version(views.plan_goal_lists, max_entries=64)
plan_years_of = per_data_version(selection.plan_years_of)
institution_periods = per_data_version(institution_view.institution_periods, max_entries=128)
plans_overview = per_data_version(queries.plans_overview, max_entries=4)
goals_with_measures = per_data_version(queries.goals_with_measures)
report_receipts = per_data_version(reporting_status.report_receipts)

# Historik: the list and one file (the viewer is in the key: what a file shows depends on who asks).
uploads_listing = per_data_version(archive.uploads_listing, max_entries=4)
visible_files = per_data_version(upload_views.visible_files, max_entries=8)
# Every page of the list: ~1 kB a file, so few entries (9.000 files at 100 institutions x 30 years are ~9 MB each).
upload_list = per_data_version(upload_views.upload_list, max_entries=4)
upload_detail = per_data_version(upload_views.upload_detail, max_entries=64)

# Indberetningsstatus: deadlines, approvals, locks and reminders sent. Every write to them records an event, so the
# data version covers them; the standings depend on the day too, so callers pass `today` (part of the key).
standings = per_data_version(deadlines.standings)
deadline_for = per_data_version(deadlines.deadline_for)
period_lock = per_data_version(approval.period_lock)
approval_states = per_data_version(approval.approval_states)
last_reminders = per_data_version(reminders.last_reminders)
