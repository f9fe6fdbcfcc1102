"""Udvikling over år: fulfilment per institution and for the koncern across years and periods."""

import pandas as pd
import streamlit as st

from loaders import contract as c
from maalstyring import dashboard
from maalstyring.formatting import format_number
from ui import cache
from ui.charts import SERIES_COLOURS
from ui.dashboard_figures import CHART_CONFIG, fulfilment_lines
from ui.db import get_connection
from ui.filters import current_filters
from ui.router import require_router

require_router()

conn = get_connection()
filters = current_filters()
st.title("Udvikling over år")
st.caption(
    "Alle år og perioder for de valgte institutioner og den valgte måltype (År, Periode og Status gælder ikke her). "
    "Andelene tæller målepunkter; koncernen er alle institutionernes målepunkter lagt sammen."
)

with st.spinner("Henter udviklingen …"):
    per_institution = cache.fulfilment_over_time(conn, filters)
if per_institution.empty:
    st.info(
        "Der er ingen indberetninger endnu, så der er ingen udvikling at vise. Institutionerne henter skabelonen "
        "under Skabeloner og indlæser den under Indberetning."
    )
    st.stop()

KONCERN = "Koncern"  # the institution code dashboard.koncern_over_time gives the totals
series = pd.concat([per_institution, dashboard.koncern_over_time(per_institution)], ignore_index=True)
series["when"] = series["year"].astype(str) + " " + series["period"]
series["green_share"] = series["green"] / series["measures"] * 100
series["met_share"] = (series["met"] / series["judged"].where(series["judged"] > 0)) * 100

# One line per institution is readable for a handful; for a whole koncern (30 lines) it is a tangle that
# also took the browser seconds to draw. So: the koncern line, and the institutions on request (or the
# ones chosen in the sidebar). The table below always holds every line's numbers.
MAX_LINES = len(SERIES_COLOURS)  # as many institution lines as there are distinct series colours


@st.fragment
def charts(series: pd.DataFrame) -> None:
    institutions = series["institution_code"].nunique() - 1
    if institutions > MAX_LINES and not filters.institutions:
        every = st.toggle(
            f"Vis en linje for hver af de {institutions} institutioner",
            key="udvikling_alle",
            help="Ellers vises koncernen i alt. Vælg institutioner i sidepanelet for at se bestemte institutioner.",
        )
        if not every:
            series = series[series["institution_code"] == KONCERN]
    st.plotly_chart(
        fulfilment_lines(series, "green_share", "Andel grønne målepunkter pr. periode", "Andel grønne"),
        config=CHART_CONFIG,
    )
    year_end = series[(series["period"] == c.PERIOD_YEAR_END) & series["met_share"].notna()]
    if year_end.empty:
        st.info("Der er endnu ingen indberetninger ved årsafslutning, så opfyldelsen kan ikke vises.")
    else:
        st.plotly_chart(
            fulfilment_lines(year_end, "met_share", "Andel opfyldte målepunkter ved årsafslutning", "Andel opfyldt"),
            config=CHART_CONFIG,
        )


charts(series)

st.header("Tallene bag")
table = series.assign(
    Institution=series["institution_name"],
    År=series["year"].astype(str),
    Periode=series["period"],
    Målepunkter=series["measures"].map(format_number),
    **{
        "✓ Grøn": series["green"].map(format_number),
        "! Gul": series["yellow"].map(format_number),
        "✕ Rød": series["red"].map(format_number),
        "Andel grønne": series["green_share"].map(lambda v: f"{format_number(v, 0)} pct."),
        "✓ Opfyldt": series["met"].map(format_number),
        "! Delvist opfyldt": series["partly"].map(format_number),
        "✕ Ikke opfyldt": series["not_met"].map(format_number),
        "Andel opfyldt": series["met_share"].map(lambda v: f"{format_number(v, 0)} pct." if v == v else ""),
        "Eksempeldata": series["is_example"].map(lambda e: "Eksempeldata" if e is True else ""),
    },
)
st.dataframe(
    table[["Institution", "År", "Periode", "Målepunkter", "✓ Grøn", "! Gul", "✕ Rød", "Andel grønne", "✓ Opfyldt",
           "! Delvist opfyldt", "✕ Ikke opfyldt", "Andel opfyldt", "Eksempeldata"]],
    hide_index=True,
)  # fmt: skip
