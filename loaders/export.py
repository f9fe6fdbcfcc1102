"""Workbook exports of stored data. All user text is written as text, never as a live formula."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook

from loaders import contract as c
from loaders.xlsx_style import set_text_safe, write_header

# Database column → Danish header, per exported sheet. Columns not named here are not exported.
PLAN_HEADERS = {
    "institution_code": "Institution", "institution_name": "Institutionens navn", "year": "År",
    "director": "Direktør", "director_signed": "Underskrevet af direktør", "secretary": "Departementschef",
    "secretary_signed": "Underskrevet af departementschef", "shared_goals": "Koncernfælles mål",
    "specific_goals": "Institutionsspecifikke mål", "measures": "Målepunkter",
}  # fmt: skip
GOAL_MEASURE_HEADERS = {
    "institution_code": "Institution", "year": "År", "goal_id": "Mål-ID", "goal_nr": "Nr.", "kind": "Måltype",
    "shared_key": "Fælles mål", "title": "Titel", "objective": "Mål", "remarks": "Bemærkninger",
    "goal_type": "Type af mål", "measure_id": "Målepunkt-ID", "measure_nr": "Målepunkt nr.",
    "measure_text": "Målepunkt", "target": "Måltal", "unit": "Enhed", "direction": "Retning", "deadline": "Frist",
}  # fmt: skip
# A follow-up row's own columns come from the contract, under their template headers, after its plan context.
FOLLOW_UP_HEADERS = {
    "institution_code": "Institution", "year": "År", "period": "Periode", "goal_id": "Mål-ID",
    "goal_title": "Mål", "measure_id": "Målepunkt-ID", "measure_text": "Målepunkt",
    **{col.field: col.header for col in c.stored_columns(c.FOLLOW_UP_COLUMNS) if col.field != "measure_id"},
    "computed_verdict": "Beregnet opfyldelse", "disagreement": "Uenighed",
    "unit": "Enhed", "upload_id": "Indberetning nr.", "is_example": "Eksempeldata",
}  # fmt: skip
KEY_FIGURE_HEADERS = {
    "institution_code": "Institution", "report_year": "Planår", "period": "Periode", "name": "Nøgletal",
    "figure_year": "År", "value": "Værdi", "upload_id": "Indberetning nr.",
}  # fmt: skip


def write_tables(sheets: Mapping[str, tuple[pd.DataFrame, Mapping[str, str]]]) -> bytes:
    """One sheet per (frame, headers); values are written as numbers, dates or text."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # a new workbook's one sheet
    for title, (frame, headers) in sheets.items():
        ws = wb.create_sheet(title[:31])
        columns = [col for col in headers if col in frame.columns]
        write_header(ws, [headers[col] for col in columns], [_width(frame, col, headers[col]) for col in columns])
        for r, record in enumerate(frame[columns].itertuples(index=False), start=2):
            for col_idx, value in enumerate(record, start=1):
                cell = ws.cell(row=r, column=col_idx)
                set_text_safe(cell, _plain(value))
                if isinstance(cell.value, (date, datetime)):
                    cell.number_format = "DD.MM.YYYY"
                if isinstance(cell.value, bool):
                    set_text_safe(cell, "Ja" if cell.value else "Nej")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _plain(value):
    """pandas' missing values and timestamps as what openpyxl understands."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _width(frame: pd.DataFrame, col: str, header: str) -> int:
    longest = frame[col].astype(str).str.len().max() if len(frame) else 0
    return int(min(60, max(len(header) + 2, (longest or 0) + 2)))


# --- The dashboards' filtered view and the årsrapport table ------------------------------------------------
FILTER_HEADERS = {"label": "Filter", "value": "Valg"}
GOAL_VIEW_HEADERS = {
    "institution_code": "Institution", "institution_name": "Institutionens navn", "year": "År", "period": "Periode",
    "goal_id": "Mål-ID", "goal_nr": "Nr.", "kind": "Måltype", "shared_key": "Fælles mål", "title": "Mål",
    "status": "Status", "verdict": "Indberettet opfyldelse", "computed_verdict": "Beregnet opfyldelse",
    "mismatch_text": "Uenighed", "rule_note": "Planens regel", "explanation": "Sådan er status fundet",
    "causes": "Årsag og konsekvens", "actions": "Handling", "measures": "Målepunkter",
    "reported": "Indberettede målepunkter", "upload_id": "Indberetning nr.", "is_example": "Eksempeldata",
}  # fmt: skip
MEASURE_VIEW_HEADERS = {
    "institution_code": "Institution", "year": "År", "period": "Periode", "goal_id": "Mål-ID", "title": "Mål",
    "measure_id": "Målepunkt-ID", "measure_text": "Målepunkt", "status": "Status",
    "verdict": "Indberettet opfyldelse", "assessment": "Vurdering", "cause": "Årsag og konsekvens",
    "action": "Handling", "target": "Måltal", "actual": "Resultat", "unit": "Enhed",
    "upload_id": "Indberetning nr.", "is_example": "Eksempeldata",
}  # fmt: skip
ANNUAL_REPORT_HEADERS = {
    "institution_name": "Institution", "year": "År", "goal_nr": "Nr.", "title": "Mål", "kind": "Måltype",
    "verdict": "Indberettet opfyldelse", "computed_verdict": "Beregnet opfyldelse (planens regel)",
    "mismatch_text": "Uenighed", "explanation_for_report": "Forklaring (når målet ikke er opfyldt)",
    "is_example": "Eksempeldata",
}  # fmt: skip


def write_filtered_view(filters: list[tuple[str, str]], goals: pd.DataFrame, measures: pd.DataFrame) -> bytes:
    """The dashboard as filtered: the filters, each goal's roll-up, and every målepunkt behind it."""
    return write_tables(
        {
            "Filtre": (pd.DataFrame(filters, columns=["label", "value"]), FILTER_HEADERS),
            "Mål": (goals, GOAL_VIEW_HEADERS),
            "Målepunkter": (measures, MEASURE_VIEW_HEADERS),
        }
    )


def write_annual_report(table: pd.DataFrame) -> bytes:
    """The year-end table for the årsrapport: each goal's verdict, and the explanation where it is not met."""
    return write_tables({"Årsrapport": (table, ANNUAL_REPORT_HEADERS)})
