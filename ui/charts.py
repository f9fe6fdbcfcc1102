"""Plotly in Danish and readable for everyone: decimal comma, thousands point, status never by colour alone.

Use `danish_figure(fig)` on every figure before `st.plotly_chart`. Traces named after a status (Grøn/Gul/Rød) or a
verdict (Opfyldt/Delvist opfyldt/Ikke opfyldt), as plotly.express makes them with `color="Status"`, get the shared
palette, a fill pattern and a legend entry with symbol and word, so the chart can be read without seeing colour.
The palette is chosen to stay apart under protanopia, deuteranopia and tritanopia (see docs/ACCESSIBILITY.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from numbers import Number

from ui.plain_text import chart_text
from vocabulary.terms import Status, Verdict

FONT_FAMILY = "'IBM Plex Sans', system-ui, sans-serif"
TEXT_COLOUR = "#1F2933"  # 14.8:1 on white
GRID_COLOUR = "#D9DEE4"
# Series colours (e.g. one line per institution): each at least 4.9:1 on white, apart for colour-blind readers,
# and no plain green or red, which would read as a status.
SERIES_COLOURS: tuple[str, ...] = ("#0072B2", "#B3580B", "#7B3F98", "#117A8B", "#A0306E", "#5F6B7A", "#1F3A5F")
OUTLINE_COLOUR = "#1F2933"  # outlines bars so even the light yellow stands 3:1 apart from the white background


@dataclass(frozen=True)
class StatusStyle:
    """How one status looks everywhere: fill for charts, a text colour that meets 4.5:1 on white, symbol and word."""

    status: str
    fill: str
    text: str
    symbol: str
    pattern: str  # plotly marker pattern shape; a second cue besides colour

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.status}"


GREEN = StatusStyle(Status.GREEN, fill="#005F56", text="#005F56", symbol="✓", pattern="")
YELLOW = StatusStyle(Status.YELLOW, fill="#F2C12E", text="#7A5A00", symbol="!", pattern="/")
RED = StatusStyle(Status.RED, fill="#D9481C", text="#B23A12", symbol="✕", pattern="x")
MISSING = StatusStyle("Ikke indberettet", fill="#FFFFFF", text="#5F6B7A", symbol="–", pattern=".")

STATUS_STYLES: dict[str, StatusStyle] = {s.status: s for s in (GREEN, YELLOW, RED)}
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_STYLES)

# A verdict at year-end reads like a status: opfyldt is green, delvist opfyldt yellow, ikke opfyldt red.
VERDICT_STYLES: dict[str, StatusStyle] = {
    Verdict.MET: StatusStyle(Verdict.MET, GREEN.fill, GREEN.text, GREEN.symbol, GREEN.pattern),
    Verdict.PARTLY: StatusStyle(Verdict.PARTLY, YELLOW.fill, YELLOW.text, YELLOW.symbol, YELLOW.pattern),
    Verdict.NOT_MET: StatusStyle(Verdict.NOT_MET, RED.fill, RED.text, RED.symbol, RED.pattern),
}

# For plotly.express: color_discrete_map=STATUS_COLOURS, category_orders={"Status": list(STATUS_ORDER)}.
STATUS_COLOURS: dict[str, str] = {name: s.fill for name, s in {**STATUS_STYLES, **VERDICT_STYLES}.items()}
STATUS_COLOURS[MISSING.status] = MISSING.fill


def style_for(value: str | None) -> StatusStyle:
    """The style of a status or verdict; anything else (None, empty, unknown) counts as not reported."""
    if isinstance(value, str):
        key = value.strip().capitalize()
        if key in STATUS_STYLES:
            return STATUS_STYLES[key]
        if key in VERDICT_STYLES:
            return VERDICT_STYLES[key]
    return MISSING


def status_label(value: str | None) -> str:
    """'✓ Grøn', '! Gul', '✕ Rød', '✓ Opfyldt' … or '– Ikke indberettet'."""
    return style_for(value).label


def _axis_values(fig, axis_name: str) -> list:
    """All values plotted against one axis (layout name like 'xaxis2'), so its ticks can be formatted to fit them."""
    letter, suffix = axis_name[0], axis_name[len("xaxis") :]
    values: list = []
    for trace in fig.data:
        if not hasattr(trace, f"{letter}axis"):
            continue  # pie, table …: no cartesian axes
        if (getattr(trace, f"{letter}axis") or letter) != f"{letter}{suffix}":
            continue
        data = getattr(trace, letter, None)
        if data is not None:
            values.extend(list(data))
    return values


def _looks_like_years(values: list) -> bool:
    numbers = [v for v in values if isinstance(v, Number) and not isinstance(v, bool)]
    return (
        bool(numbers)
        and len(numbers) == len(values)
        and all(float(v).is_integer() and 1900 <= v <= 2100 for v in numbers)
    )


def _looks_like_dates(values: list) -> bool:
    return bool(values) and all(isinstance(v, (dt.date, dt.datetime)) or hasattr(v, "to_pydatetime") for v in values)


def _format_axis(fig, axis_name: str) -> None:
    axis = fig.layout[axis_name]
    values = _axis_values(fig, axis_name)
    # Streamlit's plotly theme draws tick labels and axis titles in a faded grey below 4.5:1; use the text colour.
    common = {
        "gridcolor": GRID_COLOUR,
        "linecolor": TEXT_COLOUR,
        "tickfont": {"color": TEXT_COLOUR},
        "title": {"font": {"color": TEXT_COLOUR}},
    }
    if axis.type == "date" or _looks_like_dates(values):
        # Numeric dates avoid English month names (plotly.js ships no Danish locale in Streamlit).
        axis.update(tickformat="%d.%m.%Y", hoverformat="%d.%m.%Y", **common)
    elif _looks_like_years(values):
        # A year is a label, not an amount: 2024, never 2.024 and never 2,02k.
        axis.update(tickformat="d", hoverformat="d", dtick=1, separatethousands=False, **common)
    elif axis.type in (None, "-", "linear") and any(isinstance(v, Number) for v in values):
        # 2.600 rather than 2.6k; the separators come from layout.separators.
        axis.update(exponentformat="none", separatethousands=True, **common)
    else:
        axis.update(**common)


def _style_status_traces(fig) -> None:
    for trace in fig.data:
        name = getattr(trace, "name", None)
        style = style_for(name)
        if style is MISSING and name != MISSING.status:
            continue  # not a status trace: leave its colours alone
        if trace.type == "bar":
            light_fill = style.fill in (YELLOW.fill, MISSING.fill)
            trace.update(
                marker_color=style.fill,
                marker_line_color=OUTLINE_COLOUR,
                marker_line_width=1,
                marker_pattern_shape=style.pattern,
                marker_pattern_fgcolor=OUTLINE_COLOUR if light_fill else "#FFFFFF",
            )
        elif trace.type in ("scatter", "scattergl"):
            trace.update(marker_color=style.fill, line_color=style.fill)
        trace.update(name=style.label, legendgroup=style.status)


def danish_figure(fig, *, height: int | None = None):
    """Apply Danish number formats, the app font, readable colours and the status palette; returns `fig`."""
    fig.update_layout(
        separators=",.",  # plotly reads this as: decimal comma, thousands point
        font={"family": FONT_FAMILY, "color": TEXT_COLOUR, "size": 14},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        legend={"title": {"text": ""}},
        colorway=list(SERIES_COLOURS),
        margin={"l": 8, "r": 8, "t": 48 if fig.layout.title.text else 16, "b": 8},
    )
    if height is not None:
        fig.update_layout(height=height)
    _style_status_traces(fig)
    cartesian = any(hasattr(trace, "xaxis") for trace in fig.data)
    axis_names = [k for k in fig.layout.to_plotly_json() if re.fullmatch(r"[xy]axis\d*", k)]
    for axis_name in axis_names or (["xaxis", "yaxis"] if cartesian else []):
        _format_axis(fig, axis_name)
    _escape_data_labels(fig, axis_names)
    return fig


def _escape_data_labels(fig, axis_names: list[str]) -> None:
    """Category labels and trace names come from plans (institution names and codes, ALT questions), and
    plotly draws a subset of HTML in them, links included: escaped, they show as typed (ui/plain_text.py).
    Runs last, as the status styling above matches trace names."""
    for trace in fig.data:
        if isinstance(getattr(trace, "name", None), str):
            trace.name = chart_text(trace.name)
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            if values is not None and any(isinstance(v, str) for v in values):
                trace[axis] = [chart_text(v) if isinstance(v, str) else v for v in values]
    for axis_name in axis_names:
        order = fig.layout[axis_name].categoryarray
        if order is not None:
            fig.layout[axis_name].categoryarray = [chart_text(v) if isinstance(v, str) else v for v in order]
