"""The static tables a page shows, as a reader sees them, for AppTest: `table_with` one of them, `every_row` of a
paged one (ui/tables.paged_table) across its pages.

Static tables are st.table on this branch (cells escaped as markdown, read back by markdown_text.table_as_read)
and escaped HTML on main since its commit 0ec68fb (read by tests/html_tables.static_tables). `frames` reads
whichever the code draws, so these helpers stay right when the two meet; afterwards the st.table half can go.
"""

from __future__ import annotations

import pandas as pd


def frames(at) -> list[pd.DataFrame]:
    """Every static table on the page, in page order (st.table ones first), as a reader sees them."""
    shown = []
    try:
        from tests.markdown_text import table_as_read

        shown += [table_as_read(t) for t in at.table]
    except ImportError:  # main: no st.table left
        pass
    try:
        from tests.html_tables import static_tables

        shown += static_tables(at)
    except ImportError:  # this branch: no HTML tables yet
        pass
    return shown


def table_with(at, column: str) -> pd.DataFrame:
    """The first static table having `column` (as a reader sees its header)."""
    return next(frame for frame in frames(at) if column in frame.columns)


def every_row(at, column: str, page_key: str) -> pd.DataFrame:
    """Every row of the paged table having `column` (ui/tables.paged_table under `page_key`): page by page, as a
    reader turning the pages sees them, in order. A table that fits one page has no page choice."""
    choice = [p for p in at.pagination if p.key == page_key]
    if not choice:
        return table_with(at, column)
    pages = []
    for number in range(1, choice[0].proto.num_pages + 1):
        at.pagination(key=page_key).set_value(number).run()
        pages.append(table_with(at, column))
    return pd.concat(pages, ignore_index=True)
