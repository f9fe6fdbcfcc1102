"""WCAG 2.1 AA in the browser: axe-core on every page of the app, the IBM Plex Sans font, and the app working offline.

Every page registered in app.py is opened in headless Chromium against a real server, once on the bundled plans
alone (the empty states) and once with follow-ups of every status imported, and axe-core checks it. A serious or
critical violation fails the test unless it is on the narrow allow-list below of things inside Streamlit's own
widgets that the app cannot change. See docs/ACCESSIBILITY.md.
"""

from __future__ import annotations

import itertools
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from loaders import contract as c
from maalstyring.database.storage import connect
from maalstyring.workbooks.ingest import import_workbook
from tests.browser import REPO, screenshot, streamlit_server, wait_for_script
from tests.workbooks import cell_of, fill, follow_up_template
from ui.navigation import PAGE_SPECS
from vocabulary.terms import Period, Status, Verdict

pytestmark = pytest.mark.browser

PAGE_STEMS = [spec.stem for spec in PAGE_SPECS]
# The default page lives at the app's root URL; the others at their file stem.
PAGE_PATHS = {spec.stem: spec.url_path for spec in PAGE_SPECS}
BLOCKING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Allowed:
    """One violation inside Streamlit's own markup that the app cannot change, with the reason it is not ours."""

    rule: str
    inside: str  # CSS selector of the Streamlit component the element must sit in
    why: str


# Keep this list short and narrow: a rule id plus one Streamlit component, never a whole rule or a whole page.
STREAMLIT_OWN: tuple[Allowed, ...] = (
    Allowed(
        "list",
        "[data-testid='stSidebarNav']",
        "st.navigation with sections draws its own <ul> whose children are section wrappers, not <li>; "
        "Streamlit renders this list, the app only passes the pages and section names.",
    ),
    Allowed(
        "listitem",
        "[data-testid='stSidebarNav']",
        "the <li> page links of st.navigation's sections sit in Streamlit's section <div>s, not in a <ul>; "
        "same markup as above, not ours to change.",
    ),
)


@dataclass(frozen=True)
class Finding:
    page: str
    rule: str
    impact: str
    target: str
    html: str
    help: str
    containers: tuple[str, ...]  # the allow-list containers (STREAMLIT_OWN.inside) the element sits in

    def __str__(self) -> str:
        return f"{self.page}: {self.impact} {self.rule} ({self.help}) at {self.target}: {self.html[:200]}"


def allowed_by(finding: Finding) -> Allowed | None:
    for entry in STREAMLIT_OWN:
        if entry.rule == finding.rule and entry.inside in finding.containers:
            return entry
    return None


def _containers(page, target: list) -> tuple[str, ...]:
    """Which allow-list containers hold the element axe points at (axe targets are CSS selectors)."""
    if len(target) != 1 or not isinstance(target[0], str):
        return ()  # inside an iframe or shadow DOM: never on the allow-list
    selectors = sorted({entry.inside for entry in STREAMLIT_OWN})
    found = page.evaluate(
        """([target, selectors]) => {
             const el = document.querySelector(target);
             return el ? selectors.filter(s => el.closest(s)) : [];
           }""",
        [target[0], selectors],
    )
    return tuple(found)


def axe_findings(page, name: str) -> list[Finding]:
    results = Axe().run(page)
    return [
        Finding(
            name,
            v["id"],
            v["impact"],
            " ".join(map(str, node["target"])),
            node["html"],
            v["help"],
            _containers(page, node["target"]),
        )
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
        for node in v["nodes"]
    ]


def _with_follow_ups(path: Path) -> None:
    """Follow-ups of every status and verdict, plus one rejected file, so the pages show their full content."""
    conn = connect(path)
    try:
        for code, status in (("LMST", Status.YELLOW), ("SSI", Status.RED), ("SST", Status.GREEN)):
            result = import_workbook(conn, fill(follow_up_template(conn, code), status=status), f"{code}.xlsx", "test")
            assert result.accepted, result
        year_end = follow_up_template(conn, "NCE", period=Period.YEAR_END)
        result = import_workbook(conn, fill(year_end, verdict=Verdict.PARTLY), "nce-aar.xlsx", "test")
        assert result.accepted, result

        def break_status(wb):
            measure_id = next(
                row[0].value for row in wb[c.SHEET_FOLLOW_UP].iter_rows(min_row=2) if row[0].value is not None
            )
            cell_of(wb, measure_id, "Status").value = "Blå"

        rejected = fill(follow_up_template(conn, "STPS", year=2023), edit=break_status)
        assert not import_workbook(conn, rejected, "stps-fejl.xlsx", "test").accepted
    finally:
        conn.close()


