"""Historik: every received file, what it held, the original file, and restoring an earlier report."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from maalstyring.reading import history
from maalstyring.roles.access import upload_refusal
from ui import cache, confirm
from ui.archive import outcome_label
from ui.db import get_connection
from ui.filters import SIDEBAR_KEYS, choice_link, current_filters, link_choice
from ui.identity import current_user, signed_in_user
from ui.plain_text import plain
from ui.tables import excel_download, paged_prebuilt
from ui.templates import XLSX_MIME
from ui.upload_views import ALL_OUTCOMES, FILES_PER_PAGE, shown_uploads
from vocabulary.terms import STORED_OUTCOMES, UploadOutcome

# The page's own choices in the URL: short Danish words, like the sidebar's.
KEY_OUTCOME = "udfald"
KEY_UPLOAD = "fil"
PAGE = "pages/historik.py"

conn = get_connection()
st.title("Historik", anchor=False)
st.markdown(
    "Alle modtagne filer – også afviste og ikke indlæste – med hvem, hvornår og udfald. Klik på en fils navn i "
    "listen for at se dens indhold, hente den oprindelige fil eller gøre en tidligere indberetning gældende igen."
)

flash = st.session_state.pop("historik_flash", None)
if flash:
    st.success(plain(flash), icon=":material/restore:")
confirm.show_outcome("gendan")  # what a confirmed restore did, after its dialog has closed


def _restore(upload) -> tuple[bool, str]:
    """The confirmed restore; the upload rule checked again on the click, whatever the page showed."""
    refusal = upload_refusal(signed_in_user(), upload.kind, upload.institution_code)
    if refusal:
        return False, refusal
    result = history.restore_report(conn, upload.upload_id, current_user())
    return result.ok, result.message


viewer = signed_in_user()
if not cache.visible_files(conn, viewer):
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
# The outcome as a row of links, not a select box (ui/filters.link_choice): a choice of another outcome opens the
# list from its first file. An older link's label ("Afvist") names the same outcome as its value ("afvist").
OUTCOMES = {ALL_OUTCOMES: "Alle udfald", **{o.value: outcome_label(o) for o in STORED_OUTCOMES}}
asked = (st.query_params.get(KEY_OUTCOME) or ALL_OUTCOMES).lower()
outcome = next((o.value for o in STORED_OUTCOMES if asked in (o.value, str(o.label).lower())), ALL_OUTCOMES)
link_choice("Udfald", OUTCOMES, outcome, choice_link(st.query_params, PAGE, SIDEBAR_KEYS, KEY_OUTCOME))
# The list's pages and the one file's tables come as finished HTML, once per data version (ui/upload_views.py).
# Each file's name in the list links to this page with the same choices and that file (`?fil=`).
link = choice_link(st.query_params, PAGE, (*SIDEBAR_KEYS, KEY_OUTCOME), KEY_UPLOAD)
listing = cache.upload_list(conn, viewer, filters.year, filters.institutions, outcome, link)
st.caption(
    f"År: {filters.year or 'alle'} · Institutioner: {plain(', '.join(filters.institutions) or 'alle')} "
    f"(begge perioder; år og institutioner vælges i sidepanelet) · {listing.shown} af {listing.total} modtagne "
    "filer vises."
)
if not listing.shown:
    st.info("Ingen modtagne filer passer til det valgte. Vælg et andet udfald her, eller andre filtre i sidepanelet.")
    st.stop()
asked = st.query_params.get(KEY_UPLOAD)
upload_id = listing.chosen(asked)
# Received files grow without bound: 25 a page, newest first, opened on the page holding the file shown below;
# the Excel file holds every one shown.
paged_prebuilt(listing.pages, listing.shown, FILES_PER_PAGE, "side_filer", default=listing.page_of(upload_id))
excel_download(
    "Hent listen som Excel",
    lambda: shown_uploads(conn, viewer, filters.year, filters.institutions, outcome)[1],
    "Modtagne_filer.xlsx",
    "Modtagne filer",
    "historik_excel",
)

detail = cache.upload_detail(conn, upload_id, viewer)
if detail is None:  # removed (example data) between the list and the details: the list is already new
    st.info("Filen kan ikke længere vises. Vælg en anden indberetning på listen.", icon=":material/history:")
    st.stop()
upload = detail.upload

missing = listing.missing(asked)
if missing is not None:  # an old link, or a file removed since (never another file without a word)
    st.info(
        f"Indberetning nr. {missing} er ikke på listen med de valgte filtre og udfald, eller den findes ikke længere. "
        "Her vises den nyeste på listen.",
        icon=":material/info:",
    )
st.header(f"Indberetning nr. {upload.upload_id}", anchor=False)
st.html(detail.facts)
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
    else:
        # Asked first (ui/confirm.py): what becomes current for whom; the outcome shows above the file afterwards.
        confirm.ask(
            "gendan",
            st.button(
                f"Gør indberetning nr. {upload.upload_id} gældende igen", icon=":material/restore:", key="restore"
            ),
            lambda: confirm.restore_confirmation(upload.upload_id, upload.what),
            lambda: _restore(upload),
        )
elif upload.outcome == UploadOutcome.PENDING:
    st.info(
        "Filen var klar til indlæsning, men er aldrig indlæst, så den har ikke ændret noget. Hent den "
        "oprindelige fil, og indlæs den under Indberetning, hvis den stadig skal bruges.",
        icon=":material/pending:",
    )
elif upload.outcome == UploadOutcome.REJECTED:
    st.error("Filen blev afvist og har ikke ændret noget. Fejlene står nedenfor.", icon=":material/block:")

if detail.report:
    st.subheader("Indberettet status pr. målepunkt", anchor=False)
    st.html(detail.report)
if detail.key_figures:
    st.subheader("Nøgletal", anchor=False)
    st.html(detail.key_figures)
if detail.plan_measures:
    st.subheader("Planens målepunkter i denne fil", anchor=False)
    st.html(detail.plan_measures)
if detail.findings:
    st.subheader("Fejl og advarsler", anchor=False)
    st.html(detail.findings)

st.subheader("Hændelser", anchor=False)
st.html(detail.events)
