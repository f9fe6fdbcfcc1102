"""The leadership pages' Plotly figures: a read model's frame in, a finished figure out (issue #25).

Every builder returns a `Chart`: the figure as a plain dict (built and validated once by Plotly here), a text
alternative for screen readers and a file name for "Gem som billede". The read models (ui/views.py,
ui/shared_goal_views.py, ui/trends.py) call these, so ui/cache.py keeps the finished figure per data version and
filters, and a page view only sends it (ui/dashboard_figures.py).

What every figure shares (`_layout`): Danish number separators (`separators=",."`: 1.234,5), Danish titles, axes
and hover texts, the one palette (vocabulary/palette.py), white background, legend below the plot (a phone has
room only there), no Plotly template (it was most of a small figure's bytes). Status and verdict are never colour
alone: every bar says its symbol and count, every legend entry its symbol and word, and fills carry a hatch.
Texts from plans and workbooks (institution names and codes, dimension names, the plan's unit) pass through
`inert` first: Plotly reads a few HTML tags in its texts (<a href>, <b>, <br>), so their < > & become entities,
which Plotly shows as the characters typed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from maalstyring.rulebook.rules import format_limit
from vocabulary.formatting import format_number, is_missing, is_true
from vocabulary.palette import (
    BACKGROUND_LINE_COLOUR,
    FONT_FAMILY,
    GRID_COLOUR,
    HIGHLIGHT_COLOURS,
    KONCERN_COLOUR,
    MISSING,
    OUTLINE_COLOUR,
    TEXT_COLOUR,
    StatusStyle,
    style_for,
)
from vocabulary.terms import Period, Status, Verdict

KONCERN = "Koncern"  # the institution code reading.over_time.koncern_over_time gives the totals
MARKERS = ("circle", "square", "triangle-up", "diamond", "cross")  # a second cue beside a line's colour
_SEGMENT_MARKERS = ("circle", "square", "diamond")  # the koncern's pieces, told apart also without colour


def inert(text) -> str:
    """Text from a plan or workbook as Plotly shows it typed: no tag of it is read as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Chart:
    """A finished figure: Plotly's dict, what a screen reader hears instead, and the PNG's file name."""

    spec: dict
    alt: str
    filename: str


# Below the plot and its axis labels, in the figure's own margin (a phone has room only there).
_LEGEND = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom", "yref": "container"}


def _layout(title: str, height: int, **extra) -> dict:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        "separators": ",.",  # Danish: decimal comma, thousands point
        "font": {"family": FONT_FAMILY, "color": TEXT_COLOUR, "size": 13},
        "height": height,
        "margin": {"l": 8, "r": 16, "t": 48, "b": 8},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "legend": _LEGEND,
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": 13}, "namelength": -1},
        "template": {},
    }
    layout.update(extra)
    return layout


def _figure(traces: list, layout: dict) -> dict:
    """Plotly checks every trace and the layout once, here; the cached dict is shown without checking again."""
    return go.Figure(data=traces, layout=layout).to_dict()


def _fill(style: StatusStyle) -> dict:
    """A bar's look: the status's fill, outlined, with its hatch (a second cue besides colour)."""
    dark = style.fill in ("#005F56", "#D9481C")
    return {
        "color": style.fill,
        "line": {"color": OUTLINE_COLOUR, "width": 1},
        "pattern": {"shape": style.pattern, "bgcolor": style.fill, "fgcolor": "#FFFFFF" if dark else TEXT_COLOUR,
                    "fgopacity": 0.35, "fillmode": "overlay",
                    "size": 8, "solidity": 0.2},
    }  # fmt: skip


def _text_colour(style: StatusStyle) -> str:
    return "#FFFFFF" if style.fill in ("#005F56", "#D9481C") else TEXT_COLOUR


# --- 1. Goals per status and institution (Koncernoverblik) ------------------------------------------------

STATUS_ORDER = (Status.RED, Status.YELLOW, Status.GREEN, MISSING.status)  # worst first, in bars and legend
_PLURAL = {Status.RED: "røde", Status.YELLOW: "gule", Status.GREEN: "grønne", MISSING.status: "ikke indberettet"}
_SINGULAR = {Status.RED: "rødt", Status.YELLOW: "gult", Status.GREEN: "grønt", MISSING.status: "ikke indberettet"}


def counted(count: int, status: str) -> str:
    """'3 mål røde', '1 mål rødt': the status as an adjective after a count (mål is neuter)."""
    return f"{format_number(count)} mål {(_SINGULAR if count == 1 else _PLURAL)[status]}"


