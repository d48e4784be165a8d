"""Hostile workbooks built by hand (openpyxl would not write them): a few hundred kilobytes
that expand to hundreds of thousands of rows. Used by the tests and by
``tests/perf/bench_bomb.py``."""

# ruff: noqa: E501 (the package parts are the standard's one-line XML, kept whole to be read)

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def workbook_bytes(sheet_xml: bytes, extra: dict | None = None) -> bytes:
    """A minimal XLSX package around ``sheet_xml`` (and any ``extra`` members)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _sheet(rows) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD1048576"/><sheetData>'
        + b"".join(rows)
        + b"</sheetData></worksheet>"
    )


def row_bomb(rows: int = 300_000) -> bytes:
    """A chronology of ``rows`` tiny entries (a date and one letter, rows unnumbered, as the
    format allows) that expands about 66 times: under every archive limit, so only the row
    limit refuses it. About 420 KB for 300,000 rows, 27 MB expanded."""
    import random

    days = random.Random(15)  # noqa: S311 (reproducible filler, not a secret)
    header = (
        b'<row><c t="inlineStr"><is><t>Date</t></is></c>'
        b'<c t="inlineStr"><is><t>Event or contact</t></is></c></row>'
    )
    body = (
        b'<row><c t="inlineStr"><is><t>%02d/03/2021</t></is></c>'
        b'<c t="inlineStr"><is><t>x</t></is></c></row>' % days.randint(1, 28)
        for _ in range(rows)
    )
    return workbook_bytes(_sheet([header, *body]))


def ratio_bomb(rows: int = 300_000) -> bytes:
    """``rows`` identical rows with no numbers: it expands over a thousand times."""
    body = [b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'] * rows
    return workbook_bytes(_sheet(body))


def wide_row(column: str = "XFD") -> bytes:
    """Headings and one entry, plus one cell in the sheet's last column on every row."""
    rows = [
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Event or contact</t></is></c>'
        b'<c r="%s1" t="inlineStr"><is><t>far</t></is></c></row>' % column.encode(),
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>01/03/2021</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>Visit</t></is></c>'
        b'<c r="%s2" t="inlineStr"><is><t>far</t></is></c></row>' % column.encode(),
    ]
    return workbook_bytes(_sheet(rows))


def billion_laughs() -> bytes:
    """A sheet whose XML declares entities that expand to gigabytes (defusedxml refuses it)."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return workbook_bytes(xml.encode())
