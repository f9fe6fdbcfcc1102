"""The shared sidebar filters, bound to the URL so a filtered view survives a reload and can be shared.

app.py draws them once per run before the page runs, so they carry over between pages; pages read the
result with `current_filters()`.
"""

from __future__ import annotations

from urllib.parse import quote_plus, urlencode

import streamlit as st

from maalstyring.reading.selection import Filters
from ui import cache
from ui.plain_text import label, plain
from ui.tables import escape
from vocabulary.formatting import institution_label
from vocabulary.terms import PERIODS, GoalKind, Period
from vocabulary.wording import STATUS_FILTER_CHOICES

# Query-parameter names: short Danish words, since they show in links people share. Streamlit puts a
# widget's shown label in the URL, so the status choices are plain words (no symbols) to keep links readable.
KEY_YEAR = "aar"
KEY_PERIOD = "periode"
KEY_INSTITUTIONS = "institution"
KEY_GOAL_KIND = "maaltype"
KEY_STATUSES = "status"
# A page's own choice of one institution among the sidebar's (Institution, Skabeloner), so a link can open one.
INSTITUTION_LINK_KEY = "vis"
# A page's own views, one at a time (lazy st.tabs: only the chosen view runs), e.g. Indberetningsstatus's three.
VIEW_KEY = "visning"
# A page's own choice is as wide as the longest institution name, not the page (narrower screens: the page).
PAGE_CHOICE_WIDTH = 440

ALL_KINDS = "Alle"
KIND_LABELS = {ALL_KINDS: "Alle mål", GoalKind.SHARED: "Koncernfælles mål", GoalKind.SPECIFIC: "Egne mål"}
_STATE = "_maalstyring_filters"


def sidebar_filters(conn) -> Filters:
    """Draw the filters in the sidebar and remember the choice for the page about to run.

    The five widgets sit in a popover under a summary of what they choose: Streamlit draws a popover's content
    in the browser only when it is opened, and drawing the five open on every page load cost each page ~0,1 s
    of a fresh load (docs/BENCHMARKS.md); the summary keeps the choice in view without them."""
    years = cache.plan_years(conn)
    with st.sidebar:
        st.header("Filtre", anchor=False)
        if not years:
            st.caption("Filtrene kommer, når der er indlæst en plan.")
            filters = Filters()
            st.session_state[_STATE] = filters
            return filters
        with st.popover("Vælg filtre", icon=":material/tune:", width="stretch"):
            filters = _filter_widgets(conn, years)
        st.caption(filter_summary(filters))
    st.session_state[_STATE] = filters
    return filters


def _filter_widgets(conn, years: list[int]) -> Filters:
    year = st.selectbox("År", years, index=0, key=KEY_YEAR, bind="query-params")
    period = st.selectbox("Periode", PERIODS, index=PERIODS.index(Period.YEAR_END), key=KEY_PERIOD, bind="query-params")
    names = cache.institutions_with_plans(conn)
    codes = st.multiselect(
        "Institutioner",
        list(names),
        format_func=lambda code: institution_label(names.get(code, code), code),
        placeholder="Alle institutioner",
        key=KEY_INSTITUTIONS,
        bind="query-params",
        select_all=False,  # English "Select all"; choosing none already means all
    )
    kind = st.selectbox(
        "Måltype", list(KIND_LABELS), format_func=KIND_LABELS.get, key=KEY_GOAL_KIND, bind="query-params"
    )
    statuses = st.multiselect(
        "Status",
        list(STATUS_FILTER_CHOICES),
        placeholder="Alle statusser",
        key=KEY_STATUSES,
        bind="query-params",
        select_all=False,
    )
    return Filters(
        year=year,
        period=period,
        institutions=tuple(codes),
        goal_kind=None if kind == ALL_KINDS else kind,
        statuses=tuple(statuses),
    )


# More institutions than this are summed up in the sidebar ("LMST, SST, STPS og 27 andre"); the page says all.
SUMMARY_INSTITUTIONS = 3


def filter_summary(filters: Filters) -> str:
    """The sidebar's choice in three short lines under the button that changes it (markdown, values as typed)."""
    codes = list(filters.institutions)
    shown = ", ".join(codes[:SUMMARY_INSTITUTIONS])
    if len(codes) > SUMMARY_INSTITUTIONS:
        shown += f" og {len(codes) - SUMMARY_INSTITUTIONS} andre"
    lines = [
        f"{filters.year}, {filters.period.lower()}",
        f"Institutioner: {shown or 'alle'}",
        f"{KIND_LABELS.get(filters.goal_kind or ALL_KINDS, filters.goal_kind)}, "
        f"status: {', '.join(filters.statuses).lower() or 'alle'}",
    ]
    return "  \n".join(plain(line) for line in lines)


