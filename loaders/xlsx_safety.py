"""Safety checks on an uploaded file before, and while, openpyxl opens it.

`check_upload` looks at the raw bytes and the zip directory only: file signature, size, zip bombs,
macro-enabled or other non-.xlsx packages, and DTD/entity declarations in XML parts (XML bombs, XXE).
Nothing is parsed as XML and no part is fully decompressed before the size limits have been checked.
`open_workbook_safely` then opens the workbook with openpyxl (which uses defusedxml as a second line of
defence) and turns any failure into a Danish `Finding` instead of a traceback.

Python's zipfile never returns more bytes for an entry than the size declared in the zip directory (it stops
at `file_size` and checks the CRC), so the directory sizes used here are real upper bounds.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import zipfile
import zlib
from io import BytesIO

from loaders.contract import (
    MAX_COMPRESSION_RATIO,
    MAX_PACKAGE_PART_BYTES,
    MAX_SHARED_STRINGS_BYTES,
    MAX_STYLES_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_ENTRIES,
)
from loaders.issues import WARNING, Finding
from loaders.sheet_values import WorkbookValues
from loaders.xlsx_values import read_values

log = logging.getLogger(__name__)

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

# Entries smaller than this are never flagged for their compression ratio: small XML compresses well.
RATIO_MIN_ENTRY_BYTES = 1024 * 1024
# How far into one XML part we look for the end of the prolog (XML declaration, comments, PIs, DOCTYPE).
PROLOG_READ_STEP = 4 * 1024
PROLOG_READ_LIMIT = 64 * 1024
# [Content_Types].xml of a real workbook is a few KB.
CONTENT_TYPES_READ_LIMIT = 1024 * 1024

SAVE_AS_XLSX = "Gem den som 'Excel-projektmappe (*.xlsx)', og prøv igen."

# Content types (lower case) of an Office Open XML package's main part.
CT_XLSX_MAIN = "spreadsheetml.sheet.main+xml"
CT_XLTX_MAIN = "spreadsheetml.template.main+xml"
CT_BINARY = "sheet.binary.macroenabled"  # .xlsb
CT_MACRO_MARKERS = ("macroenabled", "ms-excel.macrosheet", "ms-excel.intlmacrosheet")

_NOT_XML, _OK, _DTD, _UNUSUAL, _MORE = "not-xml", "ok", "dtd", "unusual", "more"


# --- Messages ---------------------------------------------------------------------------------------


def _format_mb(n_bytes: int) -> str:
    """Bytes as Danish megabytes: '10 MB', '12,3 MB', '1.024 MB'."""
    mb = n_bytes / (1024 * 1024)
    if mb >= 100 or abs(mb - round(mb)) < 0.05:
        return f"{round(mb):,} MB".replace(",", ".")
    return f"{mb:.1f} MB".replace(".", ",")


def _format_int(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def _the_file(file_name: str) -> str:
    """'Filen »x.xlsx«' with the user's file name tamed (no path, no control characters, not too long)."""
    name = os.path.basename(str(file_name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 80:
        name = name[:77] + "..."
    return f"Filen »{name}«" if name else "Filen"


def _error(message: str) -> list[Finding]:
    return [Finding(message=message)]


def _corrupt(file_name: str) -> list[Finding]:
    return _error(
        f"{_the_file(file_name)} er beskadiget eller ufuldstændig og kan ikke åbnes. Måske blev den ikke "
        "gemt færdig eller kun delvist overført. Åbn den i Excel, gem den igen som "
        "'Excel-projektmappe (*.xlsx)', og prøv igen."
    )


def _xml_constructs(file_name: str, part: str = "") -> list[Finding]:
    where = f" (fundet i delen {part})" if part else ""
    return _error(
        f"{_the_file(file_name)} indeholder XML-konstruktioner (DTD/entiteter), som ikke er tilladt, "
        f"fordi de kan bruges til angreb{where}. Excel laver ikke selv den slags, så filen er "
        "sandsynligvis lavet eller ændret af et andet program. Åbn den i Excel, og gem den som "
        "'Excel-projektmappe (*.xlsx)' – eller brug en ny skabelon fra appen – og prøv igen."
    )


def _unusual_xml(file_name: str, part: str) -> list[Finding]:
    return _error(
        f"{_the_file(file_name)} indeholder en XML-del ({part}) med en usædvanlig opbygning, som af "
        "sikkerhedshensyn ikke åbnes. Åbn filen i Excel, gem den igen som 'Excel-projektmappe (*.xlsx)', "
        "og prøv igen."
    )


# --- Before the zip: signature and size ------------------------------------------------------------


def _looks_like_text(head: bytes) -> bool:
    """True when the bytes look like text (CSV, TXT, HTML): no NULs, decodable, mostly printable."""
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return printable / len(text) > 0.95


def _not_xlsx(data: bytes, file_name: str) -> list[Finding]:
    """The message for bytes that are neither a zip nor an OLE2 compound file."""
    head = data[:4096]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    what = ""
    if head.startswith(b"%PDF"):
        what = "en PDF-fil"
    elif stripped.startswith((b"<!doctype html", b"<html", b"<table")):
        what = "en webside (HTML)"
    elif stripped.startswith(b"<?xml"):
        what = "en XML-fil (fx 'XML-regneark 2003')"
    elif head.startswith(b"PK"):
        what = "en tom eller ufuldstændig zip-fil"
    elif _looks_like_text(head):
        what = "en CSV- eller tekstfil"
    if what:
        return _error(
            f"{_the_file(file_name)} er ikke en Excel-projektmappe (.xlsx) – den ser ud til at være {what}. "
            "Åbn den i Excel (eller brug skabelonen fra appen), og gem den som "
            "'Excel-projektmappe (*.xlsx)'. Prøv så igen."
        )
    return _error(f"{_the_file(file_name)} er ikke en Excel-projektmappe (.xlsx). {SAVE_AS_XLSX}")


def _ole2(data: bytes, file_name: str) -> list[Finding]:
    """An OLE2 compound file: an encrypted .xlsx, an old .xls, or another old Office document."""
    names = {name: name.encode("utf-16-le") in data for name in ("EncryptionInfo", "EncryptedPackage")}
    if any(names.values()):
        return _error(
            f"{_the_file(file_name)} er beskyttet med en adgangskode (krypteret) og kan derfor ikke læses. "
            "Åbn den i Excel, og fjern adgangskoden (Filer > Oplysninger > Beskyt projektmappe > "
            "Krypter med adgangskode – slet adgangskoden og tryk OK). Har filen en følsomhedsmærkning, der "
            "krypterer, skal den mærkning fjernes. Gem derefter som 'Excel-projektmappe (*.xlsx)', "
            "og prøv igen."
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return _error(
            f"{_the_file(file_name)} er i det gamle Excel-format (.xls), som ikke kan bruges. Åbn den i "
            "Excel, vælg Filer > Gem som, og gem den som 'Excel-projektmappe (*.xlsx)'. Prøv så igen."
        )
    return _error(
        f"{_the_file(file_name)} er i et gammelt Office-format og ikke en Excel-projektmappe (.xlsx). {SAVE_AS_XLSX}"
    )


# --- Inside the zip: directory, package kind, XML prologs -------------------------------------------


def _zip_limits(infos: list[zipfile.ZipInfo], file_name: str) -> list[Finding]:
    """Zip-bomb checks from the zip directory alone: entry count, total size, compression ratio."""
    the_file = _the_file(file_name)
    reject = "Filen afvises af sikkerhedshensyn. Kontroller, at du har valgt den rigtige fil, og gem den som "
    reject += "'Excel-projektmappe (*.xlsx)' uden ekstra indhold (fx store billeder)."
    if len(infos) > MAX_ZIP_ENTRIES:
        return _error(
            f"{the_file} består af {_format_int(len(infos))} interne dele, og grænsen er "
            f"{_format_int(MAX_ZIP_ENTRIES)}. Det er langt flere, end en udfyldt skabelon har. {reject}"
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        return _error(
            f"{the_file} fylder {_format_mb(total)}, når den pakkes ud, og grænsen er "
            f"{_format_mb(MAX_UNCOMPRESSED_BYTES)}. Det er langt mere, end en udfyldt skabelon fylder "
            f"(en såkaldt zip-bombe). {reject}"
        )
    for info in infos:
        if info.file_size <= RATIO_MIN_ENTRY_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            return _error(
                f"{the_file} indeholder en del ({info.filename}), der er pakket usædvanligt hårdt sammen "
                f"({_format_int(ratio)}:1, grænsen er {_format_int(MAX_COMPRESSION_RATIO)}:1). Det er "
                f"kendetegnet for en såkaldt zip-bombe. {reject}"
            )
    return []


def _read_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` decompressed bytes from the start of an entry (decompresses only that much)."""
    with zf.open(info) as fh:
        return fh.read(limit)


def _package_kind(zf: zipfile.ZipFile, file_name: str) -> list[Finding]:
    """Refuse zips that are not a plain .xlsx workbook: .xlsm/.xltm, .xlsb, .xltx, Word, ODS, any zip."""
    the_file = _the_file(file_name)
    by_lower = {info.filename.lower(): info for info in zf.infolist()}
    names = set(by_lower)
    ct_info = by_lower.get("[content_types].xml")
    if ct_info is None:
        what = ""
        if "mimetype" in by_lower:
            mimetype = _read_head(zf, by_lower["mimetype"], 200).lower()
            if b"opendocument.spreadsheet" in mimetype:
                what = " – den ser ud til at være et OpenDocument-regneark (.ods)"
            elif b"opendocument" in mimetype:
                what = " – den ser ud til at være et OpenDocument-dokument"
        return _error(
            f"{the_file} er en zip-fil, men ikke en Excel-projektmappe (.xlsx){what}. Åbn den i Excel, "
            "og gem den som 'Excel-projektmappe (*.xlsx)'. Prøv så igen."
        )
    content_types = _read_head(zf, ct_info, CONTENT_TYPES_READ_LIMIT).lower()
    content_types = content_types.replace(b"\x00", b"")  # crude but enough for UTF-16 content types

    if CT_BINARY.encode() in content_types or "xl/workbook.bin" in names:
        return _error(
            f"{the_file} er gemt som binær Excel-projektmappe (.xlsb), som ikke kan bruges. Åbn den i Excel, "
            "og gem den som 'Excel-projektmappe (*.xlsx)'. Prøv så igen."
        )
    has_vba = any(name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/") for name in names)
    if has_vba or any(marker.encode() in content_types for marker in CT_MACRO_MARKERS):
        return _error(
            f"{the_file} er en projektmappe med makroer (.xlsm), og makroer er ikke tilladt. Åbn den i "
            "Excel, og gem den som 'Excel-projektmappe (*.xlsx)' – så fjernes makroerne. Prøv så igen."
        )
    if CT_XLTX_MAIN.encode() in content_types:
        return _error(
            f"{the_file} er gemt som Excel-skabelon (.xltx). Åbn den i Excel, og gem den som "
            "'Excel-projektmappe (*.xlsx)'. Prøv så igen."
        )
    if CT_XLSX_MAIN.encode() not in content_types and "xl/workbook.xml" not in names:
        what = ""
        if b"wordprocessingml" in content_types or "word/document.xml" in names:
            what = " – den ser ud til at være et Word-dokument"
        elif b"presentationml" in content_types or "ppt/presentation.xml" in names:
            what = " – den ser ud til at være en PowerPoint-præsentation"
        return _error(
            f"{the_file} er ikke en Excel-projektmappe (.xlsx){what}. Vælg den udfyldte skabelon, eller gem "
            "filen i Excel som 'Excel-projektmappe (*.xlsx)'. Prøv så igen."
        )
    return []


def _initial_encoding(head: bytes) -> tuple[str, int]:
    """The encoding of an XML entity from its first bytes (XML 1.0, appendix F) and the BOM's length."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, encoding in boms:
        if head.startswith(bom):
            return encoding, len(bom)
    if head[:4] == b"<\x00\x00\x00":
        return "utf-32-le", 0
    if head[:4] == b"\x00\x00\x00<":
        return "utf-32-be", 0
    if len(head) >= 2 and head[1] == 0 and head[0] != 0:
        return "utf-16-le", 0
    if len(head) >= 2 and head[0] == 0 and head[1] != 0:
        return "utf-16-be", 0
    return "utf-8", 0


_ENCODING_DECL = re.compile(r"""encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
_ASCII_COMPATIBLE = {"utf_8", "ascii", "latin_1", "iso8859_1", "cp1252", "iso8859_15"}


def _prolog_verdict(raw: bytes, complete: bool) -> str:
    """Walk the XML prolog (declaration, comments, PIs) up to the root element.

    Returns _OK when the root element starts with no DTD before it, _DTD on a DOCTYPE (or any other
    `<!` declaration, which is where ENTITY declarations live), _NOT_XML when the part does not start like
    XML at all (the parser would refuse it), _UNUSUAL on text that no well-formed prolog has, and _MORE
    when more bytes are needed.
    """
    encoding, start = _initial_encoding(raw)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(raw[start:], final=complete)
    i, n, seen_markup = 0, len(text), False
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return _OK if complete else _MORE
        if text[i] != "<":
            return _UNUSUAL if seen_markup else _NOT_XML
        if n - i < 4 and not complete:
            return _MORE
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return _OK if complete else _MORE  # unterminated: the parser will refuse it
            end += 2
            if i == 0 and text.startswith("<?xml", i) and encoding == "utf-8":
                declared = _ENCODING_DECL.search(text, i, end)
                if declared:
                    try:
                        codec = codecs.lookup(declared.group(1)).name.replace("-", "_")
                    except LookupError:
                        return _UNUSUAL
                    if codec not in _ASCII_COMPATIBLE:
                        # The parser switches to the declared encoding after the declaration; so do we.
                        if not text[:end].isascii():
                            return _UNUSUAL
                        rest_decoder = codecs.getincrementaldecoder(codec)(errors="replace")
                        text = text[:end] + rest_decoder.decode(raw[start + end :], final=complete)
                        n, encoding = len(text), codec
            i, seen_markup = end, True
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return _OK if complete else _MORE
            i, seen_markup = end + 3, True
        elif text.startswith("<!", i):
            return _DTD
        else:
            return _OK  # the root element


def xml_part_verdict(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """ "ok", "dtd", "unusual" or "not-xml" for one part, from its prolog (at most PROLOG_READ_LIMIT bytes)."""
    if info.is_dir() or info.file_size == 0:
        return _OK
    with zf.open(info) as fh:
        raw = b""
        while True:
            chunk = fh.read(PROLOG_READ_STEP)
            raw += chunk
            complete = not chunk or len(raw) >= info.file_size
            verdict = _prolog_verdict(raw, complete)
            if verdict != _MORE:
                return verdict
            if len(raw) >= PROLOG_READ_LIMIT:
                return _UNUSUAL


def _scan_xml_prologs(zf: zipfile.ZipFile, file_name: str) -> list[Finding]:
    """Refuse any part whose XML prolog holds a DTD (billion laughs, external entities).

    Every entry is looked at, not only *.xml: openpyxl follows relationships and content types, so a
    worksheet may have any name. Non-XML entries (images, printer settings) are recognised and skipped.
    """
    for info in zf.infolist():
        verdict = xml_part_verdict(zf, info)
        if verdict == _DTD:
            return _xml_constructs(file_name, info.filename)
        if verdict == _UNUSUAL:
            return _unusual_xml(file_name, info.filename)
    return []


_OVERRIDE = re.compile(rb"<override\b[^>]*>")
_PART_NAME = re.compile(rb'partname\s*=\s*["\']/?([^"\']*)["\']')
_CONTENT_TYPE = re.compile(rb'contenttype\s*=\s*["\']([^"\']*)["\']')


def _whole_parts(zf: zipfile.ZipFile) -> dict[str, tuple[int, str]]:
    """Parts openpyxl reads whole on opening (lower-case name → size limit, what it is in a message).

    By the fixed names openpyxl uses, and by the names [Content_Types].xml gives the workbook and the
    shared strings, which is where openpyxl looks for them.
    """
    limits = {
        "[content_types].xml": (MAX_PACKAGE_PART_BYTES, "pakkens indholdsfortegnelse"),
        "xl/workbook.xml": (MAX_PACKAGE_PART_BYTES, "projektmappens arkliste"),
        "xl/styles.xml": (MAX_STYLES_BYTES, "formateringen (typografier)"),
        "xl/sharedstrings.xml": (MAX_SHARED_STRINGS_BYTES, "den fælles teksttabel"),
    }
    by_lower = {info.filename.lower(): info for info in zf.infolist()}
    ct_info = by_lower.get("[content_types].xml")
    if ct_info is not None:
        content_types = _read_head(zf, ct_info, CONTENT_TYPES_READ_LIMIT).lower().replace(b"\x00", b"")
        for override in _OVERRIDE.findall(content_types):
            part_name, kind = _PART_NAME.search(override), _CONTENT_TYPE.search(override)
            if not part_name or not kind:
                continue
            part = part_name.group(1).decode("utf-8", "replace")
            if b"sharedstrings+xml" in kind.group(1):
                limits[part] = (MAX_SHARED_STRINGS_BYTES, "den fælles teksttabel")
            elif b"main+xml" in kind.group(1):
                limits[part] = (MAX_PACKAGE_PART_BYTES, "projektmappens arkliste")
    for name in by_lower:
        if name.endswith(".rels") or (name.startswith(("docprops/", "xl/theme/")) and name.endswith(".xml")):
            limits.setdefault(name, (MAX_PACKAGE_PART_BYTES, "pakkens opbygning"))
    return limits


def _part_limits(zf: zipfile.ZipFile, file_name: str) -> list[Finding]:
    """Refuse parts that are read whole and far larger than Excel writes them (millions of styles, strings)."""
    limits = _whole_parts(zf)
    for info in zf.infolist():
        limit = limits.get(info.filename.lower())
        if limit is not None and info.file_size > limit[0]:
            return _error(
                f"{_the_file(file_name)} indeholder en del ({info.filename}, {limit[1]}), der fylder "
                f"{_format_mb(info.file_size)} udpakket, og grænsen er {_format_mb(limit[0])}. Så stor bliver "
                "den ikke i en udfyldt skabelon, så filen afvises af sikkerhedshensyn. Kopiér indholdet over i "
                "en ny skabelon fra appen (eller fjern overflødig formatering), og prøv igen."
            )
    return []


def _check_zip(data: bytes, file_name: str) -> list[Finding]:
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except Exception:  # BadZipFile, but also ValueError/OSError/EOFError on mangled directories
        log.info("Upload %r: zip directory unreadable", file_name, exc_info=True)
        return _corrupt(file_name)
    with zf:
        findings = _zip_limits(infos, file_name)
        if findings:
            return findings
        names = [info.filename for info in infos]
        if len(set(names)) != len(names) or any(info.flag_bits & 0x1 for info in infos):
            return _corrupt(file_name)  # duplicate part names or zip-level encryption: not from Excel
        try:
            findings = _package_kind(zf, file_name)
            if findings:
                return findings
            findings = _part_limits(zf, file_name)
            if findings:
                return findings
            if zf.testzip() is not None:  # CRC mismatch
                return _corrupt(file_name)
            return _scan_xml_prologs(zf, file_name)
        except Exception:  # zlib.error, BadZipFile on a bad local header, unsupported compression, ...
            log.info("Upload %r: zip contents unreadable", file_name, exc_info=True)
            return _corrupt(file_name)


# --- Public API --------------------------------------------------------------------------------------


def check_upload(data: bytes, file_name: str) -> list[Finding]:
    """Check an uploaded file before any parsing; return error Findings (empty list: safe to open).

    Decides by content, never by the file name (which is only used in messages): a real .xlsx named
    'rapport.csv' passes; see `file_name_warnings` for a warning about such a name.
    """
    if not data:
        return _error(
            f"{_the_file(file_name)} er tom (0 byte). Vælg den udfyldte Excel-projektmappe (.xlsx), og prøv igen."
        )
    if len(data) > MAX_UPLOAD_BYTES:
        return _error(
            f"{_the_file(file_name)} er for stor ({_format_mb(len(data))}); grænsen er "
            f"{_format_mb(MAX_UPLOAD_BYTES)}. En udfyldt skabelon fylder normalt under 1 MB. Fjern billeder "
            "og ekstra ark, gem den som 'Excel-projektmappe (*.xlsx)', og prøv igen."
        )
    if data.startswith(OLE2_SIGNATURE):
        return _ole2(data, file_name)
    if not data.startswith(ZIP_SIGNATURE):
        return _not_xlsx(data, file_name)
    return _check_zip(data, file_name)


def file_name_warnings(file_name: str) -> list[Finding]:
    """A warning when the name does not end in .xlsx. Use only after `check_upload` found no errors:
    the content is a real .xlsx and wins over the name."""
    extension = os.path.splitext(str(file_name or ""))[1].lower()
    if extension == ".xlsx":
        return []
    shown = f"»{extension}«" if extension else "ingen filendelse"
    return [
        Finding(
            message=(
                f"{_the_file(file_name)} har {shown} i navnet, men indholdet er en almindelig "
                "Excel-projektmappe (.xlsx), så den læses som sådan. Giv gerne filen endelsen .xlsx."
            ),
            severity=WARNING,
        )
    ]


def defusedxml_in_use() -> bool:
    """True when openpyxl parses XML through defusedxml: both its parsers (with lxml enabled, openpyxl's
    `fromstring` is lxml's, which is why loaders/__init__.py sets OPENPYXL_LXML=False)."""
    import openpyxl
    from openpyxl.xml import functions

    parsers = (functions.iterparse, functions.fromstring)
    return bool(openpyxl.DEFUSEDXML) and all(p.__module__.startswith("defusedxml") for p in parsers)


def _caused_by(exc: BaseException, types: type | tuple[type, ...]) -> bool:
    """True when `exc` or any exception it was raised from (or during) is one of `types`."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, types):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def open_workbook_safely(data: bytes, file_name: str = "") -> tuple[WorkbookValues | None, list[Finding]]:
    """Open bytes that passed `check_upload` with openpyxl; any failure becomes a Danish Finding."""
    if not defusedxml_in_use():
        # A deployment error, not the controller's: fail closed rather than parse without defusedxml.
        log.error("openpyxl is not using defusedxml (is OPENPYXL_DEFUSEDXML set to False?)")
        return None, _error(
            "Appen kan ikke åbne Excel-filer sikkert lige nu (systemfejl: defusedxml er ikke aktiv). "
            "Intet er gemt. Kontakt den, der driver appen."
        )
    from defusedxml import DefusedXmlException

    try:
        # Values within the reading budget only (loaders/xlsx_values.py); what the budget cut is in `findings`.
        workbook = read_values(data)
    except Exception as exc:  # openpyxl wraps parser errors in ValueError: look at the whole chain
        log.info("Upload %r: openpyxl could not open it", file_name, exc_info=True)
        if _caused_by(exc, DefusedXmlException):
            return None, _xml_constructs(file_name)
        if _caused_by(exc, MemoryError):
            return None, _error(
                f"{_the_file(file_name)} er for stor til at blive åbnet. Fjern ekstra ark, billeder og tomme "
                "rækker, gem som 'Excel-projektmappe (*.xlsx)', og prøv igen."
            )
        if _caused_by(exc, (zipfile.BadZipFile, zlib.error, EOFError, KeyError)):
            return None, _corrupt(file_name)
        return None, _error(
            f"{_the_file(file_name)} kunne ikke åbnes som Excel-projektmappe. Den kan være beskadiget eller "
            "gemt af et program, der skriver et format, appen ikke kan læse. Åbn den i Excel, gem den som "
            "'Excel-projektmappe (*.xlsx)', og prøv igen. Hjælper det ikke, så brug en ny skabelon fra appen."
        )
    return workbook, list(workbook.findings)
