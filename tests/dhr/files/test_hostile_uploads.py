"""Uploads that lie (issue 15 point 3): each refused by ``check_upload`` with the message the
user sees; real files of every kind still accepted; the purposes later features use."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dhr.files import uploads
from dhr.files.uploads import check_upload
from tests.dhr.files import hostile
from tests.dhr.files.test_uploads import SMALL_PDF, docx_bytes, xlsx_bytes, zip_bytes


def refusal(name, content, purpose="agency_report") -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content), purpose=purpose)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("name", "content", "message"), hostile.LYING_REPORTS, ids=hostile.LYING_IDS
)
def test_each_lying_report_is_refused(name, content, message):
    assert refusal(name, content).startswith(message)


def test_javascript_hidden_behind_escaped_names_is_found_by_reading_the_objects():
    assert b"/JavaScript" not in hostile.PDF_JS_ESCAPED
    assert refusal("report.pdf", hostile.PDF_JS_ESCAPED).startswith(hostile.JS)


def test_a_pdf_with_an_embedded_file_is_refused():
    assert refusal("report.pdf", hostile.pdf_with_attachment()).startswith(hostile.EMBEDDED)


def test_markup_is_never_plain_text_even_where_text_is_taken():
    for content in (hostile.HTML, hostile.SVG, hostile.IMG_XSS, hostile.SCRIPT):
        assert refusal("minutes.txt", content, purpose="minutes") == hostile.MARKUP
    assert refusal("chronology.csv", hostile.HTML, purpose="chronology") == hostile.MARKUP


def test_a_workbook_without_worksheets_is_refused():
    content = zip_bytes(
        {
            "[Content_Types].xml": (
                '<Types><Override PartName="/xl/workbook.xml" '
                f'ContentType="{"application/vnd.openxmlformats-officedocument"}'
                '.spreadsheetml.sheet.main+xml"/></Types>'
            ).encode(),
            "xl/workbook.xml": b"<workbook/>",
        }
    )
    assert refusal("actions.xlsx", content, purpose="evidence").startswith(
        "The selected file is not a real Excel workbook"
    )


def test_a_chronology_must_be_a_spreadsheet_named_as_one():
    assert refusal("chronology.xlsx", SMALL_PDF, purpose="chronology") == (
        "The selected file must be an Excel or CSV file"
    )
    assert refusal("chronology.txt", b"Date,Event\n", purpose="chronology") == (
        "The selected file must be an Excel or CSV file"
    )
    assert refusal("chronology.csv", xlsx_bytes(), purpose="chronology").startswith(
        "The selected file is an Excel file but its name ends in “.csv”"
    )


@pytest.mark.parametrize(
    ("purpose", "name", "content", "kind"),
    [
        ("agency_report", "Report.PDF", SMALL_PDF, "pdf"),
        ("agency_report", "Report.docx", docx_bytes(), "docx"),
        # A Word document with a chart keeps the chart's data as an embedded workbook.
        (
            "agency_report",
            "With chart.docx",
            docx_bytes(**{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes()}),
            "docx",
        ),
        ("minutes", "Minutes.txt", "Notes: £25, café, “quoted”".encode("cp1252"), "txt"),
        ("minutes", "Maths.txt", b"If a < b and b > c then 2 <= 3\n", "txt"),
        ("chronology", "Chronology.csv", "Date,Event\n01/03/2021,Café\n".encode(), "csv"),
        ("chronology", "Chronology.xlsx", xlsx_bytes(), "xlsx"),
        ("evidence", "Actions.xlsx", xlsx_bytes(), "xlsx"),
        ("commissioner_response", "Response.pdf", SMALL_PDF, "pdf"),
        ("report_version", "Overview report v3.docx", docx_bytes(), "docx"),
    ],
)
def test_real_files_of_each_purpose_are_accepted_and_named_by_their_kind(
    purpose, name, content, kind
):
    checked = check_upload(SimpleUploadedFile(name, content), purpose=purpose)
    assert checked.extension == kind
    assert checked.content_type == uploads.KINDS[kind].content_type


def test_the_purposes_are_exposed_for_later_features():
    for name in (
        "chronology",
        "agency_report",
        "minutes",
        "evidence",
        "commissioner_response",
        "report_version",
    ):
        assert uploads.PURPOSES[name].kinds
    for name in ("agency_report", "commissioner_response", "report_version"):
        assert uploads.purpose_kinds(name) == ("pdf", "docx", "odt")
    try:
        uploads.register_purpose("test_photos", ("pdf",), "a test")
        assert uploads.purpose_kinds("test_photos") == ("pdf",)
        with pytest.raises(ValueError, match="Unknown file kinds"):
            uploads.register_purpose("test_bad", ("exe",))
    finally:
        uploads.PURPOSES.pop("test_photos", None)
