"""Skabeloner: download a follow-up template or a Plan workbook for an institution and year."""

import streamlit as st

from loaders.template_writer import follow_up_file_name, plan_file_name
from maalstyring import queries
from maalstyring.access import uploadable_institutions
from ui import cache, templates
from ui.db import get_connection
from ui.filters import current_filters
from ui.identity import signed_in_user
from ui.plain_text import plain
from ui.router import require_router
from vocabulary.terms import PERIODS, Period

require_router()

conn = get_connection()
st.title("Skabeloner")
st.markdown(
    "Hent skabelonen for jeres institution, år og periode, udfyld den i Excel, og indlæs den under "
    "**Indberetning**. Skabelonen er udfyldt på forhånd med planens mål og målepunkter; de grå celler kan ikke "
    "ændres. Arket *Vejledning* i filen forklarer hver kolonne."
)

overview = cache.plans_overview(conn)
if overview.empty:
    st.info(
        "Der er endnu ingen planer i Målstyring, så der er ingen skabeloner at hente. Indlæs først en "
        "mål- og resultatplan under Indberetning.",
        icon=":material/info:",
    )
    st.stop()

names = dict(zip(overview["institution_code"], overview["institution_name"], strict=False))
# Controllers get templates for their own institutions only; Koncernøkonomi and admins for all.
codes = uploadable_institutions(signed_in_user(), sorted(names, key=names.get))
if not codes:
    st.info("Du har ikke adgang til at hente skabeloner for nogen institution. Kontakt Koncernøkonomi.")
    st.stop()
# Follow the sidebar: when its institution or year changes, the choice here starts from it again, so a
# controller who filtered on their own institution gets its template without choosing twice.
chosen = current_filters()
seed = (chosen.institutions[0] if chosen.institutions else None, chosen.year)
if st.session_state.get("skabelon_seed") != seed:
    st.session_state["skabelon_seed"] = seed
    if seed[0] in codes:
        st.session_state["skabelon_inst"] = seed[0]
    st.session_state.pop("skabelon_year", None)
left, right = st.columns(2)
code = left.selectbox("Institution", codes, format_func=lambda k: f"{names[k]} ({k})", key="skabelon_inst")
plan_years = sorted(overview.loc[overview["institution_code"] == code, "year"].tolist(), reverse=True)
year = right.selectbox(
    "År", plan_years, index=plan_years.index(chosen.year) if chosen.year in plan_years else 0, key="skabelon_year"
)

st.header("Opfølgning")
period = st.radio("Periode", PERIODS, horizontal=True, key="skabelon_period")
stored = queries.current_report_rows(conn, code, year, period)
prefill = False
if stored and queries.current_report_is_example(conn, code, year, period):
    st.caption(
        f"Den gældende indberetning for {names[code]}, {period} {year} er eksempeldata. Skabelonen er tom for "
        "svar: eksempeldata kommer aldrig med i en rigtig indberetning."
    )
elif stored:
    # Off by default: a template starting from the stored answers is for corrections, chosen on purpose.
    prefill = st.checkbox(
        f"Start fra den gældende indberetning for {period} {year} (til rettelser)",
        value=False,
        key="skabelon_prefill",
        help="Uden flueben får du en skabelon, hvor kun planens oplysninger er udfyldt.",
    )
else:
    st.caption(
        f"Der er endnu ingen indberetning for {plain(names[code])}, {period} {year}. Skabelonen er tom for svar."
    )
if period == Period.YEAR_END:
    st.caption("Ved årsafslutning står status og vurdering fra 1. halvår ved hvert målepunkt, til sammenligning.")
follow_up_name = follow_up_file_name(code, year, period)
st.download_button(
    f"Hent skabelon for {period} {year}",
    data=lambda: templates.follow_up_template(conn, code, year, period, prefill)[0],
    file_name=follow_up_name,
    mime=templates.XLSX_MIME,
    type="primary",
    icon=":material/download:",
    on_click="ignore",
    key="download_follow_up",
)
st.caption(f"Filnavn: {plain(follow_up_name)}")

st.header("Mål- og resultatplan")
choices = {
    templates.PLAN_STORED: f"Planen for {year}, som den er gemt (til rettelser)",
    templates.PLAN_NEXT_YEAR: "Ny plan, der starter fra planen for " + str(year),
    templates.PLAN_BLANK: "Tom plan",
}
choice = st.radio("Hvilken plan?", list(choices), format_func=choices.get, key="skabelon_plan_choice")
new_year = year
if choice != templates.PLAN_STORED:
    new_year = st.number_input(
        "Planår for den nye plan", min_value=2000, max_value=2100, value=year + 1, step=1, key="skabelon_new_year"
    )
plan_name = plan_file_name(code, int(new_year))
st.download_button(
    "Hent plan-skabelon",
    data=lambda: templates.plan_template(conn, code, names[code], year, choice, int(new_year))[0],
    file_name=plan_name,
    mime=templates.XLSX_MIME,
    icon=":material/download:",
    on_click="ignore",
    key="download_plan",
)
st.caption(
    f"Filnavn: {plain(plan_name)}. En ny plan får nye ID'er for {int(new_year)} og ingen underskrifter; ret mål og "
    "målepunkter i Excel, og indlæs planen under Indberetning."
    if choice != templates.PLAN_STORED
    else f"Filnavn: {plain(plan_name)}."
)
