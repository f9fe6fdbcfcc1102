"""Udvikling over år: fulfilment per institution and for the koncern across years and periods."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from ui import cache
from ui.dashboard_figures import show_figure
from ui.db import get_connection
from ui.errors import safe_fragment
from ui.figures import KONCERN, highlight_by_default
from ui.filters import VIEW_KEY, current_filters
from ui.tables import excel_download, paged_table
from vocabulary.palette import HIGHLIGHT_COLOURS
from vocabulary.terms import Period

conn = get_connection()
filters = current_filters()
st.title("Udvikling over år", anchor=False)
st.caption(
    "Alle år og perioder for de valgte institutioner og den valgte måltype (År, Periode og Status gælder ikke her). "
    "Andelene tæller målepunkter. Hold musen over en periode (tryk på en telefon) for at se alle værdier, "
    "højeste først. Koncernen i alt er alle institutioner, der har indberettet i perioden; "
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

# A development needs two years of one institution. Say so where the data has none, and what the page will show then.
years_per_institution = series[series["institution_code"] != KONCERN].groupby("institution_code")["year"].nunique()
if len(years_per_institution) and years_per_institution.max() < 2:
    st.info(
        "Ingen institution har indberettet for mere end ét år endnu, så siden kan ikke vise en udvikling for nogen: "
        "hver institution har kun punkter i ét år, og koncernens tal er forskellige institutioner fra år til år. "
        "Når en institution har indberettet for to år, viser linjerne og tabellen, hvordan dens andel af grønne og "
        "opfyldte målepunkter har ændret sig fra år til år.",
        icon=":material/timeline:",
    )

# The koncern's line, every institution's line in grey under it, and the institutions a leader picks in colours of
# their own (never repeated, so at most len(HIGHLIGHT_COLOURS)). A handful of institutions are all coloured
# unless some are picked. The table below always holds every line's numbers.
INSTITUTIONS = dict(zip(series["institution_code"], series["institution_name"], strict=True))  # code → name
INSTITUTIONS.pop(KONCERN, None)
CHART_VIEWS = ("Andel grønne pr. periode", "Opfyldt ved årsafslutning")


@safe_fragment
def charts() -> None:
    picked = st.multiselect(
        "Fremhæv institutioner",
        list(INSTITUTIONS),
        format_func=lambda code: f"{INSTITUTIONS[code]} ({code})" if INSTITUTIONS[code] != code else code,
        max_selections=len(HIGHLIGHT_COLOURS),
        key="udvikling_fremhaev",
        placeholder="Vælg institutioner, der skal have egen farve",
        help=f"Op til {len(HIGHLIGHT_COLOURS)} institutioner får hver sin farve; de øvrige står grå bag koncernen. "
        "Klik på en linje i forklaringen for at skjule den, dobbeltklik for at vise den alene.",
    )
    highlighted = tuple(picked) or highlight_by_default(series)
    drawn = cache.fulfilment_charts(conn, filters, highlighted)  # built once per data version (ui/trends.py)
    if drawn.met is None:
        show_figure(drawn.green)
        st.info("Der er endnu ingen indberetninger ved årsafslutning, så opfyldelsen kan ikke vises.")
        return
    # The two charts one at a time (lazy tabs: only the chosen one is sent and drawn; the choice is in the URL).
    # Both at once cost a fresh load ~0,3 s of the browser's time at 30 institutions (docs/BENCHMARKS.md).
    green_tab, met_tab = st.tabs(CHART_VIEWS, key=VIEW_KEY, bind="query-params")
    if green_tab.open:
        with green_tab:
            show_figure(drawn.green)
    if met_tab.open:
        with met_tab:
            show_figure(drawn.met)


charts()

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
    },
)  # fmt: skip
# Opfyldelse is judged at årsafslutning only: 1. halvår rows here were all zeros (issue 27).
year_end = table[table["Periode"] == Period.YEAR_END]
if year_end.empty:
    st.markdown("**Opfyldelse ved årsafslutning**")
    st.caption("Der er endnu ingen indberetninger ved årsafslutning, så der er ingen opfyldelse at vise.")
else:
    paged_table(
        year_end,
        "side_opfyldelse",
        parts={
            "Opfyldelse ved årsafslutning": [*NAMES, "✓ Opfyldt", "! Delvist opfyldt", "✕ Ikke opfyldt",
                                             "Andel opfyldt"],
        },
    )  # fmt: skip
excel_download("Hent tallene som Excel", table, "Udvikling_over_aar.xlsx", "Udvikling", key="udvikling_excel")
