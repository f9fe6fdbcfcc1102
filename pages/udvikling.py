"""Udvikling over år: fulfilment per institution and for the koncern across years and periods."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from ui import cache
from ui.dashboard_figures import show_chart
from ui.db import get_connection
from ui.errors import safe_fragment
from ui.filters import current_filters
from ui.tables import excel_download, paged_table
from vocabulary.palette import SERIES_COLOURS

conn = get_connection()
filters = current_filters()
st.title("Udvikling over år", anchor=False)
st.caption(
    "Alle år og perioder for de valgte institutioner og den valgte måltype (År, Periode og Status gælder ikke her). "
    "Andelene tæller målepunkter. Koncernen i alt er alle institutioner, der har indberettet i perioden; "
    "tabellen viser hvor mange og hvilke. Linjen brydes, hvor institutionerne skifter, for en andel af andre "
    "institutioner kan ikke sammenlignes med den forrige."
)

with st.spinner("Henter udviklingen …"):
    series, table = cache.fulfilment_view(conn, filters)
if series.empty:
    st.info(
        "Der er ingen indberetninger endnu, så der er ingen udvikling at vise. Institutionerne henter skabelonen "
        "under Skabeloner og indlæser den under Indberetning."
    )
    st.stop()

# One line per institution is readable for a handful; for a whole koncern (30 lines) it is a tangle that
# also took the browser seconds to draw. So: the koncern line, and the institutions on request (or the
# ones chosen in the sidebar). The table below always holds every line's numbers.
MAX_LINES = len(SERIES_COLOURS)  # as many institution lines as there are distinct series colours


@safe_fragment
def charts(institutions: int) -> None:
    koncern_only = False
    if institutions > MAX_LINES and not filters.institutions:
        koncern_only = not st.toggle(
            f"Vis en linje for hver af de {institutions} institutioner",
            key="udvikling_alle",
            help="Ellers vises koncernen i alt. Vælg institutioner i sidepanelet for at se bestemte institutioner.",
        )
    drawn = cache.fulfilment_charts(conn, filters, koncern_only)  # built once per data version (ui/trends.py)
    show_chart(drawn.green)
    if drawn.met:
        show_chart(drawn.met)
    else:
        st.info("Der er endnu ingen indberetninger ved årsafslutning, så opfyldelsen kan ikke vises.")


charts(series["institution_code"].nunique() - 1)  # the koncern's line is not an institution

st.header("Tallene bag", anchor=False)
# Institutions × years × periods rows: a page at a time (ui/tables.py), every row in the Excel file. Its 14 columns
# did not fit 1440 px side by side, so the statuses and the fulfilment are two tables of the same rows.
NAMES = ["Institution", "År", "Periode"]
paged_table(
    table,
    "side_tal",
    parts={
        "Status pr. periode": [*NAMES, "Institutioner i tallet", "Målepunkter", "✓ Grøn", "! Gul", "✕ Rød",
                               "Andel grønne", "Eksempeldata"],
        "Opfyldelse ved årsafslutning": [*NAMES, "✓ Opfyldt", "! Delvist opfyldt", "✕ Ikke opfyldt", "Andel opfyldt"],
    },
)  # fmt: skip
excel_download("Hent tallene som Excel", table, "Udvikling_over_aar.xlsx", "Udvikling", key="udvikling_excel")
