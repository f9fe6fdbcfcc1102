"""Koncernfælles mål's sections for Økonomisk styring and Attraktiv arbejdsplads, built once per data version and
filters and kept as finished HTML and plain values (ui/cache.py keys them as it does the read models).

The page built these tables with pandas on every view and found each chart by hashing its frame: together most
of the page's script time at 30 institutions (docs/BENCHMARKS.md). What comes back is escaped HTML from
ui.tables.table_html, Plotly figures from ui.figures, and the plans' rule texts as plain strings for the page to show as
text: nothing in it is rendered as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maalstyring.reading import comparisons
from maalstyring.reading.selection import Filters
from maalstyring.rulebook import rules
from maalstyring.rulebook.plan_rules import MEASURED_AT_YEAR_END
from ui.figures import Chart, alt_figure, economy_figure
from ui.status import cell_style, example_marker, status_badge, verdict_badge
from ui.tables import table_html
from vocabulary.formatting import format_number, institution_labels, is_missing, is_true
from vocabulary.terms import Period
from vocabulary.wording import VERDICT_MISMATCH

# The badge columns, tinted by their status or verdict (the cells also say it in a symbol and a word).
BADGES = ["Status", "Opfyldelse", "Beregnet opfyldelse", "Indberettet opfyldelse", "Indberettet status"]


@dataclass(frozen=True)
class SharedGoalSection:
    """One shared goal's comparison: the plans' rules, a chart, the table, and what to say when figures lack."""

    rule_notes: tuple[str, ...]  # the rule as each plan words it, once per distinct wording, as plain text
    chart: Chart | None  # None when no institution has reported the figures
    no_figures: bool  # the rule needs figures and none came in: the page says where they go
    table: str  # HTML: one row per institution
    expected_result_note: bool = False  # 1. halvår: the year's result is an expected result
    quarterly: str = ""  # HTML: the quarters, for plans that measure spending quarter by quarter


def economy_section(conn, filters: Filters) -> SharedGoalSection | None:
    """Økonomisk styring: deviation against the plan's band per institution; None when no plan has the goal."""
    economy = comparisons.economy_comparison(conn, filters)
    if economy.empty:
        return None
    has_figures = bool(economy["deviation"].notna().any())
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
    # Agreed and actual result beside the verdict, all in view at 1440 px (a static table wraps, ui/tables.py).
    shown = ["Institution", "Afvigelse", "Beregnet opfyldelse", "Indberettet opfyldelse", "Uenighed",
             budget_label, actual_label, "Indberettet status", "Eksempeldata"]  # fmt: skip
    return SharedGoalSection(
        rule_notes=_distinct(economy["rule_note"]),
        chart=economy_figure(economy) if has_figures else None,
        no_figures=not has_figures,
        table=table_html(table[shown], cell_style, BADGES),
        expected_result_note=filters.period == Period.H1 and bool((economy["basis"] == "resultat").any()),
        quarterly=_quarterly(economy),
    )


def _quarterly(economy: pd.DataFrame) -> str:
    quarterly = [(r, q) for r in economy.itertuples() for q in (r.quarters or ())]
    if not quarterly:
        return ""
    frame = pd.DataFrame(
        {
            "Institution": [r.institution_code for r, _ in quarterly],
            "Kvartal": [f"{q.quarter}. kvartal" for _, q in quarterly],
            "Grundbudget": [_amount(q.budget, "mio. kr.") for _, q in quarterly],
            "Faktisk forbrug": [_amount(q.spending, "mio. kr.") for _, q in quarterly],
            "Afvigelse": [_amount(q.deviation_pct, "pct.") for _, q in quarterly],
            "Inden for grænsen": [verdict_badge(rules.verdict_word(q.met), "Mangler nøgletal") for _, q in quarterly],
        }
    )
    return table_html(frame, cell_style, ["Inden for grænsen"])


def alt_section(conn, filters: Filters) -> SharedGoalSection | None:
    """Attraktiv arbejdsplads: ALT baseline → plan year per institution and question; None when no plan has it."""
    dims, verdicts = comparisons.alt_comparison(conn, filters)
    if verdicts.empty:
        return None
    has_figures = bool(dims[["before", "after"]].notna().any().any())
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
            "Forbedret på": [  # nothing to say before the survey is measured (1. halvår), not "ingen"
                ", ".join(improved_on.get(code, ())) or ("ingen" if basis == "ALT-evaluering" and not is_true(later)
                                                         else "")
                for code, basis, later in zip(verdicts["institution_code"], verdicts["basis"],
                                              verdicts["judged_later"], strict=True)
            ],
            "Beregnet opfyldelse": [
                verdict_badge(v, MEASURED_AT_YEAR_END if is_true(later) else "Mangler tal")
                for v, later in zip(verdicts["computed_verdict"], verdicts["judged_later"], strict=True)
            ],
            "Indberettet status": verdicts["reported_status"].map(status_badge),
            "Indberettet opfyldelse": verdicts["reported_verdict"].map(verdict_badge),
            "Uenighed": verdicts["disagrees"].map(lambda d: VERDICT_MISMATCH if is_true(d) else ""),
            "Eksempeldata": verdicts["is_example"].map(example_marker),
        },
    )  # fmt: skip
    shown = ["Institution", "Beregnet opfyldelse", "Indberettet opfyldelse", "Uenighed", "Opgjort på",
             "Forbedret på", "Indberettet status", "Eksempeldata"]  # fmt: skip
    return SharedGoalSection(
        rule_notes=_distinct(verdicts["rule_note"]),
        chart=alt_figure(dims) if has_figures else None,
        # Figures are missing only where the survey is measured in the period: at 1. halvår it is not yet.
        no_figures=not has_figures
        and bool(((verdicts["basis"] == "ALT-evaluering") & ~verdicts["judged_later"].astype(bool)).any()),
        table=table_html(table[shown], cell_style, BADGES),
    )


def _amount(value, unit: str) -> str:
    return "" if is_missing(value) else f"{format_number(value, 1)} {unit}"


def _distinct(notes) -> tuple[str, ...]:
    """The rule once per distinct wording (one line when the plans agree), so the page never states a rule the
    plan does not have."""
    return tuple(dict.fromkeys(n for n in notes if isinstance(n, str)))
