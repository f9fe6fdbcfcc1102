"""Udvikling's line chart, drawn on the server: frames in, HTML out (shown by ui.dashboard_figures.show_chart).

st.html passes its HTML through DOMPurify with the HTML profile only, which removes an inline <svg> with all it
holds (checked in Chromium). An <img> with the SVG as a data: URL passes, so the lines are an SVG image, and what
an image cannot do is HTML around it: the title and legend under it, an `alt` that summarises the chart, and a
transparent spot over every point whose `title` gives the hover details. No text from a plan goes into the SVG:
institution names and codes are only in the (escaped) legend and titles.

Two drawings of the same lines: a wide one, and a narrow one for phones (ui/charts.css picks by the chart's
width), so the axis labels are never drawn below about 11 px on screen and the page never scrolls sideways.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape as xml

import pandas as pd

from ui.html_charts import figure, legend
from ui.tables import escape
from vocabulary.formatting import format_number, is_missing
from vocabulary.palette import FONT_FAMILY, GRID_COLOUR, SERIES_COLOURS, TEXT_COLOUR
from vocabulary.terms import Period

KONCERN = "Koncern"
MARKERS = ("circle", "square", "triangle", "diamond", "plus")
_MARKER_GLYPH = {"circle": "●", "square": "■", "triangle": "▲", "diamond": "◆", "plus": "✚"}
_SEGMENT_MARKERS = ("circle", "square", "diamond")  # the koncern's pieces, told apart also without colour
Y_TOP = 110  # room above 100 pct. for the koncern's numbers


@dataclass(frozen=True)
class Drawing:
    """One drawing's size in SVG units; the image is scaled to the chart's width, so `font` is its text size
    on screen at `width` pixels (ui/charts.css shows the wide drawing from 600 px: never below 0,75 × font)."""

    name: str
    width: int
    font: int
    plot_height: int


WIDE = Drawing("ms-wide", 800, 15, 280)
NARROW = Drawing("ms-narrow", 360, 12, 220)


@dataclass(frozen=True)
class Line:
    name: str  # as shown in the legend and titles, not yet escaped
    points: list[tuple[int, float | None]]  # (index on the x axis, value)
    colour: str
    marker: str
    koncern: bool
    tip: str  # who, for the hover text


def fulfilment_lines(series: pd.DataFrame, value: str, title: str, axis: str) -> str:
    """One line per institution across year × period, and the koncern's (thick and black, its numbers
    written, drawn first so the institutions' lines stay visible on it); the share in pct.

    The koncern line breaks where the set of institutions it counts changes (`segment`), and each piece says
    how many and which institutions it holds, so a fall is never just another institution coming in.
    """
    when = list(dict.fromkeys(series.sort_values(["year", "period"], key=_period_order)["when"]))
    position = {w: i for i, w in enumerate(when)}
    lines = _lines(series, value, position)
    labels = [_axis_label(series, w) for w in when]
    drawings = "".join(_drawing(d, lines, labels, when) for d in (WIDE, NARROW))
    keys = legend(
        [(f'<span class="ms-key{" ms-koncern" if line.koncern else ""}" style="color:{line.colour}">'
          f"—{_MARKER_GLYPH[line.marker]}—</span>", escape(line.name)) for line in lines]
    )  # fmt: skip
    body = f'<p class="ms-axis">{escape(axis)}, pct.</p>{drawings}{keys}'
    return figure(title, body, extra_class="ms-lines")


def _lines(series: pd.DataFrame, value: str, position: dict[str, int]) -> list[Line]:
    lines = []
    koncern = series[series["institution_code"] == KONCERN]
    segments = list(dict.fromkeys(koncern["segment"])) if "segment" in koncern else []
    for segment in segments:
        rows = koncern[koncern["segment"] == segment]
        n, codes = int(rows["n"].iloc[0]), str(rows["institutions"].iloc[0])
        name = "Koncernen i alt" if len(segments) == 1 else f"Koncernen i alt ({n} inst.: {_short(codes)})"
        marker = _SEGMENT_MARKERS[int(segment - 1) % len(_SEGMENT_MARKERS)]
        lines.append(
            Line(name, _points(rows, value, position), "#000000", marker, True, f"Koncernen, {n} inst.: {codes}")
        )
    others = series[series["institution_code"] != KONCERN]
    for i, (code, rows) in enumerate(others.groupby("institution_code", sort=False)):
        name = str(rows["institution_name"].iloc[0])
        colour, marker = SERIES_COLOURS[i % len(SERIES_COLOURS)], MARKERS[i % len(MARKERS)]
        lines.append(Line(name, _points(rows, value, position), colour, marker, False, f"{name} ({code})"))
    return lines


def _points(rows: pd.DataFrame, value: str, position: dict[str, int]) -> list[tuple[int, float | None]]:
    points = [
        (position[w], None if is_missing(v) else float(v)) for w, v in zip(rows["when"], rows[value], strict=True)
    ]
    return sorted(points)


def _axis_label(series: pd.DataFrame, when: str) -> tuple[str, str]:
    row = series[series["when"] == when].iloc[0]
    return str(int(row["year"])), str(row["period"])


def _drawing(d: Drawing, lines: list[Line], labels: list[tuple[str, str]], when: list[str]) -> str:
    """One SVG image of every line, and over it a transparent spot per point with its hover title."""
    top = round(d.font * 1.6)
    xs, axis_text, bottom = _x_axis(d, labels, top + d.plot_height)
    height = top + d.plot_height + bottom

    def y(v: float) -> float:
        return top + d.plot_height * (1 - v / Y_TOP)

    svg = [f'<rect width="{d.width}" height="{height}" fill="#FFFFFF"/>']
    for tick in (0, 25, 50, 75, 100):
        svg.append(f'<line x1="{xs[0] - d.font:.1f}" x2="{xs[-1] + d.font:.1f}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                   f'stroke="{TEXT_COLOUR if tick == 0 else GRID_COLOUR}" stroke-width="1"/>')  # fmt: skip
        svg.append(f'<text x="{xs[0] - d.font * 1.3:.1f}" y="{y(tick) + d.font * 0.35:.1f}" '
                   f'text-anchor="end">{tick}</text>')  # fmt: skip
    spots = []
    for line in lines:
        width = 4 if line.koncern else 2
        for run in _runs(line.points):
            coords = " ".join(f"{xs[i]:.1f},{y(v):.1f}" for i, v in run)
            svg.append(f'<polyline points="{coords}" fill="none" stroke="{line.colour}" stroke-width="{width}" '
                       'stroke-linejoin="round"/>')  # fmt: skip
        size = d.font * (0.42 if line.koncern else 0.34)
        for i, v in line.points:
            if v is None:
                continue
            svg.append(_marker(line.marker, xs[i], y(v), size, line.colour))
            tip = f"{line.tip} · {when[i]}: {format_number(v, 0)} pct."
            spots.append(f'<span class="ms-spot" style="left:{xs[i] / d.width * 100:.2f}%;'
                         f'top:{y(v) / height * 100:.2f}%" title="{escape(tip)}"></span>')  # fmt: skip
    # The koncern's numbers, on top of every line: above each point, or where the points stand closer than a
    # number is wide (a phone, ten years), above and below by turns so that no two run together.
    crowded = len(xs) > 1 and xs[1] - xs[0] < d.font * 0.56 * 3 + 4
    for line in (line for line in lines if line.koncern):
        for i, v in line.points:
            if v is not None:
                at = y(v) + d.font * 1.45 if crowded and i % 2 else y(v) - d.font * 0.75
                svg.append(f'<text class="k" x="{xs[i]:.1f}" y="{at:.1f}" '
                           f'text-anchor="middle">{format_number(v, 0)}</text>')  # fmt: skip
    svg.append(axis_text)
    image = _svg_image(d, height, "".join(svg))
    return (f'<div class="ms-drawing {d.name}"><div class="ms-plot" style="aspect-ratio:{d.width}/{height}">'
            f'<img alt="{escape(_summary(lines, when))}" src="{image}">{"".join(spots)}</div></div>')  # fmt: skip


def _x_axis(d: Drawing, labels: list[tuple[str, str]], base: float) -> tuple[list[float], str, int]:
    """Where each point sits, and the year × period labels under them: two lines side by side where they fit,
    else slanted; on a narrow drawing with many points only each year's first. The margins make room for the
    outermost labels. Returns (x of each point, the labels' svg, the height they take)."""
    n, char = len(labels), d.font * 0.56
    shown = list(enumerate(labels))
    if d is NARROW and n > 8:
        seen: set[str] = set()
        shown = [(i, (year, "")) for i, (year, _) in shown if not (year in seen or seen.add(year))]
    widest = max(max(len(a), len(b)) * char for _, (a, b) in shown)
    longest = max(len(f"{a} {b}".strip()) for _, (a, b) in shown) * char
    y_labels = d.font * 3.2  # room for "100" left of the plot

    def positions(left: float, right: float) -> list[float]:
        if n == 1:
            return [(left + d.width - right) / 2]
        return [left + i * (d.width - left - right) / (n - 1) for i in range(n)]

    xs = positions(max(y_labels, widest / 2 + 4), max(d.font, widest / 2 + 4))
    room = (xs[-1] - xs[0]) / max(1, len(shown) - 1) if len(shown) > 1 else d.width
    if widest <= room * 0.95:
        parts = [
            f'<text x="{xs[i]:.1f}" y="{base + d.font * 1.4:.1f}" text-anchor="middle">{xml(year)}'
            + (f'<tspan x="{xs[i]:.1f}" dy="{d.font * 1.2:.1f}">{xml(period)}</tspan>' if period else "")
            + "</text>"
            for i, (year, period) in shown
        ]
        return xs, "".join(parts), round(d.font * (3.2 if any(p for _, (_, p) in shown) else 2.0))
    xs = positions(max(y_labels, longest * 0.77 + 4), d.font * 1.5)
    parts = []
    for i, (year, period) in shown:
        x, yy = xs[i] + d.font * 0.3, base + d.font * 1.0
        parts.append(f'<text x="{x:.1f}" y="{yy:.1f}" text-anchor="end" transform="rotate(-40 {x:.1f} {yy:.1f})">'
                     f"{xml(f'{year} {period}'.strip())}</text>")  # fmt: skip
    return xs, "".join(parts), round(longest * 0.65 + d.font * 1.6)


def _runs(points: list[tuple[int, float | None]]) -> list[list[tuple[int, float]]]:
    """The stretches of a line without a gap: a missing value breaks it rather than joining over it."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in points:
        if v is None:
            runs.append([])
        else:
            runs[-1].append((i, v))
    return [run for run in runs if len(run) > 1]


def _marker(shape: str, x: float, y: float, r: float, colour: str) -> str:
    fill = f'fill="{colour}" stroke="#FFFFFF" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {fill}/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" {fill}/>'
    corners = {
        "triangle": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "plus": [(-0.4, -1.2), (0.4, -1.2), (0.4, -0.4), (1.2, -0.4), (1.2, 0.4), (0.4, 0.4), (0.4, 1.2),
                 (-0.4, 1.2), (-0.4, 0.4), (-1.2, 0.4), (-1.2, -0.4), (-0.4, -0.4)],
    }[shape]  # fmt: skip
    points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)
    return f'<polygon points="{points}" {fill}/>'


def _svg_image(d: Drawing, height: int, content: str) -> str:
    style = (f"text{{font-family:{FONT_FAMILY};font-size:{d.font}px;fill:{TEXT_COLOUR}}}"
             f".k{{font-weight:600;fill:#000000;paint-order:stroke;stroke:#FFFFFF;stroke-width:3px}}")  # fmt: skip
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {d.width} {height}" '
           f'width="{d.width}" height="{height}"><style>{xml(style, quote=False)}</style>{content}</svg>')  # fmt: skip
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _summary(lines: list[Line], when: list[str]) -> str:
    """The image's text alternative: what is drawn, and the koncern's first and last figure."""
    institutions = sum(1 for line in lines if not line.koncern)
    who = "koncernen i alt" + (f" og {institutions} institutioner" if institutions else "")
    span = f"{when[0]} til {when[-1]}" if len(when) > 1 else when[0]
    text = f"Linjediagram for {who}, {span}."
    koncern = [(i, v) for line in lines if line.koncern for i, v in line.points if v is not None]
    if koncern:
        (first_i, first), (last_i, last) = koncern[0], koncern[-1]
        text += (f" Koncernen i alt: {format_number(first, 0)} pct. i {when[first_i]}"
                 f", {format_number(last, 0)} pct. i {when[last_i]}.")  # fmt: skip
    return text + " Alle tal står i tabellen Tallene bag."


def _period_order(column: pd.Series) -> pd.Series:
    return column.map(lambda v: v == Period.YEAR_END) if column.name == "period" else column


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
