"""Planer: every stored mål- og resultatplan with its goals and målepunkter."""

import streamlit as st

from maalstyring.formatting import format_date, format_target
from ui import cache
from ui.db import get_connection
from ui.filters import current_filters
from ui.router import require_router

require_router()

conn = get_connection()
st.title("Mål- og resultatplaner")

overview = cache.plans_overview(conn)
if overview.empty:
    st.info(
        "Der er endnu ingen planer i Målstyring. Indlæs en plan-skabelon med "
        "`python -m maalstyring import FIL`, eller start med en tom database, så indlæses standardplanerne."
    )
    st.stop()

# The table lists every stored plan, all years, so the whole portfolio is visible at once; the details
# below follow the sidebar's År. Institutioner narrows both; Periode, Måltype and Status do not apply here.
filters = current_filters()
listed = overview[overview["institution_code"].isin(filters.institutions)] if filters.institutions else overview
st.caption(f"{len(listed)} af {len(overview)} planer i Målstyring. Vælg år og institutioner i sidepanelet.")

table = listed.assign(
    Institution=listed["institution_name"] + " (" + listed["institution_code"] + ")",
    Direktør=listed["director"].fillna("ikke angivet"),
    **{
        "Underskrevet af direktør": listed["director_signed"].map(format_date),
        "Underskrevet af departementschef": listed["secretary_signed"].map(format_date),
    },
)[["Institution", "year", "shared_goals", "specific_goals", "measures", "Direktør", "Underskrevet af direktør",
   "Underskrevet af departementschef"]].rename(
    columns={"year": "År", "shared_goals": "Koncernfælles mål", "specific_goals": "Egne mål", "measures": "Målepunkter"}
)  # fmt: skip
st.dataframe(table, hide_index=True, column_config={"År": st.column_config.NumberColumn(format="%d")})

shown = listed if filters.year is None else listed[listed["year"] == filters.year]
if shown.empty:
    st.info("Ingen planer for det valgte år. Vælg et andet år eller flere institutioner i sidepanelet.")
    st.stop()

details = cache.goals_with_measures(conn, shown["plan_id"].tolist())
for plan in shown.itertuples():
    st.header(f"{plan.institution_name} – mål- og resultatplan {plan.year}")
    goals = details[details["plan_id"] == plan.plan_id]
    for kind, heading in (
        ("Koncernfælles", "Koncernfælles mål"),
        ("Institutionsspecifik", "Institutionsspecifikke mål"),
    ):
        kind_goals = goals[goals["kind"] == kind]
        if kind_goals.empty:
            continue
        st.subheader(heading)
        for _goal_id, rows in kind_goals.groupby("goal_id", sort=False):
            first = rows.iloc[0]
            with st.expander(f"Mål {first.goal_nr}: {first.title}"):
                st.markdown(f"**Mål:** {first.objective}")
                if isinstance(first.goal_type, str):
                    st.markdown(f"**Type af mål:** {first.goal_type}")
                st.markdown("**Målepunkter:**")
                for m in rows.itertuples():
                    target = format_target(m.target, m.unit, m.direction)
                    st.markdown(f"{m.measure_nr}. {m.measure_text}" + (f" *(måltal: {target})*" if target else ""))
                if isinstance(first.remarks, str):
                    st.markdown(f"**Bemærkninger:** {first.remarks}")
