"""The Documents tab: listing, uploading (checked by content) and permission-checked downloads."""

import hashlib
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.documents import services as documents
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Document, Stage
from tests.cases.factories import outsider_of_another_agency, stored_files
from tests.dhr.files.test_uploads import SMALL_PDF, WINDOWS_PROGRAM

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def review(cast):
    return cast.walk_to(Stage.PANEL)


def pdf(name="Overview report.pdf", content=SMALL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_document(review, by, kind=Document.Kind.REPORT, title="Overview report draft"):
    return documents.upload_document(review, by=by, kind=kind, title=title, upload=pdf())


def url(name, review, *args):
    return reverse(name, args=[review.reference, *args])


# --- Listing and uploading -----------------------------------------------------------------------


def test_manager_uploads_a_pdf_from_the_page(client, cast, review, media_root):
    client.force_login(cast.manager)
    page = client.get(url("cases:documents", review))
    assert page.status_code == 200
    assert "No documents have been added yet." in page.text
    assert 'enctype="multipart/form-data"' in page.text

    response = client.post(
        url("cases:documents", review),
        {"title": "Overview report, draft 1", "kind": Document.Kind.OTHER, "file": pdf()},
    )
    assert response.status_code == 302
    document = review.documents.get()
    assert document.sha256 == hashlib.sha256(SMALL_PDF).hexdigest()
    assert document.size == len(SMALL_PDF)
    assert document.content_type == "application/pdf"
    assert document.original_name == "Overview report.pdf"
    assert document.uploaded_by == cast.manager
    assert document.uploaded_at is not None
    # On disk under a random name, never the user's.
    assert re.fullmatch(r"reviews/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
    assert [path.read_bytes() for path in stored_files(media_root)] == [SMALL_PDF]

    listed = client.get(response.url).text
    assert "“Overview report, draft 1” has been uploaded." in listed
    assert "Overview report, draft 1" in listed
    assert url("cases:document_download", review, document.pk) in listed
    assert "Rita Manager" in listed


def test_chair_can_upload_too(client, cast, review):
    client.force_login(cast.chair)
    response = client.post(
        url("cases:documents", review),
        {"title": "Chair's notes", "kind": Document.Kind.OTHER, "file": pdf("notes.pdf")},
    )
    assert response.status_code == 302
    assert review.documents.get().uploaded_by == cast.chair


def test_a_program_renamed_pdf_is_refused_and_nothing_is_stored(client, cast, review, media_root):
    client.force_login(cast.manager)
    response = client.post(
        url("cases:documents", review),
        {
            "title": "Overview report, draft 1",
            "kind": Document.Kind.OTHER,
            "file": pdf("report.pdf", WINDOWS_PROGRAM),
        },
    )
    assert response.status_code == 200
    assert (
        "The selected file must be a PDF, Word, Excel, OpenDocument or plain text file"
        in response.text
    )
    assert 'value="Overview report, draft 1"' in response.text  # the input is kept
    assert not review.documents.exists()
    assert stored_files(media_root) == []


def test_an_oversize_file_is_refused(client, cast, review, settings, media_root):
    settings.DHR_MAX_UPLOAD_BYTES = 100
    client.force_login(cast.manager)
    response = client.post(
        url("cases:documents", review),
        {"title": "Big", "kind": Document.Kind.OTHER, "file": pdf()},
    )
    assert response.status_code == 200
    assert "The selected file must be smaller than 100 bytes" in response.text
    assert not review.documents.exists()
    assert stored_files(media_root) == []


def test_missing_answers_are_listed(client, cast, review):
    client.force_login(cast.manager)
    response = client.post(url("cases:documents", review), {"kind": Document.Kind.OTHER})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a title" in response.text
    assert "Select a file" in response.text
    empty = client.post(
        url("cases:documents", review),
        {"title": "Empty", "kind": Document.Kind.OTHER, "file": pdf("empty.pdf", b"")},
    )
    assert "The selected file is empty" in empty.text
    assert not review.documents.exists()


def test_agency_members_may_not_upload(client, cast, review):
    client.force_login(cast.agency_member)
    page = client.get(url("cases:documents", review))
    assert page.status_code == 200
    assert "Upload a document" not in page.text
    response = client.post(
        url("cases:documents", review),
        {"title": "Ours", "kind": Document.Kind.OTHER, "file": pdf()},
    )
    assert response.status_code == 403
    assert not review.documents.exists()


def test_the_domain_refuses_uploads_from_agency_members(cast, review, media_root):
    with pytest.raises(TransitionRefused, match="Only the review manager or the chair"):
        add_document(review, cast.agency_member)
    assert not review.documents.exists()
    assert stored_files(media_root) == []


def test_the_domain_checks_a_raw_upload_itself(cast, review, media_root):
    with pytest.raises(TransitionRefused, match="must be a PDF, Word"):
        documents.upload_document(
            review,
            by=cast.manager,
            kind=Document.Kind.REPORT,
            title="Disguised",
            upload=pdf("report.pdf", WINDOWS_PROGRAM),
        )
    assert stored_files(media_root) == []


# --- Who sees which documents --------------------------------------------------------------------


def test_agency_members_see_terms_and_reports_only(client, cast, review):
    report = add_document(review, cast.manager, Document.Kind.REPORT, "Overview report draft")
    terms = add_document(review, cast.manager, Document.Kind.TERMS_OF_REFERENCE, "Terms v1")
    letter = add_document(review, cast.manager, Document.Kind.QA_LETTER, "QA feedback letter")
    other = add_document(review, cast.chair, Document.Kind.OTHER, "Chair's working notes")

    client.force_login(cast.agency_member)
    page = client.get(url("cases:documents", review)).text
    assert "Overview report draft" in page
    assert "Terms v1" in page
    assert "QA feedback letter" not in page
    assert "Chair&#x27;s working notes" not in page
    for document in (report, terms):
        assert client.get(url("cases:document_download", review, document.pk)).status_code == 200
    for document in (letter, other):
        assert client.get(url("cases:document_download", review, document.pk)).status_code == 404

    client.force_login(cast.chair)
    page = client.get(url("cases:documents", review)).text
    assert "QA feedback letter" in page
    assert "Chair&#x27;s working notes" in page


# --- Downloading ---------------------------------------------------------------------------------


def test_download_is_an_attachment_that_is_never_sniffed(client, cast, review):
    document = add_document(review, cast.manager)
    client.force_login(cast.manager)
    response = client.get(url("cases:document_download", review, document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Overview report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == SMALL_PDF


def test_download_is_404_for_an_uninvolved_agency_member(client, cast, review):
    document = add_document(review, cast.manager)
    client.force_login(outsider_of_another_agency())
    assert client.get(url("cases:document_download", review, document.pk)).status_code == 404
    assert client.get(url("cases:documents", review)).status_code == 404


def test_download_is_404_for_a_document_of_another_review(client, cast, review):
    other_review = cast.walk_to(Stage.NOTIFIED, pseudonym="Elena")
    document = add_document(review, cast.manager)
    client.force_login(cast.manager)
    mixed = url("cases:document_download", other_review, document.pk)
    assert client.get(mixed).status_code == 404


def test_the_documents_tab_is_404_outside_scope(client, review, steering_member, administrator):
    for user in (steering_member, administrator):
        client.force_login(user)
        assert client.get(url("cases:documents", review)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, cast, review):
    document = add_document(review, cast.manager)
    for address in (
        url("cases:documents", review),
        url("cases:document_download", review, document.pk),
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert reverse("login") in response.url


def test_a_file_missing_from_storage_is_404_not_an_error(client, cast, review, media_root):
    document = add_document(review, cast.manager)
    for path in stored_files(media_root):
        path.unlink()
    client.force_login(cast.manager)
    assert client.get(url("cases:document_download", review, document.pk)).status_code == 404


def test_a_document_cannot_be_attached_to_another_reviews_stage(cast, review):
    other = cast.walk_to(Stage.CHAIR_APPOINTED, pseudonym="Elena")
    terms_of_other = documents.save_terms(
        other,
        by=cast.manager,
        period_start=date(2021, 1, 1),
        period_end=date(2026, 1, 10),
        key_lines_of_enquiry="Information sharing.",
    )
    with pytest.raises(TransitionRefused, match="its own review"):
        documents.upload_document(
            review,
            by=cast.manager,
            kind=Document.Kind.TERMS_OF_REFERENCE,
            title="Misfiled",
            upload=pdf(),
            terms=terms_of_other,
        )
    assert not Document.objects.exists()