# Per database: one server, and each page opened once for the axe test and the headings test (`visited`); the
# tests of a database stay on one worker (tests/conftest.py groups them by this module-scoped fixture).
@pytest.fixture(scope="module", params=["kun planer", "med indberetninger"])
def app_url(request, browser, seeded_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("a11y") / "maalstyring.duckdb"
    shutil.copy(seeded_db_file, path)
    if request.param == "med indberetninger":
        _with_follow_ups(path)
    with streamlit_server(path) as url:  # a page's address may be its first request (tests/test_router.py)
        yield request.param, url


@dataclass(frozen=True)
class Visit:
    """What one page showed when opened offline: enough for the axe test and the headings test of that page."""

    tracebacks: int
    findings: list[Finding]
    levels: list
    outside: list[str]


@pytest.fixture(scope="module")
def visited(offline_tab, app_url):
    """`visited(stem)`: the page opened and checked once per database; both tests of a page read the same visit
    (a page load and an axe run cost seconds each)."""
    data = app_url[0]
    visits: dict[str, Visit] = {}

    def visit(stem: str) -> Visit:
        if stem not in visits:
            page, outside = offline_tab(stem)
            tracebacks = page.locator("[data-testid='stException']").count()
            levels = page.evaluate(HEADING_LEVELS)
            findings = axe_findings(page, f"{stem} ({data})")
            screenshot(page, f"a11y-{stem}-{data.replace(' ', '-')}")
            visits[stem] = Visit(tracebacks, findings, levels, list(outside))
        return visits[stem]

    return visit


def only_from(app_host: str, outside: list[str]):
    """A route handler that lets through what the app's own server sends and blocks and records the rest."""

    def only_local(route):
        if urlparse(route.request.url).netloc == app_host or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    return only_local


def offline_context(browser, url: str, outside: list[str]):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    context.route("**/*", only_from(urlparse(url).netloc, outside))
    return context


def go_to(page, url: str, stem: str) -> None:
    page.goto(f"{url}/{PAGE_PATHS[stem]}")
    settle(page)
    assert page.get_by_role("link", name=re.compile("Koncernoverblik")).count() == 1, "router navigation missing"


def open_page(browser, url: str, stem: str):
    """Open one page offline in a context of its own: every request that leaves the app's own server is blocked
    and recorded."""
    outside: list[str] = []
    context = offline_context(browser, url, outside)
    page = context.new_page()
    go_to(page, url, stem)
    return context, page, outside


@pytest.fixture(scope="module")
def offline_tab(browser, app_url):
    """`offline_tab(stem)`: the page opened offline in the database's one tab, and what it asked for outside the
    app. Each page is a full load and a new Streamlit session; the tab keeps the compiled scripts between them
    (tests/conftest.tab)."""
    url = app_url[1]
    outside: list[str] = []
    context = offline_context(browser, url, outside)
    page = context.new_page()

    def open_offline(stem: str):
        outside.clear()
        go_to(page, url, stem)
        return page, outside

    yield open_offline
    context.close()


def settle(page) -> None:
    """Wait until the page is fully drawn, so axe sees the real widgets and not loading placeholders."""
    page.locator("h1").first.wait_for()  # wait_for_script alone can pass before the first run has started
    wait_for_script(page)
    # Dataframes, selectboxes and charts are loaded lazily and drawn as grey skeletons until then.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')")
    page.evaluate("document.fonts.ready.then(() => true)")


def test_every_page_file_is_covered():
    assert PAGE_STEMS, "no st.Page('pages/…') found in app.py"
    assert set(PAGE_STEMS) == {p.stem for p in (REPO / "pages").glob("*.py")}


@pytest.mark.parametrize("stem", PAGE_STEMS)
def test_no_serious_or_critical_axe_violation(visited, stem):
    seen = visited(stem)
    assert seen.tracebacks == 0, f"{stem}: the page shows a traceback"
    excluded = [(f, entry) for f in seen.findings if (entry := allowed_by(f))]
    for finding, entry in excluded:
        print(f"udeladt (Streamlits egen kode): {finding} — {entry.why}")
    ours = [f for f in seen.findings if not allowed_by(f)]
    assert ours == [], "\n".join(map(str, ours))
    assert seen.outside == [], f"{stem} asked for files outside the app (must work offline): {seen.outside}"


def test_the_open_filter_popover_has_no_serious_or_critical_axe_violation(offline_tab, app_url):
    # The sidebar's filters are drawn only when their popover opens (ui/filters.py): checked open, here.
    data = app_url[0]
    page, outside = offline_tab("koncernoverblik")
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Vælg filtre").click()
    page.locator("[data-testid='stMultiSelect']").first.wait_for()
    # The popover's widgets arrive one by one: wait for the third select box before counting (was flaky).
    page.locator("[data-testid='stSelectbox']").nth(2).wait_for()
    assert page.locator("[data-testid='stSelectbox']").count() == 3
    findings = axe_findings(page, f"filtre ({data})")
    ours = [f for f in findings if not allowed_by(f)]
    assert ours == [], "\n".join(map(str, ours))
    assert outside == []


# Pages that show one view at a time (lazy tabs): the views after the first, which the page visits above do not see.
OTHER_VIEWS = [("indberetningsstatus", "Frister og påmindelser"), ("indberetningsstatus", "Godkendelse og låsning"),
               ("faelles_maal", "Økonomisk styring"), ("faelles_maal", "Attraktiv arbejdsplads")]  # fmt: skip


@pytest.mark.parametrize(("stem", "view"), OTHER_VIEWS)
def test_the_other_views_open_have_no_serious_or_critical_axe_violation(offline_tab, app_url, stem, view):
    # Each view clicked, with its closed parts opened.
    data = app_url[0]
    page, outside = offline_tab(stem)
    page.get_by_role("tab", name=view).click()
    page.get_by_role("heading", name=view, level=2).wait_for()
    closed = page.locator("[data-testid='stMain'] details:not([open]) > summary")
    for _ in range(closed.count()):  # the list shrinks as they open: always the first still closed
        closed.first.click()
    settle(page)
    findings = axe_findings(page, f"{stem}, {view} ({data})")
    levels = page.evaluate(HEADING_LEVELS)
    ours = [f for f in findings if not allowed_by(f)]
    assert ours == [], "\n".join(map(str, ours))
    assert outside == []
    assert_table_of_contents(levels, view)


HEADING_LEVELS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1,h2,h3,h4,h5,h6)')]
    .filter(h => h.offsetParent !== null && h.textContent.trim())
    .map(h => [Number(h.tagName[1]), h.textContent.trim()])"""


def assert_table_of_contents(levels: list, where: str) -> None:
    assert levels, f"{where}: no headings"
    assert [lvl for lvl, _ in levels].count(1) == 1 and levels[0][0] == 1, f"{where}: {levels}"
    for (previous, _), (level, text) in itertools.pairwise(levels):
        assert level <= previous + 1, f"{where}: '{text}' is h{level} right after an h{previous}"


@pytest.mark.parametrize("stem", PAGE_STEMS)
def test_headings_form_a_table_of_contents(visited, stem):
    """One h1 first, and no heading level skipped below it, so a screen reader's heading list reads as contents."""
    assert_table_of_contents(visited(stem).levels, stem)


