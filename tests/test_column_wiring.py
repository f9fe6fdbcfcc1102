"""The template contract wires each column to a record field and a database column, and everything follows it.

A column added to a template is meant to touch the contract, the record, a migration and the page that shows
it (docs/ARCHITECTURE.md, "Adding a column to a template"). These tests hold the wiring those four rely on:
the names agree with the records and with the real schema, and a value typed in any stored column of the
follow-up template comes back, under its header, from every place that reads or shows a report.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from loaders import contract as c
from loaders.export import FOLLOW_UP_HEADERS, write_tables
from maalstyring.database import queries
from maalstyring.database.storage import insert_rows
from maalstyring.reading import history
from maalstyring.workbooks.follow_up_template import write_follow_up_template
from maalstyring.workbooks.ingest import import_workbook, validate_workbook
from maalstyring.workbooks.preview import CHANGED, preview_changes
from tests.workbooks import cell_of, fill, follow_up_template, headers
from ui.archive import report_frame
from vocabulary.records import FollowUpRow, Goal, KeyFigure, Measure
from vocabulary.terms import GoalKind, Period, Status, Verdict

# Each data sheet: its columns, the record they are read into, and the table that record is stored in.
SHEETS = [
    ("Mål", c.GOAL_COLUMNS, Goal, "goals"),
    ("Målepunkter", c.MEASURE_COLUMNS, Measure, "measures"),
    ("Opfølgning", c.FOLLOW_UP_COLUMNS, FollowUpRow, "report_rows"),
    ("Nøgletal", c.KEY_FIGURE_COLUMNS, KeyFigure, "key_figures"),
]
MEASURE = "LMST-2024-I2-1"  # a målepunkt with a target (90 pct.)


@pytest.mark.parametrize(("sheet", "columns", "record", "table"), SHEETS, ids=[s[0] for s in SHEETS])
def test_every_stored_column_is_a_field_of_its_record_and_every_field_has_a_column(sheet, columns, record, table):
    fields = {f.name for f in dataclasses.fields(record)}
    stored = [col.field for col in c.stored_columns(columns)]
    assert len(stored) == len(set(stored)), f"{sheet}: two columns fill the same field"
    assert set(stored) == fields, f"{sheet}: columns and {record.__name__} disagree"


@pytest.mark.parametrize(("sheet", "columns", "record", "table"), SHEETS, ids=[s[0] for s in SHEETS])
def test_every_stored_column_exists_in_its_table(conn, sheet, columns, record, table):
    schema = {
        name: data_type
        for name, data_type in conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    }
    for col in c.stored_columns(columns):
        assert col.db_column in schema, f"{sheet}: '{col.header}' has no column {table}.{col.db_column}"
        expected = {"number": "DOUBLE", "date": "DATE"}.get(col.kind, "VARCHAR")
        if col.db_column != "figure_year":  # a key figure's year is a whole number; the sheet reads a number
            assert schema[col.db_column] == expected, f"{sheet}: '{col.header}' is stored as {schema[col.db_column]}"


def test_columns_only_shown_in_the_follow_up_template_are_filled_from_the_plan(seeded_conn):
    plan = queries.load_plan(seeded_conn, "LMST", 2024)
    h1 = {MEASURE: FollowUpRow(MEASURE, Status.YELLOW, "Lidt forsinket.")}
    data = write_follow_up_template(plan, Period.YEAR_END, h1_rows=h1)
    ws = load_workbook(io.BytesIO(data))[c.SHEET_FOLLOW_UP]
    col = headers(ws)
    shown = [x for x in (*c.FOLLOW_UP_COLUMNS, *c.FOLLOW_UP_REFERENCE_COLUMNS) if not x.stored]
    assert [x.header for x in shown] == [
        "Mål",
        "Måltype",
        "Målepunkt",
        "Enhed",
        *(x.header for x in c.FOLLOW_UP_REFERENCE_COLUMNS),
    ]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Målepunkt-ID"]).value == MEASURE)
    values = {x.header: ws.cell(row, col[x.header]).value for x in shown}
    goal = next(g for g in plan.goals if g.goal_id == next(m.goal_id for m in plan.measures if m.measure_id == MEASURE))
    assert values == {
        "Mål": f"{goal.nr}. {goal.title}",
        "Måltype": GoalKind.SPECIFIC,
        "Målepunkt": next(m.text for m in plan.measures if m.measure_id == MEASURE),
        "Enhed": "pct.",
        "1. halvår: Status": Status.YELLOW,
        "1. halvår: Vurdering": "Lidt forsinket.",
    }


# A value for every stored, open column of the follow-up template, derived from the contract so that a column
# added there is covered without touching this test. Rød and Delvist opfyldt make every conditional column due.
KNOWN = {"status": Status.RED, "verdict": Verdict.PARTLY, "target": 85.5, "actual": 81.5}


def _value_for(col: c.Column) -> object:
    if col.field in KNOWN:
        return KNOWN[col.field]
    if col.kind == "choice":
        return col.choices[-1]
    if col.kind == "number":
        return 7.5
    if col.kind == "date":
        return date(2024, 12, 31)
    return f"{col.header} typet i skabelonen"


TYPED = {col.field: _value_for(col) for col in c.stored_columns(c.FOLLOW_UP_COLUMNS) if not col.locked}


def _typed(wb) -> None:
    """Type the value of TYPED in its column on one row."""
    for col in c.stored_columns(c.FOLLOW_UP_COLUMNS):
        if col.field in TYPED:
            cell_of(wb, MEASURE, col.header).value = TYPED[col.field]


def test_every_open_stored_follow_up_column_gets_a_value_of_its_own():
    assert {"status", "verdict", "assessment", "cause", "action", "target", "actual"} <= set(TYPED)
    assert len({str(v) for v in TYPED.values()}) == len(TYPED)


def test_a_value_in_every_stored_column_travels_by_name_through_store_template_preview_archive_and_export(
    seeded_conn,
):
    template = follow_up_template(seeded_conn, period=Period.YEAR_END)
    data = fill(template, verdict=Verdict.MET, edit=_typed)
    result = import_workbook(seeded_conn, data, "alle-kolonner.xlsx", "test")
    assert result.accepted, [f.message for f in result.errors]

    # Stored and read back by name: the record holds each typed value in its own field.
    stored = queries.current_report_rows(seeded_conn, "LMST", 2024, Period.YEAR_END)[MEASURE]
    assert dataclasses.asdict(stored) == {"measure_id": MEASURE, **TYPED}

    # The next template for the period starts from it: each value in its own column.
    plan = queries.load_plan(seeded_conn, "LMST", 2024)
    again = write_follow_up_template(
        plan, Period.YEAR_END, stored_rows=queries.current_report_rows(seeded_conn, "LMST", 2024, Period.YEAR_END)
    )
    wb = load_workbook(io.BytesIO(again))
    prefilled = {col.field: cell_of(wb, MEASURE, col.header).value for col in c.stored_columns(c.FOLLOW_UP_COLUMNS)}
    assert prefilled == {"measure_id": MEASURE, **TYPED}

    # The preview of a file that changes one value names that column by its header, old → new.
    def changed(wb):
        _typed(wb)
        cell_of(wb, MEASURE, "Handling").value = "En anden handling"

    read = validate_workbook(seeded_conn, fill(template, verdict=Verdict.MET, edit=changed), "v2.xlsx")
    row = next(r for r in preview_changes(seeded_conn, read).rows if r.measure_id == MEASURE)
    assert row.change == CHANGED
    assert [(f.name, f.old, f.new) for f in row.changes] == [("Handling", TYPED["action"], "En anden handling")]
    assert row.new_values["Måltal"] == "85,5" and row.new_values["Resultat"] == "81,5"

    # Historik's table of the upload: each value under its header, numbers with their unit.
    shown = report_frame(history.report_rows(seeded_conn, result.upload_id)).set_index("Målepunkt-ID").loc[MEASURE]
    for col in c.stored_columns(c.FOLLOW_UP_COLUMNS):
        if col.kind == "text" and col.field in TYPED:
            assert shown[col.header] == TYPED[col.field], col.header
    assert shown["Måltal"] == "85,5 pct." and shown["Resultat"] == "81,5 pct."
    assert shown["Status"].endswith(Status.RED) and shown["Opfyldelse"].endswith(Verdict.PARTLY)

    # The export: a column per stored field, under the template's header.
    frame = queries.all_follow_up_rows(seeded_conn)
    exported = load_workbook(io.BytesIO(write_tables({"Opfølgning": (frame, FOLLOW_UP_HEADERS)})))["Opfølgning"]
    col = headers(exported)
    line = next(r for r in range(2, exported.max_row + 1) if exported.cell(r, col["Målepunkt-ID"]).value == MEASURE)
    for field, value in TYPED.items():
        header = next(x.header for x in c.FOLLOW_UP_COLUMNS if x.field == field)
        assert exported.cell(line, col[header]).value == value, header


def test_insert_rows_names_its_columns_and_refuses_rows_that_do_not_fit_them(conn):
    conn.execute(
        "INSERT INTO reports (upload_id, institution_code, year, period, is_current) VALUES (1, 'X', 2024, 'p', TRUE)"
    )
    with pytest.raises(ValueError, match="does not have the 3 columns"):
        insert_rows(conn, "report_rows", ["upload_id", "measure_id", "status"], [[1, "M1", "Grøn", "extra"]])
    with pytest.raises(ValueError, match="not plain column names"):
        insert_rows(conn, "report_rows", ["upload_id", "status; DROP TABLE reports"], [[1, "x"]])
    # Named columns: the order of the list, not of the table, decides where each value goes.
    insert_rows(conn, "report_rows", ["assessment", "status", "measure_id", "upload_id"], [["Fint", "Grøn", "M1", 1]])
    assert conn.execute("SELECT measure_id, status, assessment, verdict FROM report_rows").fetchall() == [
        ("M1", "Grøn", "Fint", None)
    ]
    assert pd.isna(conn.execute("SELECT target FROM report_rows").df()["target"][0])


def test_every_insert_names_its_columns():
    """INSERT … VALUES without a column list depends on the table's column order; a new column would shift it."""
    repo = Path(__file__).resolve().parent.parent
    bare = re.compile(r"INSERT\s+(OR\s+REPLACE\s+)?INTO\s+\w+\s+(VALUES|SELECT)\b", re.IGNORECASE)
    offenders = []
    for package in ("maalstyring", "loaders", "ui", "pages", "bench", "scripts"):
        for path in (repo / package).rglob("*.py"):
            if path.name == "migrations.py":  # migrations copy whole tables they have just created, on purpose
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and bare.search(node.value):
                    offenders.append(f"{path.relative_to(repo)}:{node.lineno}")
    assert offenders == []
