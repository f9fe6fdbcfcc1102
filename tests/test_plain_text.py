"""Plan and report text render as plain text everywhere, and no table offers a download a spreadsheet would
run as formulas (issue 10). The browser tests serve the every-state database (tests/every_state.py), whose
LMST plan and reports hold markdown images pointing at a local pixel server, links, bare addresses, colour
directives, LaTeX and emoji shortcodes, and check what a real Chromium draws and fetches."""

from __future__ import annotations

import http.server
import io
import re
import string
import threading
from typing import ClassVar
from urllib.parse import quote, urlsplit

import pytest
from openpyxl import load_workbook

from maalstyring.database.storage import connect
from tests import every_state
from tests.browser import CLOSED_DISCLOSURE, STATIC_TABLE, in_tab, screenshot, streamlit_server, wait_for_script
from tests.html_tables import every_row
from tests.markdown_text import as_read
from ui.plain_text import WORD_JOINER, label, plain
from ui.tables import table_workbook


@pytest.mark.parametrize(
    "text",
    [every_state.hostile_text(), "- første\n- andet", "1. Mål\n2. Mål", "a\\b", "**fed** _x_ `kode` #1 > citat"],
)
def test_plain_escapes_every_punctuation_and_keeps_the_text(text):
    escaped = plain(text)
    assert as_read(escaped) == text
    unescaped_marks = [
        ch for i, ch in enumerate(escaped) if ch in string.punctuation and ch != "\\" and escaped[i - 1] != "\\"
    ]
    assert unescaped_marks == []


def test_plain_breaks_the_patterns_that_autolink():
    for address in ("http://evil.invalid", "HTTPS://evil.invalid", "www.evil.dk", "ftp://evil.invalid"):
        assert WORD_JOINER in plain(address)
    assert "\n" not in label("første linje\nanden linje")
    assert plain(None) == "" and plain(float("nan"), "ikke angivet") == "ikke angivet"


class _PixelServer(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []  # every request any handler got

    def do_GET(self):
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def pixel_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _PixelServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}", _PixelServer.requests
    server.shutdown()


@pytest.fixture(scope="module")
def hostile_upload(tmp_path_factory, pixel_server):
    """The every-state database, and a new LMST report full of markdown to send (made before the server
    holds the file)."""
    host, _ = pixel_server
    path = tmp_path_factory.mktemp("plain_text") / "alt.duckdb"
    every_state.build(path, host=host)
    conn = connect(path)
    data = every_state.hostile_follow_up(conn, "Rød", host, cause="Ny årsag " + every_state.MARKDOWN_LINK)
    conn.close()
    return path, data


@pytest.fixture(scope="module")
def hostile_app(hostile_upload):
    with streamlit_server(hostile_upload[0]) as url:
        yield url


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
H1 = quote("1. halvår")
LMST = quote("Lægemiddelstyrelsen (LMST)")
# Page → (address, a text that shows once the page is drawn).
PAGES = {
    "planer": ("planer?aar=2024", "Institutionsspecifikke mål"),
    "koncernoverblik": (f"?aar=2024&periode={H1}", "Gule og røde mål og uenigheder: årsag og handling"),
    "institution": (f"institution?aar=2024&periode={H1}&vis={LMST}", "Institutionsspecifikke mål"),
    "faelles_maal": (f"faelles_maal?aar=2024&periode={H1}", "Målepunkter pr. institution"),
}


def open_all_expanders(page) -> None:
    # Only the closed ones: a click on an open expander (Institution opens its goals) would close it.
    closed = page.locator(CLOSED_DISCLOSURE)
    for _ in range(closed.count()):  # the list shrinks as they open: always the first still closed
        closed.first.click()
    wait_for_script(page)


