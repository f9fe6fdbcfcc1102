"""Historik: every received file, what it held, the original file, and restoring an earlier report."""

import pandas as pd
import streamlit as st

from maalstyring import history
from maalstyring.access import upload_refusal
from ui import archive, cache
from ui.db import get_connection
from ui.filters import PAGE_CHOICE_WIDTH, current_filters
from ui.identity import current_user, signed_in_user
from ui.plain_text import plain
from ui.tables import excel_download, paged_table, static_table
from ui.templates import XLSX_MIME
from ui.upload import findings_frame, show_table
from vocabulary.formatting import format_number
from vocabulary.terms import STORED_OUTCOMES, UploadOutcome, WorkbookKind, label_of

# The page's own choices in the URL: short Danish words, like the sidebar's.
KEY_OUTCOME = "udfald"
KEY_UPLOAD = "fil"
ALL_OUTCOMES = "alle"

conn = get_connection()
st.title("Historik", anchor=False)
st.markdown(
    "Alle modtagne filer – også afviste og ikke indlæste – med hvem, hvornår og udfald. Vælg en indberetning "
    "for at se dens indhold, hente den oprindelige fil, eller gøre en tidligere indberetning gældende igen."
)

flash = st.session_state.pop("historik_flash", None)
if flash:
    st.success(plain(flash), icon=":material/restore:")

viewer = signed_in_user()
uploads, table, upload_labels = cache.uploads_listing(conn, viewer)
if uploads.empty:
    st.info(
        "Der er ikke modtaget nogen filer endnu. Hent en skabelon under Skabeloner, udfyld den, og indlæs den "
        "under Indberetning.",
        icon=":material/history:",
    )
    st.stop()

# Follow the sidebar: its year and institutions, both periods. Files that could not be read have no
# institution or year and are always listed, so no received file is out of reach. The outcome is the page's
# own choice (the sidebar has none), kept in the URL like the sidebar's.
filters = current_filters()
outcome = st.selectbox(
    "Udfald",
    [ALL_OUTCOMES, *STORED_OUTCOMES],
    format_func=lambda o: "Alle udfald" if o == ALL_OUTCOMES else label_of(UploadOutcome, o),
    key=KEY_OUTCOME,
    bind="query-params",
    width=PAGE_CHOICE_WIDTH,
)
shown = uploads[history.in_filters(uploads, filters.year, filters.institutions)]
if outcome != ALL_OUTCOMES:
    shown = shown[shown["outcome"] == outcome]
st.caption(
    f"År: {filters.year or 'alle'} · Institutioner: {plain(', '.join(filters.institutions) or 'alle')} "
    f"(begge perioder; år og institutioner vælges i sidepanelet) · {len(shown)} af {len(uploads)} modtagne filer vises."
)
if shown.empty:
    st.info("Ingen modtagne filer passer til det valgte. Vælg et andet udfald her, eller andre filtre i sidepanelet.")
    st.stop()
# Received files grow without bound: 25 a page, newest first; the Excel file holds every one shown.
paged_table(table.loc[shown.index], "side_filer", rows_per_page=25)
excel_download(
    "Hent listen som Excel", table.loc[shown.index], "Modtagne_filer.xlsx", "Modtagne filer", "historik_excel"
)

labels = dict(zip(shown["upload_id"], upload_labels.loc[shown.index], strict=True))
upload_id = st.selectbox("Vis indberetning", list(labels), format_func=labels.get, key=KEY_UPLOAD, bind="query-params")
upload = cache.get_upload(conn, upload_id, viewer)

st.header(f"Indberetning nr. {upload.upload_id}", anchor=False)
# One row, a column per fact: one line at 1440 px, and on a phone one card with a labelled line per fact.
static_table(
    pd.DataFrame(
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
)
st.download_button(
    "Hent den oprindelige fil",
    data=lambda: history.original_file(conn, upload.upload_id, viewer)[1],
    file_name=upload.file_name,
    mime=XLSX_MIME,
    icon=":material/download:",
    on_click="ignore",
    key=f"original_{upload.upload_id}",
)

if upload.outcome == UploadOutcome.ACCEPTED and upload.is_current:
    st.info(f"✓ Dette er den gældende indberetning for {plain(upload.what)}.", icon=":material/verified:")
elif upload.outcome == UploadOutcome.ACCEPTED:
    st.warning(
        f"Denne indberetning er ikke længere gældende for {plain(upload.what)}; en anden er indlæst eller gendannet "
        "siden. Du kan gøre den gældende igen – det registreres i historikken og kan fortrydes på samme måde.",
        icon=":material/history:",
    )
    # Restoring is a write: the same rule as sending the file (own institution; plans for Koncernøkonomi).
    refusal = upload_refusal(signed_in_user(), upload.kind, upload.institution_code)
    if refusal:
        st.caption(f"Du kan ikke gøre den gældende igen. {plain(refusal)}")
    elif st.button(f"Gør indberetning nr. {upload.upload_id} gældende igen", icon=":material/restore:", key="restore"):
        refusal = upload_refusal(signed_in_user(), upload.kind, upload.institution_code)  # checked again on click
        result = None if refusal else history.restore_report(conn, upload.upload_id, current_user())
        if result is not None and result.ok:
            st.session_state["historik_flash"] = result.message
            st.rerun()
        st.error(plain(refusal or result.message))
elif upload.outcome == UploadOutcome.PENDING:
    st.info(
        "Filen var klar til indlæsning, men er aldrig indlæst, så den har ikke ændret noget. Hent den "
        "oprindelige fil, og indlæs den under Indberetning, hvis den stadig skal bruges.",
        icon=":material/pending:",
    )
elif upload.outcome == UploadOutcome.REJECTED:
    st.error("Filen blev afvist og har ikke ændret noget. Fejlene står nedenfor.", icon=":material/block:")

if upload.outcome == UploadOutcome.ACCEPTED and upload.kind == WorkbookKind.FOLLOW_UP:
    st.subheader("Indberettet status pr. målepunkt", anchor=False)
    show_table(archive.report_frame(cache.report_rows(conn, upload.upload_id)))
    figures = cache.key_figures(conn, upload.upload_id)
    if not figures.empty:
        st.subheader("Nøgletal", anchor=False)
        show_table(archive.key_figures_frame(figures))
elif upload.outcome == UploadOutcome.ACCEPTED and upload.kind == WorkbookKind.PLAN:
    st.subheader("Planens målepunkter i denne fil", anchor=False)
    show_table(archive.plan_frame(cache.plan_measures(conn, upload.upload_id)))

findings = cache.upload_findings(conn, upload.upload_id, viewer)
if findings:
    st.subheader("Fejl og advarsler", anchor=False)
    show_table(findings_frame(findings))

st.subheader("Hændelser", anchor=False)
show_table(archive.events_frame(cache.upload_events(conn, upload.upload_id, viewer)))
