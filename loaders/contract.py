"""The Excel contract with controllers (docs/SKABELONER.md): sheets, columns and limits.

The template writer, the reader, the tests and the docs all take sheet names, headers and limits from here;
the allowed values (statuses, periods, verdicts, ...) are the vocabulary's (vocabulary/terms.py). Change the
contract here and bump TEMPLATE_VERSION.
"""

from __future__ import annotations

from dataclasses import dataclass

from vocabulary.key_figures import KEY_FIGURES, SHARED_GOAL_KEYS
from vocabulary.terms import DIRECTIONS, GOAL_KINDS, GOAL_TYPES, STATUSES, VERDICTS, WorkbookKind

TEMPLATE_VERSION = 1

# --- Sheets ---------------------------------------------------------------------------------
SHEET_ABOUT = "Om"
SHEET_FOLLOW_UP = "Opfølgning"
SHEET_KEY_FIGURES = "Nøgletal"
SHEET_GUIDE = "Vejledning"
SHEET_GOALS = "Mål"
SHEET_MEASURES = "Målepunkter"
SHEET_LISTS = "Lister"  # hidden sheet behind the dropdowns' defined names

# --- Keys of the Om sheet ---------------------------------------------------------------------
ABOUT_KIND = "Skabelon"
ABOUT_VERSION = "Version"
ABOUT_INSTITUTION = "Institution"
ABOUT_INSTITUTION_NAME = "Institutionens navn"
ABOUT_YEAR = "År"
ABOUT_PERIOD = "Periode"
ABOUT_DIRECTOR = "Direktør"
ABOUT_DIRECTOR_SIGNED = "Underskrevet af direktør"
ABOUT_SECRETARY = "Departementschef"
ABOUT_SECRETARY_SIGNED = "Underskrevet af departementschef"


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its header, the field it fills, whether a value is required, and its kind.

    `field` is the attribute of the sheet's record in vocabulary.records (Goal, Measure, FollowUpRow,
    KeyFigure) and, unless `stored` is False, the column of the sheet's database table (`db_name` when the
    table spells it differently). Reader, template writer, preview, export, archive view and inserts all
    follow these names, so a new column is added here, on the record and in a migration.
    A column that is not stored is context the template writer fills in from the plan (or the 1. halvår
    report); its field names that value for the writer, not an attribute of the record.
    """

    header: str
    field: str
    required: bool = False
    kind: str = "text"  # text | number | date | choice
    choices: tuple[str, ...] = ()
    locked: bool = False  # filled by the app; greyed and protected in generated templates
    width: int = 18
    help: str = ""
    max_chars: int | None = None  # longest text allowed; None: MAX_TEXT_CHARS
    stored: bool = True  # False: shown in the template only, never read into the record or stored
    db_name: str = ""  # the database column, when it is not spelt like `field`

    @property
    def db_column(self) -> str | None:
        """The database column this column is stored in, or None when it is only shown."""
        return (self.db_name or self.field) if self.stored else None


def stored_columns(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns of a sheet that are read into its record and stored, in sheet order."""
    return tuple(col for col in columns if col.stored)


_ID = 64  # = MAX_ID_CHARS below (IDs are short keys; see there)

# --- Plan workbook ---------------------------------------------------------------------------
GOAL_COLUMNS = (
    Column(
        "Mål-ID", "goal_id", required=True, width=20, help="Entydig nøgle for målet, fx LMST-2024-I1.", max_chars=_ID
    ),
    Column("Nr.", "nr", required=True, width=8, help="Målets nummer i planen, fx 1 eller 2.1."),
    Column(
        "Måltype",
        "kind",
        required=True,
        kind="choice",
        choices=GOAL_KINDS,
        width=20,
        help="Koncernfælles eller Institutionsspecifik.",
    ),
    Column(
        "Fælles mål",
        "shared_key",
        kind="choice",
        choices=tuple(SHARED_GOAL_KEYS),
        width=14,
        help="Nøglen for et koncernfælles mål (KI, ØKONOMI, ALT, SAMARBEJDE); tom for egne mål.",
    ),
    Column("Titel", "title", required=True, width=36, help="Målets titel."),
    Column("Mål", "objective", required=True, width=60, help="Målsætningen."),
    Column("Bemærkninger", "remarks", width=40, help="Bemærkninger fra planen."),
    Column("Type af mål", "goal_type", kind="choice", choices=GOAL_TYPES, width=14, help="Drift eller Udvikling."),
    Column("Måling", "measurement", width=40, help="Hvordan målet opgøres (valgfri)."),
    Column("Afrapportering", "reporting", width=40, help="Hvordan der afrapporteres (valgfri)."),
)

