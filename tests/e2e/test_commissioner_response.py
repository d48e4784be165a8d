"""An agency member answers the Domestic Abuse Commissioner's recommendation to their agency
in Chromium, within the 56 days, and sees the deadline close on "My work"."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from dhr.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY_MEMBER = "police@example.org"  # Kent Police; the demo's report on Katarina addresses it
RESPONSE_TITLE = "Response to the Commissioner's recommendation 1"


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()


def test_agency_member_answers_a_recommendation_before_its_deadline(live_server, page, demo_data):
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, AGENCY_MEMBER)

    # My work: the response is open, within its 56 days (no red tag).
    page.get_by_role("link", name="My work", exact=True).click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    open_deadlines = page.locator("#open-deadlines")
    row = open_deadlines.get_by_role("row").filter(has_text=RESPONSE_TITLE)
    expect(row).to_contain_text("Case Katarina")
    expect(row).to_contain_text(re.compile(r"\d+ days left"))
    expect(row.locator(".govuk-tag--red")).to_have_count(0)

    # The recommendation, and the response with where it is published.
    row.get_by_role("link", name=RESPONSE_TITLE).click()
    expect(page.get_by_role("heading", name="Respond to recommendation 1")).to_be_visible()
    expect(page.get_by_text("coercive control", exact=False).first).to_be_visible()
    page.get_by_label("Your response").fill(
        "Kent Police accepts the recommendation: attending officers will record the question "
        "from April, and the public protection unit will audit the DASH forms each quarter."
    )
    page.get_by_label("Date of the response").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Where the response is published (optional)").fill(
        "https://www.example.org/kent-police/commissioner-response"
    )
    page.get_by_role("button", name="Send the response").click()

    # Back on the review's recommendations: the response is shown, the deadline met.
    expect(page.get_by_text("Your response is recorded. Thank you.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="The Domestic Abuse Commissioner's recommendations")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Published response")).to_be_visible()
    expect(page.get_by_text("Met on time").first).to_be_visible()

    # My work: nothing open for this response any more; it is listed as met.
    page.get_by_role("link", name="My work", exact=True).click()
    expect(page.locator("#open-deadlines").filter(has_text=RESPONSE_TITLE)).to_have_count(0)
    met = page.locator("#met-deadlines").get_by_role("row").filter(has_text=RESPONSE_TITLE)
    expect(met).to_contain_text("Met on time")
    expect(met).to_contain_text("Case Katarina")
