"""Every page survives every state: each page, for each role, each year x period, all and one institution,
and each choice the page itself offers, opens without an exception or the error panel (issue 10).

The database (tests/every_state.py) holds every kind of upload and event, built through the real write paths.
Roles come from a roles file and a logged-in st.user, the way the served app gets them with login on.
"""

from __future__ import annotations

import itertools
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Radio, Selectbox

from maalstyring.database.storage import REPO_ROOT
from maalstyring.roles import access
from tests import every_state
from tests.html_tables import every_row, links, table_with
from tests.views import show_view
from ui.navigation import PAGE_SPECS

pytestmark = pytest.mark.slow  # every page × role × state × filter: a sweep of minutes (make test)

APP = str(REPO_ROOT / "app.py")
USERS = {
    "leder": "leder@sum.dk",
    "controller": "controller@lmst.dk",
    "koncernøkonomi": "okonomi@sum.dk",
    "admin": "admin@sum.dk",
}
ROLES_FILE = "\n".join(
    f'[[rolle]]\nemail = "{email}"\nrolle = "{role}"\n' + ('institutioner = ["LMST"]\n' if role == "controller" else "")
    for role, email in USERS.items()
)
ERROR_PANEL = "Der opstod en uventet fejl"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Widgets of the pages' own that only choose what is shown (never a button: buttons write).
MAX_OPTIONS = 40


@pytest.fixture(scope="module")
def every_state_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("every_state")
    path = folder / "alt.duckdb"
    every_state.build(path)
    roles = folder / "roller.toml"
    roles.write_text(ROLES_FILE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MAALSTYRING_DB", str(path))
        mp.setenv(access.ROLES_ENV_VAR, str(roles))
        yield path
    from ui.db import _connection

    _connection.clear()


def app_for(role: str | None) -> AppTest:
    """The app through app.py; `role` None is local mode (no login configured)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if role is not None:
        at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
        email = USERS[role]
        at.user = {"is_logged_in": True, "email": email, "email_verified": True, "sub": email, "name": role}
    return at


def problems(at: AppTest, where: str) -> list[str]:
    """Every exception Streamlit caught, and every error panel the app drew instead of a page."""
    found = [f"{where}: {e.value}" for e in at.exception]
    found += [f"{where}: {e.value}" for e in at.error if ERROR_PANEL in str(e.value)]
    # A heading's link icon ("Link to heading") makes the browser recalculate every style on a fresh load, ~7 ms a
    # heading (docs/BENCHMARKS.md): every heading in every state is drawn with anchor=False.
    headings = (*at.title, *at.header, *at.subheader)
    found += [f"{where}: overskriften «{h.value}» har et link-anker" for h in headings if not h.proto.hide_anchor]
    return found


def main_choices(at: AppTest, page: str):
    """The page's own selectboxes, radios, toggles, checkboxes and table pages (the sidebar filters are varied
    apart)."""
    for widget in itertools.chain(at.main.selectbox, at.main.radio):
        if widget.key:
            # The first option last: each choice is put back before the next is varied (e.g. "Alle").
            yield widget.key, "options", [*range(1, min(len(widget.options), MAX_OPTIONS)), 0]
    for widget in itertools.chain(at.main.toggle, at.main.checkbox):
        if widget.key:
            yield widget.key, "bool", [not widget.value, widget.value]
    for widget in at.main.pagination:  # a long table's pages (ui/tables.paged_table): the last, then the first
        yield widget.key, "page", [widget.num_pages, 1]
    # Links in a table that open an item on the same page (Historik: a file's name, `?fil=`): each one's address,
    # then the page as it was.
    path = next(spec.url_path for spec in PAGE_SPECS if spec.file == page)
    here = [address for _, address in links(at.main) if path and address.startswith(f"{path}?")]
    if here:
        yield "link", "link", [*here[:MAX_OPTIONS], None]


def parse_link(address: str) -> dict[str, str | list[str]]:
    """A link's query as AppTest takes it: one value as a string, several as a list."""
    query = parse_qs(urlsplit(address).query)
    return {key: values[0] if len(values) == 1 else values for key, values in query.items()}


