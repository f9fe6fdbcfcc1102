"""Status and verdict badges in tables: symbol and word beside the colour, never colour alone.

Symbols and words come from vocabulary.palette (one look for charts and tables). The large leadership tables show the
badges as plain text (see `styled`); the small Indberetningsstatus tables still tint a cell with the status
colour and dark text (`cell_style`), which keeps well above 4,5:1 contrast; the word carries the meaning.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maalstyring.reading.verdict_model import flagged
from vocabulary.formatting import is_true
from vocabulary.palette import MISSING, STATUS_STYLES, TEXT_COLOUR, VERDICT_STYLES, status_label
from vocabulary.terms import Status, Verdict
from vocabulary.wording import NOT_REPORTED

STATUS_SYMBOL = {**{k: v.symbol for k, v in STATUS_STYLES.items()}, NOT_REPORTED: MISSING.symbol}
VERDICT_SYMBOL = {k: v.symbol for k, v in VERDICT_STYLES.items()}
_TINT = {Status.GREEN: "#C4E3DF", Status.YELLOW: "#FBE7A6", Status.RED: "#F6C9B9", NOT_REPORTED: "#F1F3F5"}
STATUS_COLOUR = dict(_TINT)
VERDICT_COLOUR = {Verdict.MET: _TINT[Status.GREEN], Verdict.PARTLY: _TINT[Status.YELLOW],
                  Verdict.NOT_MET: _TINT[Status.RED]}  # fmt: skip


def status_badge(status: str | None) -> str:
    """E.g. '! Gul'; '– Ikke indberettet' when nothing came in."""
    return status_label(status)


def verdict_badge(verdict: str | None, missing: str = "") -> str:
    if not isinstance(verdict, str) or verdict not in VERDICT_SYMBOL:
        return missing
    return f"{VERDICT_SYMBOL[verdict]} {verdict}"


def computed_badge(computed: str | None, mismatch: bool) -> str:
    """The computed verdict beside the reported one, the same on every page: 'beregnet ✓ Opfyldt', and
    '⚠ beregnet ✕ Ikke opfyldt' where they disagree (the ⚠ and the word, not only a colour)."""
    if not isinstance(computed, str):
        return ""
    return ("⚠ " if is_flagged(mismatch) else "") + f"beregnet {verdict_badge(computed)}"


def is_flagged(value) -> bool:
    """True for a set flag, also numpy's; False for unset, None and NaN."""
    return flagged(value)


def verdict_pair(reported: str | None, computed: str | None, mismatch: bool, missing: str = "") -> str:
    """The reported verdict with what the plan's rule gives beside it, the same on every page:
    '✓ Opfyldt (= beregnet)' where they are the same, '! Delvist opfyldt · beregnet ✕ Ikke opfyldt' where
    the words differ, '✓ Opfyldt · ⚠ beregnet ✕ Ikke opfyldt' where they disagree on met or not."""
    shown = verdict_badge(reported, missing)
    if isinstance(computed, str) and computed == reported:
        return f"{shown} (= beregnet)"
    return " · ".join(part for part in (shown, computed_badge(computed, mismatch)) if part)


def badge_word(text: str) -> str | None:
    """The status or verdict word inside a badge (the cell text of a table), for colouring it."""
    for word in (*VERDICT_SYMBOL, *STATUS_SYMBOL):
        if isinstance(text, str) and text.endswith(word):
            return word
    return None


def cell_style(text: str) -> str:
    """CSS for a table cell holding a badge (or a matrix cell starting with one): its colour."""
    if not isinstance(text, str):
        return ""
    first_line = text.split("\n")[0].split(" · ")[0]
    word = badge_word(first_line)
    colour = STATUS_COLOUR.get(word) or VERDICT_COLOUR.get(word)
    return f"background-color: {colour}; color: {TEXT_COLOUR}" if colour else ""


def example_marker(is_example) -> str:
    return "Eksempeldata" if is_true(is_example) else ""


def example_banner(count: int) -> None:
    """Shown on every page while example reports are loaded, so nobody takes them for real figures.

    `count` is the one count of example reports (maalstyring.workbooks.examples.example_counts), the same number
    Administration and the CLI give.
    """
    if not count:
        return
    # Keyed, so that on a phone ui/readable.css shrinks it to one line and the figures fit the first screen.
    with st.container(key="banner-eksempeldata"):
        st.warning(
            f"**Eksempeldata:** Målstyring indeholder {count} eksempelindberetninger: opdigtede tal og tekster, "
            "der viser, hvordan Målstyring virker. De er mærket »Eksempeldata« i tabellerne. Fjern dem under "
            "Indberetningsstatus › Godkendelse og låsning (Administration) eller med "
            "`python -m maalstyring fjern-eksempeldata`.",
            icon=":material/science:",
        )


def matrix_cell(row, year_end: bool) -> str:
    """An institution × goal cell: the status, and at year-end the reported verdict with the computed one beside
    it; a mismatch is marked in every period, since it is what leadership must not miss."""
    if year_end:
        verdicts = verdict_pair(row.verdict, row.computed_verdict, row.verdict_mismatch)
    elif is_flagged(row.verdict_mismatch):
        verdicts = computed_badge(row.computed_verdict, True)
    else:
        verdicts = ""
    return " · ".join(p for p in (status_badge(row.status), verdicts) if p)


OWN_GOALS = "Egne mål"
OWN_GOAL_PREFIX = (
    "Eget mål"  # the column maalstyring.reading.goal_table.goal_column_label gives a goal without a shared key
)


def own_goals_column(own: pd.DataFrame, institutions) -> list[str]:
    """Per institution (in the order of `institutions`), its own goals by name, one line each with the matrix cell:
    '1. Nedbringelse af sagsbunker: ! Gul · ! Delvist opfyldt'. A numbered column per goal ('Eget mål 2') put a
    different goal in each row; the names say which goal the status belongs to."""
    lines: dict[str, list[str]] = {}
    for goal in own.sort_values("goal_order").itertuples():
        lines.setdefault(goal.institution, []).append(f"{goal.goal_nr}. {goal.title}: {goal.cell}")
    return ["\n".join(lines.get(institution, [])) for institution in institutions]
