"""Issue 17, point 1, for contributions: an agency with no users sends its report or its
chronology by e-mail; the review manager or the chair records it on the agency's behalf, with
the original e-mail attached, and it is submitted to the panel at once."""

import html
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Deadline
from panels.contributions import services as contributions
from panels.models import ContributionRequest, ContributionVersion
from tests.dhr.factories import AgencyFactory
from tests.dhr.files.test_uploads import SMALL_PDF
from tests.panels.conftest import HEADINGS, csv_upload, good_rows

Kind = ContributionRequest.Kind
Status = ContributionRequest.Status
RECEIVED = date(2026, 4, 1)


def url(panel, name, *args):
    return reverse(name, args=[panel.review.reference, *args])


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def pdf(name="report.pdf", content=SMALL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def castle(panel):
    """Castle Homes, a housing association nobody of which uses the service, asked for its
    agency report."""
    agency = AgencyFactory(name="Castle Homes")
    return panel.ask(agency=agency, kind=Kind.REPORT)


def test_the_chair_records_an_emailed_report_and_it_is_submitted(panel, castle, client):
    client.force_login(panel.chair)
    detail = text(client.get(url(panel, "panels:contribution", castle.pk)))
    assert "Record what the agency sent by e-mail or post" in detail
    record_url = url(panel, "panels:contribution_record", castle.pk)
    assert client.get(record_url).status_code == 200

    missing = client.post(
        record_url,
        {"file": pdf(), "received_via": "email", "received_on": RECEIVED.strftime("%d/%m/%Y")},
    )
    assert "Attach the original e-mail from the agency" in text(missing)
    assert not ContributionVersion.objects.exists()

    done = client.post(
        record_url,
        {
            "file": pdf("Castle Homes IMR.pdf"),
            "received_via": "email",
            "received_on": RECEIVED.strftime("%d/%m/%Y"),
            "original": pdf("Covering e-mail.pdf"),
        },
        follow=True,
    )
    assert "has been recorded and submitted to the panel" in text(done)
    version = ContributionVersion.objects.get()
    assert version.recorded_by == panel.chair
    assert version.uploaded_by == panel.chair
    assert version.received_via == "email"
    assert version.received_file_name == "Covering e-mail.pdf"
    assert version.is_current
    castle.refresh_from_db()
    assert castle.status == Status.SUBMITTED
    assert castle.submitted_by == panel.chair
    assert Deadline.objects.get(source=f"panels.contributionrequest:{castle.pk}").met_on == RECEIVED
    assert version.history.earliest().history_user == panel.chair
    page = text(done)
    assert "Recorded by Chris Chair for the agency, received by e-mail" in page
    original = client.get(url(panel, "panels:contribution_original", castle.pk, version.pk))
    assert b"".join(original.streaming_content) == SMALL_PDF


def test_a_chronology_by_letter_is_imported_and_submitted(panel, client):
    agency = AgencyFactory(name="Castle Homes")
    request = panel.ask(agency=agency, kind=Kind.CHRONOLOGY)
    version = contributions.record_for_agency(
        request,
        by=panel.manager,
        upload=csv_upload([HEADINGS, *good_rows(3)]),
        received_via="letter",
        received_on=RECEIVED,
        original=pdf("letter.pdf"),
    )
    assert version.entry_count == 3
    assert version.entries.count() == 3
    assert version.is_current
    assert version.recorded_by == panel.manager


def test_a_chronology_with_errors_is_refused_with_its_rows(panel, client):
    agency = AgencyFactory(name="Castle Homes")
    request = panel.ask(agency=agency, kind=Kind.CHRONOLOGY)
    client.force_login(panel.manager)
    bad = [HEADINGS, ["31/02/2021", "", "", "Impossible date", "", "", ""]]
    response = client.post(
        url(panel, "panels:contribution_record", request.pk),
        {
            "file": csv_upload(bad),
            "received_via": "phone",
            "received_on": RECEIVED.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200
    assert "nothing was imported" in text(response)
    assert 'id="import-errors"' in response.content.decode()
    assert not ContributionVersion.objects.exists()


def test_agency_members_cannot_record_for_anyone(panel, client, outsider):
    request = panel.ask(kind=Kind.REPORT)  # Kent Police's own request
    record_url = url(panel, "panels:contribution_record", request.pk)
    client.force_login(panel.police_member)
    assert client.get(record_url).status_code == 403
    assert client.post(record_url, {}).status_code == 403
    client.force_login(outsider)
    assert client.get(record_url).status_code == 404
    with pytest.raises(TransitionRefused, match="Only the review manager or the chair"):
        contributions.record_for_agency(
            request,
            by=panel.police_member,
            upload=pdf(),
            received_via="phone",
            received_on=RECEIVED,
        )
    assert not ContributionVersion.objects.exists()


def test_an_accepted_or_withdrawn_request_takes_no_recording(panel, castle, client):
    contributions.withdraw_request(castle, by=panel.manager)
    client.force_login(panel.manager)
    page = client.get(url(panel, "panels:contribution_record", castle.pk))
    assert "This contribution is withdrawn." in text(page)
    with pytest.raises(TransitionRefused, match="withdrawn"):
        contributions.record_for_agency(
            castle, by=panel.manager, upload=pdf(), received_via="phone", received_on=RECEIVED
        )
