"""The shared sidebar filters, kept in the URL so a filtered view survives a reload and can be shared.

app.py draws them once per run before the page runs, so they carry over between pages; pages read the
result with `current_filters()`.

The server writes the filters into the URL on every run (`_write_link`) instead of binding the widgets to it
(`bind="query-params"`): the widgets sit in a popover that closes after a choice, and Streamlit's browser side
keeps a bound parameter on a page change only while its widget is drawn, which a closed popover's are not: the
filters then stayed in effect but left the link. A link that says something new (a fresh tab, a shared link,
the browser's back button) sets the filters it names (`_settle_choices`).
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
SIDEBAR_KEYS = (KEY_YEAR, KEY_PERIOD, KEY_INSTITUTIONS, KEY_GOAL_KIND, KEY_STATUSES)
# A page's own choice of one institution among the sidebar's (Institution, Skabeloner), so a link can open one.
INSTITUTION_LINK_KEY = "vis"
# A page's own views, one at a time (lazy st.tabs: only the chosen view runs), e.g. Indberetningsstatus's three.
VIEW_KEY = "visning"
# A page's own choice is as wide as the longest institution name, not the page (narrower screens: the page).
PAGE_CHOICE_WIDTH = 440

ALL_KINDS = "Alle"
KIND_LABELS = {ALL_KINDS: "Alle mål", GoalKind.SHARED: "Koncernfælles mål", GoalKind.SPECIFIC: "Egne mål"}
_STATE = "_maalstyring_filters"
# The popover's open state (Streamlit tracks it when keyed with on_change): a choice closes it.
POPOVER_KEY = "filtre_aaben"
# The filters' part of the URL as this session last wrote it: a URL that differs was changed from outside.
_LINKED = "_maalstyring_filter_link"
# Set while the app's run draws the popover; absent in a run of the popover's fragment alone.
_APP_RUN = "_maalstyring_filters_in_app_run"


def sidebar_filters(conn) -> Filters:
    """Draw the filters in the sidebar, write them into the URL and remember the choice for the page about to run.

    The five widgets sit in a popover under a summary of what they choose: Streamlit draws a popover's content
    in the browser only when it is opened, and drawing the five open on every page load cost each page ~0,1 s
    of a fresh load (docs/BENCHMARKS.md); the summary keeps the choice in view without them. A choice closes the
    popover (issue 27: it stayed open over the page it had changed); Escape closes it too, as a popover should."""
    years = cache.plan_years(conn)
    with st.sidebar:
        st.header("Filtre", anchor=False)
        if not years:
            st.caption("Filtrene kommer, når der er indlæst en plan.")
            filters = Filters()
            st.session_state[_STATE] = filters
            return filters
        names = cache.institutions_with_plans(conn)
        st.session_state[_APP_RUN] = True
        try:
            filters = _filter_popover(years, names)
        finally:
            del st.session_state[_APP_RUN]
        st.caption(filter_summary(filters))
    _write_link(filters, years, names)
    st.session_state[_STATE] = filters
    return filters


@st.fragment
def _filter_popover(years: list[int], names: dict[str, str]) -> Filters:
    """The popover and its widgets, as a fragment: Streamlit reruns the app when a tracked popover opens or
    closes, and here that reruns only this, not the page. A choice reruns the app (the page follows the filters)."""
    _settle_choices(years, names)
    # Keyed with on_change, so Streamlit tracks whether it is open and a choice can close it (_close_popover).
    with st.popover("Vælg filtre", icon=":material/tune:", width="stretch", key=POPOVER_KEY, on_change="rerun"):
        filters = _filter_widgets(years, names)
    if not st.session_state.get(_APP_RUN) and filters != st.session_state.get(_STATE):
        st.rerun()  # a choice, in a run of this fragment alone
    return filters


def _close_popover() -> None:
    """A filter widget's callback: the choice is made, close the popover so the page it changed is in view."""
    st.session_state[POPOVER_KEY] = False


def _filter_widgets(years: list[int], names: dict[str, str]) -> Filters:
    close = {"on_change": _close_popover}
    year = st.selectbox("År", years, index=0, key=KEY_YEAR, **close)
    period = st.selectbox("Periode", PERIODS, key=KEY_PERIOD, **close)  # its default: _settle_choices
    codes = st.multiselect(
        "Institutioner",
        list(names),
        format_func=lambda code: institution_label(names.get(code, code), code),
        placeholder="Alle institutioner",
        key=KEY_INSTITUTIONS,
        select_all=False,  # English "Select all"; choosing none already means all
        **close,
    )
    kind = st.selectbox("Måltype", list(KIND_LABELS), format_func=KIND_LABELS.get, key=KEY_GOAL_KIND, **close)
    statuses = st.multiselect(
        "Status",
        list(STATUS_FILTER_CHOICES),
        placeholder="Alle statusser",
        key=KEY_STATUSES,
        select_all=False,
        **close,
    )
    return Filters(
        year=year,
        period=period,
        institutions=tuple(codes),
        goal_kind=None if kind == ALL_KINDS else kind,
        statuses=tuple(statuses),
    )


