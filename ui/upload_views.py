"""Historik's list of received files and one file's details, built once per data version and kept as finished HTML.

The page unpickled the whole list (three frames of every file the viewer may see) and turned up to six frames into
HTML tables on every view: most of its script time at 30 institutions x 10 years (docs/BENCHMARKS.md). ui/cache.py
keys these on (database, data version, arguments), the viewer included: what a file shows depends on who asks.
Every text in the HTML is escaped by ui.tables.table_html: workbook text is shown as typed, never as Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from maalstyring.reading import history
from maalstyring.reading.history import Upload
from maalstyring.roles.access import User
from ui import archive
from ui.tables import table_html
from ui.upload import findings_frame
from vocabulary.formatting import format_number
from vocabulary.terms import UploadOutcome, WorkbookKind

FILES_PER_PAGE = 25  # received files grow without bound: 25 a page, newest first
ALL_OUTCOMES = "alle"  # the page's outcome choice when it picks none


def _listing(conn, viewer: User):
    # The whole formatted list, cached once per data version and viewer (ui/cache.py imports this module, so
    # it is looked up when called): each choice of year, institutions and outcome is a filter of it, not a new
    # formatting of every file (a fifth of a second at 100 institutions x 30 years).
    from ui import cache

    return cache.uploads_listing(conn, viewer)


def visible_files(conn, viewer: User) -> int:
    """How many received files `viewer` may see."""
    return len(_listing(conn, viewer)[0])


def shown_uploads(conn, viewer: User, year: int | None, codes: tuple[str, ...], outcome: str):
    """(the rows of `history.list_uploads` shown, their Danish table, how many files in all)."""
    uploads, table = _listing(conn, viewer)
    shown = uploads[history.in_filters(uploads, year, codes)]
    if outcome != ALL_OUTCOMES:
        shown = shown[shown["outcome"] == outcome]
    return shown, table.loc[shown.index], len(uploads)


@dataclass(frozen=True)
class UploadList:
    pages: tuple[str, ...]  # HTML tables of FILES_PER_PAGE files each; each file's name links to its details
    shown: int  # files matching the choices
    total: int  # files the viewer may see
    ids: tuple[int, ...]  # the shown files' upload ids, in the list's order (newest first)

    def chosen(self, asked) -> int:
        """The file to show: the one a link asked for (`?fil=13`, or an older link's "Nr. 13: …"), if it is in the
        list; else the newest."""
        wanted = asked_number(asked)
        return wanted if wanted in self.ids else self.ids[0]

    def missing(self, asked) -> int | None:
        """The file number a link asked for that is not in the list (filtered out, removed or not the viewer's)."""
        wanted = asked_number(asked)
        return wanted if wanted is not None and wanted not in self.ids else None

    def page_of(self, upload_id: int) -> int:
        """The page (from 1) of the list that holds `upload_id`."""
        return self.ids.index(upload_id) // FILES_PER_PAGE + 1


def asked_number(asked) -> int | None:
    """The upload id in a link's `?fil=` (the first run of digits), or None."""
    number = re.search(r"\d{1,18}", asked or "")  # an id, never a number too long for int()
    return int(number.group()) if number else None


def upload_list(conn, viewer: User, year: int | None, codes: tuple[str, ...], outcome: str, link: str) -> UploadList:
    """`link` is the page's own address with its choices, ending in `fil=` (ui/filters.choice_link): a file's name
    opens its details below the list, on the list's page that holds it. Links, not select boxes: Historik's two
    select boxes cost every fresh load 0,04–0,05 s (docs/BENCHMARKS.md)."""
    shown, table, total = shown_uploads(conn, viewer, year, codes, outcome)
    ids = tuple(int(upload_id) for upload_id in shown["upload_id"])
    addresses = [f"{link}{upload_id}" for upload_id in ids]
    pages = tuple(
        table_html(table.iloc[first : first + FILES_PER_PAGE], links={"Fil": addresses[first : first + FILES_PER_PAGE]})
        for first in range(0, len(table), FILES_PER_PAGE)
    )
    return UploadList(pages, len(table), total, ids)


@dataclass(frozen=True)
class UploadDetail:
    """One received file as Historik shows it; each table is HTML, "" where the file has nothing of that kind."""

    upload: Upload
    facts: str  # one row, a column per fact: one line at 1440 px, one card on a phone
    report: str = ""  # a loaded follow-up: status per målepunkt as reported
    key_figures: str = ""  # … and its key figures
    plan_measures: str = ""  # a loaded plan: its målepunkter
    findings: str = ""  # errors and warnings found when it was received
    events: str = ""  # what happened to it (received, loaded, replaced, restored …)


def upload_detail(conn, upload_id: int, viewer: User) -> UploadDetail | None:
    """None when there is no such file or `viewer` may not see it."""
    upload = history.get_upload(conn, upload_id, viewer)
    if upload is None:
        return None
    loaded = upload.outcome == UploadOutcome.ACCEPTED
    report = key_figures = plan_measures = ""
    if loaded and upload.kind == WorkbookKind.FOLLOW_UP:
        report = table_html(archive.report_frame(history.report_rows(conn, upload_id)))
        figures = history.key_figures(conn, upload_id)
        key_figures = "" if figures.empty else table_html(archive.key_figures_frame(figures))
    elif loaded and upload.kind == WorkbookKind.PLAN:
        plan_measures = table_html(archive.plan_frame(history.plan_measures(conn, upload_id)))
    findings = history.upload_findings(conn, upload_id, viewer)
    return UploadDetail(
        upload=upload,
        facts=table_html(_facts(upload)),
        report=report,
        key_figures=key_figures,
        plan_measures=plan_measures,
        findings=table_html(findings_frame(findings)) if findings else "",
        events=table_html(archive.events_frame(history.upload_events(conn, upload_id, viewer))),
    )


def _facts(upload: Upload) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Fil": upload.file_name,
                "Modtaget": archive.timestamp(upload.uploaded_at),
                "Indberettet af": archive.sent_and_committed(upload.uploaded_by, upload.committed_by),
                "Indhold": upload.what or "kunne ikke læses",
                "Udfald": archive.outcome_label(upload.outcome)
                + (" · ✓ Gældende" if upload.is_current else "")
                + (" · Eksempeldata" if upload.is_example else ""),
                "Størrelse": f"{format_number(upload.size_bytes / 1024, 1)} kB",
            }
        ]
    )
