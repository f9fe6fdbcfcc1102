"""Skabeloner: download a follow-up template or a Plan workbook for an institution and year."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from loaders.template_writer import follow_up_file_name, plan_file_name
from maalstyring.database import queries
from maalstyring.roles.access import uploadable_institutions
from ui import cache, templates
from ui.db import get_connection
from ui.filters import current_filters, offer_sidebar_choices, one_institution
from ui.identity import signed_in_user
from ui.plain_text import plain
from vocabulary.formatting import format_date
from vocabulary.terms import Period

conn = get_connection()
st.title("Skabeloner", anchor=False)
st.markdown(
    "Hent skabelonen for jeres institution, år og periode (valgt i sidepanelet), udfyld den i Excel, og indlæs "
    "den under **Indberetning**. Skabelonen er udfyldt på forhånd med planens mål og målepunkter; de grå celler "
    "kan ikke ændres. Arket *Vejledning* i filen forklarer hver kolonne."
)

filters = current_filters()
if filters.year is None:
    st.info(
        "Der er endnu ingen planer i Målstyring, så der er ingen skabeloner at hente. Indlæs først en "
        "mål- og resultatplan under Indberetning.",
        icon=":material/info:",
    )
    st.stop()

# Follow the sidebar: its year and period, and its institutions (all when none is chosen) that have a plan
# that year. Controllers get templates for their own institutions only; Koncernøkonomi and admins for all.
year, period = filters.year, filters.period
names = cache.institutions_with_plans(conn)
allowed = uploadable_institutions(signed_in_user(), list(names))
if not allowed:
    st.info("Du har ikke adgang til at hente skabeloner for nogen institution. Kontakt Koncernøkonomi.")
    st.stop()
wanted = [code for code in allowed if not filters.institutions or code in filters.institutions]
in_year = cache.institutions_with_plans(conn, year)
choices = {code: names[code] for code in wanted if code in in_year}
if not choices:
    # No silent switch to another institution or year: say why, and offer what the sidebar can be set to.
    if wanted:
        st.warning(
            f"Der er ingen mål- og resultatplan for {plain(', '.join(wanted))} i {year}, så der er ingen skabelon.",
            icon=":material/search_off:",
        )
        offers = cache.plan_years_of(conn, tuple(wanted))
    else:
        st.warning(
            f"Du kan ikke hente skabeloner for {plain(', '.join(filters.institutions))}.",
            icon=":material/lock:",
        )
        offers = [(code, year) for code in allowed if code in in_year]
    if offers:
        st.markdown("Du kan hente skabeloner for:")
        offer_sidebar_choices(offers, "Vælg", ":material/description:")
    st.info("Eller vælg et andet år eller en anden institution i sidepanelet.")
    st.stop()
code = one_institution(choices)
st.caption(f"År: {year} · Periode: {period} · År, periode og institutioner vælges i sidepanelet.")

st.header("Opfølgning", anchor=False)
# A locked period takes no reports: its template is still there to read (what was asked), labelled so, instead
# of the controller finding out only when the upload is refused.
lock = cache.period_lock(conn, year, period)
if lock is not None:
    st.warning(
        f"**{period} {year} er låst** af {plain(lock[0])} {format_date(lock[1])}. Skabelonen kan hentes til "
        "læsning, men en udfyldt skabelon kan ikke indlæses, før Koncernøkonomi åbner perioden igen.",
        icon=":material/lock:",
    )
stored = queries.current_report_rows(conn, code, year, period)
prefill = False
if stored and queries.current_report_is_example(conn, code, year, period):
    st.caption(
        f"Den gældende indberetning for {plain(names[code])}, {period} {year} er eksempeldata. Skabelonen er tom for "
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
    f"Hent skabelon for {period} {year}" + (" – kun til læsning (perioden er låst)" if lock else ""),
    data=lambda: templates.follow_up_template(conn, code, year, period, prefill)[0],
    file_name=follow_up_name,
    mime=templates.XLSX_MIME,
    type="secondary" if lock else "primary",
    icon=":material/lock:" if lock else ":material/download:",
    on_click="ignore",
    key="download_follow_up",
)
st.caption(f"Filnavn: {plain(follow_up_name)}")

st.header("Mål- og resultatplan", anchor=False)
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
