"""Koncernoverblik: what is red across the koncern and why, at a glance; one click to the institution."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from loaders.export import write_annual_report, write_filtered_view
from maalstyring.reading import goal_table, plan_rows, reporting_status
from ui import cache
from ui.dashboard_figures import show_figure
from ui.db import get_connection
from ui.documents import leadership_pack_downloads
from ui.filters import current_filters, filter_caption, institution_link
from ui.status import status_badge, verdict_badge
from ui.tables import paged_prebuilt
from ui.tiles import Tile, show_tiles
from ui.views import TROUBLED_PER_PAGE
from vocabulary import wording
from vocabulary.formatting import format_number
from vocabulary.terms import VERDICTS, Period, Status

STATUSES = (Status.RED, Status.YELLOW, Status.GREEN)

conn = get_connection()
filters = current_filters()
st.title("Koncernoverblik", anchor=False)

if filters.year is None:
    st.info("Der er endnu ingen mål- og resultatplaner i Målstyring. Indlæs en plan under Indberetning.")
    st.stop()
st.caption(filter_caption(filters))

with st.spinner("Henter status …"):
    overview = cache.overview(conn, filters)  # figures, chart and list from one read, per data version (ui/views.py)
    received, expected = cache.reports_received(conn, filters)
if not overview.goals:
    st.info("Ingen mål passer til filtrene. Fjern et filter i sidepanelet (fx Status eller Måltype).")
    st.stop()

year_end = filters.period == Period.YEAR_END
counts, verdicts = overview.status_counts, overview.verdict_counts
# The statuses and what came in, then (at year-end) the verdicts as reported and the disagreements: one block of
# tiles (ui/tiles.py), five abreast, so the second row starts under the first.
n = format_number  # Danish thousands: "1.234 mål"
figures = [Tile(status_badge(s), f"{n(counts[s])} mål") for s in (*STATUSES, wording.NOT_REPORTED)]
figures.append(Tile("Modtaget", f"{n(received)} af {n(expected)}", "indberetninger for perioden"))
if year_end:
    figures += [Tile(verdict_badge(v), f"{n(verdicts[v])} mål", "som indberettet") for v in VERDICTS]
figures.append(Tile("⚠ Uenige", f"{n(overview.mismatches)} mål"))
show_tiles(figures)
st.caption(
    ("Opfyldelse ved årsafslutning, som institutionerne har indberettet, og " if year_end else "")
    + "⚠ Uenige: mål, hvor planens regel beregnet ud fra nøgletallene (Økonomisk styring og Attraktiv arbejdsplads) "
    "giver en anden opfyldelse end den indberettede. For de mål står den beregnede opfyldelse ved siden af i "
    "tabellerne."
)

if received == 0:
    st.info(
        f"Ingen indberetninger for {filters.period.lower()} {filters.year} endnu. Institutionerne henter "
        "skabelonen under Skabeloner og indlæser den under Indberetning."
    )

# What is worst comes first: the status per institution, most red at the top, right under the key figures, so
# at 30 institutions the first screen already names the institutions in trouble (issue #25).
if overview.status_chart is not None:
    show_figure(overview.status_chart)

st.header("Gule og røde mål og uenigheder: årsag og handling", anchor=False)
if not overview.troubled:
    st.success("Ingen mål er gule eller røde eller uenige med de valgte filtre.", icon=":material/check_circle:")
else:
    # Cause and action in full, red first, a page at a time (the page in the URL); written with the read model.
    paged_prebuilt(overview.troubled_pages, overview.troubled, TROUBLED_PER_PAGE, "side_aarsager")

st.header("Mål pr. institution", anchor=False)
st.caption(
    "Koncernfælles mål står i samme kolonne for alle institutioner; institutionernes egne mål står med navn i "
    "sidste kolonne. Et mål har det dårligste trafiklys blandt sine målepunkter"
    + (
        "; efter prikken står den indberettede opfyldelse og, hvor planen har en regel, den beregnede."
        if year_end
        else "; ⚠ markerer mål, hvor beregning og indberetning er uenige."
    )
    + " Hver institutions navn åbner dens mål i detaljer."
)
# A static table wraps its cells, so every goal column is in view at 1440 px (a canvas table cut off the
# right-hand columns). Each institution's name opens it on the Institution page with the same filters: a link in
# the table, not thirty link buttons under it (a fresh view drew them one by one). Built once per data version
# and filters (ui/views.py).
st.html(cache.goal_matrix(conn, filters, institution_link(st.query_params)))

st.header("Hent", anchor=False)
# The workbooks are written when a button is pressed, not on every view: writing both took over half of
# this page's script time at 30 institutions x 10 years (docs/BENCHMARKS.md).
left, right = st.columns(2)
left.download_button(
    "Hent visningen som Excel",
    lambda: write_filtered_view(
        filters.describe(), goal_table.goal_rows(conn, filters), plan_rows.measure_rows(conn, filters)
    ),
    file_name=f"Koncernoverblik_{filters.year}_{filters.period.replace('. ', '-').replace(' ', '_')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
)
# The årsrapport table holds the same goals as the page, before the status filter (at year-end), so it is
# empty only when the page shows no goals at all, and then the page has stopped above.
right.download_button(
    f"Hent årsrapport-tabel {filters.year}",
    lambda: write_annual_report(reporting_status.annual_report_table(conn, filters)),
    file_name=f"Maalopfyldelse_aarsrapport_{filters.year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    help="Hvert mål med opfyldelsen ved årsafslutning og, for mål der ikke er opfyldt, forklaringen.",
    on_click="ignore",
)
leadership_pack_downloads(conn, filters.year, filters.period)