def status_counts(goals: pd.DataFrame) -> pd.DataFrame:
    """Goals per institution (code) and rolled-up status, worst first: most red, then most yellow, then the
    most not reported, then by code."""
    frame = goals.assign(status=goals["status"].where(goals["status"].isin(STATUS_ORDER[:3]), MISSING.status))
    counts = frame.groupby(["institution_code", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUS_ORDER), fill_value=0)
    order = counts.assign(code=counts.index).sort_values(
        [Status.RED, Status.YELLOW, MISSING.status, "code"], ascending=[False, False, False, True]
    )
    return counts.loc[order.index]


def status_figure(goals: pd.DataFrame) -> Chart:
    """Per institution one bar of its goals by rolled-up status, the worst institution at the top; each part
    says its symbol and count, the hover says it in words."""
    counts = status_counts(goals)
    codes = [inert(code) for code in counts.index]
    traces = []
    for status in STATUS_ORDER:
        style = style_for(status)
        values = [int(v) for v in counts[status]]
        if not any(values):
            continue
        traces.append(
            go.Bar(
                name=style.label, y=codes, x=values, orientation="h", marker=_fill(style),
                text=[f"{style.symbol} {v}" if v else "" for v in values], textposition="inside",
                insidetextanchor="middle", textangle=0, textfont={"color": _text_colour(style), "size": 13},
                customdata=[counted(v, status) for v in values], hovertemplate="%{y}: %{customdata}<extra></extra>",
            )
        )  # fmt: skip
    layout = _layout(
        "Mål pr. status og institution, flest røde øverst",
        max(220, 110 + 26 * len(codes)),
        barmode="stack",
        bargap=0.25,
        legend={**_LEGEND, "traceorder": "normal"},  # worst first, as the bars (Plotly reverses stacked bars')
        xaxis={
            "title": {"text": "Antal mål"},
            "gridcolor": GRID_COLOUR,
            "fixedrange": True,
            "tickformat": ",.0f",
            "automargin": True,
        },
        yaxis={"autorange": "reversed", "type": "category", "fixedrange": True, "automargin": True},
        hovermode="closest",
    )
    worst = [
        f"{code} ({counted(int(counts.loc[code, Status.RED]), Status.RED)})"
        for code in counts.index[:5]
        if counts.loc[code, Status.RED]
    ]
    alt = f"Søjlediagram: mål pr. status for {format_number(len(codes))} institutioner, flest røde øverst. " + (
        f"Flest røde: {', '.join(worst)}. " if worst else "Ingen institution har røde mål. "
    )
    return Chart(_figure(traces, layout), alt + "Alle tal står i tabellen Mål pr. institution.", "maal_pr_status")


# --- 2. The economy against the plan's band (Koncernfælles mål) -----------------------------------------------


def per_quarter(economy: pd.DataFrame) -> pd.DataFrame:
    """A plan that measures each quarter (STPS 2023) gets a bar per quarter: the rule judges each of them."""
    if "quarters" not in economy or not any(len(q or ()) for q in economy["quarters"]):
        return economy
    rows = []
    for r in economy.to_dict("records"):
        if not r["quarters"]:
            rows.append(r)
            continue
        for q in r["quarters"]:
            verdict = None if q.met is None else (Verdict.MET if q.met else Verdict.NOT_MET)
            rows.append({**r, "institution_code": f"{r['institution_code']} · {q.quarter}. kvartal",
                         "deviation": q.deviation_pct, "computed_verdict": verdict})  # fmt: skip
    return pd.DataFrame(rows)


