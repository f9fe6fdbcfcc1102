"""Streamlit's own words in Danish: the labels, tooltips and aria-labels of its chrome (upload box, table toolbar,
sidebar button, help icons) that Streamlit 1.67 has no locale setting for.

What settings can do, settings do: client.toolbarMode = "minimal" (no main menu: no "Print", "Record screen",
"Made with Streamlit") and select_all=False on multiselects (no "Select all"; empty already means "Alle"). The
Plotly charts get Danish words through Plotly's own locale setting (ui/dashboard_figures.py). The rest is this
small workaround: one script, sent with the page shell once per browser tab (ui/app_shell.py), that rewrites
exact English strings (and a few patterns) in text and in aria-label, title and placeholder attributes as
Streamlit draws them. It only knows the constant strings below, and it leaves the static tables and the goals'
disclosures (ui/tables.py) and the charts (Plotly's div.js-plotly-plot), which hold workbook text, alone.
tests/test_danish_everywhere.py crawls every page for English words and fails on any that gets through.
"""

from __future__ import annotations

import json

from ui.tables import DETAILS_CLASS, TABLE_CLASS

CHART_CLASS = "js-plotly-plot"  # Plotly's class on a chart's element: its texts come from plans and workbooks

# Exactly as Streamlit 1.67's frontend writes them (streamlit/static/static/js/*.js).
WORDS: dict[str, str] = {
    # file uploader
    "Upload": "Vælg filer",
    "Add files": "Tilføj filer",
    "Drag and drop files here": "Træk filer herind",
    "Drag and drop a file here": "Træk en fil herind",
    "file upload": "Vælg filer",
    "Upload files": "Vælg filer",
    "Upload file": "Vælg fil",
    # table toolbar, search and column menu
    "Search": "Søg",
    "Close Search": "Luk søgning",
    "Show/hide columns": "Vis/skjul kolonner",
    "Download as CSV": "Hent som CSV",
    "Fullscreen": "Fuld skærm",
    "Close fullscreen": "Luk fuld skærm",
    "Next Result": "Næste resultat",
    "Previous Result": "Forrige resultat",
    "Dataframe column menu": "Kolonnemenu",
    "Sort ascending": "Sortér stigende",
    "Sort descending": "Sortér faldende",
    "Pin column": "Fastgør kolonne",
    "Unpin column": "Frigør kolonne",
    "Hide column": "Skjul kolonne",
    "Autosize": "Tilpas bredde",
    "Copy column name": "Kopiér kolonnenavn",
    "No results": "Ingen resultater",
    "No data": "Ingen data",
    # layout, selects, dates, status
    "Skip to main content": "Gå til indholdet",
    "Collapse sidebar": "Skjul sidepanel",
    "Expand sidebar": "Vis sidepanel",
    "Sidebar": "Sidepanel",
    "App pages": "Sider",
    "Navigate to home page": "Gå til forsiden",
    "Open": "Åbn",
    "Close": "Luk",
    "Clear all": "Ryd alle",
    "Clear value": "Ryd",
    "Selected values": "Valgte",
    "Choose an option": "Vælg",
    "Choose date": "Vælg dato",
    "yyyy": "åååå",  # the date field's empty year (dd and mm are Danish already)
    "Use arrow keys to navigate dates. Enter to select. Escape to close.": (
        "Brug piletasterne til at gå mellem datoer, Enter til at vælge og Escape til at lukke."
    ),
    "Clear date": "Ryd dato",
    "Previous month": "Forrige måned",
    "Next month": "Næste måned",
    "Running...": "Arbejder …",
    "Stop script": "Stop",
    "Link to heading": "Link til overskriften",
    "Notifications": "Beskeder",
    # a link to a page that does not exist (an old or mistyped address)
    "Page not found": "Siden findes ikke",
    "The page that you have requested does not seem to exist. Running the app's main page.": (
        "Den side, du bad om, findes ikke. Du ser forsiden i stedet."
    ),
    "Connection error": "Forbindelsen er afbrudt",
    # st.pagination (ui/tables.paged_table): its arrows and the list of pages
    "Previous page": "Forrige side",
    "Next page": "Næste side",
    "Pagination": "Sider i tabellen",
}

