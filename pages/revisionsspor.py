"""Revisionsspor: who did what and when – every upload, refusal, supersede, restore, approval, lock and reopen."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from maalstyring.roles.approval import audit_trail
from ui.db import get_connection
from ui.filters import current_filters
from ui.identity import signed_in_user
from ui.tables import excel_download, paged_table
from vocabulary.formatting import format_datetime, is_missing
from vocabulary.terms import EventAction, label_of

conn = get_connection()
filters = current_filters()
st.title("Revisionsspor", anchor=False)
st.markdown(
    "Alt, der er sket i Målstyring: indberetninger, afvisninger, erstatninger, gendannelser, godkendelser og "
    "låsning af perioder – hvem, hvornår og hvad. Nyeste først."
)

only_chosen = st.toggle(
    "Kun det valgte år og den valgte periode i sidepanelet",
    value=True,
    help="Slå fra for at se alt, fx også hændelser, der ikke hører til en bestemt periode.",
)
viewer = signed_in_user()
trail = (
    audit_trail(conn, viewer, year=filters.year, period=filters.period) if only_chosen else audit_trail(conn, viewer)
)
if filters.institutions:
    trail = trail[trail["institution_code"].isin(filters.institutions) | trail["institution_code"].isna()]

if trail.empty:
    st.info(
        "Ingen hændelser passer til filtrene endnu. Vælg et andet år, en anden periode eller andre institutioner "
        "i sidepanelet, eller slå filteret ovenfor fra."
    )
    st.stop()

st.caption(f"{len(trail)} hændelser.")
table = trail.assign(
    Tidspunkt=trail["happened_at"].map(format_datetime),
    Hvem=trail["actor"],
    Handling=trail["action"].map(lambda a: label_of(EventAction, a)),
    Institution=trail["institution_code"].fillna("–"),
    År=trail["year"].map(lambda y: "–" if is_missing(y) else str(int(y))),
    Periode=trail["period"].fillna("–"),
    Indberetning=trail["upload_id"].map(lambda u: "" if is_missing(u) else f"nr. {int(u)}"),
    Detaljer=trail["details"].fillna(""),
)[["Tidspunkt", "Hvem", "Handling", "Institution", "År", "Periode", "Indberetning", "Detaljer"]]
# The trail grows without bound: 25 events a page, newest first; the Excel file holds them all.
paged_table(table, "side_spor", rows_per_page=25, text_columns=["Detaljer"])
excel_download("Hent revisionssporet som Excel", table, "Revisionsspor.xlsx", "Revisionsspor", "revisionsspor_excel")
