"""The Plotly charts in Chromium (issue #25): on a koncern of 30 institutions a leader highlights one institution
on Udvikling and only its line and the koncern's are coloured; a legend click hides a line; the hover for a period
lists every value, highest first, in Danish numbers. Names from plans show as typed. Pictures of the chart pages at
1440 and 390 px with 5 and 30 institutions go to docs/img/sider when MAALSTYRING_UPDATE_DOCS=1."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import plotly
import pytest

from tests.browser import ARTIFACTS, streamlit_server, wait_for_script
from tests.db_state import synthetic_koncern
from vocabulary.palette import BACKGROUND_LINE_COLOUR, HIGHLIGHT_COLOURS, KONCERN_COLOUR

INSTITUTIONS = 30
DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img" / "sider"
VIEWPORTS = {"1440": {"width": 1440, "height": 900}, "390": {"width": 390, "height": 844}}
# Koncernfælles mål at its ALT view, its tallest chart (a row per institution and dimension).
CHART_PAGES = {
    "koncernoverblik": "",
    "faelles_maal": "faelles_maal?visning=Attraktiv+arbejdsplads",
    "udvikling": "udvikling",
}


@pytest.fixture(scope="module")
def koncern_server(tmp_path_factory):
    """30 synthetic institutions x 2 years, plans and both periods' reports, through the import path."""
    path = tmp_path_factory.mktemp("koncern30") / "koncern.duckdb"
    synthetic_koncern(path, INSTITUTIONS)
    with streamlit_server(path) as url:
        yield url


@pytest.fixture
def example_server(server):
    """The shared app on the example data (tests/conftest.server): the five institutions."""
    return server


def open_page(page, url: str, viewport: dict):
    page.set_viewport_size(viewport)
    page.goto(url)
    page.locator("h1").first.wait_for()
    wait_for_script(page, 60_000)
    charts_drawn(page)
    return page


def charts_drawn(page) -> None:
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every(c => c._fullLayout)")


# Each line of the first chart as Plotly draws it: its name, colour and whether it shows (legend click: 'legendonly').
LINES = """() => document.querySelector('.js-plotly-plot')._fullData
    .map(t => ({name: t.name, colour: t.line.color, visible: t.visible, legend: t.showlegend}))"""


def test_udvikling_highlights_a_picked_institution_hides_by_legend_and_hovers_high_to_low(tab, koncern_server):
    page = open_page(tab, f"{koncern_server}/udvikling", VIEWPORTS["1440"])
    lines = page.evaluate(LINES)
    assert len(lines) == 1 + 1 + INSTITUTIONS  # the koncern, the grey lines' legend entry, every institution
    assert {line["colour"] for line in lines} == {KONCERN_COLOUR, BACKGROUND_LINE_COLOUR}  # none picked yet

    # A leader picks one institution in "Fremhæv institutioner".
    choices = page.locator("[data-testid='stMain'] [data-testid='stMultiSelect']")
    choice = choices.filter(has_text="Fremhæv institutioner")
    choice.locator("input").click()
    page.keyboard.type("SYN007")
    page.get_by_role("option", name=re.compile("SYN007")).first.click()
    page.keyboard.press("Escape")
    wait_for_script(page)
    page.wait_for_function(
        "() => { const gd = document.querySelector('.js-plotly-plot'); return gd && gd._fullData && gd._fullData"
        f".some(t => t.name === 'Syntetisk institution 7' && t.line.color === '{HIGHLIGHT_COLOURS[0]}'); }}"
    )
    lines = page.evaluate(LINES)
    coloured = {line["name"]: line["colour"] for line in lines if line["colour"] != BACKGROUND_LINE_COLOUR}
    assert coloured == {"Koncernen i alt": KONCERN_COLOUR, "Syntetisk institution 7": HIGHLIGHT_COLOURS[0]}
    assert sum(line["colour"] == BACKGROUND_LINE_COLOUR for line in lines) == 1 + INSTITUTIONS - 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "udvikling-30-fremhaevet.png"))

    # The hover of a period: every line's value, highest first, in Danish numbers ("57,5 pct.").
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    point = chart.evaluate(
        """gd => { const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
                   return {x: box.left + xa._offset + xa.l2p(1), y: box.top + ya._offset + ya._length / 2}; }"""
    )
    page.mouse.move(point["x"], point["y"])
    hover = page.locator(".js-plotly-plot .hoverlayer .legend").first
    hover.wait_for()
    text = hover.text_content()
    values = re.findall(r"(\d{1,3}(?:,\d)?) pct\.", text)
    assert len(values) == 1 + INSTITUTIONS, text  # the koncern's and every institution's
    numbers = [float(v.replace(",", ".")) for v in values]
    assert numbers == sorted(numbers, reverse=True), text
    assert any("," in v for v in values) and "." not in "".join(values), text  # a decimal comma, never a point
    assert "Syntetisk institution 7" in text and "Koncernen i alt" in text
    # The whole list is inside the chart, its first (highest) entries too: the chart grows with the koncern.
    inside, outside = hover.bounding_box(), chart.bounding_box()
    assert inside["y"] >= outside["y"] - 1 and inside["y"] + inside["height"] <= outside["y"] + outside["height"] + 1
    page.screenshot(path=str(ARTIFACTS / "udvikling-30-hover.png"))
    page.mouse.move(5, 5)

    # A legend click hides the institution's line; the koncern's stays.
    chart.locator("g.legend .traces", has_text="Syntetisk institution 7").first.click()
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullData"
        ".find(t => t.name === 'Syntetisk institution 7').visible === 'legendonly'"
    )
    visible = {line["name"]: line["visible"] for line in page.evaluate(LINES)}
    assert visible["Syntetisk institution 7"] == "legendonly" and visible["Koncernen i alt"] is True