# (JavaScript regular expression, replacement): the strings Streamlit builds from a value.
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^(\d+)MB per file$", "Højst $1 MB pr. fil"),
    (r"^Help for (.+)$", "Hjælp til $1"),
    (r"^Remove (.+)$", "Fjern $1"),
    (r"^(\d+) options? available\.?$", "$1 valgmuligheder."),
    (r"^Page (\d+)$", "Side $1"),
    (r"^Cancel upload of (.+)$", "Afbryd overførslen af $1"),
    # the uploader's file sizes: "12.4KB" → "12,4 kB" (decimal comma, space, SI's small k)
    (r"^(\d+)\.(\d+)KB$", "$1,$2 kB"),
    (r"^(\d+)KB$", "$1 kB"),
    (r"^(\d+)\.(\d+)(MB|GB)$", "$1,$2 $3"),
    (r"^(\d+)(MB|GB)$", "$1 $2"),
    (r"^(\d+)(?:\.\d+)?B$", "$1 B"),  # whole bytes: "26.0B" → "26 B"
    (r"^day, (.+)$", "dag, $1"),  # the date field's parts, for screen readers
    (r"^month, (.+)$", "måned, $1"),
    (r"^year, (.+)$", "år, $1"),
)

_SCRIPT = """<script>
(() => {
  if (window.maalstyringDanish) return;  // once per tab: the observer outlives reruns and page changes
  window.maalstyringDanish = true;
  const words = %s;
  const patterns = %s.map(([p, r]) => [new RegExp(p), r]);
  const danish = (text) => {
    const key = text.trim();
    if (!key || !/[A-Za-z]/.test(key)) return null;
    if (Object.prototype.hasOwnProperty.call(words, key)) return text.replace(key, words[key]);
    for (const [pattern, replacement] of patterns) {
      if (pattern.test(key)) return text.replace(key, key.replace(pattern, replacement));
    }
    return null;
  };
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title"];
  const fixElement = (el) => {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name);
      const better = value && danish(value);
      if (better && better !== value) el.setAttribute(name, better);
    }
  };
  // The app's static tables and charts hold workbook text, which is never rewritten (a plan may say "Open").
  const USER_TEXT = "table.%s, div.%s, details.%s";
  const outsideUserText = {acceptNode: (n) => (n.nodeType === Node.ELEMENT_NODE && n.matches(USER_TEXT))
    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT};
  const fix = (node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    // A chart's drawing (Plotly's SVG, inside USER_TEXT too) adds thousands of nodes a load: skipped before the
    // closest() walk up, which cost Udvikling's two charts ~0,1 s of a fresh load (docs/BENCHMARKS.md).
    if (element instanceof SVGElement) return;
    if (element && element.closest(USER_TEXT)) return;
    if (node.nodeType === Node.TEXT_NODE) {
      const better = danish(node.nodeValue);
      if (better && better !== node.nodeValue) node.nodeValue = better;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(node);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
                                             outsideUserText);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (n.nodeType === Node.TEXT_NODE) fix(n);
      else fixElement(n);
    }
  };
  // Enter in a date field inside a form saves, as Enter does in the form's other fields: Streamlit's date field
  // takes the typed date only when it loses focus, so let it go first, then press the form's button.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    const field = event.target.closest && event.target.closest("[data-testid='stDateInputField']");
    const form = field && field.closest("[data-testid='stForm']");
    const submit = form && form.querySelector("[data-testid='stFormSubmitButton'] button");
    if (!submit) return;
    event.preventDefault();
    event.target.blur();
    setTimeout(() => submit.click(), 50);
  }, true);
  fix(document.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "childList") r.addedNodes.forEach(fix);
      else if (r.type === "characterData") fix(r.target);
      else fixElement(r.target);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: ATTRIBUTES});
})();
</script>"""


def script() -> str:
    """The script, with the constant word lists above as JSON (no user text ever goes in)."""
    words, patterns = json.dumps(WORDS, ensure_ascii=False), json.dumps([list(p) for p in PATTERNS])
    return _SCRIPT % (words, patterns, TABLE_CLASS, CHART_CLASS, DETAILS_CLASS)
