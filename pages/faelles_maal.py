"""Koncernfælles mål: each shared goal compared institution by institution, with the computed rules."""

from ui.router import only_through_router

only_through_router()  # a page runs only inside app.py's router

import streamlit as st

from ui import cache
from ui.dashboard_figures import show_figure
from ui.db import get_connection
from ui.filters import VIEW_KEY, current_filters, filter_caption
from ui.plain_text import plain
from vocabulary.key_figures import SHARED_GOAL_KEYS

conn = get_connection()
filters = current_filters()
st.title("Koncernfælles mål", anchor=False)

if filters.year is None:
    st.info("Der er endnu ingen mål- og resultatplaner i Målstyring. Indlæs en plan under Indberetning.")
    st.stop()
st.caption(filter_caption(filters) + " (Måltype og Status gælder ikke her: siden viser alle koncernfælles mål.)")
keys = cache.shared_goal_keys(conn, filters)
if not keys:
    st.info(f"Planerne for {filters.year} har ingen koncernfælles mål. Vælg et andet år i sidepanelet.")
    st.stop()


def measures_matrix(key: str) -> None:
    """Institution × målepunkt of one shared goal, e.g. the three KI checkpoints (built once: ui/views.py)."""
    matrix = cache.shared_goal_matrix(conn, filters, key)
    if matrix is None:
        return
    st.html(matrix.html)
    st.caption("  \n".join(f"Målepunkt {plain(nr)}: {plain(text)}" for nr, text in matrix.measures))
    if matrix.nothing_reported:
        st.info(
            f"Ingen indberetninger for {filters.period.lower()} {filters.year} endnu. Institutionerne henter "
            "skabelonen under Skabeloner."
        )


def rule_text(notes: tuple[str, ...]) -> None:
    """The rule as each plan words it (one line when the plans agree), so the page never states a rule the
    plan does not have."""
    for note in notes:
        if note.startswith("Kan ikke beregnes"):
            # The reason quotes the plan's text: shown as plain text, never as markdown.
            st.warning("Planens regel for målet kan ikke beregnes; se hvorfor nedenfor.", icon=":material/help:")
            st.text(note)
        else:
            st.markdown(f"Planens regel: målet er opfyldt, når {plain(note)}. Reglen er læst i planens målepunkt.")


# Each section's rule, chart and tables come finished from one cached read model (ui/shared_goal_views.py).
def economy_section() -> None:
    section = cache.economy_section(conn, filters)
    if section is None:
        return
    rule_text(section.rule_notes)
    if section.expected_result_note:
        st.caption("Ved 1. halvår er årets resultat et forventet resultat.")
    if section.chart:
        show_figure(section.chart)
    else:
        st.info("Ingen nøgletal for økonomien i de valgte indberetninger endnu (arket Nøgletal i skabelonen).")
    st.html(section.table)
    if section.quarterly:
        st.markdown("**Kvartalsvis måling** (som planen foreskriver)")
        st.html(section.quarterly)


def alt_section() -> None:
    section = cache.alt_section(conn, filters)
    if section is None:
        return
    rule_text(section.rule_notes)
    if section.chart:
        show_figure(section.chart)
    elif section.no_figures:
        st.info("Ingen ALT-tal i de valgte indberetninger endnu (arket Nøgletal i skabelonen).")
    st.html(section.table)


def goal_section(key: str, title: str) -> None:
    st.header(title, anchor=False)
    if key == "ØKONOMI":
        economy_section()
    elif key == "ALT":
        alt_section()
    st.subheader("Målepunkter pr. institution", anchor=False)
    measures_matrix(key)


# One shared goal at a time (lazy tabs: only the chosen goal's charts and tables are sent and drawn; the choice is in
# the URL, ?visning=…). All of them on one page ran to two charts and up to six tables, the ALT chart alone 90 rows at
# 30 institutions: the page cost a fresh load most of its time in the browser (docs/BENCHMARKS.md, eighth round).
titles = {key: plain(SHARED_GOAL_KEYS.get(key, key)) for key in keys}
if len(keys) == 1:
    goal_section(keys[0], titles[keys[0]])
else:
    for key, tab in zip(keys, st.tabs(list(titles.values()), key=VIEW_KEY, bind="query-params"), strict=True):
        if tab.open:
            with tab:
                goal_section(key, titles[key])
