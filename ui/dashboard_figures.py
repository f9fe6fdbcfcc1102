"""Plotly figures for the leadership pages: built from read-model frames, Danish numbers, status in words."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from maalstyring.rules import format_limit
from ui.cache import built_once
from ui.charts import STATUS_COLOURS, danish_figure, style_for
from ui.plain_text import chart_text
from ui.status import verdict_badge
from vocabulary.formatting import format_number, is_missing, is_true
from vocabulary.terms import Period, Status, Verdict

NEUTRAL = "#5B6B82"
# No Plotly icon bar: its tooltips are English ("Zoom", "Pan", "Download plot as a PNG") and on a phone it covers
# the chart's title. Streamlit's own toolbar still offers full screen (in Danish, ui/danish_chrome.py).
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False, "locale": "da"}


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        plot_bgcolor="#FFFFFF",
        legend={"orientation": "h", "y": -0.15},
    )
    danish_figure(fig)
    # Draw the status pattern over the status colour; plotly's default "replace" left the bars white.
    for trace in fig.data:
        if trace.type == "bar" and trace.marker.pattern.shape:
            trace.marker.pattern.fillmode = "overlay"
    return fig


@built_once
def status_by_institution(goals: pd.DataFrame) -> go.Figure:
    """Stacked bars: goals per rolled-up status for each institution, each segment labelled with its count."""
    frame = goals.assign(status=goals["status"].fillna("Ikke indberettet"))
    counts = frame.groupby(["institution_code", "status"]).size().unstack(fill_value=0)
    fig = go.Figure()
    for status in (Status.RED, Status.YELLOW, Status.GREEN, "Ikke indberettet"):
        if status not in counts.columns:
            continue
        values = counts[status]
        # Named by the plain status: danish_figure gives it the shared colour, pattern and symbol.
        fig.add_bar(
            y=counts.index,
            x=values,
            orientation="h",
            name=status,
            text=[f"{style_for(status).symbol} {v}" if v else "" for v in values],
            textposition="inside",
            hovertemplate="%{y}: %{x} mål " + status.lower() + "<extra></extra>",
        )
    fig.update_layout(barmode="stack", xaxis={"title": "Antal mål", "dtick": 1})
    return _layout(fig, "Mål pr. status og institution", 80 + 45 * max(1, len(counts)))


@built_once
def economy_chart(economy: pd.DataFrame) -> go.Figure:
    """Deviation per institution against the plan's band (shaded); the verdict written on each bar."""
    frame = _per_quarter(economy).dropna(subset=["deviation"])
    unit = chart_text(frame["unit"].dropna().iloc[0]) if frame["unit"].notna().any() else ""  # from the plan
    limit = frame["limit"].dropna().iloc[0] if frame["limit"].notna().any() else None
    fig = go.Figure()
    if limit is not None:
        fig.add_hrect(y0=-limit, y1=limit, fillcolor="#DDEBF7", line_width=0, layer="below")
        for bound in (-limit, limit):
            fig.add_hline(y=bound, line={"color": NEUTRAL, "dash": "dash", "width": 1})
        fig.add_annotation(
            x=1, xref="paper", y=-limit, text=f"Grænse ±{format_limit(limit, unit)} {unit}", showarrow=False,
            yshift=-12, xanchor="right", font={"color": "#1F3A5F"},
        )  # fmt: skip
    fig.add_bar(
        x=frame["institution_code"],
        y=frame["deviation"],
        marker={"color": [STATUS_COLOURS.get(v, "#FFFFFF") for v in frame["computed_verdict"]],
                "line": {"color": "#1F2933", "width": 1}},
        text=[f"{format_number(d, 1)} {unit}<br>{verdict_badge(v, 'Ikke beregnet')}"
              for d, v in zip(frame["deviation"], frame["computed_verdict"], strict=True)],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{x}: afvigelse %{y:.1f} " + unit + "<extra></extra>",
        showlegend=False,
    )  # fmt: skip
    span = max([abs(v) for v in frame["deviation"]] + [limit or 0]) * 1.4 or 1
    spending = "basis" in frame and set(frame["basis"].dropna()) == {"forbrug"}
    axis, title = (
        (f"Afvigelse fra grundbudgettet ({unit})", "Afvigelse mellem faktisk forbrug og grundbudgettet, pr. kvartal")
        if spending
        else (f"Afvigelse fra aftalt resultat ({unit})", "Afvigelse mellem årets resultat og det aftalte resultat")
    )
    fig.update_layout(yaxis={"title": axis, "range": [-span, span], "zeroline": True, "zerolinecolor": "#000000"})
    return _layout(fig, title, 420)


def _per_quarter(economy: pd.DataFrame) -> pd.DataFrame:
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


