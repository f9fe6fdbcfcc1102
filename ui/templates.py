"""Which workbook the Skabeloner page hands out: stored data in, template bytes out (no Streamlit here)."""

from __future__ import annotations

from loaders.template_writer import (
    follow_up_file_name,
    plan_file_name,
    write_blank_plan_template,
    write_plan_template_from,
    write_plan_workbook,
)
from maalstyring.database import queries
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from vocabulary.terms import Period

PLAN_STORED = "gemt"
PLAN_NEXT_YEAR = "næste år"
PLAN_BLANK = "tom"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def follow_up_template(conn, code: str, year: int, period: str, prefill: bool) -> tuple[bytes, str]:
    """The follow-up template for institution × year × period, and its file name.

    With `prefill`, what is already reported for the period is filled in, so a correction starts from it;
    never from example data. At Årsafslutning the 1. halvår status is shown beside each målepunkt, for
    reference, unless that report is example data.
    """
    plan = queries.load_plan(conn, code, year)
    if plan is None:
        raise LookupError(f"Der er ingen plan for {code} {year}.")
    # Example data never goes into a template: a row a controller leaves alone would be sent in as real.
    prefill = prefill and can_prefill(conn, code, year, period)
    h1 = None
    if period == Period.YEAR_END and not queries.current_report_is_example(conn, code, year, Period.H1):
        h1 = queries.current_report_rows(conn, code, year, Period.H1)
    data = write_follow_up_template(
        plan,
        period,
        stored_rows=queries.current_report_rows(conn, code, year, period) if prefill else None,
        h1_rows=h1,
        key_figure_rows=queries.current_key_figures(conn, code, year, period) if prefill else None,
    )
    return data, follow_up_file_name(code, year, period)


def can_prefill(conn, code: str, year: int, period: str) -> bool:
    """A template may start from the current report only when there is one and it is not example data."""
    return bool(queries.current_report_rows(conn, code, year, period)) and not queries.current_report_is_example(
        conn, code, year, period
    )


def plan_template(conn, code: str, name: str, year: int, choice: str, new_year: int) -> tuple[bytes, str]:
    """A Plan workbook: the stored plan for `year`, next year's starting from it, or a blank one for `new_year`."""
    if choice == PLAN_BLANK:
        return write_blank_plan_template(code, name, new_year), plan_file_name(code, new_year)
    plan = queries.load_plan(conn, code, year)
    if plan is None:
        raise LookupError(f"Der er ingen plan for {code} {year}.")
    if choice == PLAN_NEXT_YEAR:
        return write_plan_template_from(plan, new_year), plan_file_name(code, new_year)
    return write_plan_workbook(plan), plan_file_name(code, year)
