"""Indberetning: upload filled-in templates, see the verdict, errors and what would change, then commit."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import pandas as pd
import streamlit as st

from ui import upload
from ui.db import get_connection
from ui.identity import current_user
from ui.plain_text import plain
from ui.tables import static_table

conn = get_connection()
user = current_user()
st.title("Indberetning", anchor=False)
st.markdown(
    "Indlæs udfyldte skabeloner – gerne flere på én gang. Hver fil kontrolleres først: du ser alle fejl med ark "
    "og celle, og for fejlfri filer hvad der ændres i forhold til det, der er gemt. Intet gemmes, før du "
    "trykker **Indlæs**. Alle modtagne filer gemmes som modtaget, også afviste, og kan ses under Historik."
)

uploader_round = st.session_state.setdefault("indberetning_round", 0)
files = st.file_uploader(
    "Udfyldte skabeloner (.xlsx)",
    type=["xlsx"],
    accept_multiple_files=True,
    key=f"indberetning_uploader_{uploader_round}",
    help="Højst 10 MB pr. fil. Hent en skabelon under Skabeloner.",
)
if not files:
    st.info(
        "Ingen filer valgt endnu. Hent skabelonen for jeres institution, år og periode under Skabeloner, "
        "udfyld den i Excel, og træk filen herind.",
        icon=":material/upload_file:",
    )
    st.page_link("pages/skabeloner.py", label="Gå til Skabeloner", icon=":material/download:")
    st.stop()

items = upload.received_files(conn, files, user)
ready = [item for item in items if item.ready]

st.header("Overblik", anchor=False)
# A static table: the verdicts wrap instead of being cut off, and on a phone each file is a card. One row per
# file chosen, so no paging; file names are escaped (ui/tables.static_table).
static_table(
    pd.DataFrame(
        [
            {
                "Fil": item.name,
                "Resultat": upload.verdict_text(item),
                "Indberetning": item.what or "–",
                "Fejl": len(item.received.errors),
            }
            for item in items
        ]
    ),
    text_columns=["Resultat"],
)
left, right = st.columns([3, 1])
if len(ready) > 1 and left.button(f"Indlæs alle {len(ready)} godkendte filer", type="primary", key="commit_all"):
    with st.spinner(f"Indlæser {len(ready)} filer …"):
        for item in ready:
            upload.commit(conn, item, user)
    st.rerun()
if right.button("Start forfra med nye filer", key="start_over"):
    upload.clear()
    st.session_state["indberetning_round"] = uploader_round + 1
    st.rerun()

for item in items:
    st.header(plain(item.name), anchor=False)
    upload.show_file(conn, item, user)