def test_font_is_ibm_plex_sans_from_our_own_static_files(browser, server):
    # The shared app (tests/conftest.server): the font is the same whatever the data.
    context, page, outside = open_page(browser, server, "planer")
    font_responses: list[tuple[str, int]] = []
    page.on("response", lambda r: font_responses.append((r.url, r.status)) if ".woff2" in r.url else None)
    try:
        # Reload so the font requests are seen by the listener above.
        page.reload()
        settle(page)
        family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        checked = page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px \"IBM Plex Sans\"'))")
        loaded = page.evaluate(
            """document.fonts.ready.then(() => [...document.fonts]
                 .filter(f => f.family.replace(/["']/g, '') === 'IBM Plex Sans' && f.status === 'loaded')
                 .map(f => f.weight + ' ' + f.style))"""
        )
        screenshot(page, "a11y-skrifttype")
    finally:
        context.close()
    assert family.replace('"', "").replace("'", "").startswith("IBM Plex Sans"), family
    assert checked
    assert loaded, "no IBM Plex Sans face was loaded"
    assert all(status == 200 for _, status in font_responses), font_responses
    # Streamlit also loads its own Source Sans for its icons and fallbacks; Plex must come from our static/ folder.
    plex = [u for u, _ in font_responses if "IBMPlexSans" in u]
    assert plex and all("/app/static/fonts/" in u for u in plex), font_responses
    assert outside == []


def test_theme_font_faces_point_at_shipped_files_with_their_licence():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["maxUploadSize"] == 10 and config["server"]["enableXsrfProtection"] is True
    assert config["theme"]["font"].startswith("'IBM Plex Sans'")
    faces = config["theme"]["fontFaces"]
    assert {(f["weight"], f["style"]) for f in faces} >= {(400, "normal"), (600, "normal"), (700, "normal")}
    for face in faces:
        assert face["family"] == "IBM Plex Sans"
        assert face["url"].startswith("app/static/"), face["url"]  # served by us, never a CDN
        file = REPO / "static" / face["url"].removeprefix("app/static/")
        assert file.read_bytes()[:4] == b"wOF2", file
    assert "SIL OPEN FONT LICENSE" in (REPO / "static" / "OFL.txt").read_text(encoding="utf-8")
