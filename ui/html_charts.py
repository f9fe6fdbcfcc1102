"""The leadership pages' bar charts as plain HTML rows: frames in, an HTML string out (for
ui.dashboard_figures.show_chart).

Why not Plotly: a fresh page load spent 0,2–0,5 s in Chromium loading and running the 4,7 MB Plotly bundle
(issue 14, docs/BENCHMARKS.md). A row of <span>s with widths in per cent costs next to nothing, wraps on a phone,
can be read by a screen reader and writes its values out. The SVG line chart is ui/line_chart.py.

Every text from data (institution codes, dimension names, the plan's unit) goes through `escape`; the only markup
is written here. Colours and hatches are classes (ui/charts.css); a status or verdict is always a symbol and a
word as well, never a colour alone.
"""

from __future__ import annotations

import pandas as pd

from maalstyring.rules import format_limit
from ui.tables import escape
from vocabulary.formatting import format_number, is_missing, is_true
from vocabulary.palette import MISSING, StatusStyle, style_for
from vocabulary.terms import Status, Verdict

FIGURE_CLASS = "ms-chart"  # ui/danish_chrome.py leaves everything inside alone: it holds workbook text

# The CSS class of each status's and verdict's fill and hatch (ui/charts.css).
_FILL_CLASS = {Status.GREEN: "ms-green", Status.YELLOW: "ms-yellow", Status.RED: "ms-red", MISSING.status: "ms-none"}
_FILL_CLASS |= {Verdict.MET: "ms-green", Verdict.PARTLY: "ms-yellow", Verdict.NOT_MET: "ms-red"}
# "3 mål røde", "1 mål rødt": the status as an adjective after a count (mål is neuter).
_PLURAL = {Status.RED: "røde", Status.YELLOW: "gule", Status.GREEN: "grønne", MISSING.status: "ikke indberettet"}
_SINGULAR = {Status.RED: "rødt", Status.YELLOW: "gult", Status.GREEN: "grønt", MISSING.status: "ikke indberettet"}


def _counted(count: int, status: str) -> str:
    return f"{count} mål {(_SINGULAR if count == 1 else _PLURAL)[status]}"


def figure(caption: str, body: str, *, extra_class: str = "", label: str = "") -> str:
    """A chart's frame: <figure class="ms-chart"> with its title as <figcaption>; `caption` is escaped here,
    `body` is markup written by this module or ui/line_chart.py (its data already escaped)."""
    classes = f"{FIGURE_CLASS} {extra_class}".strip()
    aria = f' aria-label="{escape(label)}"' if label else ""
    return f'<figure class="{classes}"{aria}><figcaption>{escape(caption)}</figcaption>{body}</figure>'


def legend(items: list[tuple[str, str]]) -> str:
    """A legend of (swatch markup, escaped text) pairs: the swatch is decoration, the text says it all."""
    entries = "".join(f'<li><span aria-hidden="true">{swatch}</span>{text}</li>' for swatch, text in items)
    return f'<ul class="ms-legend">{entries}</ul>'


def swatch(style: StatusStyle) -> str:
    return f'<span class="ms-swatch {_FILL_CLASS[style.status]}"></span>'


def _pct(value: float) -> str:
    """A CSS percentage, short and with a decimal point (CSS is not Danish)."""
    return f"{max(0.0, min(100.0, value)):.2f}%"


# --- 1. Goals per status and institution (Koncernoverblik) ------------------------------------------------

_STATUS_ORDER = (Status.RED, Status.YELLOW, Status.GREEN, MISSING.status)
# A segment this wide (per cent of the longest bar) has room for "✕ 12" on a phone; narrower ones only from
# about 600 px of chart width (ui/charts.css hides their count below that), and under 7 % never: the title says it.
_ROOM_ON_PHONE, _ROOM_WIDE = 14.0, 7.0


