"""Danish everywhere a user reads or hears: every page in a real browser (text, tooltips, aria-labels, the table and
chart toolbars, the upload box, an open multiselect) and the CLI's help and error texts hold no English word
from the list below (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.browser import streamlit_server, wait_for_script
from tests.cli_run import run_cli
from tests.workbooks import fill, follow_up_template
from ui.navigation import PAGE_SPECS

# Words Streamlit, argparse (and Plotly, once) say in English; none is a Danish word the app uses.
ENGLISH = (
    "Upload", "Drag and drop", "per file", "Select all", "Show/hide", "Download", "Search", "Fullscreen",
    "Print", "Record screen", "Made with", "Streamlit", "Skip to", "Collapse", "Expand", "sidebar", "Main menu",
    "Open", "Close", "Clear", "Choose", "Help for", "options available", "Remove", "Zoom", "Pan", "Autoscale",
    "Reset axes", "plot", "Running", "Deploy", "Rerun", "Settings", "About", "No results", "Sort", "Hide column",
    "Previous", "Next", "month", "Loading", "Copy", "file", "files", "usage", "error", "arguments", "required",
    "invalid", "options", "show this help", "unrecognized", "choose from", "expected", "not allowed",
    "not found", "requested", "main page",
)  # fmt: skip
ENGLISH_RE = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w.-])")

VISIBLE_WORDS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest("script, style, noscript")) out.push(walker.currentNode.textContent);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [data-title]"))
    for (const name of ["aria-label", "title", "placeholder", "data-title"])
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
  return out;
}"""


def english_in(texts) -> set[str]:
    return {text.strip()[:120] for text in texts if ENGLISH_RE.search(text)}


def visit(page, url: str) -> None:
    """Open `url` and wait for the script and for the translator it installs (ui/danish_chrome.py)."""
    page.goto(url)
    wait_for_script(page)
    page.wait_for_function("window.maalstyringDanish === true")
    wait_for_script(page)


def collect(page, found: dict[str, set[str]], where: str) -> None:
    page.wait_for_timeout(300)  # the translator runs on the DOM mutation; give the tooltip a frame to appear
    found.setdefault(where, set()).update(english_in(page.evaluate(VISIBLE_WORDS)))


def mouse_onto(page, element) -> bool:
    """The mouse straight onto `element`: toolbars fade in and tables redraw, so Playwright's hover() waits for a
    'stable' element that never comes."""
    box = element.bounding_box()
    if box:
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 20))
    return bool(box)


def hover_toolbars(page, found, where) -> None:
    """Tables and the upload box show their toolbars and tooltips only under the mouse."""
    for element in page.query_selector_all("[data-testid='stDataFrame']"):
        element.scroll_into_view_if_needed()
        mouse_onto(page, element)
        collect(page, found, where)
        container = element.evaluate_handle("e => e.closest('[data-testid=\"stElementContainer\"]') || e.parentElement")
        for button in container.as_element().query_selector_all("[data-testid='stElementToolbar'] button"):
            if mouse_onto(page, button):
                collect(page, found, where)  # its tooltip is what a mouse user reads


@pytest.fixture
def example_app(example_path):
    with streamlit_server(example_path) as url:
        yield url, example_path


def test_every_page_speaks_danish(browser, example_app, tmp_path):
    url, db_path = example_app
    found: dict[str, set[str]] = {}
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    for spec in PAGE_SPECS:
        visit(page, f"{url}/{spec.url_path}")
        collect(page, found, spec.stem)
        hover_toolbars(page, found, spec.stem)
        # A page's other views (tabs): each one clicked, as a user opens it, with its closed parts opened.
        for tab in page.get_by_role("tab").all()[1:]:
            tab.click()
            wait_for_script(page)
            closed = page.locator("[data-testid='stMain'] details:not([open]) > summary")
            for _ in range(closed.count()):  # the list shrinks as they open: always the first still closed
                closed.first.click()
            wait_for_script(page)
            collect(page, found, f"{spec.stem}, {tab.inner_text()}")
    # An old or mistyped address: Streamlit's own "Page not found" dialog.
    visit(page, f"{url}/findes-ikke")
    page.get_by_role("dialog").wait_for()
    collect(page, found, "findes-ikke")
    page.keyboard.press("Escape")
    # The sidebar's filters (drawn when their popover opens), an open multiselect, and the upload box after a
    # file is chosen.
    visit(page, f"{url}/planer")
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Vælg filtre").click()
    collect(page, found, "filtre")
    page.locator("[data-testid='stMultiSelect']").first.click()
    collect(page, found, "multiselect")
    page.keyboard.press("Escape")
    visit(page, f"{url}/indberetning")
    page.locator("[data-testid='stFileUploader']").hover()
    collect(page, found, "indberetning")
    workbook = tmp_path / "lmst.xlsx"
    workbook.write_bytes(fill(_template_from_copy(db_path, tmp_path)))
    page.locator("input[type='file']").set_input_files(str(workbook))
    page.get_by_text("lmst.xlsx").first.wait_for()
    wait_for_script(page)
    mouse_onto(page, page.locator("[data-testid='stFileUploader']").element_handle())
    collect(page, found, "indberetning med fil")
    page.close()
    english = {where: words for where, words in found.items() if words}
    assert not english, english


