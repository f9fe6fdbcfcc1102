"""Hostile and broken uploads, built in code as bytes (nothing hostile is stored in the repo)."""

from __future__ import annotations

import codecs
import struct
import zipfile
from functools import lru_cache
from io import BytesIO

import openpyxl

from loaders.contract import MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_MAIN_XLSX = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@lru_cache(maxsize=1)
def valid_xlsx() -> bytes:
    """A tiny, normal workbook as openpyxl writes it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Om"
    ws.append(["Skabelon", "Opfølgning"])
    ws.append(["Institution", "LMST"])
    ws.append(["År", 2024])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite_zip(src: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of zip `src` with some entries' contents replaced and some entries added."""
    replace, add = replace or {}, add or {}
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, content in add.items():
            zout.writestr(name, content)
    return out.getvalue()


def _part(name: str) -> bytes:
    with zipfile.ZipFile(BytesIO(valid_xlsx())) as zf:
        return zf.read(name)


# --- Not a workbook at all --------------------------------------------------------------------------


def empty_file() -> bytes:
    return b""


def random_bytes() -> bytes:
    # Deterministic "random" bytes with NULs, as a binary file of unknown kind would have.
    return bytes((i * 7919 + 13) % 256 for i in range(4096))


def pdf_file() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"\x00" * 64


def renamed_csv() -> bytes:
    return ("Målepunkt-ID;Status;Vurdering\nLMST-2024-I1-1;Grøn;Godt på vej\nLMST-2024-I1-2;Gul;Forsinket\n").encode()


def oversized_file() -> bytes:
    return b"PK\x03\x04" + b"\x00" * (MAX_UPLOAD_BYTES + 1 - 4)


# --- OLE2 compound files ------------------------------------------------------------------------------


def _ole2(stream_names: list[str]) -> bytes:
    """A minimal compound-file: a 512-byte header and one directory sector (enough for signature checks)."""
    header = bytearray(512)
    header[0:8] = OLE2_SIGNATURE
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)  # version, byte order, shifts
    struct.pack_into("<III", header, 44, 1, 0, 0)  # one FAT sector, directory starts at sector 0
    directory = bytearray()
    for index, (name, kind) in enumerate([("Root Entry", 5)] + [(n, 2) for n in stream_names]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<HB", entry, 64, len(encoded), kind)
        struct.pack_into("<iii", entry, 68, -1, -1, index + 1 if index == 0 else -1)
        directory += entry
    directory += b"\x00" * (-len(directory) % 512)
    return bytes(header) + bytes(directory)


def encrypted_xlsx() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE2 file with these streams."""
    return _ole2(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])


def old_xls() -> bytes:
    return _ole2(["Workbook", "\x05SummaryInformation"])


# --- Zips that are not a plain .xlsx --------------------------------------------------------------------


def truncated_xlsx() -> bytes:
    data = valid_xlsx()
    return data[: len(data) // 2]


def crc_corrupt_xlsx() -> bytes:
    """A complete zip whose stored (uncompressed) sheet has one byte flipped: the CRC check fails."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(valid_xlsx())) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
    data = bytearray(out.getvalue())
    at = bytes(data).index(b"<sheetData>") + 3
    data[at] ^= 0x20
    return bytes(data)


def xlsm() -> bytes:
    content_types = _part("[Content_Types].xml").replace(
        CT_MAIN_XLSX, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    )
    content_types = content_types.replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    return rewrite_zip(
        valid_xlsx(),
        replace={"[Content_Types].xml": content_types},
        add={"xl/vbaProject.bin": OLE2_SIGNATURE + b"\x00" * 504 + "_VBA_PROJECT".encode("utf-16-le")},
    )


def xlsm_without_content_type() -> bytes:
    """Only the VBA part gives the macros away."""
    return rewrite_zip(valid_xlsx(), add={"xl/vbaProject.bin": OLE2_SIGNATURE + b"\x00" * 504})


def xltx() -> bytes:
    content_types = _part("[Content_Types].xml").replace(
        CT_MAIN_XLSX, b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
    )
    return rewrite_zip(valid_xlsx(), replace={"[Content_Types].xml": content_types})


def xlsb() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/xl/workbook.bin" '
            'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>',
        )
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00")
    return out.getvalue()


