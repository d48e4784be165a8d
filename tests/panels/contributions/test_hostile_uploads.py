"""Each lying upload refused through the pages, with the message the user sees, and nothing
stored (issue 15 point 3): the agency report page, another document, the chronology page and
the review's documents page."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document
from panels.models import ContributionRequest, ContributionVersion, StagedChronology
from tests.dhr.files import hostile
from tests.dhr.files.test_uploads import SMALL_PDF, docx_bytes

Kind = ContributionRequest.Kind


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _upload_report(panel, client, name, content, kind=Kind.REPORT, **fields):
    request = panel.ask(kind=kind, **fields)
    client.force_login(panel.police_member)
    return client.post(
        reverse("panels:contribution_upload", args=[panel.review.reference, request.pk]),
        {"file": SimpleUploadedFile(name, content, "application/pdf"), "note": "v1"},
    )


@pytest.mark.parametrize(
    ("name", "content", "message"), hostile.LYING_REPORTS, ids=hostile.LYING_IDS
)
def test_each_lying_agency_report_is_refused_on_the_page(panel, client, name, content, message):
    page = _upload_report(panel, client, name, content)
    assert page.status_code == 200
    shown = text(page)
    assert "There is a problem" in shown
    assert message in shown
    assert 'value="v1"' in page.content.decode()  # the note is kept
    assert not ContributionVersion.objects.exists()


def test_another_document_takes_evidence_kinds_and_refuses_markup(panel, client):
    page = _upload_report(
        panel, client, "records.txt", hostile.IMG_XSS, kind=Kind.OTHER, title="Referral records"
    )
    assert hostile.MARKUP in text(page)
    assert not ContributionVersion.objects.exists()


def test_a_real_report_is_stored_under_a_name_made_from_its_kind(panel, client):
    page = _upload_report(panel, client, "Police IMR final.docx", docx_bytes())
    assert page.status_code == 302
    version = ContributionVersion.objects.get()
    assert re.fullmatch(r"contributions/\d{4}/\d{2}/[0-9a-f]{32}\.docx", version.file.name)
    assert version.content_type.endswith("wordprocessingml.document")
    assert version.original_name == "Police IMR final.docx"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("chronology.csv", hostile.HTML, hostile.MARKUP),
        ("chronology.xlsx", SMALL_PDF, "The selected file must be an Excel or CSV file"),
        ("chronology.xlsx", hostile.SVG, hostile.MARKUP),
        ("chronology.txt", b"Date,Event\n01/03/2021,Visit\n", "must be an Excel or CSV file"),
    ],
    ids=["html-as-csv", "pdf-as-xlsx", "svg-as-xlsx", "csv-named-txt"],
)
def test_each_lying_chronology_is_refused_on_the_page(panel, client, name, content, message):
    request = panel.ask()
    client.force_login(panel.police_member)
    page = client.post(
        reverse("panels:contribution_upload", args=[panel.review.reference, request.pk]),
        {"file": SimpleUploadedFile(name, content, "text/csv")},
    )
    assert page.status_code == 200
    assert message in text(page)
    assert not StagedChronology.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("terms.pdf", hostile.HTML, hostile.MARKUP),
        ("letter.pdf", hostile.PDF_JS, hostile.JS),
        ("terms.docx", SMALL_PDF, hostile.MISNAMED_PDF),
    ],
    ids=["html-as-pdf", "pdf-with-javascript", "pdf-named-docx"],
)
def test_each_lying_review_document_is_refused_on_the_page(panel, client, name, content, message):
    client.force_login(panel.manager)
    page = client.post(
        reverse("cases:documents", args=[panel.review.reference]),
        {
            "title": "Terms",
            "kind": Document.Kind.OTHER,
            "file": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )
    assert page.status_code == 200
    assert message in text(page)
    assert not panel.review.documents.exists()