def status_bars(goals: pd.DataFrame) -> str:
    """Per institution (by code) one bar of its goals by rolled-up status (red, yellow, green, not reported),
    widths in per cent of the largest total, the total written at the end."""
    frame = goals.assign(status=goals["status"].where(goals["status"].isin(_STATUS_ORDER[:3]), MISSING.status))
    counts = frame.groupby(["institution_code", "status"]).size().unstack(fill_value=0)  # by code, A to Z
    largest = max(1, int(counts.sum(axis=1).max())) if len(counts) else 1
    rows = []
    for code, row in counts.iterrows():
        name = escape(code)
        total = int(row.sum())
        segments = []
        for status in _STATUS_ORDER:
            count = int(row.get(status, 0))
            if not count:
                continue
            style = style_for(status)
            width = count / largest * 100
            room = "" if width >= _ROOM_ON_PHONE else " ms-wide-only" if width >= _ROOM_WIDE else " ms-no-room"
            tip = f"{name}: {_counted(count, status)}"
            segments.append(
                f'<span class="ms-seg {_FILL_CLASS[status]}{room}" style="width:{_pct(width)}" title="{tip}">'
                f'<span class="ms-count" aria-hidden="true">{style.symbol} {count}</span>'
                f'<span class="ms-sr">{_counted(count, status)},</span></span>'
            )
        rows.append(
            f'<div class="ms-row"><span class="ms-label">{name}</span>'
            f'<span class="ms-track">{"".join(segments)}</span>'
            f'<span class="ms-total">{format_number(total)} mål</span></div>'
        )
    keys = legend([(swatch(style_for(s)), escape(style_for(s).label)) for s in _STATUS_ORDER])
    body = keys + f'<div class="ms-rows ms-status">{"".join(rows)}</div>'
    return figure("Mål pr. status og institution", body)


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


def economy_bars(economy: pd.DataFrame) -> str:
    """Deviation per institution (or quarter) as a horizontal bar from a centre line at 0, the plan's band
    ±limit shaded behind it, the bar filled by the computed verdict, and value and verdict written beside it."""
    frame = per_quarter(economy).dropna(subset=["deviation"])
    unit = str(frame["unit"].dropna().iloc[0]) if frame["unit"].notna().any() else ""  # from the plan
    limit = float(frame["limit"].dropna().iloc[0]) if frame["limit"].notna().any() else None
    span = max([abs(float(v)) for v in frame["deviation"]] + [limit or 0.0]) * 1.15 or 1.0
    spending = "basis" in frame and set(frame["basis"].dropna()) == {"forbrug"}
    axis, title = (
        (f"Afvigelse fra grundbudgettet ({unit})", "Afvigelse mellem faktisk forbrug og grundbudgettet, pr. kvartal")
        if spending
        else (f"Afvigelse fra aftalt resultat ({unit})", "Afvigelse mellem årets resultat og det aftalte resultat")
    )
    unit_text = escape(unit)
    band = ""
    if limit is not None:
        left, width = _pct(50 - limit / span * 50), _pct(limit / span * 100)
        band = f'<span class="ms-band" style="left:{left};width:{width}"></span>'
    rows = []
    for code, deviation, verdict in zip(frame["institution_code"], frame["deviation"], frame["computed_verdict"],
                                        strict=True):  # fmt: skip
        style = style_for(verdict)
        word = style.label if style is not MISSING else f"{MISSING.symbol} Ikke beregnet"
        value = f"{format_number(float(deviation), 1)} {unit_text}".strip()
        start = 50 + min(0.0, float(deviation)) / span * 50
        width = abs(float(deviation)) / span * 50
        fill = _FILL_CLASS[style.status]
        rows.append(
            f'<div class="ms-row"><span class="ms-label">{escape(code)}</span>'
            f'<span class="ms-track ms-diverging">{band}<span class="ms-zero"></span>'
            f'<span class="ms-bar {fill}" style="left:{_pct(start)};width:{_pct(width)}" '
            f'title="{escape(code)}: afvigelse {value} · {escape(word)}"></span></span>'
            f'<span class="ms-value">{value} · {escape(word)}</span></div>'
        )
    scale = _scale(-span, span)  # the unit is in the axis title under it
    keys = []
    if limit is not None:
        keys.append(('<span class="ms-swatch ms-band-key"></span>', f"Grænse ±{format_limit(limit, unit)} {unit_text}"))
    keys += [(swatch(s), escape(s.label)) for s in (style_for(v) for v in Verdict)]
    body = (
        legend(keys)
        + f'<div class="ms-rows ms-economy">{"".join(rows)}{scale}</div>'
        + f'<p class="ms-axis">{escape(axis)}</p>'
    )
    return figure(title, body)


