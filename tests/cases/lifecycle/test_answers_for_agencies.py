"""Issue 17, point 1: an agency with no users answers by e-mail or letter, and the review
manager records its answer on its behalf, with the original attached, so that information
gathering can finish (before, it stayed blocked until the request was withdrawn)."""

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.lifecycle import workflow
from cases.models import Deadline, DeadlineKind, InformationRequest, Stage
from dhr.models import AccessLog
from tests.cases.factories import CAST_PLAN
from tests.dhr.factories import AgencyFactory
from tests.dhr.files.test_uploads import SMALL_PDF, WINDOWS_PROGRAM

NOTIFIED_ON = CAST_PLAN["notified_on"]

pytestmark = pytest.mark.usefixtures("media_root")


def email_pdf(name="Answer from Medway Council.pdf", content=SMALL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def url(name, review, *args):
    return reverse(name, args=[review.reference, *args])


@pytest.fixture
def asked(cast):
    """A review in scoping that asked an agency with no users (Medway Council)."""
    review = cast.walk_to(Stage.SCOPING)
    medway = AgencyFactory(name="Medway Council")
    request = workflow.send_information_request(
        review, by=cast.manager, agency=medway, sent_on=NOTIFIED_ON, due_on=date(2026, 2, 1)
    )
    return review, request


def test_manager_records_an_emailed_answer_and_finishes_information_gathering(
    manager_client, cast, asked
):
    review, request = asked
    requests_page = manager_client.get(url("cases:requests", review)).content.decode()
    assert url("cases:request_record", review, request.pk) in requests_page
    # Before: information gathering cannot finish while the agency has not answered.
    refused = workflow.refusal(workflow.ACTIONS["finish_scoping"], review, cast.manager)
    assert refused == "1 information request is still unanswered."

    page = manager_client.get(url("cases:request_record", review, request.pk))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = manager_client.post(
        url("cases:request_record", review, request.pk),
        {
            "had_contact": "yes",
            "summary": "One referral to adult social care in 2025.",
            "received_via": "email",
            "received_on": date(2026, 1, 20).strftime("%d/%m/%Y"),
            "original": email_pdf(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    request.refresh_from_db()
    assert request.answered_at is not None
    assert request.answered_by is None  # nobody of the agency answered
    assert request.recorded_by == cast.manager
    assert request.received_via == "email"
    assert request.received_on == date(2026, 1, 20)
    assert request.received_file_name == "Answer from Medway Council.pdf"
    assert request.received_file_sha256 == hashlib.sha256(SMALL_PDF).hexdigest()
    assert not request.received_file.name.endswith("Medway Council.pdf")  # a random name
    latest = request.history.latest()
    assert latest.history_user == cast.manager
    assert "received by e-mail" in latest.history_change_reason
    deadline = Deadline.objects.get(kind=DeadlineKind.INFORMATION_REQUEST)
    assert deadline.met_on == date(2026, 1, 20)

    body = manager_client.get(url("cases:requests", review)).content.decode()
    assert "Recorded by Rita Manager, received by e-mail" in body
    download = manager_client.get(url("cases:request_original", review, request.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SMALL_PDF
    assert AccessLog.objects.filter(object_type="information_request").exists()

    assert workflow.refusal(workflow.ACTIONS["finish_scoping"], review, cast.manager) is None
    workflow.finish_scoping(review, by=cast.manager)
    review.refresh_from_db()
    assert review.stage == Stage.DECISION


def test_an_email_or_letter_needs_its_original(manager_client, asked):
    review, request = asked
    for via in ("email", "letter"):
        response = manager_client.post(
            url("cases:request_record", review, request.pk),
            {
                "had_contact": "no",
                "summary": "No record of either person.",
                "received_via": via,
                "received_on": date(2026, 1, 20).strftime("%d/%m/%Y"),
            },
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert "Attach the original" in body
        assert "No record of either person." in body  # the input is kept
    request.refresh_from_db()
    assert request.answered_at is None


def test_a_phone_answer_needs_no_attachment(manager_client, cast, asked):
    review, request = asked
    response = manager_client.post(
        url("cases:request_record", review, request.pk),
        {
            "had_contact": "no",
            "summary": "No record, said the duty manager.",
            "received_via": "phone",
            "received_on": date(2026, 1, 21).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.received_via == "phone"
    assert not request.received_file
    assert manager_client.get(url("cases:request_original", review, request.pk)).status_code == 404


def test_the_original_goes_through_the_upload_checks(manager_client, asked, media_root):
    review, request = asked
    response = manager_client.post(
        url("cases:request_record", review, request.pk),
        {
            "had_contact": "no",
            "summary": "x",
            "received_via": "letter",
            "received_on": date(2026, 1, 20).strftime("%d/%m/%Y"),
            "original": SimpleUploadedFile("letter.pdf", WINDOWS_PROGRAM),
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    request.refresh_from_db()
    assert request.answered_at is None
    assert not media_root.exists() or not [path for path in media_root.rglob("*") if path.is_file()]


def test_domain_refusals(cast, asked):
    _review, request = asked
    common = {
        "had_contact": False,
        "summary": "No contact.",
        "received_via": "phone",
        "received_on": date(2026, 1, 20),
    }
    with pytest.raises(workflow.TransitionRefused, match="Only the review manager"):
        workflow.record_answer_for_agency(request, by=cast.chair, **common)
    with pytest.raises(workflow.TransitionRefused, match="Only the review manager"):
        workflow.record_answer_for_agency(request, by=cast.agency_member, **common)
    with pytest.raises(workflow.TransitionRefused, match="future"):
        workflow.record_answer_for_agency(
            request,
            by=cast.manager,
            **{**common, "received_on": timezone.localdate().replace(year=2099)},
        )
    with pytest.raises(workflow.TransitionRefused, match="before the agency was asked"):
        workflow.record_answer_for_agency(
            request, by=cast.manager, **{**common, "received_on": date(2025, 1, 1)}
        )
    with pytest.raises(workflow.TransitionRefused, match="Attach the original e-mail"):
        workflow.record_answer_for_agency(
            request, by=cast.manager, **{**common, "received_via": "email"}
        )
    workflow.record_answer_for_agency(request, by=cast.manager, **common)
    with pytest.raises(workflow.TransitionRefused, match="already been answered"):
        workflow.record_answer_for_agency(request, by=cast.manager, **common)


def test_a_withdrawn_request_cannot_be_recorded(manager_client, cast, asked):
    review, request = asked
    workflow.withdraw_information_request(request, by=cast.manager)
    page = manager_client.get(url("cases:request_record", review, request.pk))
    assert "This request has been withdrawn" in page.content.decode()
    response = manager_client.post(
        url("cases:request_record", review, request.pk),
        {"had_contact": "no", "summary": "x", "received_via": "phone", "received_on": "20/01/2026"},
    )
    assert "This request has been withdrawn." in response.content.decode()
    assert InformationRequest.objects.get(pk=request.pk).answered_at is None


def test_agency_members_cannot_record_and_other_agencies_see_nothing(client, cast, outsider):
    review = cast.walk_to(Stage.SCOPING)
    request = workflow.send_information_request(
        review, by=cast.manager, agency=cast.agency, sent_on=NOTIFIED_ON, due_on=date(2026, 2, 1)
    )
    record_url = url("cases:request_record", review, request.pk)
    data = {
        "had_contact": "no",
        "summary": "x",
        "received_via": "phone",
        "received_on": "20/01/2026",
    }
    # The chair is not appointed during scoping: the review is not theirs yet.
    for user, status in ((cast.agency_member, 403), (outsider, 404), (cast.chair, 404)):
        client.force_login(user)
        assert client.get(record_url).status_code == status
        assert client.post(record_url, data).status_code == status
    request.refresh_from_db()
    assert request.answered_at is None