def explore(at: AppTest, where: str, page: str) -> list[str]:
    """Each of the page's own views (tabs) in turn, and in each every option of its own choices once."""
    found = explore_choices(at, where, page)
    views = [tab.label for tab in at.main.tabs]
    for view in views[1:] + views[:1]:  # the first (the default) last, so the page ends as it began
        show_view(at, view)
        found += problems(at, f"{where}, visning={view}")
        found += explore_choices(at, f"{where}, visning={view}", page)
    return found


def explore_choices(at: AppTest, where: str, page: str) -> list[str]:
    """Try each option of each of the shown view's own choices once (not every combination)."""
    found: list[str] = []
    original = dict(at.query_params)
    for key, kind, values in list(main_choices(at, page)):
        for value in values:
            if kind == "link":
                at.query_params = dict(original) if value is None else parse_link(value)
                at.run()
                found += problems(at, f"{where}, {value or 'tilbage'}")
                continue
            widgets = [w for kind_ in (at.main.selectbox, at.main.radio, at.main.toggle, at.main.checkbox,
                                       at.main.pagination) for w in kind_ if w.key == key]  # fmt: skip
            if not widgets:
                break  # the choice went away with an earlier one
            widget = widgets[0]
            if kind == "options":
                if value >= len(widget.options):
                    break
                choose(widget, widget.options[value])
            elif kind == "page":
                widget.set_value(min(value, widget.num_pages))
            else:
                widget.set_value(value)
            at.run()
            found += problems(at, f"{where}, {key}={value}")
    return found


class _LabelSelectbox(Selectbox):
    @property
    def _widget_state(self) -> WidgetState:
        return _label_state(self)


class _LabelRadio(Radio):
    @property
    def _widget_state(self) -> WidgetState:
        return _label_state(self)


def _label_state(widget) -> WidgetState:
    state = WidgetState()
    state.id = widget.id
    state.string_value = widget.chosen_label
    return state


def choose(widget, label: str) -> None:
    """Choose an option by its shown label, as the browser does: AppTest's own set_value wants the option's
    value, which it cannot know for options shown through a format_func (e.g. institution codes)."""
    widget.__class__ = _LabelSelectbox if isinstance(widget, Selectbox) else _LabelRadio
    widget.chosen_label = label


def filter_settings(at: AppTest):
    """Every year x period, with all institutions and with one."""
    years = list(at.sidebar.selectbox(key="aar").options) if at.sidebar.selectbox else []
    periods = list(at.sidebar.selectbox(key="periode").options) if years else []
    institutions = at.sidebar.multiselect(key="institution").options if years else []
    for year, period in itertools.product(years, periods):
        for chosen in ([], [label.rsplit("(", 1)[1].rstrip(")") for label in institutions[:1]]):
            yield year, period, chosen


# Pages for uploaders are not in a leader's navigation (they answer "Ingen adgang" at their address).
CASES = [(spec.file, role) for spec in PAGE_SPECS for role in (None, *USERS)
         if not (spec.for_uploaders and role == "leder")]  # fmt: skip


@pytest.mark.parametrize(("page", "role"), CASES)
def test_page_survives_every_state(every_state_db, page, role):
    at = app_for(role)
    at.run()
    assert not problems(at, "start")
    at.switch_page(page).run()
    found = problems(at, f"{page} som {role or 'lokal'}")
    settings = list(filter_settings(at))
    # Every filter setting, then back to the first (the newest year, all institutions) to explore the page's own
    # choices where it has something to show: the last setting may be one institution without a plan that year.
    for year, period, chosen in [*settings, *settings[:1]]:
        choose(at.sidebar.selectbox(key="aar"), year)
        choose(at.sidebar.selectbox(key="periode"), period)
        at.sidebar.multiselect(key="institution").set_value(chosen)
        at.run()
        found += problems(at, f"{page} som {role or 'lokal'}, {year} {period} {chosen or 'alle'}")
    found += explore(at, f"{page} som {role or 'lokal'}", page)
    assert not found, "\n".join(found)


# Koncernfælles mål shows every shared goal whatever Måltype and Status say (its caption tells the reader so): the
# sweep would run the same page 36 times. Its views in every other state are in test_page_survives_every_state.
GOAL_AND_STATUS_PAGES = [s.file for s in PAGE_SPECS if s.section == "Ledelse" and s.stem != "faelles_maal"]


