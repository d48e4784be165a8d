"""Issue 17, point 1, in Chromium: an agency with no users (North Kent Hospitals NHS Trust in the
demo) answers an information request by e-mail; the review manager records its answer with the
e-mail attached, and information gathering finishes."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import InformationRequest
from dhr.models import User
from tests.dhr.files.test_uploads import SMALL_PDF
from tests.e2e.test_review_lifecycle import (
    MANAGER,
    open_task,
    overview_action,
    sign_in,
    stage_tag,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY_WITHOUT_USERS = "North Kent Hospitals NHS Trust"


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def day(offset: int) -> str:
    start = timezone.localdate() - timedelta(days=30)
    return (start + timedelta(days=offset)).strftime("%d/%m/%Y")


def test_manager_records_the_emailed_answer_of_an_agency_without_users(
    live_server, page, demo_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert not User.objects.filter(agency__name=AGENCY_WITHOUT_USERS).exists()
    base = live_server.url
    page.set_default_timeout(10_000)
    sign_in(page, base, MANAGER)

    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("button", name="Record a notification").click()
    page.get_by_label("Partnership area").select_option(label="Swale")
    page.get_by_label("Pseudonym").fill("Philippa")
    page.get_by_label("Date of death").fill(day(0))
    page.get_by_label("Date the partnership was notified").fill(day(2))
    page.get_by_label("Notifying agency").select_option(label="Kent Police")
    page.get_by_label("Death by a relative or a current or former intimate partner").check()
    page.get_by_label("Circumstances").fill("Found at home after a call from a neighbour.")
    page.get_by_role("button", name="Save notification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case Philippa")

    overview_action(page, "Start information gathering")
    open_task(page, "Information gathering")
    page.get_by_role("button", name="Send an information request").click()
    page.get_by_label("Agency").select_option(label=AGENCY_WITHOUT_USERS)
    page.get_by_label("Date sent").fill(day(3))
    page.get_by_label("Date the answer is due").fill(day(20))
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_role("cell", name=AGENCY_WITHOUT_USERS)).to_be_visible()

    # Nobody of the trust can answer here: the manager records the answer it e-mailed.
    page.get_by_role("link", name=re.compile("^Record answer")).click()
    expect(
        page.get_by_role("heading", name=f"Record the answer of {AGENCY_WITHOUT_USERS}")
    ).to_be_visible()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Summary of the agency's answer").fill("Two A&E attendances in 2025.")
    page.get_by_role("radio", name="E-mail").check()
    page.get_by_label("Date it was received").fill(day(10))
    page.get_by_role("button", name="Record the answer").click()
    # Without the e-mail the answer is refused, and the field says why.
    expect(page.get_by_role("link", name=re.compile("Attach the original e-mail"))).to_be_visible()
    expect(page.get_by_label("Summary of the agency's answer")).to_have_value(
        "Two A&E attendances in 2025."
    )
    page.get_by_label("The original e-mail or letter").set_input_files(
        {"name": "Answer from the trust.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}
    )
    page.get_by_label("Date it was received").fill(day(10))
    page.get_by_role("button", name="Record the answer").click()
    expect(
        page.get_by_text(f"The answer of {AGENCY_WITHOUT_USERS} has been recorded.")
    ).to_be_visible()
    expect(page.get_by_text("Recorded by Sarah Whitfield, received by e-mail")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^original e-mail")).click()
    assert download.value.suggested_filename == "Answer from the trust.pdf"

    overview_action(page, "Finish information gathering")
    expect(stage_tag(page)).to_have_text("Awaiting decision")
    answered = InformationRequest.objects.get(review__pseudonym="Philippa")
    assert answered.recorded_by.email == MANAGER
    assert answered.received_via == "email"