def economy_figure(economy: pd.DataFrame) -> Chart:
    """Deviation per institution (or quarter) as a horizontal bar from 0, the plan's band ±limit shaded behind,
    each bar filled and hatched by the computed verdict, and value and verdict written beside it."""
    frame = per_quarter(economy).dropna(subset=["deviation"])
    unit = str(frame["unit"].dropna().iloc[0]) if frame["unit"].notna().any() else ""  # from the plan
    limit = float(frame["limit"].dropna().iloc[0]) if frame["limit"].notna().any() else None
    span = max([abs(float(v)) for v in frame["deviation"]] + [limit or 0.0]) * 1.6 or 1.0  # room for the words
    spending = "basis" in frame and set(frame["basis"].dropna()) == {"forbrug"}
    axis, title = (
        (f"Afvigelse fra grundbudgettet ({unit})", "Afvigelse fra grundbudgettet, pr. kvartal")
        if spending
        else (f"Afvigelse fra aftalt resultat ({unit})", "Årets resultat mod det aftalte resultat")
    )
    codes = [inert(c) for c in frame["institution_code"]]
    traces = []
    for verdict in (*Verdict, None):
        style = style_for(verdict)
        word = style.label if style is not MISSING else f"{MISSING.symbol} Ikke beregnet"
        rows = [(c, float(d)) for c, d, v in zip(codes, frame["deviation"], frame["computed_verdict"], strict=True)
                if style_for(v) is style]  # fmt: skip
        if not rows:
            continue
        values = [d for _, d in rows]
        # Beside the bar only the number and the symbol (a phone has room for no more); the unit is in the axis
        # title, the verdict's word in the legend, and both in the hover and the table under the chart.
        shown = [f"{format_number(d, 1)} {style.symbol}" for d in values]
        texts = [f"{format_number(d, 1)} {inert(unit)}".strip() + f" · {word}" for d in values]
        traces.append(
            go.Bar(
                name=word, y=[c for c, _ in rows], x=values, orientation="h", marker=_fill(style), text=shown,
                textposition="outside", cliponaxis=False, textfont={"color": TEXT_COLOUR},
                customdata=texts, hovertemplate="%{y}: afvigelse %{customdata}<extra></extra>",
            )
        )  # fmt: skip
    shapes = [{"type": "line", "x0": 0, "x1": 0, "y0": 0, "y1": 1, "yref": "paper",
               "line": {"color": TEXT_COLOUR, "width": 1}}]  # fmt: skip
    if limit is not None:
        shapes.insert(0, {"type": "rect", "x0": -limit, "x1": limit, "y0": 0, "y1": 1, "yref": "paper",
                          "fillcolor": "#E4ECF4", "line": {"width": 0}, "layer": "below"})  # fmt: skip
        band = f"Grænse ±{format_limit(limit, unit)} {inert(unit)}".strip()
        # The band's legend entry: a square of its colour, no data.
        traces.insert(0, go.Scatter(name=band, x=[None], y=[None], mode="markers", hoverinfo="skip",
                                    marker={"symbol": "square", "size": 14, "color": "#E4ECF4",
                                            "line": {"color": "#9AA5B1", "width": 1}}))  # fmt: skip
    layout = _layout(
        title,
        max(240, 130 + 30 * len(codes)),
        barmode="overlay",
        bargap=0.35,
        shapes=shapes,
        xaxis={"title": {"text": inert(axis)}, "range": [-span, span], "gridcolor": GRID_COLOUR, "zeroline": False,
               "fixedrange": True, "tickformat": ",.1f", "automargin": True},
        yaxis={"autorange": "reversed", "type": "category", "categoryorder": "array", "categoryarray": codes,
               "fixedrange": True, "automargin": True},
        hovermode="closest",
    )  # fmt: skip
    outside = [str(c) for c, d in zip(frame["institution_code"], frame["deviation"], strict=True)
               if limit is not None and abs(float(d)) > limit]  # fmt: skip
    alt = (
        f"Søjlediagram: {title.lower()} for {format_number(len(codes))} "
        + ("kvartaler og institutioner" if spending else "institutioner")
        + (f", grænse ±{format_limit(limit, unit)} {unit}. " if limit is not None else ". ")
        + (f"Uden for grænsen: {', '.join(outside)}. " if outside else "")
        + "Alle tal står i tabellen under grafen."
    )
    return Chart(_figure(traces, layout), alt, "oekonomi_afvigelse")


# --- 3. ALT baseline → plan year (Koncernfælles mål) ----------------------------------------------------------


def _score(value) -> str:
    return "mangler" if is_missing(value) else format_number(float(value))


