"""Static charts for the leadership pack, drawn by matplotlib offline (no browser, no network).

Colours, symbols and hatches are the app's one palette (vocabulary/palette.py), so status is never by colour alone:
each bar has a hatch and the legend says symbol and word; every bar carries its count.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server; must come before pyplot

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from maalstyring.dashboard import NOT_REPORTED
from vocabulary.formatting import format_number
from vocabulary.palette import MATPLOTLIB_HATCH, MISSING, OUTLINE_COLOUR, STATUS_STYLES, TEXT_COLOUR
from vocabulary.terms import Status

# (fill, hatch, legend label) per status, as the app's charts draw them (vocabulary/palette.py).
STATUS_LOOK = {
    **{name: (s.fill, MATPLOTLIB_HATCH[s.pattern], s.label) for name, s in STATUS_STYLES.items()},
    NOT_REPORTED: (MISSING.fill, MATPLOTLIB_HATCH[MISSING.pattern], MISSING.label),
}
DARK_FILLS = (Status.GREEN, Status.RED)  # white numbers on these fills
TEXT = TEXT_COLOUR
OUTLINE = OUTLINE_COLOUR
plt.rcParams.update(
    {"font.family": ["Liberation Sans", "DejaVu Sans"], "font.size": 9, "axes.edgecolor": "#9AA5B1",
     "axes.labelcolor": TEXT, "xtick.color": TEXT, "ytick.color": TEXT, "hatch.linewidth": 0.6}
)  # fmt: skip


def status_bars(rows: list[tuple[str, dict[str, int]]], title: str, unit: str) -> bytes:
    """Horizontal stacked bars: one bar per label (institution or shared goal), goals/institutions by status."""
    labels = [label for label, _ in rows][::-1]
    counts = [count for _, count in rows][::-1]
    fig, ax = plt.subplots(figsize=(9.5, 0.5 + 0.42 * max(len(rows), 2)), dpi=200)
    left = [0] * len(rows)
    for status, (fill, hatch, legend) in STATUS_LOOK.items():
        values = [count.get(status, 0) for count in counts]
        bars = ax.barh(labels, values, left=left, color=fill, hatch=hatch, edgecolor=OUTLINE, linewidth=0.6,
                       label=legend, height=0.62)  # fmt: skip
        for bar, value in zip(bars, values, strict=True):
            if value:
                dark = status in DARK_FILLS
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(value),
                        ha="center", va="center", fontsize=8.5, fontweight="bold",
                        color="white" if dark else TEXT,
                        bbox=None if dark else {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})  # fmt: skip
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel(unit)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v)))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, loc="left", fontsize=10.5, fontweight="bold", color=TEXT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(ncols=4, loc="upper left", bbox_to_anchor=(0, -0.18 if len(rows) > 3 else -0.3), frameon=False,
              fontsize=8.5)  # fmt: skip
    return _png(fig)


def economy_bars(rows: list[tuple[str, float, float | None]], title: str) -> bytes:
    """Økonomisk styring: each institution's deviation from its grundbudget (mio. kr.) against the plan's limit."""
    labels = [label for label, _, _ in rows][::-1]
    values = [value for _, value, _ in rows][::-1]
    fig, ax = plt.subplots(figsize=(9.5, 0.6 + 0.45 * max(len(rows), 2)), dpi=200)
    bars = ax.barh(labels, values, color="#0072B2", edgecolor=OUTLINE, linewidth=0.6, height=0.55)
    for bar, value in zip(bars, values, strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {format_number(value, 1)} ",
                ha="left" if value >= 0 else "right", va="center", fontsize=8.5, color=TEXT)  # fmt: skip
    limits = {limit for _, _, limit in rows if limit is not None}
    for limit in limits:
        for edge in (-limit, limit):
            ax.axvline(edge, color="#B23A12", linestyle="--", linewidth=1)
        ax.text(limit, len(rows) - 0.45, f" grænse ±{format_number(limit, 1)}", color="#B23A12", fontsize=8)
    ax.axvline(0, color=OUTLINE, linewidth=0.8)
    ax.set_xlabel("Afvigelse fra grundbudgettet, mio. kr.")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 1)))
    ax.set_title(title, loc="left", fontsize=10.5, fontweight="bold", color=TEXT)
    ax.spines[["top", "right"]].set_visible(False)
    span = max([abs(v) for v in values] + [*limits, 1]) * 1.25
    ax.set_xlim(-span, span)
    return _png(fig)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
