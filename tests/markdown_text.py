"""What a reader sees of markdown the app escaped with ui.plain_text: for AppTest, which gives the source."""

from __future__ import annotations

from ui.plain_text import WORD_JOINER


def as_read(markdown: str) -> str:
    """Backslash escapes resolved, hard breaks as line breaks, the invisible anti-autolink joiners gone."""
    out, escaping = [], False
    for ch in markdown.replace("  \n", "\n").replace(WORD_JOINER, ""):
        if not escaping and ch == "\\":
            escaping = True
            continue
        out.append(ch)
        escaping = False
    return "".join(out)


def table_as_read(table):
    """An st.table (ui.tables.static_table, whose cells and headers are escaped markdown) as a reader sees it."""
    frame = table.value.map(lambda cell: as_read(str(cell)))
    frame.columns = [as_read(str(col)) for col in frame.columns]
    return frame