def _scale(low: float, high: float, decimals: int = 1) -> str:
    """The axis under a track: its two ends and its middle, in Danish numbers."""
    middle = (low + high) / 2
    ticks = "".join(
        f'<span class="ms-tick" style="left:{_pct(p)}">{format_number(v, decimals)}</span>'
        for p, v in ((0, low), (50, middle), (100, high))
    )
    return (
        '<div class="ms-row ms-scale" aria-hidden="true"><span class="ms-label"></span>'
        f'<span class="ms-track">{ticks}</span><span class="ms-value"></span></div>'
    )


# --- 3. ALT baseline → plan year (Koncernfælles mål) ----------------------------------------------------------


def alt_tracks(dims: pd.DataFrame) -> str:
    """Per institution · dimension a track from the baseline score (open circle) to the plan year's (filled
    diamond), green when improved, grey otherwise, the two scores and the word written beside it."""
    frame = dims.dropna(subset=["before", "after"], how="all")
    baseline, year = int(frame["baseline_year"].iloc[0]), int(frame["year"].iloc[0])
    scores = pd.concat([frame["before"], frame["after"]]).dropna().astype(float)
    low, high = float(scores.min()) - 2, float(scores.max()) + 2

    def at(value: float) -> float:
        return (float(value) - low) / (high - low) * 100

    rows = []
    for r in frame.itertuples():
        label = f"{escape(r.institution_code)} · {escape(r.dimension)}"
        improved = None if is_missing(r.improved) else is_true(r.improved)
        word = "" if improved is None else "▲ forbedret" if improved else "– ikke forbedret"
        before, after = _score(r.before), _score(r.after)
        marks = ""
        if not is_missing(r.before) and not is_missing(r.after):
            left, right = sorted((at(r.before), at(r.after)))
            kind = "ms-improved" if improved else "ms-flat"
            marks += f'<span class="ms-link {kind}" style="left:{_pct(left)};width:{_pct(right - left)}"></span>'
        for value, mark, when in ((r.before, "ms-before", baseline), (r.after, "ms-after", year)):
            if not is_missing(value):
                tip = f"{label}: {_score(value)} ({when})"
                marks += f'<span class="ms-mark {mark}" style="left:{_pct(at(value))}" title="{tip}"></span>'
        text = f"{before} → {after}" + (f" · {word}" if word else "")
        rows.append(
            f'<div class="ms-row"><span class="ms-label">{label}</span>'
            f'<span class="ms-track ms-dumbbell">{marks}</span><span class="ms-value">{text}</span></div>'
        )
    keys = legend([
        ('<span class="ms-mark-key ms-before"></span>', f"ALT {baseline}"),
        ('<span class="ms-mark-key ms-after"></span>', f"ALT {year}"),
        ('<span class="ms-line-key ms-improved"></span>', "▲ forbedret"),
        ('<span class="ms-line-key ms-flat"></span>', "– ikke forbedret"),
    ])  # fmt: skip
    body = (
        keys
        + f'<div class="ms-rows ms-alt">{"".join(rows)}{_scale(low, high, 0)}</div>'
        + '<p class="ms-axis">Score i ALT-evalueringen</p>'
    )
    return figure(f"ALT-evalueringen {baseline} og {year}", body)


def _score(value) -> str:
    return "mangler" if is_missing(value) else format_number(float(value))
