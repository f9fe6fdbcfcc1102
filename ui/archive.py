"""Tables for the Historik page: the list of received files and one upload's contents, in Danish."""

from __future__ import annotations

import pandas as pd

from loaders.contract import Column
from maalstyring.database.stored_fields import REPORT_ROW_FIELDS
from maalstyring.reading import history
from maalstyring.roles.access import User
from vocabulary.formatting import format_datetime, format_number, is_missing, is_true
from vocabulary.palette import status_label
from vocabulary.terms import EventAction, UploadOutcome, label_of

# A symbol beside each outcome's word (its label), so the list reads without colour.
OUTCOME_SYMBOLS = {
    UploadOutcome.ACCEPTED: "✓",
    UploadOutcome.REJECTED: "✕",
    UploadOutcome.PENDING: "…",
    UploadOutcome.DUPLICATE: "↺",
}


def outcome_label(outcome) -> str:
    """E.g. '✓ Indlæst'; a value the vocabulary does not know is shown as stored."""
    symbol = OUTCOME_SYMBOLS.get(outcome)
    word = label_of(UploadOutcome, outcome)
    return f"{symbol} {word}" if symbol else str(word)


def timestamp(value) -> str:
    """E.g. '23.11.2026 kl. 14.05'."""
    return format_datetime(value)


def what(kind, code, year, period) -> str:
    parts = [kind, code, None if is_missing(year) else int(year), period]
    return " ".join(str(p) for p in parts if isinstance(p, str | int) and p != "")


def uploads_frame(uploads: pd.DataFrame) -> pd.DataFrame:
    """One row per received file, newest first."""
    return pd.DataFrame(
        {
            "Nr.": uploads["upload_id"],
            "Udfald": uploads["outcome"].map(outcome_label),
            "Gældende": uploads["is_current"].map(lambda current: "✓ Gældende" if is_true(current) else ""),
            "Indhold": [
                what(*row)
                for row in zip(
                    uploads["kind"], uploads["institution_code"], uploads["year"], uploads["period"], strict=True
                )
            ],
            "Fil": uploads["file_name"],
            "Modtaget": uploads["uploaded_at"].map(timestamp),
            "Indberettet af": [
                sent_and_committed(by, committed)
                for by, committed in zip(uploads["uploaded_by"], uploads["committed_by"], strict=True)
            ],
            "Fejl": uploads["errors"],
            "Eksempeldata": uploads["is_example"].map(lambda e: "Eksempeldata" if is_true(e) else ""),
        }
    )


def sent_and_committed(uploaded_by: str, committed_by) -> str:
    """Who sent the file, and who pressed Indlæs when that was someone else."""
    if isinstance(committed_by, str) and committed_by and committed_by != uploaded_by:
        return f"{uploaded_by} · indlæst af {committed_by}"
    return uploaded_by


def uploads_listing(conn, viewer: User) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every received file `viewer` may see: the raw rows and the Danish table, on one index.

    Built once per data version (ui/cache.py) and filtered by index: formatting 9.000 files' dates and
    contents took a fifth of a second on every view at 100 institutions x 30 years."""
    uploads = history.list_uploads(conn, viewer)
    return uploads, uploads_frame(uploads)


def report_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """A follow-up's målepunkt rows as they were reported; columns nobody filled in are left out."""
    columns = {"Målepunkt-ID": rows["measure_id"], "Målepunkt": rows["measure_text"].fillna("")}
    for col in REPORT_ROW_FIELDS:  # the row's own columns, as the contract names and orders them
        if col.field != "measure_id":
            columns[col.header] = _shown(rows[col.field], col, rows["unit"])
    frame = pd.DataFrame(columns)
    optional = [col.header for col in REPORT_ROW_FIELDS if not col.required]
    return frame.drop(columns=[header for header in optional if (frame[header] == "").all()])


def _shown(values: pd.Series, col: Column, units: pd.Series) -> list[str]:
    """One stored column as shown: a choice with its sign and word, a number with its unit, text as written."""
    if col.kind == "choice":
        return [status_label(v) if isinstance(v, str) else "" for v in values]
    if col.kind == "number":
        return [_amount(v, u) for v, u in zip(values, units, strict=True)]
    return [v if isinstance(v, str) else "" for v in values]


def _amount(value, unit) -> str:
    number = format_number(value)
    return f"{number} {unit}" if number and isinstance(unit, str) and unit else number


def key_figures_frame(figures: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Nøgletal": figures["name"],
            "År": figures["figure_year"].astype(str),
            "Værdi": figures["value"].map(format_number),
        }
    )


def plan_frame(measures: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Mål": measures["goal_title"],
            "Målepunkt-ID": measures["measure_id"],
            "Målepunkt": measures["measure_text"],
            "Måltal": measures["target"].map(format_number),
            "Enhed": measures["unit"].fillna(""),
            "Retning": measures["direction"].fillna(""),
        }
    )


def events_frame(events: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Tidspunkt": events["happened_at"].map(timestamp),
            "Hvem": events["actor"],
            "Hændelse": events["action"].map(lambda a: label_of(EventAction, a)),
            "Detaljer": events["details"].fillna(""),
        }
    )