@pytest.mark.parametrize("page", GOAL_AND_STATUS_PAGES)
def test_dashboard_pages_survive_every_goal_kind_and_status_filter(every_state_db, page):
    at = app_for("admin")
    at.run()
    at.switch_page(page).run()
    found = []
    kinds = at.sidebar.selectbox(key="maaltype").options
    statuses = at.sidebar.multiselect(key="status").options
    for period in at.sidebar.selectbox(key="periode").options:
        choose(at.sidebar.selectbox(key="periode"), period)
        for kind in kinds:
            choose(at.sidebar.selectbox(key="maaltype"), kind)
            for status in [[], *([s] for s in statuses), statuses]:
                at.sidebar.multiselect(key="status").set_value(status)
                at.run()
                found += problems(at, f"{page}: {period}, måltype {kind}, status {status}")
    assert not found, "\n".join(found)


def test_revisionsspor_names_every_kind_of_event_in_danish(every_state_db):
    at = app_for("admin")
    at.run()
    at.switch_page("pages/revisionsspor.py").run()
    at.toggle[0].set_value(False).run()
    actions = set(every_row(at, "Handling", "side_spor")["Handling"])
    assert len(actions) == 11 and not actions & {"dublet", "nægtet", "låst", "genåbnet", "gendannet"}, actions


def files_of_every_kind(path) -> list[tuple[str, bytes]]:
    """What a sender can put on the Indberetning page: valid, refused, unreadable, already accepted, another
    institution's (refused for a controller), a plan (Koncernøkonomi only) and a locked period's."""
    from loaders.template_writer import write_plan_workbook
    from maalstyring.database import queries
    from maalstyring.database.storage import connect
    from tests import hostile_files
    from tests.workbooks import cell_of, fill, follow_up_template
    from vocabulary.terms import Period

    conn = connect(path)
    try:
        accepted = conn.execute(
            "SELECT content FROM uploads WHERE outcome = 'godkendt' ORDER BY upload_id DESC"
        ).fetchone()
        first_measure = queries.load_plan(conn, "LMST", 2024).measures[0].measure_id
        return [
            ("lmst_aar.xlsx", fill(follow_up_template(conn, "LMST", 2024, Period.YEAR_END), verdict="Opfyldt")),
            ("lmst_fejl.xlsx", fill(follow_up_template(conn), edit=lambda wb: setattr(
                cell_of(wb, first_measure, "Status"), "value", "Lilla"))),
            ("affald.xlsx", hostile_files.random_bytes()),
            ("gammel.xlsx", hostile_files.old_xls()),
            ("igen.xlsx", accepted[0]),
            ("ssi.xlsx", fill(follow_up_template(conn, "SSI"))),
            ("plan.xlsx", write_plan_workbook(queries.load_plan(conn, "NCE", 2024))),
            ("stps_2023_aar.xlsx", fill(follow_up_template(conn, "STPS", 2023, Period.YEAR_END), verdict="Opfyldt")),
        ]  # fmt: skip
    finally:
        conn.close()


@pytest.mark.parametrize("role", [None, "controller", "koncernøkonomi", "admin"])
def test_indberetning_survives_every_kind_of_file_and_commit(every_state_db, tmp_path, monkeypatch, role):
    path = tmp_path / "kopi.duckdb"
    shutil.copy(every_state_db, path)
    files = files_of_every_kind(path)
    monkeypatch.setenv("MAALSTYRING_DB", str(path))
    at = app_for(role)
    at.run()
    at.switch_page("pages/indberetning.py").run()
    at.file_uploader[0].set_value([(name, data, XLSX) for name, data in files]).run()
    found = problems(at, f"modtaget som {role or 'lokal'}")
    overview = table_with(at, "Resultat")
    assert len(overview) == len(files) and overview["Resultat"].nunique() >= 3, overview  # several verdicts
    commit_all = [b for b in at.button if b.key == "commit_all"]
    commits = [b for b in at.button if (b.key or "").startswith("commit_") and b.key != "commit_all"]
    if commit_all:
        commit_all[0].click().run()
    elif commits:
        commits[0].click().run()
    found += problems(at, f"indlæst som {role or 'lokal'}")
    for page in ("pages/historik.py", "pages/revisionsspor.py", "pages/indberetningsstatus.py"):
        at.switch_page(page).run()
        found += problems(at, f"{page} efter indlæsning som {role or 'lokal'}")
    assert not found, "\n".join(found)
