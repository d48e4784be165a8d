"""Checking uploads by their content and size (dhr.files.uploads), whatever their names say."""

import hashlib
import io
import random
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dhr.files.uploads import check_upload, clean_original_name, describe_size

# A complete one-page PDF: header, catalogue, pages, page, cross-reference table and trailer.
SMALL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
    b"0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)
# The first bytes of a Windows program ("MZ" header), then padding as in a real one.
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(512)


def zip_bytes(entries: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    """A ZIP archive of ``entries``; ``stored_first`` is written first, uncompressed (ODF)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, entries[stored_first], zipfile.ZIP_STORED)
        for name, content in entries.items():
            if name != stored_first:
                archive.writestr(name, content)
    return buffer.getvalue()


def _content_types(part: str, content_type: str) -> bytes:
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    ).encode()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def docx_bytes(**extra) -> bytes:
    """The parts a Word document must have: content types naming its main part, the part."""
    return zip_bytes(
        {
            "[Content_Types].xml": _content_types("word/document.xml", WORD_MAIN),
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
            **extra,
        }
    )


def xlsx_bytes(**extra) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": _content_types("xl/workbook.xml", EXCEL_MAIN),
            "_rels/.rels": b"<Relationships/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet/>",
            **extra,
        }
    )


def odf_bytes(mimetype: str) -> bytes:
    return zip_bytes(
        {"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"},
        stored_first="mimetype",
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal_of(uploaded, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(uploaded, **kwargs)
    return " ".join(refused.value.messages)


WRONG_KIND = "The selected file must be a PDF, Word, Excel, OpenDocument or plain text file"


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("Report.pdf", SMALL_PDF, "pdf", "application/pdf"),
        (
            "Chronology.docx",
            docx_bytes(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Chronology.xlsx",
            xlsx_bytes(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "Terms.odt",
            odf_bytes("application/vnd.oasis.opendocument.text"),
            "odt",
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "Actions.ods",
            odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("Notes.txt", "Réunion du panel, notes: « café »\n".encode(), "txt", "text/plain"),
    ],
)
def test_accepts_each_kind_and_reports_what_it_is(name, content, extension, content_type):
    checked = check_upload(upload(name, content))
    assert checked.extension == extension
    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.original_name == name


def test_the_kind_comes_from_the_content_and_the_name_must_say_it():
    assert refusal_of(upload("minutes.txt", SMALL_PDF)) == (
        "The selected file is a PDF file but its name ends in “.txt”: check it is the file you "
        "meant, and rename it to end in “.pdf”"
    )


def test_leaves_the_file_ready_to_be_stored_from_the_start():
    uploaded = upload("Report.pdf", SMALL_PDF)
    check_upload(uploaded)
    assert uploaded.tell() == 0
    assert uploaded.read() == SMALL_PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", WINDOWS_PROGRAM),  # a program renamed to look like a PDF
        ("report.pdf", random.Random(7).randbytes(4096)),  # noqa: S311 - test data, not secrets
        ("notes.txt", b"line one\x00line two"),  # a NUL byte: not text
        ("notes.txt", b"caf\xe9\x01\x02"),  # control characters: not text in any encoding
        ("archive.docx", zip_bytes({"readme.txt": b"hello"})),  # a ZIP but no office document
        (
            "slides.docx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
        ),
        ("slides.odt", odf_bytes("application/vnd.oasis.opendocument.presentation")),
        ("broken.docx", b"PK\x03\x04 this is not really a zip archive"),
    ],
)
def test_refuses_content_of_any_other_kind(name, content):
    assert refusal_of(upload(name, content)) == WRONG_KIND


def test_an_allowed_list_narrows_the_kinds_and_the_message():
    message = refusal_of(upload("Report.pdf", SMALL_PDF), allowed=("txt",))
    assert message == "The selected file must be a plain text file"
    message = refusal_of(upload("Report.pdf", SMALL_PDF), allowed=("docx", "xlsx"))
    assert message == "The selected file must be a Word or Excel file"


def test_refuses_an_empty_file():
    assert refusal_of(upload("empty.pdf", b"")) == "The selected file is empty"


def test_refuses_a_file_over_the_default_limit_without_reading_it():
    uploaded = upload("huge.pdf", SMALL_PDF)
    uploaded.size = 20 * 1024 * 1024 + 1  # as the upload handler declared it
    assert refusal_of(uploaded) == "The selected file must be smaller than 20 MB"


def test_the_limit_comes_from_the_setting(settings):
    settings.DHR_MAX_UPLOAD_BYTES = 1024
    assert check_upload(upload("small.txt", b"a" * 1024)).size == 1024
    assert refusal_of(upload("big.txt", b"a" * 1025)) == (
        "The selected file must be smaller than 1 KB"
    )


def test_counts_the_bytes_it_reads_rather_than_trusting_the_declared_size(settings):
    settings.DHR_MAX_UPLOAD_BYTES = 1024
    uploaded = upload("big.txt", b"a" * 4096)
    uploaded.size = 10
    assert refusal_of(uploaded) == "The selected file must be smaller than 1 KB"


def test_text_split_across_chunks_inside_a_character_is_still_text():
    # 64 KB chunks; the odd first byte puts a two-byte "é" across each chunk boundary.
    content = ("a" + "é" * 40_000).encode()
    checked = check_upload(upload("notes.txt", content))
    assert checked.extension == "txt"
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\rita\\Terms v2.docx", "Terms v2.docx"),
        ("bad\x00name\x1b.pdf", "badname.pdf"),
        ("", "document"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_original_names_lose_folders_and_control_characters(given, kept):
    assert clean_original_name(given) == kept


@pytest.mark.parametrize(
    ("size", "described"),
    [(20 * 1024 * 1024, "20 MB"), (1536, "1.5 KB"), (1024, "1 KB"), (100, "100 bytes")],
)
def test_limits_are_described_as_people_read_them(size, described):
    assert describe_size(size) == described