def alt_figure(dims: pd.DataFrame) -> Chart:
    """Per institution · dimension a line from the baseline score (open circle) to the plan year's (diamond):
    blue and solid when improved, grey and dotted otherwise; hover and the text beside it say it in words."""
    frame = dims.dropna(subset=["before", "after"], how="all")
    baseline, year = int(frame["baseline_year"].iloc[0]), int(frame["year"].iloc[0])
    labels = [inert(f"{r.institution_code} · {r.dimension}") for r in frame.itertuples()]
    improved = [None if is_missing(v) else is_true(v) for v in frame["improved"]]
    words = ["" if i is None else "▲ forbedret" if i else "– ikke forbedret" for i in improved]
    traces = []
    for kind, name, colour, dash in ((True, "▲ forbedret", HIGHLIGHT_COLOURS[0], "solid"),
                                     (False, "– ikke forbedret", "#5F6B7A", "dot")):  # fmt: skip
        xs, ys = [], []
        for label, before, after, better in zip(labels, frame["before"], frame["after"], improved, strict=True):
            if bool(better) == kind and not is_missing(before) and not is_missing(after):
                xs += [float(before), float(after), None]
                ys += [label, label, None]
        if xs:
            traces.append(go.Scatter(name=name, x=xs, y=ys, mode="lines", hoverinfo="skip",
                                     line={"color": colour, "width": 3, "dash": dash}))  # fmt: skip
    summary = [f"{_score(b)} → {_score(a)}" + (f" · {w}" if w else "")
               for b, a, w in zip(frame["before"], frame["after"], words, strict=True)]  # fmt: skip
    for column, when, symbol, fill in (("before", baseline, "circle-open", TEXT_COLOUR),
                                       ("after", year, "diamond", TEXT_COLOUR)):  # fmt: skip
        present = [(label, float(v), s) for label, v, s in zip(labels, frame[column], summary, strict=True)
                   if not is_missing(v)]  # fmt: skip
        traces.append(
            go.Scatter(
                name=f"ALT {when}", x=[v for _, v, _ in present], y=[label for label, _, _ in present],
                mode="markers", marker={"symbol": symbol, "size": 12, "color": fill, "line": {"width": 2}},
                customdata=[s for _, _, s in present],
                hovertemplate=f"%{{y}}<br>ALT {when}: %{{x:,.1f}}<br>%{{customdata}}<extra></extra>",
            )
        )  # fmt: skip
    layout = _layout(
        f"ALT-evalueringen {baseline} og {year}",
        max(240, 130 + 30 * len(labels)),
        xaxis={"title": {"text": "Score i ALT-evalueringen"}, "gridcolor": GRID_COLOUR, "fixedrange": True,
               "automargin": True},
        yaxis={"autorange": "reversed", "type": "category", "categoryorder": "array", "categoryarray": labels,
               "fixedrange": True, "automargin": True},
        hovermode="closest",
    )  # fmt: skip
    better = sum(1 for i in improved if i)
    alt = (
        f"Prikdiagram: ALT-score {baseline} og {year} for {format_number(len(labels))} institutioner og "
        f"dimensioner; {format_number(better)} forbedret: " + "; ".join(f"{r.institution_code} · {r.dimension}: {text}"
        for r, text in zip(frame.itertuples(), summary, strict=True)) + "."
    )  # fmt: skip
    return Chart(_figure(traces, layout), alt, f"ALT_{baseline}_{year}")


# --- 4. Fulfilment over the years (Udvikling) -----------------------------------------------------------------


def _period_order(column: pd.Series) -> pd.Series:
    return column.map(lambda v: v == Period.YEAR_END) if column.name == "period" else column


def _x_label(year, period) -> str:
    return f"{int(year)}<br>{period}"


def highlight_by_default(series: pd.DataFrame) -> tuple[str, ...]:
    """Which institutions get a colour when the leader has picked none: all of them while every one can have
    a colour of its own, else none (the koncern line against grey)."""
    codes = [str(c) for c in dict.fromkeys(series["institution_code"]) if c != KONCERN]
    return tuple(codes) if len(codes) <= len(HIGHLIGHT_COLOURS) else ()