@built_once
def alt_dumbbell(dims: pd.DataFrame) -> go.Figure:
    """ALT baseline → plan year per institution and dimension: a line from the old to the new score."""
    frame = dims.dropna(subset=["before", "after"], how="all").copy()
    frame["label"] = frame["institution_code"] + " · " + frame["dimension"]
    fig = go.Figure()
    # One trace per colour, its segments apart by None: a trace per institution and dimension (300 at 100
    # institutions) made the chart slow to build and to draw.
    for improved, colour in ((True, "#009E73"), (False, NEUTRAL)):
        rows = frame[frame["improved"] == True] if improved else frame[frame["improved"] != True]  # noqa: E712
        if rows.empty:
            continue
        xs, ys = [], []
        for row in rows.itertuples():
            xs += [row.before, row.after, None]
            ys += [row.label, row.label, None]
        fig.add_scatter(
            x=xs, y=ys, mode="lines", line={"color": colour, "width": 3}, showlegend=False, hoverinfo="skip",
        )  # fmt: skip
    baseline, year = int(frame["baseline_year"].iloc[0]), int(frame["year"].iloc[0])
    fig.add_scatter(
        x=frame["before"], y=frame["label"], mode="markers", name=f"ALT {baseline}",
        marker={"symbol": "circle-open", "size": 12, "color": NEUTRAL, "line": {"width": 2}},
        hovertemplate="%{y}: %{x} (" + str(baseline) + ")<extra></extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=frame["after"], y=frame["label"], mode="markers", name=f"ALT {year}",
        marker={"symbol": "diamond", "size": 12, "color": "#1F3A5F"},
        hovertemplate="%{y}: %{x} (" + str(year) + ")<extra></extra>",
    )  # fmt: skip
    # The verdict per dimension in words, right of whichever score lies further right, so it never hides a marker.
    fig.add_scatter(
        x=frame[["before", "after"]].max(axis=1), y=frame["label"], mode="text", showlegend=False, hoverinfo="skip",
        text=[_improved_word(i) for i in frame["improved"]],
        textposition="middle right",
    )  # fmt: skip
    high = frame[["before", "after"]].max().max()
    low = frame[["before", "after"]].min().min()
    fig.update_layout(
        xaxis={"title": "Score i ALT-evalueringen", "range": [low - 2, high + (high - low) * 0.35 + 2]},
        # Institutions and dimensions in the table's order, whichever trace names them first.
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": list(dict.fromkeys(frame["label"])),
        },
    )
    fig = _layout(fig, f"ALT-evalueringen {baseline} og {year}", 170 + 34 * len(frame))
    # The legend at the foot of the whole figure, under the axis title: placed relative to the plot, it sat on
    # the axis numbers when one institution made the plot short (a phone showed '75' under 'ALT 2024').
    fig.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom", "x": 0}, margin={"b": 90})
    return fig


@built_once
def fulfilment_lines(series: pd.DataFrame, value: str, title: str, axis: str) -> go.Figure:
    """One line per institution across year × period, and the koncern's (thicker, drawn first so the
    institutions' lines stay visible on it); the share in pct.

    The koncern line breaks where the set of institutions it counts changes (`segment`), and each piece says
    how many and which institutions it holds, so a fall is never just another institution coming in.
    """
    fig = go.Figure()
    koncern = series[series["institution_code"] == "Koncern"]
    segments = list(dict.fromkeys(koncern["segment"])) if "segment" in koncern else []
    for segment in segments:
        rows = koncern[koncern["segment"] == segment]
        n, codes = int(rows["n"].iloc[0]), rows["institutions"].iloc[0]
        name = "Koncernen i alt" if len(segments) == 1 else f"Koncernen i alt ({n} inst.: {_short(codes)})"
        fig.add_scatter(
            x=rows["when"], y=rows[value], mode="lines+markers+text", name=name,
            # Only the koncern's line carries its numbers: labels on every line would pile up.
            text=[format_number(v, 0) for v in rows[value]], textposition="top center",
            line={"width": 4, "color": "#000000"}, marker={"symbol": _SEGMENT_MARKERS[int(segment - 1) % 3]},
            hovertemplate="%{x}: %{y:.0f} pct.<extra>" + f"Koncernen, {n} inst.: {codes}" + "</extra>",
        )  # fmt: skip
    for code, rows in series[series["institution_code"] != "Koncern"].groupby("institution_code", sort=False):
        fig.add_scatter(
            x=rows["when"], y=rows[value], mode="lines+markers", name=rows["institution_name"].iloc[0],
            line={"width": 2}, hovertemplate="%{x}: %{y:.0f} pct.<extra>" + str(code) + "</extra>",
        )  # fmt: skip
    # Every point on the axis in time order, whichever line names it first.
    order = list(dict.fromkeys(series.sort_values(["year", "period"], key=_period_order)["when"]))
    # The legend also for a single line (the koncern alone), so the chart says whose line it is.
    fig.update_layout(
        yaxis={"title": axis, "range": [0, 110], "ticksuffix": " pct."},
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": order},
        showlegend=True,
    )
    # Taller for each line's legend entry: on a phone each takes a line of its own under the plot.
    fig = _layout(fig, title, 380 + 20 * len(fig.data))
    # Under the plot, at the foot of the whole figure: beside it, the legend took half a phone's width and squeezed
    # the plot to a sliver (issue 14); placed relative to the plot, it ran into the slanted year × period labels.
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0})
    return fig


def _improved_word(improved) -> str:
    """'▲ forbedret', '– ikke forbedret', or nothing where the ALT figures are missing (NULL, NA)."""
    if is_missing(improved):
        return ""
    return "  ▲ forbedret" if is_true(improved) else "  – ikke forbedret"


_SEGMENT_MARKERS = ("circle", "square", "diamond")


def _period_order(column: pd.Series) -> pd.Series:
    return column.map(lambda v: v == Period.YEAR_END) if column.name == "period" else column


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
