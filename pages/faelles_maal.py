"""Koncernfælles mål: each shared goal compared institution by institution, with the computed rules."""

import streamlit as st

from loaders import contract as c
from maalstyring.formatting import format_number, is_missing, is_true
from ui import cache
from ui.dashboard_figures import CHART_CONFIG, alt_dumbbell, economy_chart
from ui.db import get_connection
from ui.filters import current_filters, filter_caption
from ui.plain_text import plain
from ui.router import require_router
from ui.status import example_marker, status_badge, styled, verdict_badge

require_router()

conn = get_connection()
filters = current_filters()
st.title("Koncernfælles mål")

if filters.year is None:
    st.info("Der er endnu ingen mål- og resultatplaner i Målstyring. Indlæs en plan under Indberetning.")
    st.stop()
st.caption(filter_caption(filters) + " (Måltype og Status gælder ikke her: siden viser alle koncernfælles mål.)")
keys = cache.shared_goal_keys(conn, filters)
if not keys:
    st.info(f"Planerne for {filters.year} har ingen koncernfælles mål. Vælg et andet år i sidepanelet.")
    st.stop()

BADGES = ["Status", "Opfyldelse", "Beregnet opfyldelse", "Indberettet opfyldelse", "Indberettet status"]


def no_reports_note(frame) -> None:
    if frame["status"].isna().all():
        st.info(
            f"Ingen indberetninger for {filters.period.lower()} {filters.year} endnu. Institutionerne henter "
            "skabelonen under Skabeloner."
        )


def measures_matrix(key: str) -> None:
    """Institution × målepunkt of one shared goal, e.g. the three KI checkpoints."""
    rows = cache.shared_goal_measures(conn, filters, key)
    if rows.empty:
        return
    year_end = filters.period == c.PERIOD_YEAR_END
    rows = rows.assign(
        column="Målepunkt " + rows["measure_nr"],
        cell=[status_badge(s) + (f" · {verdict_badge(v)}" if year_end and isinstance(v, str) else "")
              for s, v in zip(rows["status"], rows["verdict"], strict=True)],
        institution=rows["institution_name"] + " (" + rows["institution_code"] + ")",
    )  # fmt: skip
    matrix = rows.pivot_table(index="institution", columns="column", values="cell", aggfunc="first", sort=False)
    columns = list(matrix.columns)
    st.dataframe(styled(matrix.reset_index().rename(columns={"institution": "Institution"}), columns), hide_index=True)
    texts = rows.drop_duplicates("measure_nr")
    st.caption("  \n".join(f"Målepunkt {plain(r.measure_nr)}: {plain(r.measure_text)}" for r in texts.itertuples()))
    no_reports_note(rows)


def economy_section() -> None:
    economy = cache.economy_comparison(conn, filters)
    if economy.empty:
        return
    limit, unit = economy["limit"].dropna(), economy["unit"].dropna()
    band = f"±{format_number(limit.iloc[0], 1)} {plain(unit.iloc[0])}" if len(limit) and len(unit) else "planens grænse"
    st.markdown(
        f"Målet er opfyldt, når afvigelsen mellem årets resultat og det aftalte resultat i grundbudgettet højst er "
        f"{band} (grænsen medregnet). Grænsen er hentet fra planens målepunkt."
        + (" Ved 1. halvår er årets resultat et forventet resultat." if filters.period == c.PERIOD_H1 else "")
    )
    if economy["deviation"].notna().any():
        st.plotly_chart(economy_chart(economy), config=CHART_CONFIG)
    else:
        st.info("Ingen nøgletal for økonomien i de valgte indberetninger endnu (arket Nøgletal i skabelonen).")
    u = unit.iloc[0] if len(unit) else ""
    table = economy.assign(
        Institution=economy["institution_name"] + " (" + economy["institution_code"] + ")",
        **{
            "Aftalt resultat": economy["budget"].map(lambda v: _amount(v, "mio. kr.")),
            "Årets resultat": economy["result"].map(lambda v: _amount(v, "mio. kr.")),
            "Afvigelse": economy["deviation"].map(lambda v: _amount(v, u)),
            "Beregnet opfyldelse": economy["computed_verdict"].map(lambda v: verdict_badge(v, "Mangler nøgletal")),
            "Indberettet status": economy["reported_status"].map(status_badge),
            "Indberettet opfyldelse": economy["reported_verdict"].map(verdict_badge),
            "Uenighed": economy["disagrees"].map(disagreement),
            "Eksempeldata": economy["is_example"].map(example_marker),
        },
    )
    shown = ["Institution", "Afvigelse", "Beregnet opfyldelse", "Indberettet opfyldelse", "Uenighed",
             "Aftalt resultat", "Årets resultat", "Indberettet status", "Eksempeldata"]  # fmt: skip
    st.dataframe(styled(table[shown], BADGES), hide_index=True)


def disagreement(disagrees) -> str:
    return "⚠ Beregning og indberetning er uenige" if is_true(disagrees) else ""


def _amount(value, unit: str) -> str:
    return "" if is_missing(value) else f"{format_number(value, 1)} {unit}"


def alt_section() -> None:
    dims, verdicts = cache.alt_comparison(conn, filters)
    if verdicts.empty:
        return
    baseline, year = int(verdicts["baseline_year"].iloc[0]), int(verdicts["year"].iloc[0])
    st.markdown(
        f"Målet er opfyldt, når institutionen er forbedret på mindst ét af planens spørgsmål i ALT-evalueringen "
        f"{year} sammenlignet med {baseline}. Årstallene og spørgsmålene er hentet fra planens målepunkt."
    )
    if dims[["before", "after"]].notna().any().any():
        st.plotly_chart(alt_dumbbell(dims), config=CHART_CONFIG)
    else:
        st.info("Ingen ALT-tal i de valgte indberetninger endnu (arket Nøgletal i skabelonen).")
    table = verdicts.assign(
        Institution=verdicts["institution_name"] + " (" + verdicts["institution_code"] + ")",
        **{
            "Forbedret på": [
                ", ".join(dims[(dims["institution_code"] == code) & (dims["improved"] == True)]["dimension"])  # noqa: E712
                or "ingen"
                for code in verdicts["institution_code"]
            ],
            "Beregnet opfyldelse": verdicts["computed_verdict"].map(lambda v: verdict_badge(v, "Mangler ALT-tal")),
            "Indberettet status": verdicts["reported_status"].map(status_badge),
            "Indberettet opfyldelse": verdicts["reported_verdict"].map(verdict_badge),
            "Uenighed": verdicts["disagrees"].map(disagreement),
            "Eksempeldata": verdicts["is_example"].map(example_marker),
        },
    )
    shown = ["Institution", "Beregnet opfyldelse", "Indberettet opfyldelse", "Uenighed", "Forbedret på",
             "Indberettet status", "Eksempeldata"]  # fmt: skip
    st.dataframe(styled(table[shown], BADGES), hide_index=True)


for key in keys:
    st.header(plain(c.SHARED_GOAL_KEYS.get(key, key)))
    if key == "ØKONOMI":
        economy_section()
    elif key == "ALT":
        alt_section()
    st.subheader("Målepunkter pr. institution")
    measures_matrix(key)
