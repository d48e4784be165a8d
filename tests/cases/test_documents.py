"""The Documents tab: listing, uploading (checked by content) and permission-checked downloads.

``walk_review_to`` (below) is also used by the people, terms and QA tests: it builds a review at
any stage up to "amendments requested" through the domain functions only.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import records, workflow
from cases.models import Document, QARound, Review, Stage
from cases.workflow import TransitionRefused
from dhr.roles import Role
from panels import workflow as panels_workflow
from panels.models import ChairProfile, PanelMember
from tests.dhr.test_uploads import SMALL_PDF, WINDOWS_PROGRAM
from tests.factories import AgencyFactory, UserFactory

# --- Reviews built through the domain ----------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """Who moves a review: its manager, its chair, and the agency (with a member) asked for
    information during scoping and then seated on the panel."""

    manager: object
    chair: object
    agency: object
    agency_member: object


def walk_review_to(stage: Stage, cast: Cast, *, pseudonym: str = "Diana", agree_terms=False):
    """A new review taken to ``stage`` one domain call at a time (up to "amendments requested").

    ``agree_terms``: also write and agree the terms of reference once the panel sits (the QA
    submission needs them; walking to "qa_submitted" or beyond always does it).
    """
    review = workflow.record_notification(
        by=cast.manager,
        partnership=cast.manager.partnerships.get(),
        pseudonym=pseudonym,
        date_of_death=date(2026, 1, 10),
        notified_on=date(2026, 1, 15),
        notifying_agency=cast.agency,
        circumstances="Found at home by a neighbour.",
        criterion=Review.Criterion.RELATIVE_OR_PARTNER,
    )
    steps = [
        (Stage.SCOPING, _start_scoping),
        (Stage.DECISION, _gather_information),
        (Stage.COMMISSIONED, _commission),
        (Stage.CHAIR_APPOINTED, _appoint_chair),
        (Stage.PANEL, _convene_panel),
        (Stage.QA_SUBMITTED, _submit_to_qa),
        (Stage.AMENDMENTS_REQUESTED, _ask_for_amendments),
    ]
    for reached, step in steps:
        if review.stage == stage:
            break
        step(review, cast)
        review.refresh_from_db()
        assert review.stage == reached, f"{step.__name__} left the review at {review.stage}"
    assert review.stage == stage, f"cannot walk to {stage}"
    if agree_terms and not review.terms_versions.exists():
        _agree_terms(review, cast)
    return review


def _start_scoping(review, cast):
    workflow.start_scoping(review, by=cast.manager)


def _gather_information(review, cast):
    request = workflow.send_information_request(
        review,
        by=cast.manager,
        agency=cast.agency,
        sent_on=date(2026, 1, 16),
        due_on=date(2026, 2, 13),
    )
    workflow.answer_information_request(
        request, by=cast.agency_member, had_contact=True, summary="Two call-outs in 2025."
    )
    workflow.finish_scoping(review, by=cast.manager)


def _commission(review, cast):
    workflow.record_decision(
        review,
        by=cast.manager,
        decision=Review.Decision.COMMISSION,
        decision_on=date(2026, 2, 20),
        rationale="The criteria are met.",
        decided_by="CSP board",
        home_office_informed_on=date(2026, 2, 20),
    )


def _appoint_chair(review, cast):
    profile, _ = ChairProfile.objects.get_or_create(user=cast.chair)
    panels_workflow.appoint_chair(
        review, by=cast.manager, chair=profile, appointed_on=date(2026, 3, 2)
    )


def _convene_panel(review, cast):
    panels_workflow.add_panel_member(
        review,
        by=cast.manager,
        agency=cast.agency,
        role=PanelMember.PanelRole.AGENCY,
        added_on=date(2026, 3, 5),
    )
    panels_workflow.convene_panel(review, by=cast.manager)


def _agree_terms(review, cast):
    terms = workflow.save_terms_of_reference(
        review,
        by=cast.chair,
        period_start=date(2021, 1, 1),
        period_end=date(2026, 1, 10),
        key_lines_of_enquiry="How agencies shared information.",
    )
    workflow.agree_terms_of_reference(terms, by=cast.manager, agreed_on=date(2026, 3, 20))


def _submit_to_qa(review, cast):
    _agree_terms(review, cast)
    workflow.submit_to_qa(review, by=cast.manager, submitted_on=date(2026, 6, 1))


def _ask_for_amendments(review, cast):
    workflow.record_qa_outcome(
        review,
        by=cast.manager,
        outcome=QARound.Outcome.RESUBMIT,
        panel_date=date(2026, 7, 1),
        changes_required="Expand the section on the family's contribution.",
    )


def outsider_of_another_agency():
    """An agency member whose agency has nothing to do with the review."""
    return UserFactory(role=Role.AGENCY_MEMBER, agency=AgencyFactory(name="Uninvolved Trust"))


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()]


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its files in its own folder, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cast(review_manager, chair, agency, agency_member):
    return Cast(review_manager, chair, agency, agency_member)


@pytest.fixture
def review(cast):
    return walk_review_to(Stage.PANEL, cast)


def pdf(name="Overview report.pdf", content=SMALL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_document(review, by, kind=Document.Kind.REPORT, title="Overview report draft"):
    return records.upload_document(review, by=by, kind=kind, title=title, upload=pdf())


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
        {"title": "Overview report, draft 1", "kind": Document.Kind.REPORT, "file": pdf()},
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
            "kind": Document.Kind.REPORT,
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
        {"title": "Big", "kind": Document.Kind.REPORT, "file": pdf()},
    )
    assert response.status_code == 200
    assert "The selected file must be smaller than 100 bytes" in response.text
    assert not review.documents.exists()
    assert stored_files(media_root) == []


def test_missing_answers_are_listed(client, cast, review):
    client.force_login(cast.manager)
    response = client.post(url("cases:documents", review), {"kind": Document.Kind.REPORT})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a title" in response.text
    assert "Select a file" in response.text
    empty = client.post(
        url("cases:documents", review),
        {"title": "Empty", "kind": Document.Kind.REPORT, "file": pdf("empty.pdf", b"")},
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
        {"title": "Ours", "kind": Document.Kind.REPORT, "file": pdf()},
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
        records.upload_document(
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
    other_review = workflow.record_notification(
        by=cast.manager,
        partnership=cast.manager.partnerships.get(),
        pseudonym="Elena",
        date_of_death=date(2026, 2, 1),
        notified_on=date(2026, 2, 3),
        notifying_agency=None,
        circumstances="Found at home.",
        criterion=Review.Criterion.RELATIVE_OR_PARTNER,
    )
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
    other = walk_review_to(Stage.CHAIR_APPOINTED, cast, pseudonym="Elena", agree_terms=False)
    terms_of_other = records.save_terms(
        other,
        by=cast.manager,
        period_start=date(2021, 1, 1),
        period_end=date(2026, 1, 10),
        key_lines_of_enquiry="Information sharing.",
    )
    with pytest.raises(TransitionRefused, match="its own review"):
        records.upload_document(
            review,
            by=cast.manager,
            kind=Document.Kind.TERMS_OF_REFERENCE,
            title="Misfiled",
            upload=pdf(),
            terms=terms_of_other,
        )
    assert not Document.objects.exists()
