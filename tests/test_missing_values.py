"""NULL from the database reaches the pages as None, NaN, NaT or pandas' NA; NA has no truth value, and
`x != x` or `if x` on it raised and took pages down (issue 10). One question answers it for all."""

import numpy as np
import pandas as pd
import pytest

from maalstyring.formatting import format_date, format_datetime, format_number, format_target, is_missing, is_true

pytestmark = pytest.mark.both_engines  # each test once on DuckDB, once on PostgreSQL


@pytest.mark.parametrize("value", [None, float("nan"), np.float64("nan"), pd.NA, pd.NaT])
def test_every_kind_of_missing_is_missing_and_formats_as_nothing(value):
    assert is_missing(value) and not is_true(value)
    assert format_number(value) == "" and format_target(value, pd.NA, pd.NA) == ""
    assert format_date(value) == "ikke angivet" and format_datetime(value) == ""


@pytest.mark.parametrize("value", [0, 0.0, "", "x", False, np.int64(3), np.bool_(False), pd.Timestamp("2024-01-01")])
def test_values_are_not_missing(value):
    assert not is_missing(value)


def test_a_nullable_column_from_duckdb_formats_without_raising(conn):
    frame = conn.execute("SELECT * FROM (VALUES (1, 2024), (2, NULL)) t(id, year)").df()
    assert frame["year"].map(lambda y: "–" if is_missing(y) else str(int(y))).tolist() == ["2024", "–"]
    flags = conn.execute("SELECT * FROM (VALUES (TRUE), (NULL)) t(flag)").df()["flag"]
    assert [is_true(f) for f in flags] == [True, False]