def trend_figure(series: pd.DataFrame, value: str, title: str, axis: str, highlighted: tuple[str, ...]) -> Chart:
    """The koncern's line (thick and black, its numbers written) and one line per institution: the `highlighted`
    in a colour and marker of their own, never repeated (at most len(HIGHLIGHT_COLOURS)), the rest thin and grey
    under them, all in one legend entry. Hover for a period lists every shown line's value, highest first; a
    legend click hides a line, a double click shows it alone.

    The koncern line breaks where the set of institutions it counts changes (`segment`), and each piece says
    how many and which institutions it holds, so a fall is never just another institution coming in.
    """
    ordered = series.sort_values(["year", "period"], key=_period_order)
    categories = list(dict.fromkeys(_x_label(y, p) for y, p in zip(ordered["year"], ordered["period"], strict=True)))
    highlighted = tuple(highlighted[: len(HIGHLIGHT_COLOURS)])
    hover = "%{y:,.1f} pct."
    traces = []
    others = ordered[ordered["institution_code"] != KONCERN]
    grey = [code for code in dict.fromkeys(others["institution_code"]) if code not in highlighted]
    for code in grey:
        rows = others[others["institution_code"] == code]
        traces.append(
            go.Scatter(
                name=inert(rows["institution_name"].iloc[0]), x=_xs(rows), y=_ys(rows, value), mode="lines",
                line={"color": BACKGROUND_LINE_COLOUR, "width": 1.5}, legendgroup="øvrige", showlegend=False,
                hovertemplate=hover,
            )
        )  # fmt: skip
    koncern = ordered[ordered["institution_code"] == KONCERN]
    segments = list(dict.fromkeys(koncern["segment"])) if "segment" in koncern else [1]
    for segment in segments:
        rows = koncern[koncern["segment"] == segment] if "segment" in koncern else koncern
        if rows.empty:
            continue
        n, codes = int(rows["n"].iloc[0]), str(rows["institutions"].iloc[0])
        name = "Koncernen i alt" if len(segments) == 1 else f"Koncernen i alt ({n} inst.: {inert(_short(codes))})"
        traces.append(
            go.Scatter(
                name=name, x=_xs(rows), y=_ys(rows, value), mode="lines+markers+text",
                line={"color": KONCERN_COLOUR, "width": 4},
                marker={"symbol": _SEGMENT_MARKERS[(int(segment) - 1) % len(_SEGMENT_MARKERS)], "size": 9,
                        "color": KONCERN_COLOUR},
                texttemplate="%{y:,.0f}", textposition="top center",
                textfont={"color": KONCERN_COLOUR, "size": 12}, hovertemplate=hover,
            )
        )  # fmt: skip
    for i, code in enumerate(highlighted):
        rows = others[others["institution_code"] == code]
        if rows.empty:
            continue
        colour = HIGHLIGHT_COLOURS[i]
        traces.append(
            go.Scatter(
                name=inert(rows["institution_name"].iloc[0]), x=_xs(rows), y=_ys(rows, value), mode="lines+markers",
                line={"color": colour, "width": 2.5}, marker={"symbol": MARKERS[i % len(MARKERS)], "size": 8,
                "color": colour}, hovertemplate=hover,
            )
        )  # fmt: skip
    if grey:  # one legend entry for the grey lines, last: a click hides them all, a double click shows them alone
        traces.append(go.Scatter(name=f"Øvrige institutioner ({format_number(len(grey))})", x=[None], y=[None],
                                 mode="lines", line={"color": BACKGROUND_LINE_COLOUR, "width": 1.5},
                                 legendgroup="øvrige", hoverinfo="skip"))  # fmt: skip
    lines = ordered["institution_code"].nunique()  # the institutions and the koncern: one hover entry each
    layout = _layout(
        title,
        # The hover of a period lists every line: tall enough that the list of a koncern of 30 fits in the chart.
        max(480, 150 + 18 * lines),
        hovermode="x unified",
        hoversort="value descending",  # the period's values, highest first
        # The legend in the order of the lines (koncern, highlighted, the grey ones' entry), not "grouped" and
        # with no legendrank: the unified hover is drawn as a legend, and either would reorder its sorted values.
        legend={**_LEGEND, "traceorder": "normal"},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 12}, "namelength": -1},
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": categories, "gridcolor": GRID_COLOUR,
               "automargin": True},
        yaxis={"title": {"text": f"{axis}, pct."}, "range": [0, 108], "gridcolor": GRID_COLOUR, "tickformat": ",.0f",
               "zeroline": True, "zerolinecolor": TEXT_COLOUR, "fixedrange": True, "automargin": True},
    )  # fmt: skip
    return Chart(_figure(traces, layout), _trend_summary(ordered, value, highlighted, categories), value)


def _xs(rows: pd.DataFrame) -> list[str]:
    return [_x_label(y, p) for y, p in zip(rows["year"], rows["period"], strict=True)]


def _ys(rows: pd.DataFrame, value: str) -> list[float | None]:
    return [None if is_missing(v) else round(float(v), 1) for v in rows[value]]


def _trend_summary(ordered: pd.DataFrame, value: str, highlighted: tuple[str, ...], categories: list[str]) -> str:
    """The chart's text alternative: what is drawn, and the koncern's first and last figure."""
    institutions = ordered.loc[ordered["institution_code"] != KONCERN, "institution_code"].nunique()
    when = [c.replace("<br>", " ") for c in categories]
    span = f"{when[0]} til {when[-1]}" if len(when) > 1 else (when[0] if when else "")
    text = f"Linjediagram for koncernen i alt og {format_number(institutions)} institutioner, {span}"
    if highlighted:
        text += f"; fremhævet: {', '.join(highlighted)}"
    koncern = ordered[(ordered["institution_code"] == KONCERN) & ordered[value].notna()]
    if len(koncern):
        first, last = koncern.iloc[0], koncern.iloc[-1]
        text += (
            f". Koncernen i alt: {format_number(float(first[value]), 0)} pct. i {first['year']} {first['period']}, "
            f"{format_number(float(last[value]), 0)} pct. i {last['year']} {last['period']}"
        )
    return text + ". Alle tal står i tabellen Tallene bag."


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