def docx() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("rapport.txt", "Målepunkt-ID;Status\n")
    return out.getvalue()


# --- XML bombs and external entities ----------------------------------------------------------------


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (level, (b"&lol%s;" % (b"" if level == 1 else b"%d" % (level - 1))) * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)


def xml_bomb() -> bytes:
    """Billion laughs in xl/workbook.xml: nine levels of ten entity references each."""
    workbook = _part("xl/workbook.xml").replace(b"<workbookPr />", b"<workbookPr />&lol9;", 1)
    return rewrite_zip(valid_xlsx(), replace={"xl/workbook.xml": XML_DECLARATION + BILLION_LAUGHS + workbook})


def external_entity() -> bytes:
    """XXE: a worksheet cell whose text is the content of /etc/passwd."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    sheet = _part("xl/worksheets/sheet1.xml").replace(b"<t>Skabelon</t>", b"<t>&xxe;</t>", 1)
    return rewrite_zip(valid_xlsx(), replace={"xl/worksheets/sheet1.xml": XML_DECLARATION + doctype + sheet})


def utf16_xml_bomb() -> bytes:
    """The billion laughs with the part re-encoded as UTF-16 (a byte search for '<!DOCTYPE' misses it)."""
    workbook = _part("xl/workbook.xml").replace(b"<workbookPr />", b"<workbookPr />&lol9;", 1)
    text = (b'<?xml version="1.0" encoding="UTF-16"?>\n' + BILLION_LAUGHS + workbook).decode("utf-8")
    return rewrite_zip(valid_xlsx(), replace={"xl/workbook.xml": text.encode("utf-16")})


def doctype_after_long_comment() -> bytes:
    """A DOCTYPE pushed beyond the first 4 KB by a comment in the prolog."""
    comment = b"<!-- " + b"x" * 10_000 + b" -->\n"
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    sheet = _part("xl/worksheets/sheet1.xml").replace(b"<t>Skabelon</t>", b"<t>&xxe;</t>", 1)
    return rewrite_zip(valid_xlsx(), replace={"xl/worksheets/sheet1.xml": XML_DECLARATION + comment + doctype + sheet})


def doctype_in_oddly_named_part() -> bytes:
    """A DTD in a part whose name does not end in .xml (openpyxl follows relationships, not names)."""
    return rewrite_zip(valid_xlsx(), add={"xl/custom/data.bin": XML_DECLARATION + BILLION_LAUGHS + b"<a/>"})


# --- Zip bombs -----------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def zip_bomb(megabytes: int = 200) -> bytes:
    """A workbook whose sheet1.xml holds `megabytes` MB of zeros (200 MB deflates to under 1 MB).

    Written in 1 MB chunks through ZipFile.open(..., 'w'), so memory stays low.
    """
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(valid_xlsx())) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
    ):
        for info in zin.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(info.filename, zin.read(info.filename))
        chunk = b"\x00" * (1024 * 1024)
        with zout.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
    return out.getvalue()


def too_many_entries() -> bytes:
    add = {f"xl/media/image{i}.png": b"" for i in range(MAX_ZIP_ENTRIES + 1)}
    return rewrite_zip(valid_xlsx(), add=add)


def ebcdic_doctype() -> bytes:
    """A DTD hidden behind a declared EBCDIC encoding (ASCII byte scans see only garbage)."""
    body = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet/>'.encode("cp037")
    return rewrite_zip(valid_xlsx(), add={"xl/custom/item.xml": b'<?xml version="1.0" encoding="cp037"?>' + body})


def excel_style_parts() -> bytes:
    """A valid workbook whose parts look like Excel's: BOM, declaration, comment, PI; one part UTF-16."""
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    with zipfile.ZipFile(BytesIO(valid_xlsx())) as zf:
        parts = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    replace = {
        name: codecs.BOM_UTF8 + declaration + b"<!-- <not-root/> -->\n<?mso-application?>" + content
        for name, content in parts.items()
    }
    replace["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-16"?>\r\n' + parts["xl/workbook.xml"].decode()
    ).encode("utf-16")
    return rewrite_zip(valid_xlsx(), replace=replace)
