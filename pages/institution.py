"""Institution: one plan with every period's status, verdict, assessment, cause and action, and the roll-up."""

import streamlit as st

from maalstyring import dashboard, rules
from maalstyring.dashboard import Filters
from ui import cache
from ui.db import get_connection
from ui.documents import annual_report_downloads
from ui.filters import current_filters, offer_sidebar_choices, one_institution
from ui.plain_text import label, plain
from ui.status import cell_style, example_marker, status_badge, verdict_badge, verdict_pair
from ui.tables import static_table
from vocabulary.formatting import format_date, format_number, format_target, is_missing
from vocabulary.terms import PERIODS, GoalKind

conn = get_connection()
filters = current_filters()
st.title("Institution")

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
st.header(f"{plain(head['name'])} – mål- og resultatplan {filters.year}")
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


def measure_table(rows):
    """Each målepunkt × period: status, verdict, target against actual, assessment, cause and action."""
    targets = zip(rows["target"], rows["unit"], rows["direction"], strict=True)
    table = rows.assign(
        Målepunkt=rows["measure_nr"] + ". " + rows["measure_text"],
        Periode=rows["period"],
        Status=rows["status"].map(status_badge),
        Opfyldelse=rows["verdict"].map(verdict_badge),
        Måltal=[format_target(t, u, d) for t, u, d in targets],
        Resultat=[
            f"{format_number(a)} {u if isinstance(u, str) else ''}".strip() if not is_missing(a) else ""
            for a, u in zip(rows["actual"], rows["unit"], strict=True)
        ],
        **{
            "Resultat mod måltal": rows["computed_met"].map(
                lambda met: verdict_badge(rules.verdict_word(bool(met))) if not is_missing(met) else ""
            )
        },
        Eksempeldata=rows["is_example"].map(example_marker),
    ).rename(columns={"assessment": "Vurdering", "cause": "Årsag og konsekvens", "action": "Handling"})
    # An empty cell, not "None", where nothing was written (a green målepunkt needs no cause or action).
    table[["Vurdering", "Årsag og konsekvens", "Handling"]] = table[
        ["Vurdering", "Årsag og konsekvens", "Handling"]
    ].fillna("")
    return table


# What was said comes before the numbers: the assessment, cause and action are what leadership reads. Two tables,
# so that every column is in view at 1440 px and the running texts get a reading width (ui/tables.py).
SAID = ["Målepunkt", "Periode", "Status", "Vurdering", "Årsag og konsekvens", "Handling"]
NUMBERS = ["Målepunkt", "Periode", "Opfyldelse", "Måltal", "Resultat", "Resultat mod måltal", "Eksempeldata"]


def verdict_words(goal: dict | None) -> str:
    """', ✓ Opfyldt · ⚠ beregnet ✕ Ikke opfyldt' after the status, as on the overview."""
    if goal is None:
        return ""
    shown = verdict_pair(goal["verdict"], goal["computed_verdict"], goal["verdict_mismatch"])
    return f", {shown}" if shown else ""


# The tables of every goal are built in one go and split by goal; per goal, pandas cost more than the page.
table = measure_table(rows)
plan_goals = dashboard.institution_goals(
    rows,
    {period: cache.goal_rows(conn, Filters(filters.year, period, (code,), filters.goal_kind)) for period in PERIODS},
)
focus = st.query_params.get("maal")
for kind, heading in ((GoalKind.SHARED, "Koncernfælles mål"), (GoalKind.SPECIFIC, "Institutionsspecifikke mål")):
    kind_goals = [goal for goal in plan_goals if goal.kind == kind]
    if not kind_goals:
        continue
    st.subheader(heading)
    for goal in kind_goals:
        summary = " · ".join(
            f"{period}: {status_badge(r['status'] if r else None)}" + verdict_words(r)
            for period, r in goal.rollups.items()
        )
        # Open what needs attention: the goal asked for in the link, else yellow, red and disputed goals.
        expanded = goal.goal_id == focus if focus else goal.needs_attention(filters.period)
        with st.expander(f"Mål {label(goal.nr)}: {label(goal.title)} — {summary}", expanded=expanded):
            st.markdown("**Mål**")
            st.text(goal.objective)
            for period, rollup in goal.rollups.items():
                if rollup is None:
                    continue
                st.markdown(f"**{period}:** {status_badge(rollup['status'])}{verdict_words(rollup)}")
                st.text(rollup["explanation"])
            measures = table.iloc[list(goal.positions)]
            static_table(measures[SAID], cell_style, ["Status"], ["Vurdering", "Årsag og konsekvens", "Handling"])
            static_table(measures[NUMBERS], cell_style, ["Opfyldelse", "Resultat mod måltal"])
