"""Koncernfælles mål: each shared goal compared institution by institution, with the computed rules."""

import pandas as pd
import streamlit as st

from maalstyring import rules
from maalstyring.dashboard import VERDICT_MISMATCH
from ui import cache
from ui.dashboard_figures import alt_dumbbell, economy_chart, show_chart
from ui.db import get_connection
from ui.filters import current_filters, filter_caption
from ui.plain_text import plain
from ui.status import (
    cell_style,
    example_marker,
    status_badge,
    verdict_badge,
)
from ui.tables import static_table
from vocabulary.formatting import format_number, institution_labels, is_missing, is_true
from vocabulary.key_figures import SHARED_GOAL_KEYS
from vocabulary.terms import Period

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

BADGES = ["Status", "Opfyldelse", "Beregnet opfyldelse", "Indberettet opfyldelse", "Indberettet status"]


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


def rule_text(notes) -> None:
    """The rule as each plan words it (one line when the plans agree), so the page never states a rule the
    plan does not have."""
    distinct = list(dict.fromkeys(n for n in notes if isinstance(n, str)))
    for note in distinct:
        if note.startswith("Kan ikke beregnes"):
            # The reason quotes the plan's text: shown as plain text, never as markdown.
            st.warning("Planens regel for målet kan ikke beregnes; se hvorfor nedenfor.", icon=":material/help:")
            st.text(note)
        else:
            st.markdown(f"Planens regel: målet er opfyldt, når {plain(note)}. Reglen er læst i planens målepunkt.")


def economy_section() -> None:
    economy = cache.economy_comparison(conn, filters)
    if economy.empty:
        return
    rule_text(economy["rule_note"])
    if filters.period == Period.H1 and (economy["basis"] == "resultat").any():
        st.caption("Ved 1. halvår er årets resultat et forventet resultat.")
    if economy["deviation"].notna().any():
        show_chart(economy_chart(economy))
    else:
        st.info("Ingen nøgletal for økonomien i de valgte indberetninger endnu (arket Nøgletal i skabelonen).")
    spending = set(economy["basis"].dropna()) == {"forbrug"}
    budget_label, actual_label = (
        ("Grundbudget, driftsudgifter", "Faktisk forbrug") if spending else ("Aftalt resultat", "Årets resultat")
    )
    table = economy.assign(
        Institution=institution_labels(economy["institution_name"], economy["institution_code"]),
        **{
            budget_label: economy["budget"].map(lambda v: _amount(v, "mio. kr.")),
            actual_label: economy["result"].map(lambda v: _amount(v, "mio. kr.")),
            "Afvigelse": [
                _amount(v, u) + (" (største kvartal)" if b == "forbrug" and v == v and v is not None else "")
                for v, u, b in zip(economy["deviation"], economy["unit"], economy["basis"], strict=True)
            ],
            "Beregnet opfyldelse": [
                verdict_badge(v, note if isinstance(note, str) else "Mangler nøgletal")
                for v, note in zip(economy["computed_verdict"], economy["figure_note"], strict=True)
            ],
            "Indberettet status": economy["reported_status"].map(status_badge),
            "Indberettet opfyldelse": economy["reported_verdict"].map(verdict_badge),
            "Uenighed": economy["disagrees"].map(lambda d: VERDICT_MISMATCH if is_true(d) else ""),
            "Eksempeldata": economy["is_example"].map(example_marker),
        },
    )
    shown = ["Institution", "Afvigelse", "Beregnet opfyldelse", "Indberettet opfyldelse", "Uenighed",
             budget_label, actual_label, "Indberettet status", "Eksempeldata"]  # fmt: skip
    # Agreed and actual result beside the verdict, all in view at 1440 px (a static table wraps, ui/tables.py).
    static_table(table[shown], cell_style, BADGES)
    quarterly = [(r, q) for r in economy.itertuples() for q in (r.quarters or ())]
    if quarterly:
        st.markdown("**Kvartalsvis måling** (som planen foreskriver)")
        static_table(
            pd.DataFrame(
                {
                    "Institution": [r.institution_code for r, _ in quarterly],
                    "Kvartal": [f"{q.quarter}. kvartal" for _, q in quarterly],
                    "Grundbudget": [_amount(q.budget, "mio. kr.") for _, q in quarterly],
                    "Faktisk forbrug": [_amount(q.spending, "mio. kr.") for _, q in quarterly],
                    "Afvigelse": [_amount(q.deviation_pct, "pct.") for _, q in quarterly],
                    "Inden for grænsen": [
                        verdict_badge(rules.verdict_word(q.met), "Mangler nøgletal") for _, q in quarterly
                    ],
                }
            ),
            cell_style,
            ["Inden for grænsen"],
        )


def _amount(value, unit: str) -> str:
    return "" if is_missing(value) else f"{format_number(value, 1)} {unit}"


def alt_section() -> None:
    dims, verdicts = cache.alt_comparison(conn, filters)
    if verdicts.empty:
        return
    rule_text(verdicts["rule_note"])
    if dims[["before", "after"]].notna().any().any():
        show_chart(alt_dumbbell(dims))
    elif (verdicts["basis"] == "ALT-evaluering").any():
        st.info("Ingen ALT-tal i de valgte indberetninger endnu (arket Nøgletal i skabelonen).")
    # The dimensions each institution improved on, gathered once (a filter per institution cost 0,1–0,2 s at 30).
    improved = dims[(dims["improved"] == True).fillna(False)]  # noqa: E712 (numpy's and pandas' booleans too)
    improved_on = improved.groupby("institution_code", sort=False)["dimension"].agg(list).to_dict()
    table = verdicts.assign(
        Institution=institution_labels(verdicts["institution_name"], verdicts["institution_code"]),
        **{
            "Opgjort på": [
                "ledelsestiltag (Resultat)" if b == "ledelsestiltag" else f"ALT-evalueringen {y} mod {by}"
                if b else "" for b, y, by in zip(verdicts["basis"], verdicts["year"], verdicts["baseline_year"],
                                                 strict=True)
            ],
            "Forbedret på": [
                ", ".join(improved_on.get(code, ())) or ("ingen" if basis == "ALT-evaluering" else "")
                for code, basis in zip(verdicts["institution_code"], verdicts["basis"], strict=True)
            ],
            "Beregnet opfyldelse": verdicts["computed_verdict"].map(lambda v: verdict_badge(v, "Mangler tal")),
            "Indberettet status": verdicts["reported_status"].map(status_badge),
            "Indberettet opfyldelse": verdicts["reported_verdict"].map(verdict_badge),
            "Uenighed": verdicts["disagrees"].map(lambda d: VERDICT_MISMATCH if is_true(d) else ""),
            "Eksempeldata": verdicts["is_example"].map(example_marker),
        },
    )  # fmt: skip
    shown = ["Institution", "Beregnet opfyldelse", "Indberettet opfyldelse", "Uenighed", "Opgjort på",
             "Forbedret på", "Indberettet status", "Eksempeldata"]  # fmt: skip
    static_table(table[shown], cell_style, BADGES)


for key in keys:
    st.header(plain(SHARED_GOAL_KEYS.get(key, key)), anchor=False)
    if key == "ØKONOMI":
        economy_section()
    elif key == "ALT":
        alt_section()
    st.subheader("Målepunkter pr. institution", anchor=False)
    measures_matrix(key)
