"""The second baseline for bench/page_speed.py: the app's own frame (page config, the navigation with every
page, the URL-bound sidebar filters, the user panel and the notices) around the minimal page's one table.

The ratio of a page to this baseline shows what the page itself adds; the ratio of this baseline to
bench/minimal_page.py shows what every page of the app pays for its frame.
"""

import streamlit as st

from bench.baseline import current_report_rows
from maalstyring.roles.access import User
from ui import cache
from ui.db import get_connection
from ui.filters import sidebar_filters
from ui.identity import signed_in_user, user_panel
from ui.navigation import PAGE_SPECS
from ui.status import example_banner
from ui.timing import now, page_timer

started = now()
st.set_page_config(page_title="Målstyring", layout="wide")
conn = get_connection()


def one_table() -> None:
    st.title("Appens ramme med én tabel")
    st.dataframe(current_report_rows(conn))


# The same navigation as the app: every page by its title and section, here all drawing the one table.
sections: dict[str, list] = {}
for spec in PAGE_SPECS:
    sections.setdefault(spec.section, []).append(
        st.Page(one_table, title=spec.title, icon=spec.icon, url_path=spec.stem, default=spec.default)
    )
page = st.navigation(sections)
user: User = signed_in_user()
sidebar_filters(conn)
user_panel(user)
example_banner(cache.example_report_count(conn))
with page_timer("ramme", started):
    page.run()