def test_koncernoverblik_at_30_shows_key_figures_and_the_worst_institutions_on_the_first_screen(tab, koncern_server):
    page = open_page(tab, koncern_server, VIEWPORTS["1440"])
    tiles = page.locator(".ms-tile").evaluate_all("ts => ts.map(t => t.getBoundingClientRect().bottom)")
    assert tiles and max(tiles) <= VIEWPORTS["1440"]["height"]
    # The status chart follows the tiles; its first bars (most red at the top) are in the first screen.
    top = page.evaluate(
        """() => { const gd = document.querySelector('.js-plotly-plot'); const ya = gd._fullLayout.yaxis;
                   const box = gd.getBoundingClientRect();
                   return {first: box.top + ya._offset + ya.l2p(0), names: ya._categories.slice(0, 3)}; }"""
    )
    assert top["first"] < VIEWPORTS["1440"]["height"], top
    red = page.evaluate(
        "() => document.querySelector('.js-plotly-plot')._fullData.find(t => t.name === '✕ Rød').x.slice()"
    )
    assert red == sorted(red, reverse=True)  # most red first


def test_the_mode_bar_says_gem_som_billede(tab, example_server):
    page = open_page(tab, example_server, VIEWPORTS["1440"])
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    button = chart.locator(".modebar-btn").first
    button.wait_for(state="attached")
    assert chart.locator(".modebar-btn").count() == 1
    assert button.get_attribute("data-title") == "Gem som billede"


def test_names_from_plans_show_as_typed_in_plotly(browser):
    """ui/figures.inert: a name with tags reaches Plotly as entities; Chromium shows it as typed, no link made."""
    import pandas as pd

    from ui.figures import status_figure

    hostile = "<a href='http://evil.invalid'>x</a> & <b>co</b>"
    chart = status_figure(pd.DataFrame({"institution_code": [hostile, "LMST"], "status": ["Rød", None]}))
    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()
    page = browser.new_page()
    page.set_content('<div id="chart" style="width:800px"></div>')
    page.add_script_tag(content=bundle)
    page.evaluate("spec => Plotly.newPlot('chart', spec.data, spec.layout)", chart.spec)
    labels = page.locator("#chart .ytick text").all_text_contents()
    assert hostile in labels
    assert page.locator("#chart svg a").count() == 0 and page.locator("#chart svg b").count() == 0  # no link made
    page.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_pictures_of_the_chart_pages_with_5_and_30_institutions(tab, example_server, koncern_server, viewport):
    """Each chart page's first screen at 1440 and 390 px, with the bundled five institutions and with 30: every
    chart fits the width (no sideways scrolling)."""
    for institutions, server in (("5", example_server), ("30", koncern_server)):
        for stem, address in CHART_PAGES.items():
            page = open_page(tab, f"{server}/{address}", VIEWPORTS[viewport])
            widths = page.locator(".js-plotly-plot").evaluate_all(
                "cs => cs.map(c => c.querySelector('svg.main-svg').getBoundingClientRect().right)"
            )
            assert widths and max(widths) <= VIEWPORTS[viewport]["width"], (stem, widths)
            ARTIFACTS.mkdir(exist_ok=True)
            picture = ARTIFACTS / f"{stem}-{institutions}inst-{viewport}.png"
            page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
            page.screenshot(path=str(picture))
            if os.environ.get("MAALSTYRING_UPDATE_DOCS") == "1":
                DOCS_IMG.mkdir(parents=True, exist_ok=True)
                shutil.copy(picture, DOCS_IMG / picture.name)