def _template_from_copy(db_path: Path, tmp_path: Path) -> bytes:
    """A follow-up template, made from a copy: the running server holds the database file."""
    import shutil

    from maalstyring.database.storage import connect

    copy = tmp_path / "kopi.duckdb"
    shutil.copy(db_path, copy)
    conn = connect(copy)
    try:
        return follow_up_template(conn)
    finally:
        conn.close()


CLI_CALLS = (
    ["--help"], *([name, "--help"] for name in ("init", "import", "template", "export", "fjern-eksempeldata",
                                                "frist", "paamind")),
    [], ["hvad"], ["export"], ["import"], ["init", "--ukendt"], ["template", "--kind", "x"],
    ["frist", "--year", "i år"], ["paamind", "--year"],
    ["template", "--kind", "plan", "--institution", "LMST", "--year", "2025", "--blank", "--from-year", "2024"],
)  # fmt: skip


def test_the_cli_speaks_danish(tmp_path, monkeypatch):
    monkeypatch.setenv("MAALSTYRING_DB", str(tmp_path / "m.duckdb"))
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # no locale: whatever Danish there is, is ours
        monkeypatch.delenv(name, raising=False)
    found = {}
    for args in CLI_CALLS:
        done = run_cli(*args)
        # Option names (--year, --out, --dry-run) are the documented interface, not prose: leave them out.
        prose = re.sub(r"--[\w-]+", "", done.stdout + done.stderr)
        words = english_in(prose.splitlines())
        if words:
            found[" ".join(args)] = words
    assert not found, found


def test_the_translator_leaves_workbook_text_in_static_tables_disclosures_and_charts_alone(browser):
    """ui/danish_chrome.py rewrites Streamlit's own English words; a plan or file that says "Open" or "Search" is
    workbook text and must show as typed, in a table or chart drawn at load and in one added later (as Streamlit
    does)."""
    from ui.danish_chrome import CHART_CLASS, script
    from ui.tables import details_html, paragraph, table_html

    frame = pd.DataFrame({"Mål": ["Open", "Search"], "Fil": ["Upload", "Help for x"]})
    # A chart as Plotly draws it: SVG text inside its graph element (institution codes as the y axis's labels).
    chart = f'<div class="{CHART_CLASS}"><svg><g class="ytick"><text>Open</text></g><g class="ytick"><text>Search'
    chart += "</text></g></svg></div>"
    chart += details_html("Close", paragraph("Open") + paragraph("Search", "Upload"), True)  # a goal so named
    page = browser.new_page()
    chrome = '<button aria-label="Search">Close</button>'  # Streamlit's own words, to be translated
    page.set_content(f'<body>{chrome}{table_html(frame)}{chart}<div id="later"></div></body>')
    page.add_script_tag(content=script().removeprefix("<script>").removesuffix("</script>"))
    page.evaluate("html => { document.getElementById('later').innerHTML = html; }", table_html(frame) + chart)
    page.wait_for_timeout(50)  # the observer runs after the insertion
    assert page.locator("button").inner_text() == "Luk" and page.locator("button").get_attribute("aria-label") == "Søg"
    for table in page.locator("table").all():
        assert table.locator("td").all_inner_texts() == ["Open", "Upload", "Search", "Help for x"]
    charts = page.locator(f"div.{CHART_CLASS}").all()
    assert len(charts) == 2
    for figure in charts:
        assert figure.locator("text").all_text_contents() == ["Open", "Search"]
    for goal in page.locator("details").all():
        assert goal.locator("summary").inner_text() == "Close"
        assert goal.locator("p").all_inner_texts() == ["Open", "Upload Search"]
    page.close()