def _link_values(filters: Filters, years: list[int], names: dict[str, str]) -> dict[str, list[str]]:
    """The filters as the URL carries them: the words the widgets show (a link people can read), nothing for a
    default (so a link names only what was chosen, and the newest year follows new data)."""
    return {
        KEY_YEAR: [] if filters.year == years[0] else [str(filters.year)],
        KEY_PERIOD: [] if filters.period == Period.YEAR_END else [str(filters.period)],
        KEY_INSTITUTIONS: [institution_label(names.get(code, code), code) for code in filters.institutions],
        KEY_GOAL_KIND: [KIND_LABELS[filters.goal_kind]] if filters.goal_kind else [],
        KEY_STATUSES: [str(status) for status in filters.statuses],
    }


def _url_values() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key)[:MAX_LINK_VALUES] for key in SIDEBAR_KEYS}


def _settle_choices(years: list[int], names: dict[str, str]) -> None:
    """Give each filter widget its value in session state before it is drawn, on every run (of the app or of the
    popover's fragment).

    - Where the URL says something this session did not write (a fresh tab, a shared link, the browser's back
      button), the value it names. A key the URL lacks keeps the session's choice: a page change in the sidebar's
      menu drops every parameter that no drawn widget is bound to. Values no widget offers are left out (the URL
      is then rewritten without them).
    - Otherwise the session's choice (or the default), set again: Streamlit tells the browser a widget's value only
      on a run that sets it, and the popover's widgets are drawn in the browser only when it opens, from the
      newest run's message; a widget set in an earlier run (by a link, or a page's "Vis …" button) would open at
      its default, and the next choice would send that default back."""
    written = st.session_state.get(_LINKED, {})
    for key, values in _url_values().items():
        chosen = None
        if values and values != written.get(key):
            chosen = _from_link(key, values, years, names)
        st.session_state[key] = _offered(key, st.session_state.get(key) if chosen is None else chosen, years, names)


def _offered(key: str, value, years: list[int], names: dict[str, str]):
    """`value` where the widget for `key` offers it (a list: the part it offers), else the widget's default."""
    if key == KEY_YEAR:
        return value if value in years else years[0]
    if key == KEY_PERIOD:
        return value if value in PERIODS else Period.YEAR_END
    if key == KEY_GOAL_KIND:
        return value if value in KIND_LABELS else ALL_KINDS
    offered = names if key == KEY_INSTITUTIONS else STATUS_FILTER_CHOICES
    return [item for item in value if item in offered] if isinstance(value, list | tuple) else []


def _from_link(key: str, values: list[str], years: list[int], names: dict[str, str]):
    """The widget value that the URL's `values` for `key` name, or None when they name nothing it offers."""
    last = values[-1]
    if key == KEY_YEAR:
        return next((year for year in years if str(year) == last), None)
    if key == KEY_PERIOD:
        return next((period for period in PERIODS if period == last), None)
    if key == KEY_GOAL_KIND:
        return next((kind for kind, words in KIND_LABELS.items() if words == last), None)
    if key == KEY_INSTITUTIONS:  # by the label the widget shows ("Navn (KODE)"), or by the bare code
        by_label = {institution_label(name, code): code for code, name in names.items()}
        codes = [by_label.get(value, value) for value in values]
        return list(dict.fromkeys(code for code in codes if code in names))
    return list(dict.fromkeys(value for value in values if value in STATUS_FILTER_CHOICES))  # KEY_STATUSES


def _write_link(filters: Filters, years: list[int], names: dict[str, str]) -> None:
    """Put the filters in the URL, from the server on every run: whether or not the popover's widgets are drawn in
    the browser, the URL then names the filters in effect, on every page, after every choice. Only the five keys
    are touched (a page's own choices, bound to their widgets, stay as they are); a default spelled out in the URL
    (a link with "aar=2024") is left as it is."""
    wanted, present = _link_values(filters, years, names), _url_values()
    stale = [
        key
        for key in SIDEBAR_KEYS
        if present[key] != wanted[key] and (wanted[key] or present[key] != _default_words(key, years))
    ]
    if chosen := {key: wanted[key] for key in stale if wanted[key]}:
        st.query_params.update(chosen)
    for key in stale:
        if not wanted[key] and key in st.query_params:
            del st.query_params[key]
    st.session_state[_LINKED] = _url_values()


def _default_words(key: str, years: list[int]) -> list[str]:
    """The URL's words for a key's default (the newest year, Årsafslutning, all goals); none for the lists."""
    defaults = {KEY_YEAR: str(years[0]), KEY_PERIOD: str(Period.YEAR_END), KEY_GOAL_KIND: KIND_LABELS[ALL_KINDS]}
    return [defaults[key]] if key in defaults else []


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
