"""The one palette of Målstyring, readable for everyone: status never by colour alone.

Every status (Grøn/Gul/Rød) and verdict (Opfyldt/Delvist opfyldt/Ikke opfyldt) has a fill, a text colour, a
symbol and a hatch, used alike by the pages' tables and Plotly charts (ui/) and the Word/PDF charts
(maalstyring/documents/), so a chart or a cell can be read without seeing colour. It lives in vocabulary/, the
lowest layer, so every layer above can use it. The palette is chosen to stay apart under protanopia,
deuteranopia and tritanopia (see docs/ACCESSIBILITY.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from vocabulary.terms import Status, Verdict

FONT_FAMILY = "'IBM Plex Sans', system-ui, sans-serif"
TEXT_COLOUR = "#1F2933"  # 14.8:1 on white
GRID_COLOUR = "#D9DEE4"
# Series colours (e.g. one line per institution): each at least 4.9:1 on white, apart for colour-blind readers,
# and no plain green or red, which would read as a status.
SERIES_COLOURS: tuple[str, ...] = ("#0072B2", "#B3580B", "#7B3F98", "#117A8B", "#A0306E", "#5F6B7A", "#1F3A5F")
# A chart's highlighted lines (Udvikling: the institutions a leader picks), one colour each, never repeated: the
# series colours without the grey and the navy, which read as the background lines and the koncern's black line.
HIGHLIGHT_COLOURS: tuple[str, ...] = tuple(c for c in SERIES_COLOURS if c not in ("#5F6B7A", "#1F3A5F"))
KONCERN_COLOUR = TEXT_COLOUR  # the koncern's line: thick and black
BACKGROUND_LINE_COLOUR = "#B8C0C9"  # the institutions not highlighted: context, named in the hover and legend
OUTLINE_COLOUR = "#1F2933"  # outlines bars so even the light yellow stands 3:1 apart from the white background


@dataclass(frozen=True)
class StatusStyle:
    """How one status looks everywhere: fill for charts, a text colour that meets 4.5:1 on white, symbol and word."""

    status: str
    fill: str
    text: str
    symbol: str
    pattern: str  # the hatch, a second cue besides colour: '/' lines, 'x' cross-hatch, '.' dots (Plotly's shapes)

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

# The hatch in matplotlib's notation (doubled: denser lines) for the documents' charts.
MATPLOTLIB_HATCH: dict[str, str] = {"": "", "/": "//", "x": "xx", ".": ".."}

# Fill by status or verdict name.
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