def current_filters() -> Filters:
    """The filters drawn by app.py in this run (a bare Filters when a page runs on its own, e.g. in a test)."""
    return st.session_state.get(_STATE, Filters())


def filter_caption(filters: Filters) -> str:
    """The filters in one line, for st.caption (markdown): the chosen values are shown as typed."""
    return " · ".join(f"{label}: {plain(value)}" for label, value in filters.describe())


def one_institution(names: dict[str, str]) -> str:
    """The one institution a page shows, following the sidebar: its institution when it chose exactly one;
    when it chose several (or none, meaning all), a choice on the page among them, kept in the URL
    (INSTITUTION_LINK_KEY), so a link opens the same institution.

    `names` (code → name, in the order to offer) holds the sidebar's institutions that the page can show;
    the caller has checked that it is not empty."""
    codes = list(names)
    if len(codes) == 1:
        return codes[0]
    return st.selectbox(
        "Vælg institution",
        codes,
        format_func=lambda code: institution_label(names[code], code),
        key=INSTITUTION_LINK_KEY,
        bind="query-params",
        width=PAGE_CHOICE_WIDTH,
    )


SIDEBAR_KEYS = (KEY_YEAR, KEY_PERIOD, KEY_INSTITUTIONS, KEY_GOAL_KIND, KEY_STATUSES)


def institution_link(query_params) -> str:
    """A relative address of the Institution page with this view's sidebar filters, ending in `vis=`: the caller
    appends one institution's label (URL-quoted), as the page's own choice writes it in the URL. For plain links in
    a static table, which open the page with the same filters (a page_link each cost a fresh view an element)."""
    return choice_link(query_params, "pages/institution.py", SIDEBAR_KEYS, INSTITUTION_LINK_KEY)


MAX_LINK_VALUES, MAX_LINK_VALUE_LENGTH = 200, 200  # a koncern's institutions, each a label ("Navn (KODE)")


def choice_link(query_params, page_file: str, kept: tuple[str, ...], choice: str) -> str:
    """A relative address of the page in `page_file` with this view's parameters named in `kept`, ending in
    `choice=` for the caller to append a value (URL-quoted): a link in a static table that opens one item there."""
    from ui.navigation import PAGE_SPECS  # here: ui.navigation lists the pages, which import this module

    page = next(spec.url_path for spec in PAGE_SPECS if spec.file == page_file)
    # Only values a choice can have: the address comes from the browser and goes into every link of a cached table,
    # so an outsized one (a hostile client can send any query string) must not be copied into each.
    pairs = [
        (key, value)
        for key in kept
        for value in query_params.get_all(key)[:MAX_LINK_VALUES]
        if len(value) <= MAX_LINK_VALUE_LENGTH
    ]
    return f"{page}?{urlencode(pairs)}{'&' if pairs else ''}{choice}="


def link_choice(label: str, options: dict[str, str], chosen: str, link: str) -> None:
    """A page's own choice among a few options as a row of links (`options`: value in the URL → shown words),
    each opening the page with `link` + its value (ui/filters.choice_link); the chosen one is marked for screen
    readers (aria-current) and in bold. For a choice a select box would bring to a page only for itself: the select
    box's modules cost Historik's every fresh load ~0,03–0,06 s (docs/BENCHMARKS.md). Every text is escaped."""
    items = " · ".join(
        f'<strong aria-current="true">{escape(words)}</strong>'
        if value == chosen
        else f'<a href="{escape(link + quote_plus(value))}" target="_self">{escape(words)}</a>'
        for value, words in options.items()
    )
    st.html(f'<nav class="ms-choice" aria-label="{escape(label)}"><span>{escape(label)}:</span> {items}</nav>')


def offer_sidebar_choices(offers, verb: str, icon: str, key_prefix: str = "vis") -> None:
    """One button per (institution code, year) that sets the sidebar to it: how a page that has nothing for the
    sidebar's choice offers what exists, instead of switching silently."""
    for code, year in offers:
        st.button(label(f"{verb} {code} {year}"), icon=icon, key=f"{key_prefix}_{code}_{year}",
                  on_click=set_sidebar, args=(year, [code]))  # fmt: skip


def set_sidebar(year: int, codes: list[str]) -> None:
    """A button's callback: set the sidebar's year and institutions before it is drawn again, so the page
    that offers another year or institution goes on following the sidebar."""
    st.session_state[KEY_YEAR] = year
    st.session_state[KEY_INSTITUTIONS] = codes
