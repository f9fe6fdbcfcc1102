"""The Word document's picture of a model Chart, drawn by matplotlib offline (the PDF draws the same chart natively
in Typst, document.typ).

Colours, symbols and hatches are the app's one palette (vocabulary/palette.py), so status is never by colour alone:
each bar has a hatch, the legend says symbol and word, every bar carries its number, and the chart's alt text says
it all in words.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server; must come before pyplot

import matplotlib.pyplot as plt
from matplotlib.font_manager import fontManager
from matplotlib.ticker import FuncFormatter, MaxNLocator

from maalstyring.documents.model import Chart
from maalstyring.documents.typography import number
from vocabulary.palette import MATPLOTLIB_HATCH, OUTLINE_COLOUR, TEXT_COLOUR, style_for
from vocabulary.terms import Status, Verdict

DEVIATION_FILL = "#0072B2"  # a series colour, not a status: the deviation's verdict is in the table beside it
LIMIT_COLOUR = "#B23A12"
DARK_FILLS = (Status.GREEN, Status.RED, Verdict.MET, Verdict.NOT_MET)  # white numbers on these fills
_FONTS = __import__("pathlib").Path(__file__).parent / "fonts"
for _font in sorted(_FONTS.glob("*.ttf")):
    fontManager.addfont(str(_font))
plt.rcParams.update(
    {"font.family": ["IBM Plex Sans", "DejaVu Sans"], "font.size": 9, "axes.edgecolor": "#9AA5B1",
     "axes.labelcolor": TEXT_COLOUR, "xtick.color": TEXT_COLOUR, "ytick.color": TEXT_COLOUR,
     "hatch.linewidth": 0.6}
)  # fmt: skip


def png(chart: Chart) -> bytes:
    return _stacked(chart) if chart.style == "stacked" else _deviation(chart)


def _stacked(chart: Chart) -> bytes:
    labels = [bar.label for bar in chart.bars][::-1]
    tones = list(dict.fromkeys(tone for bar in chart.bars for tone, _, _ in bar.segments))
    fig, ax = plt.subplots(figsize=(9.5, 0.5 + 0.42 * max(len(labels), 2)), dpi=160)
    left = [0.0] * len(labels)
    for tone in tones:
        style = style_for(tone)
        values = [dict((t, v) for t, v, _ in bar.segments).get(tone, 0) for bar in chart.bars][::-1]
        legend = style.label.replace("✕", "×")  # IBM Plex Sans has no ✕
        bars = ax.barh(labels, values, left=left, color=style.fill, hatch=MATPLOTLIB_HATCH[style.pattern],
                       edgecolor=OUTLINE_COLOUR, linewidth=0.6, label=legend, height=0.62)  # fmt: skip
        for bar, value in zip(bars, values, strict=True):
            if value:
                dark = tone in DARK_FILLS
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, number(value),
                        ha="center", va="center", fontsize=8.5, fontweight="bold",
                        color="white" if dark else TEXT_COLOUR,
                        bbox=None if dark else {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})  # fmt: skip
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel(chart.axis)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    locator = ax.xaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # matplotlib's default AutoLocator is one
        locator.set_params(integer=True)
    ax.set_title(chart.title, loc="left", fontsize=10.5, fontweight="bold", color=TEXT_COLOUR)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(ncols=4, loc="upper left", bbox_to_anchor=(0, -0.18 if len(labels) > 3 else -0.3), frameon=False,
              fontsize=8.5)  # fmt: skip
    return _png(fig)


def _deviation(chart: Chart) -> bytes:
    labels = [bar.label for bar in chart.bars][::-1]
    values = [bar.segments[0][1] for bar in chart.bars][::-1]
    shown = [bar.segments[0][2] for bar in chart.bars][::-1]
    fig, ax = plt.subplots(figsize=(9.5, 0.6 + 0.45 * max(len(labels), 2)), dpi=160)
    bars = ax.barh(labels, values, color=DEVIATION_FILL, edgecolor=OUTLINE_COLOUR, linewidth=0.6, height=0.55)
    for bar, value, text in zip(bars, values, shown, strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {text} ",
                ha="left" if value >= 0 else "right", va="center", fontsize=8.5, color=TEXT_COLOUR)  # fmt: skip
    if chart.limit is not None:
        for edge in (-chart.limit, chart.limit):
            ax.axvline(edge, color=LIMIT_COLOUR, linestyle="--", linewidth=1)
        ax.text(chart.limit, len(labels) - 0.45, f" grænse ±{chart.limit_text}", color=LIMIT_COLOUR, fontsize=8)
    ax.axvline(0, color=OUTLINE_COLOUR, linewidth=0.8)
    ax.set_xlabel(chart.axis)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, 1)))
    ax.set_title(chart.title, loc="left", fontsize=10.5, fontweight="bold", color=TEXT_COLOUR)
    ax.spines[["top", "right"]].set_visible(False)
    span = max([abs(v) for v in values] + [chart.limit or 0, 1]) * 1.3
    ax.set_xlim(-span, span)
    return _png(fig)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