def assert_inert(page, requests: list[str], host: str, shown: tuple[str, ...] | None = None) -> None:
    """No image or link to the hostile addresses, nothing fetched, and the markdown visible as typed."""
    images = page.locator("img").evaluate_all("els => els.map(e => e.src)")
    links = page.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert not [src for src in images if host in src or "evil" in src]
    # Links within the app (navigation, a header's own anchor, whose slug may spell the text) are fine.
    elsewhere = [href for href in links if urlsplit(href).netloc != urlsplit(page.url).netloc]
    assert not [href for href in elsewhere if host in href or "evil" in href], elsewhere
    assert page.locator(".katex, [data-testid='stMarkdownColoredText'], span[style*='color: red']").count() == 0
    assert requests == []
    text = page.locator("[data-testid='stMain']").inner_text().replace(WORD_JOINER, "")
    for literal in shown or (every_state.MARKDOWN_LINK, every_state.COLOUR):
        assert literal in text


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_workbook_markdown_shows_as_typed(hostile_app, pixel_server, tab, name):
    host, requests = pixel_server
    page = in_tab(tab, {"width": 1440, "height": 900})
    address, drawn = PAGES[name]
    page.goto(f"{hostile_app}/{address}")
    page.get_by_text(drawn).first.wait_for()
    wait_for_script(page)
    open_all_expanders(page)
    if name == "koncernoverblik":  # the full texts stand in the yellow and red goals' table, the second one
        page.locator(STATIC_TABLE).nth(1).wait_for()
    screenshot(page, f"klartekst-{name}")
    # Koncernfælles mål shows the målepunkt texts (with the image) under each shared goal; the others all.
    image = every_state.MARKDOWN_IMAGE.format(host=host)
    shown = None
    if name == "faelles_maal":
        shown = (image, every_state.BARE_URL)
    elif name == "koncernoverblik":  # shared goals go by their one koncern label here, so the hostile title is
        shown = (every_state.MARKDOWN_LINK,)  # not shown; the hostile Handling text is, in full
    assert_inert(page, requests, host, shown)
    if name == "planer":  # the plan's bullet lines stay lines that start with a dash
        assert "\n- første punkt\n- andet punkt" in page.locator("[data-testid='stMain']").inner_text()


@pytest.mark.browser
def test_historik_shows_a_reports_markdown_as_typed(hostile_app, pixel_server, tab):
    host, requests = pixel_server
    page = in_tab(tab, {"width": 1440, "height": 900})
    page.goto(f"{hostile_app}/historik")
    wait_for_script(page)
    page.get_by_role("link", name="lmst_h1.xlsx").first.click()  # a file's name in the list opens it
    page.wait_for_url(re.compile(r"/historik\?.*fil=\d+"))
    wait_for_script(page)
    page.get_by_text("Indberettet status pr. målepunkt").wait_for()
    screenshot(page, "klartekst-historik")
    assert_inert(page, requests, host)


@pytest.mark.browser
def test_tables_offer_no_csv_download(hostile_app, tab):
    """No table offers a CSV of itself: the tables are static tables (no canvas grid with its toolbar is left), and
    any toolbar they get has no download (client.disableDataExport); the Excel button is the way to a sheet."""
    page = in_tab(tab, {"width": 1440, "height": 900})
    page.goto(f"{hostile_app}/revisionsspor")
    wait_for_script(page)
    table = page.locator(STATIC_TABLE).first
    table.wait_for()
    table.hover()
    page.wait_for_timeout(300)  # a toolbar fades in under the mouse
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    toolbars = page.locator("[data-testid='stElementToolbar']")
    buttons = [b.get_attribute("aria-label") or b.inner_text() for b in toolbars.get_by_role("button").all()]
    assert not [b for b in buttons if "Download" in b or "CSV" in b or "Hent" in b], buttons
    assert page.get_by_role("button", name="Hent revisionssporet som Excel").count() == 1


def test_revisionsspor_offers_its_table_as_excel_with_formulas_as_text(open_page, tmp_path):
    path = tmp_path / "alt.duckdb"
    every_state.build(path)
    at = open_page(path, "pages/revisionsspor.py")
    at.toggle[0].set_value(False).run()
    assert [b.label for b in at.get("download_button")] == ["Hent revisionssporet som Excel"]
    table = every_row(at, "Detaljer", "side_spor")
    assert (table["Detaljer"].str.startswith(every_state.FORMULA)).any()  # shown as text in the table …
    sheet = load_workbook(io.BytesIO(table_workbook(table, "Revisionsspor")))["Revisionsspor"]
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=")]
    assert cells and all(cell.data_type == "s" for cell in cells)  # … and as text in the workbook


@pytest.mark.browser
def test_upload_preview_shows_markdown_as_typed(hostile_app, hostile_upload, pixel_server, tab):
    host, requests = pixel_server
    page = in_tab(tab, {"width": 1440, "height": 900})
    page.goto(f"{hostile_app}/indberetning")
    page.get_by_text("Udfyldte skabeloner").first.wait_for()
    name = f"{every_state.COLOUR} {every_state.LATEX} [klik](www.evil.dk).xlsx"
    page.locator("input[type='file']").set_input_files([{"name": name, "mimeType": XLSX, "buffer": hostile_upload[1]}])
    page.get_by_text("Det ændres ved indlæsning").wait_for()
    page.locator(STATIC_TABLE, has_text="[klik]").first.wait_for()  # the preview, drawn last
    wait_for_script(page)
    screenshot(page, "klartekst-indberetning")
    assert_inert(page, requests, host, (every_state.MARKDOWN_LINK, name))
