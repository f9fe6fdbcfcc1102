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


def table_with(at, column: str):
    """The first st.table having `column` (as a reader sees its header), as read."""
    return next(frame for frame in map(table_as_read, at.table) if column in frame.columns)


def every_row(at, column: str, page_key: str):
    """Every row of the paged table having `column` (ui/tables.paged_table under `page_key`): page by page, as a
    reader turning the pages sees them, in order. A table that fits one page has no page choice."""
    import pandas as pd

    choice = [p for p in at.pagination if p.key == page_key]
    if not choice:
        return table_with(at, column)
    pages = []
    for number in range(1, choice[0].proto.num_pages + 1):
        at.pagination(key=page_key).set_value(number).run()
        pages.append(table_with(at, column))
    return pd.concat(pages, ignore_index=True)
