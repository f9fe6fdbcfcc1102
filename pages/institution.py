"""Institution: one plan with every period's status, verdict, assessment, cause and action, and the roll-up."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from ui import cache
from ui.db import get_connection
from ui.documents import annual_report_downloads
from ui.filters import current_filters, offer_sidebar_choices, one_institution
from ui.plain_text import plain
from ui.tables import details_html
from vocabulary.formatting import format_date
from vocabulary.wording import GOAL_KIND_HEADINGS

conn = get_connection()
filters = current_filters()
st.title("Institution", anchor=False)

if filters.year is None:
    st.info("Der er endnu ingen mål- og resultatplaner i Målstyring. Indlæs en plan under Indberetning.")
    st.stop()
names = cache.institutions_with_plans(conn, filters.year)
if not names:
    st.info(f"Der er ingen planer for {filters.year}. Vælg et andet år i sidepanelet.")
    st.stop()


# Follow the sidebar: its institutions (all when none is chosen) that have a plan in its year.
choices = {code: name for code, name in names.items() if not filters.institutions or code in filters.institutions}
if not choices:
    # No silent switch to another institution: say that the chosen one has no plan this year and offer what exists.
    missing = plain(", ".join(filters.institutions))
    st.warning(f"Der er ingen mål- og resultatplan for {missing} i {filters.year}.", icon=":material/search_off:")
    elsewhere = cache.plan_years_of(conn, filters.institutions)
    if elsewhere:
        st.markdown("Planer for den valgte institution findes for:")
        offer_sidebar_choices(elsewhere, "Vis", ":material/account_balance:")
    st.markdown(f"Institutioner med en plan for {filters.year}:")
    offer_sidebar_choices([(code, filters.year) for code in names], "Vis", ":material/account_balance:", "vis_i_aar")
    st.info("Eller vælg et andet år eller en anden institution i sidepanelet.")
    st.stop()
code = one_institution(choices)
head = cache.plan_header(conn, code, filters.year)
st.header(f"{plain(head['name'])} – mål- og resultatplan {filters.year}", anchor=False)
left, right = st.columns(2)
left.markdown(f"**Direktør:** {plain(head['director'], 'ikke angivet')}  \n"
              f"Underskrevet {format_date(head['director_signed'])}")  # fmt: skip
right.markdown(f"**Departementschef:** {plain(head['secretary'], 'ikke angivet')}  \n"
               f"Underskrevet {format_date(head['secretary_signed'])}")  # fmt: skip
annual_report_downloads(conn, code, filters.year)

with st.spinner("Henter målene …"):
    rows = cache.institution_periods(conn, code, filters.year, filters.goal_kind)
if rows.empty:
    st.info("Planen har ingen mål af den valgte måltype. Vælg »Alle mål« under Måltype i sidepanelet.")
    st.stop()
if rows["status"].isna().all():
    st.info(
        f"{plain(code)} har ikke indberettet for {filters.year} endnu. Skabelonen hentes under Skabeloner og "
        "indlæses under Indberetning."
    )
st.caption(
    "Et mål får det dårligste trafiklys blandt sine målepunkter, og er kun opfyldt, når alle målepunkter er "
    "opfyldt. Under hvert mål står, hvilket målepunkt der afgør status."
)


# Every goal with its two tables, built once per data version (ui/views.py).
plan_goals = cache.institution_goals(conn, code, filters.year, filters.goal_kind)
focus = st.query_params.get("maal")
for kind, heading in GOAL_KIND_HEADINGS.items():
    kind_sections = [section for section in plan_goals if section.goal.kind == kind]
    if not kind_sections:
        continue
    st.subheader(heading, anchor=False)
    # Native disclosures, one element for all goals of a kind (ui/tables.details_html). Open what needs attention:
    # the goal asked for in the link, else yellow, red and disputed goals.
    st.html(
        "".join(
            details_html(
                section.summary,
                section.body_html,
                section.goal.goal_id == focus if focus else section.goal.needs_attention(filters.period),
            )
            for section in kind_sections
        )
    )