MEASURE_COLUMNS = (
    Column(
        "Målepunkt-ID", "measure_id", required=True, width=22, help="Entydig nøgle, fx LMST-2024-I2-1.", max_chars=_ID
    ),
    Column("Mål-ID", "goal_id", required=True, width=20, help="Målet, som målepunktet hører til.", max_chars=_ID),
    Column("Nr.", "nr", required=True, width=8, help="Målepunktets nummer under målet."),
    Column("Målepunkt", "text", required=True, width=70, help="Målepunktets tekst."),
    Column("Måltal", "target", kind="number", width=10, help="Tal, hvis målepunktet har et (fx 90 eller 400)."),
    Column("Enhed", "unit", width=14, help="Enheden for måltallet, fx pct., sager, mio. kr."),
    Column(
        "Retning",
        "direction",
        kind="choice",
        choices=DIRECTIONS,
        width=10,
        help="Mindst (resultatet skal nå måltallet) eller Højst (må ikke overstige).",
    ),
    Column("Frist", "deadline", kind="date", width=12, help="Frist, hvis målepunktet har en."),
)

# --- Follow-up workbook ------------------------------------------------------------------------
FOLLOW_UP_COLUMNS = (
    Column(
        "Målepunkt-ID",
        "measure_id",
        required=True,
        locked=True,
        width=20,
        help="Målepunktets nøgle i planen, fx LMST-2024-I2-1. Udfyldt af Målstyring; må ikke ændres.",
        max_chars=_ID,
    ),
    Column(
        "Mål", "goal_label", stored=False, locked=True, width=34, help="Målets nummer og titel. Udfyldt af Målstyring."
    ),
    Column(
        "Måltype",
        "goal_kind",
        stored=False,
        locked=True,
        width=18,
        help="Koncernfælles eller Institutionsspecifik. Udfyldt af Målstyring.",
    ),
    Column(
        "Målepunkt",
        "measure_text",
        stored=False,
        locked=True,
        width=60,
        help="Målepunktets tekst fra planen. Udfyldt af Målstyring.",
    ),
    Column("Status", "status", required=True, kind="choice", choices=STATUSES, width=10, help="Grøn, Gul eller Rød."),
    Column(
        "Opfyldelse",
        "verdict",
        kind="choice",
        choices=VERDICTS,
        width=16,
        help="Opfyldt, Delvist opfyldt eller Ikke opfyldt. Skal udfyldes ved årsafslutning.",
    ),
    Column("Vurdering", "assessment", required=True, width=50, help="Jeres vurdering af målepunktet."),
    Column(
        "Årsag og konsekvens", "cause", width=40, help="Skal udfyldes ved Gul eller Rød, og når målet ikke er opfyldt."
    ),
    Column("Handling", "action", width=40, help="Skal udfyldes under samme betingelse som Årsag og konsekvens."),
    Column("Måltal", "target", kind="number", width=12, help="Forudfyldt fra planen, kan rettes."),
    Column(
        "Resultat",
        "actual",
        kind="number",
        width=12,
        help="Opnået resultat. Skal udfyldes ved årsafslutning, når der er et måltal.",
    ),
    Column(
        "Enhed",
        "unit",
        stored=False,
        locked=True,
        width=12,
        help="Enheden for Måltal og Resultat, fx pct. Udfyldt af Målstyring.",
    ),
)

# Read-only reference columns of the Årsafslutning template: what was reported at 1. halvår. The reader
# skips them without a warning, since they are part of the template and never stored from the file.
FOLLOW_UP_REFERENCE_COLUMNS = (
    Column(
        "1. halvår: Status",
        "h1_status",
        stored=False,
        locked=True,
        width=12,
        help="Status, som I indberettede ved 1. halvår. Kun til orientering; bliver ikke læst.",
    ),
    Column(
        "1. halvår: Vurdering",
        "h1_assessment",
        stored=False,
        locked=True,
        width=40,
        help="Vurderingen, som I indberettede ved 1. halvår. Kun til orientering; bliver ikke læst.",
    ),
)

KEY_FIGURE_COLUMNS = (
    Column(
        "Nøgletal",
        "name",
        required=True,
        kind="choice",
        choices=KEY_FIGURES,
        width=40,
        help="Hvilket nøgletal: økonomisk resultat mod grundbudget eller et af ALT-evalueringens tre spørgsmål.",
    ),
    Column(
        "År",
        "year",
        db_name="figure_year",
        required=True,
        kind="number",
        width=8,
        help="Året, tallet gælder, fx 2024 (ALT også 2022).",
    ),
    # A row with no value means "not reported" and is skipped, so prefilled rows may stay empty.
    Column(
        "Værdi", "value", kind="number", width=12, help="Tallet. Lad feltet stå tomt, hvis I ikke har tallet endnu."
    ),
)

# Sheets each kind of workbook may hold; any other sheet is mentioned as a warning and not read.
KNOWN_SHEETS: dict[str, tuple[str, ...]] = {
    WorkbookKind.FOLLOW_UP: (SHEET_ABOUT, SHEET_FOLLOW_UP, SHEET_KEY_FIGURES, SHEET_GUIDE, SHEET_LISTS),
    WorkbookKind.PLAN: (SHEET_ABOUT, SHEET_GOALS, SHEET_MEASURES, SHEET_GUIDE, SHEET_LISTS),
}


