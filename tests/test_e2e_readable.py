"""Readable on every screen (issue 14), in headless Chromium on the example data.

At 1440×900 nothing a leader needs is cut off in the tables of Koncernoverblik, Koncernfælles mål, Institution and
Indberetningsstatus. Those tables are escaped HTML (ui/tables.static_table) whose cells wrap, so the DOM can be
measured directly — the table's scroll box is no wider than what shows, and no cell's text runs past its own edge.
st.dataframe instead draws on a canvas (glide-data-grid), where a cut-off column is invisible to the DOM except in
two places this test also reads for any data grid still on these pages: its scroller's scroll width, and its
accessible grid, which lists only the columns drawn (fewer than aria-colcount when the rest are out of view).

At 390×844 (a phone) every page is photographed into docs/img/sider/<page>-390.png when MAALSTYRING_UPDATE_DOCS=1
(test-artifacts/ otherwise: a test run must not rewrite tracked files by itself). Each must show its title in the
first screen and must not scroll sideways; the leadership pages must show at least three figures in it too.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import quote

import pytest

from tests.browser import ARTIFACTS, CLOSED_DISCLOSURE, REPO, STATIC_TABLE, wait_for_script
from ui.navigation import PAGE_SPECS

pytestmark = pytest.mark.browser

DOCS_IMG = REPO / "docs" / "img" / "sider"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
SSI = quote("Statens Serum Institut (SSI)")
ECONOMY, ALT = "visning=%C3%98konomisk+styring", "visning=Attraktiv+arbejdsplads"  # Koncernfælles mål's views
# The pages whose tables leadership reads, each at an address that shows its tables.
TABLE_PAGES = {
    "koncernoverblik": "",
    "faelles_maal_okonomi": f"faelles_maal?{ECONOMY}",
    "faelles_maal_alt": f"faelles_maal?{ALT}",
    "institution": f"institution?vis={SSI}",
    "indberetningsstatus": "indberetningsstatus",
}
# Pages whose first screen must hold figures (the tiles), not only banners.
FIGURE_PAGES = {"koncernoverblik", "indberetningsstatus"}

# Per table: how far its scroll box reaches past what shows, and every cell whose text runs past the cell's edge.
TABLE_OVERFLOW = r"""
tables => tables.map(table => {
  const box = table.closest("[data-testid='stHtml']");
  const clipped = [...table.querySelectorAll('th, td')]
    .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
    .map(cell => cell.innerText.slice(0, 60));
  // Words broken over two lines (not at a hyphen) in cells without a long word (ui/tables.LONG_CLASS).
  const broken = [...table.querySelectorAll('th, td')].filter(cell => !cell.classList.contains('ms-long'))
    .flatMap(cell => [...cell.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).flatMap(node =>
      [...node.textContent.matchAll(/[^\s-]+/g)].filter(m => {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return lines.size > 1;
      }).map(m => m[0])));
  const holder = table.parentElement;
  return {hidden: box.scrollWidth - box.clientWidth, page: holder.scrollWidth - holder.clientWidth, clipped, broken,
          header: table.querySelector('th') ? table.querySelector('th').innerText : ''};
})
"""
# Per data grid: the widest horizontal overflow of any box in it that scrolls or clips (a box that lets its
# content show past its edge hides nothing), and the columns drawn against all columns.
GRID_OVERFLOW = """
grids => grids.map(grid => {
  const scrollers = [...grid.querySelectorAll('*')].filter(el => getComputedStyle(el).overflowX !== 'visible');
  const hidden = Math.max(0, ...scrollers.map(el => el.scrollWidth - el.clientWidth));
  const aria = grid.querySelector('table[role=grid]');
  return {hidden, columns: aria ? Number(aria.getAttribute('aria-colcount')) : 0,
          drawn: aria ? aria.querySelectorAll('thead th').length : 0};
})
"""


def open_drawn(page, url: str, viewport: dict):
    page.set_viewport_size(viewport)
    page.goto(url)
    page.locator("h1").first.wait_for()  # wait_for_script alone can pass before the first run has started
    wait_for_script(page)
    # Tables, selectboxes and charts are loaded lazily and drawn as grey skeletons until then.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


def open_every_expander(page) -> None:
    """Institution opens only its troubled goals; the closed ones hold tables too."""
    closed = page.locator(CLOSED_DISCLOSURE)
    for _ in range(closed.count()):  # the list shrinks as they open: always the first still closed
        closed.first.click()
    wait_for_script(page)


@pytest.mark.parametrize("name", list(TABLE_PAGES))
def test_no_table_column_is_cut_off_at_1440(tab, server, name):
    page = open_drawn(tab, f"{server}/{TABLE_PAGES[name]}", DESKTOP)
    if name == "institution":
        open_every_expander(page)
    tables = page.locator(STATIC_TABLE)
    tables.first.wait_for()
    measured = tables.evaluate_all(TABLE_OVERFLOW)
    assert len(measured) >= 2, measured
    for table in measured:
        assert table["hidden"] <= 1 and table["page"] <= 1, f"{name}: columns past the edge of {table}"
        assert table["clipped"] == [], f"{name}: text cut off in {table}"
        assert table["broken"] == [], f"{name}: words broken inside a squeezed column: {table['broken'][:5]}"
    grids = page.locator("[data-testid='stDataFrame']")
    for i in range(grids.count()):
        grids.nth(i).scroll_into_view_if_needed()  # a data grid draws itself once in view
    page.wait_for_timeout(300)  # let a grid scrolled into view draw its accessible table; read below
    for grid in grids.evaluate_all(GRID_OVERFLOW):
        assert grid["hidden"] <= 1 and grid["drawn"] == grid["columns"], f"{name}: a data grid is cut off: {grid}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"readable-{name}-1440.png"))


def test_the_example_banner_is_one_line_on_a_phone_and_whole_at_1440(tab, server):
    """The banners give the phone's first screen to the figures; on a desktop they say everything."""
    heights = {}
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = open_drawn(tab, server, viewport)
        text = page.locator(".st-key-banner-eksempeldata [data-testid='stMarkdownContainer'] p").first
        text.wait_for()
        # The line height in px ('normal' is about 1.2 times the font size).
        line = text.evaluate(
            "p => { const s = getComputedStyle(p); return parseFloat(s.lineHeight) || 1.2 * parseFloat(s.fontSize); }"
        )
        heights[label] = text.bounding_box()["height"] / line
    assert heights["phone"] <= 1.2, heights
    assert heights["desktop"] >= 2, heights  # the same text, whole: the phone's one line is a real shortening


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda spec: spec.stem)
def test_every_page_fits_a_phone_and_starts_with_its_title(tab, server, spec):
    page = open_drawn(tab, f"{server}/{spec.url_path}", PHONE)
    page.wait_for_timeout(500)  # let the charts draw before the picture; no assertion depends on it
    title = page.locator("[data-testid='stMain'] h1").first
    box = title.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], f"{spec.stem}: the title is below the first screen"
    # The title fits the width too (a long Danish word must not run off the screen).
    assert title.evaluate("h => h.scrollWidth <= h.clientWidth + 1"), f"{spec.stem}: the title runs off the screen"
    sideways = page.evaluate(
        "() => [document.scrollingElement, document.querySelector(\"[data-testid='stMain']\"),"
        " document.querySelector(\"[data-testid='stAppViewContainer']\")]"
        ".filter(Boolean).map(el => el.scrollWidth - el.clientWidth)"
    )
    assert max(sideways) <= 1, f"{spec.stem}: the page scrolls sideways by {sideways} px"
    if spec.stem in FIGURE_PAGES:
        page.locator(".ms-tile").nth(2).wait_for()
        # The first screen shows figures, not banners: at least three tiles (two abreast) fit whole in it.
        tiles = page.locator(".ms-tile").evaluate_all("tiles => tiles.map(t => t.getBoundingClientRect().bottom)")
        assert sum(bottom <= PHONE["height"] for bottom in tiles) >= 3, f"{spec.stem}: too few figures in view"
    ARTIFACTS.mkdir(exist_ok=True)
    picture = ARTIFACTS / f"{spec.stem}-390.png"
    page.screenshot(path=str(picture))
    if os.environ.get("MAALSTYRING_UPDATE_DOCS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copy(picture, DOCS_IMG / picture.name)


CHART_PAGES = {"koncernoverblik": "", "faelles_maal_okonomi": f"faelles_maal?{ECONOMY}",
               "faelles_maal_alt": f"faelles_maal?{ALT}", "udvikling": "udvikling",
               "udvikling_opfyldt": "udvikling?visning=Opfyldt+ved+%C3%A5rsafslutning",  # its second chart's view
               "faelles_maal_ssi": f"faelles_maal?institution={SSI}&{ALT}"}  # fmt: skip
# Per Plotly chart (ui/figures.py): how far its drawing reaches past its column, its smallest text, whether the
# legend sits below the plot area, and its accessible name (the text alternative).
CHART_MEASURE = r"""
charts => charts.map(chart => {
  const column = chart.closest('[data-testid="stElementContainer"]') || chart.parentElement;
  const edge = column.getBoundingClientRect();
  const svg = chart.querySelector('svg.main-svg').getBoundingClientRect();
  const texts = [...chart.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getClientRects().length);
  const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize));
  const plot = chart.querySelector('.nsewdrag, .draglayer .xy rect, .bglayer rect');
  const legend = chart.querySelector('g.legend');
  const labelled = chart.closest('[aria-label]') || chart.closest('[role="img"]');
  return {title: (chart.querySelector('.gtitle') || {}).textContent || '',
          past: Math.max(0, svg.right - edge.right), small: Math.min(...sizes),
          legendBelow: legend && plot ? legend.getBoundingClientRect().top >= plot.getBoundingClientRect().bottom - 1
                                      : null,
          name: labelled ? (labelled.getAttribute('aria-label') || '') : ''};
})
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "390"])
@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_charts_are_whole_and_readable(tab, server, name, viewport):
    """Every chart fits its column (nothing past its edge), its text is at least 11 px, its legend is below the
    plot, and it has a text alternative a screen reader reads."""
    page = open_drawn(tab, f"{server}/{CHART_PAGES[name]}", viewport)
    charts = page.locator(".js-plotly-plot")
    charts.first.wait_for()
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every(c => c._fullLayout)")
    measured = charts.evaluate_all(CHART_MEASURE)
    assert len(measured) == 1, measured  # one chart a view
    if name == "udvikling_opfyldt":
        assert measured[0]["title"] == "Opfyldte målepunkter ved årsafslutning", measured
    for chart in measured:
        assert chart["past"] <= 1, f"{name}: {chart['title']} runs {chart['past']} px past its column"
        assert chart["small"] >= 11, chart
        assert chart["legendBelow"] is True, chart
        assert chart["name"], f"{name}: {chart['title']} has no text alternative"
