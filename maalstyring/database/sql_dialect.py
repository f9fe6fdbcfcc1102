"""The few places where the app's SQL (written for DuckDB) and PostgreSQL differ, translated in one spot.

The queries are written once, in the SQL both engines share, plus a handful of DuckDB spellings that are
rewritten here for PostgreSQL, mechanically and only outside string literals and comments:

- `?` placeholders become psycopg's `%s` (and a literal `%` becomes `%%`, which psycopg reads back as `%`);
- `list_contains(<list>, <value>)` becomes `(<value> = ANY(<list>))`;
- the types `BLOB` and `DOUBLE` become `BYTEA` and `DOUBLE PRECISION` (migrations and casts).

`arg_max(value, key)` has no PostgreSQL built-in; storage_postgres defines it as an aggregate instead
(PG_HELPERS), so the query text stays the same. Anything else the engines disagree on is written in the
common SQL in the query itself (explicit GROUP BY lists, INSERT … ON CONFLICT instead of INSERT OR REPLACE).

`frame()` builds the pandas DataFrame DuckDB's `.df()` would have built from the same rows, column types
included (int32/Int32 for INTEGER, str for VARCHAR, datetime64[us] for DATE and TIMESTAMP …), so the read
models and the pages see the same frames on both engines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

# String literals, quoted identifiers and comments: copied as they are, never rewritten.
_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.DOTALL)
_LIST_CONTAINS = re.compile(r"list_contains\(\s*([^(),]+?)\s*,\s*([^(),]+?)\s*\)", re.IGNORECASE)
_BLOB = re.compile(r"\bBLOB\b", re.IGNORECASE)
_DOUBLE = re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.IGNORECASE)


def _rewrite_code(code: str, with_params: bool) -> str:
    code = _LIST_CONTAINS.sub(r"(\2 = ANY(\1))", code)
    code = _BLOB.sub("BYTEA", code)
    code = _DOUBLE.sub("DOUBLE PRECISION", code)
    if with_params:
        code = code.replace("%", "%%").replace("?", "%s")
    return code


@lru_cache(maxsize=1024)
def to_postgres(sql: str, with_params: bool = True) -> str:
    """DuckDB-flavoured SQL → PostgreSQL for psycopg. Without parameters psycopg sends the text as it is
    (several statements allowed, as migrations need), so `%` and `?` are left alone then."""
    out, position = [], 0
    for match in _LITERAL.finditer(sql):
        out.append(_rewrite_code(sql[position : match.start()], with_params))
        literal = match.group(0)
        out.append(literal.replace("%", "%%") if with_params else literal)
        position = match.end()
    out.append(_rewrite_code(sql[position:], with_params))
    return "".join(out)


# PostgreSQL type OIDs (pg_type) → how DuckDB's .df() types the same column: (without NULLs, with NULLs).
_INT32 = {21, 23}  # int2, int4
_INT64 = {20}  # int8 (count(*), BIGINT)
_FLOAT = {700, 701, 1700}  # float4, float8, numeric (sum/avg come back as DOUBLE/HUGEINT→float64 on DuckDB)
_BOOL = {16}
_DATETIME = {1082, 1114}  # date, timestamp
_TEXT = {25, 1042, 1043, 705, 19}  # text, bpchar, varchar, unknown, name


def _column(values: list, oid: int) -> pd.Series:
    has_null = any(v is None for v in values)
    if oid in _INT32:
        return pd.Series(values, dtype="Int32" if has_null else "int32")
    if oid in _INT64:
        return pd.Series(values, dtype="Int64" if has_null else "int64")
    if oid in _FLOAT:
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if oid in _BOOL:
        return pd.Series(values, dtype="boolean" if has_null else "bool")
    if oid in _DATETIME:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[us]")
    if oid in _TEXT and not all(v is None for v in values):  # DuckDB: no rows, or only NULLs → object
        return pd.Series(values, dtype="str")
    return pd.Series(values, dtype=object)


def frame(columns: Sequence[tuple[str, int]], rows: Sequence[Sequence]) -> pd.DataFrame:
    """A DataFrame typed the way DuckDB's `.df()` types it, from (name, type oid) and rows."""
    data = {i: _column([row[i] for row in rows], oid) for i, (_, oid) in enumerate(columns)}
    result = pd.DataFrame(data, columns=range(len(columns)))
    result.columns = [name for name, _ in columns]  # by position: two columns may share a name
    return result


# DuckDB has arg_max(value, key); PostgreSQL gets the same aggregate for the types the queries use, so the
# query text stays common. Created (idempotently) under the migration lock on every start.
PG_HELPERS = """
DO $$ BEGIN
    IF to_regtype('arg_max_state_text') IS NULL THEN
        CREATE TYPE arg_max_state_text AS (value TEXT, key BIGINT);
    END IF;
    IF to_regtype('arg_max_state_timestamp') IS NULL THEN
        CREATE TYPE arg_max_state_timestamp AS (value TIMESTAMP, key BIGINT);
    END IF;
END $$;
CREATE OR REPLACE FUNCTION arg_max_step(state arg_max_state_text, value TEXT, key BIGINT)
    RETURNS arg_max_state_text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN key IS NULL THEN state
                      WHEN state IS NULL OR key > (state).key THEN ROW(value, key)::arg_max_state_text
                      ELSE state END $$;
CREATE OR REPLACE FUNCTION arg_max_final(state arg_max_state_text) RETURNS TEXT LANGUAGE sql IMMUTABLE
    AS $$ SELECT (state).value $$;
CREATE OR REPLACE AGGREGATE arg_max(TEXT, BIGINT)
    (SFUNC = arg_max_step, STYPE = arg_max_state_text, FINALFUNC = arg_max_final);
CREATE OR REPLACE FUNCTION arg_max_step(state arg_max_state_timestamp, value TIMESTAMP, key BIGINT)
    RETURNS arg_max_state_timestamp LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN key IS NULL THEN state
                      WHEN state IS NULL OR key > (state).key THEN ROW(value, key)::arg_max_state_timestamp
                      ELSE state END $$;
CREATE OR REPLACE FUNCTION arg_max_final(state arg_max_state_timestamp) RETURNS TIMESTAMP
    LANGUAGE sql IMMUTABLE AS $$ SELECT (state).value $$;
CREATE OR REPLACE AGGREGATE arg_max(TIMESTAMP, BIGINT)
    (SFUNC = arg_max_step, STYPE = arg_max_state_timestamp, FINALFUNC = arg_max_final);
"""