# Upper bounds that keep a hostile or mistaken file from exhausting the server.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 1000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_TEXT_CHARS = 10_000  # longer free text is refused: it is not an assessment, it is a paste error
MAX_DATA_ROWS = 5_000

# --- The reading budget (docs/SECURITY.md, "Læsning af uploads med budget") ---------------------
# A file within the size limits above can still describe far more work than its bytes suggest: a cell in
# column XFD on every row, one long shared string referenced from every cell, a million styles. These caps
# bound what is *read*, so the cost of a file follows from the caps, not from what the file claims.

# Sheets whose cells the readers use. Every other sheet (Vejledning, Lister, anything added) is only named.
READ_SHEETS = (SHEET_ABOUT, SHEET_FOLLOW_UP, SHEET_KEY_FIGURES, SHEET_GOALS, SHEET_MEASURES)
# The widest sheet has 14 columns; a controller may add a few of their own (they get a warning). Cells to the
# right of this are never stored, so an empty cell in XFD costs one skipped XML element, not 16.384 Nones.
MAX_READ_COLUMNS = 60
# Non-empty rows kept per sheet: the data rows the table reader accepts plus room for the header search
# (a few title rows) and one more, so the table reader still says "mere end 5000 rækker" in its own words.
MAX_READ_ROWS = MAX_DATA_ROWS + 20
# XML elements (rows, cells, values) looked at per read sheet, empty ones included. A full 5.000-row follow-up
# is about 150.000; the cap leaves room for styled empty cells and bounds the time (under 2 s) and memory of
# a sheet stuffed with empty elements.
MAX_SHEET_ELEMENTS = 500_000
# The same for all read sheets together: a plan's two data sheets at their fullest are about 300.000. Without
# it, five read sheets stuffed to their own cap would cost five times as much.
MAX_FILE_ELEMENTS = 1_000_000
# Elements nest 4 deep in a real sheet (worksheet/sheetData/row/c/is/r/t is the deepest); deeper is hostile.
MAX_XML_DEPTH = 12
# Characters of text kept for the whole file, counted per cell. A full plan with long texts is well under
# 3 million; this bounds what the parsing process sends back and what the validator holds in memory.
MAX_READ_TEXT_CHARS = 8_000_000
# A cell longer than Excel's own limit (MAX_CELL_CHARS) was not written by Excel: only this many characters
# are kept, with the real length, so the message can say how long it was without carrying the text along.
OVERLONG_PREFIX_CHARS = 100
# IDs (Mål-ID, Målepunkt-ID) are short keys like LMST-2024-I2-1; a longer one is a mistake or an attack,
# and an ID is repeated in every finding of its row, so it is refused before it is used.
MAX_ID_CHARS = _ID
# Parts openpyxl reads whole when it opens a workbook (before any sheet): measured, so a file cannot make it
# build millions of objects. Excel's real parts are far smaller: workbook.xml, rels, [Content_Types].xml and
# docProps are a few KB, styles.xml is under 1 MB even for heavily formatted workbooks (Excel allows 64.000
# cell formats, about 6 MB), and the shared strings of a full 5.000-row plan are 2-3 MB. Streaming the
# largest allowed table of tiny strings takes about 2 s (bench/adversarial.py, many_shared_strings).
MAX_PACKAGE_PART_BYTES = 2 * 1024 * 1024
MAX_STYLES_BYTES = 8 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024
# Sheet names listed in the "Arket … kendes ikke" warnings; Excel itself allows 255 sheets in practice.
MAX_LISTED_SHEETS = 255
# Findings kept per file: the controller needs the first ones to start fixing, and all of them are stored
# with the upload (uploads.errors_json) and shown on Historik. The rest are counted in one last finding.
# Each finding's text is cut to MAX_FINDING_CHARS, so the stored JSON stays under MAX_FINDINGS_JSON_BYTES.
MAX_FINDINGS = 200
MAX_FINDING_CHARS = 1_000
MAX_FINDINGS_JSON_BYTES = 256 * 1024

# The parsing process (loaders/parse_pool.py): an unknown parser weakness costs one refused file, never the
# server. 10 s and 500 MB is the budget any file up to MAX_UPLOAD_BYTES is judged within on a 2-core machine;
# an honest file takes well under 1 s and 100 MB.
PARSE_TIME_LIMIT_SECONDS = 10.0
PARSE_MEMORY_LIMIT_BYTES = 500 * 1024 * 1024
# Files parsed at once; further uploads wait for a free worker, so parsing never holds more than
# PARSE_WORKERS x PARSE_MEMORY_LIMIT_BYTES of the server's memory.
PARSE_WORKERS = 2
# Largest reply a worker may send (the values of a file within MAX_READ_TEXT_CHARS, JSON-encoded).
MAX_PARSE_REPLY_BYTES = 64 * 1024 * 1024
