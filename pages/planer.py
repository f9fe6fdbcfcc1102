"""Planer: every stored mål- og resultatplan with its goals and målepunkter."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import math

import streamlit as st

from ui import cache
from ui.db import get_connection
from ui.errors import safe_fragment
from ui.filters import current_filters
from ui.tables import excel_download, paged_table
from ui.views import plan_sections
from vocabulary.formatting import format_date, institution_labels

conn = get_connection()
st.title("Mål- og resultatplaner", anchor=False)

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
    Institution=institution_labels(listed["institution_name"], listed["institution_code"]),
    Direktør=listed["director"].fillna("ikke angivet"),
    **{
        "Underskrevet af direktør": listed["director_signed"].map(format_date),
        "Underskrevet af departementschef": listed["secretary_signed"].map(format_date),
    },
)[["Institution", "year", "shared_goals", "specific_goals", "measures", "Direktør", "Underskrevet af direktør",
   "Underskrevet af departementschef"]].rename(
    columns={"year": "År", "shared_goals": "Koncernfælles mål", "specific_goals": "Egne mål", "measures": "Målepunkter"}
)  # fmt: skip
# A static table (wraps, cards on a phone); a koncern of many plans comes a page at a time (ui/tables.py).
paged_table(table, "side_planer")
excel_download("Hent oversigten som Excel", table, "Maal_og_resultatplaner.xlsx", "Planer", key="planer_excel")

shown = listed if filters.year is None else listed[listed["year"] == filters.year]
if shown.empty:
    st.info("Ingen planer for det valgte år. Vælg et andet år eller flere institutioner i sidepanelet.")
    st.stop()

# A koncern's plans for one year run to hundreds of goals: the details come a page of plans at a time, and
# paging reruns only this part (a fragment), not the sidebar and the table above.
PLANS_PER_PAGE = 10


@safe_fragment
def plan_details(plans: list[dict]) -> None:
    total = len(plans)
    if total > PLANS_PER_PAGE:
        # The same page choice as the app's long tables (numbers, previous and next; the page in the URL), above
        # the plans it chooses. A drop-down here cost every fresh load its ~20 modules (docs/BENCHMARKS.md).
        pages = math.ceil(total / PLANS_PER_PAGE)
        above = st.container()
        page = st.pagination(pages, key="planer_side", bind="query-params", max_visible_pages=5)
        start = (page - 1) * PLANS_PER_PAGE
        plans = plans[start : start + PLANS_PER_PAGE]
        above.caption(
            f"Side {page} af {pages} · viser plan {start + 1}–{start + len(plans)} af {total}. "
            "Vælg institutioner i sidepanelet for at se bestemte planer."
        )
    # Each plan's goals as native disclosures under a heading per kind, built once per data version (ui/views.py),
    # and the page of plans as one escaped HTML block with a heading per plan: the browser opens a goal without
    # asking the server, and ten plans' ~80 goals cost one element instead of an expander each.
    goal_lists = cache.plan_goal_lists(conn, [p["plan_id"] for p in plans])
    st.html(plan_sections(plans, goal_lists))


plan_details(shown[["plan_id", "institution_name", "year"]].to_dict("records"))
