"""The Udvikling page's data: fulfilment per institution and for the koncern over the years, and its table.

Built once per data version and filter (ui/cache.py): at 100 institutions x 30 years the table alone is
6.000 rows of Danish-formatted numbers, which took a tenth of a second on every view.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maalstyring.reading import over_time
from maalstyring.reading.selection import Filters
from ui.figures import Chart, trend_figure
from vocabulary.formatting import format_number, is_missing, is_true
from vocabulary.terms import Period

KONCERN = "Koncern"  # the institution code over_time.koncern_over_time gives the totals
TABLE_COLUMNS = ["Institution", "År", "Periode", "Institutioner i tallet", "Målepunkter", "✓ Grøn", "! Gul",
                 "✕ Rød", "Andel grønne", "✓ Opfyldt", "! Delvist opfyldt", "✕ Ikke opfyldt", "Andel opfyldt",
                 "Eksempeldata"]  # fmt: skip


def fulfilment_view(conn, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(series for the charts: one row per institution or the koncern x year x period, the table of them);
    both empty when nothing has been reported."""
    per_institution = over_time.fulfilment_over_time(conn, filters)
    if per_institution.empty:
        return per_institution, pd.DataFrame(columns=TABLE_COLUMNS)
    # The koncern is every institution (of the chosen goal type), also when the sidebar picks a few: a
    # total of one institution would be its own line again, drawn over it.
    everyone = (
        over_time.fulfilment_over_time(conn, Filters(goal_kind=filters.goal_kind))
        if filters.institutions
        else per_institution
    )
    koncern = over_time.koncern_over_time(everyone)
    # Koncern first, so the institutions' lines are drawn over it.
    series = pd.concat([koncern, per_institution], ignore_index=True)
    series["when"] = series["year"].astype(str) + " " + series["period"]
    series["green_share"] = series["green"] / series["measures"] * 100
    series["met_share"] = (series["met"] / series["judged"].where(series["judged"] > 0)) * 100
    table = series.assign(
        Institution=series["institution_name"],
        År=series["year"].astype(str),
        Periode=series["period"],
        **{
            "Institutioner i tallet": [
                f"{int(n)}: {codes}" if isinstance(codes, str) else ""
                for n, codes in zip(series["n"], series["institutions"], strict=True)
            ]
        },
        Målepunkter=series["measures"].map(format_number),
        **{
            "✓ Grøn": series["green"].map(format_number),
            "! Gul": series["yellow"].map(format_number),
            "✕ Rød": series["red"].map(format_number),
            "Andel grønne": series["green_share"].map(lambda v: f"{format_number(v, 0)} pct."),
            "✓ Opfyldt": series["met"].map(format_number),
            "! Delvist opfyldt": series["partly"].map(format_number),
            "✕ Ikke opfyldt": series["not_met"].map(format_number),
            "Andel opfyldt": series["met_share"].map(lambda v: "" if is_missing(v) else f"{format_number(v, 0)} pct."),
            "Eksempeldata": series["is_example"].map(lambda e: "Eksempeldata" if is_true(e) else ""),
        },
    )
    return series, table[TABLE_COLUMNS]


@dataclass(frozen=True)
class FulfilmentCharts:
    green: Chart  # share of green målepunkter per year and period
    met: Chart | None  # share met at year-end; None when no year-end report has come in


def fulfilment_charts(conn, filters: Filters, highlighted: tuple[str, ...]) -> FulfilmentCharts:
    """Udvikling's two charts: the koncern's line, the `highlighted` institutions in colour and the rest grey
    (ui/figures.py). Cached with the read model (ui/cache.py), per data version, filters and highlight."""
    series, _ = fulfilment_view(conn, filters)
    green = trend_figure(series, "green_share", "Andel grønne målepunkter pr. periode", "Andel grønne", highlighted)
    year_end = series[(series["period"] == Period.YEAR_END) & series["met_share"].notna()]
    # A title short enough for one line on a phone; the axis says it is the share as reported.
    title, axis = "Opfyldte målepunkter ved årsafslutning", "Andel opfyldt (som indberettet)"
    met = trend_figure(year_end, "met_share", title, axis, highlighted) if len(year_end) else None
    return FulfilmentCharts(green, met)
