"""A learning briefing in Chromium: the review manager builds the briefing of a published
review from its seven parts, reusing an agreed recommendation and its themes, publishes it
after the confirmation, and the public page (no sign-in) shows it, with its PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from actionplans.recommendations.services import themes_for
from cases.models import Stage
from dhr.accounts.roles import Role
from tests.actionplans.factories import agreed_recommendation
from tests.cases.factories import walk_to
from tests.dhr.factories import PASSWORD, AgencyFactory, PartnershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECOMMENDATION = "Health visitors should ask about coercive control at every new-birth visit."
PARTS = {
    "Background": "Case Fern died in 2025; five agencies had contact with her.",
    "Why it matters": "The signs of coercive control were seen but not joined up.",
    "What happened": "Fern told her health visitor she was not allowed money of her own.",
    "Key learning": "Economic abuse is coercive control.",
    "Themes": "Economic abuse.",
    "What to do": "Record what you see and share it.",
    "Reflective questions": "What would you ask Fern?\nWho would you share it with?",
}


@pytest.fixture
def review():
    swale = PartnershipFactory(name="Swale", code="SWA")
    police = AgencyFactory(name="Kent Police")
    manager = UserFactory(
        full_name="Rita Manager",
        email="rita@example.org",
        role=Role.REVIEW_MANAGER,
        partnerships=[swale],
    )
    review = walk_to(Stage.PUBLISHED, manager=manager, agency=police, pseudonym="Fern")
    theme = themes_for(swale).get(name="Coercive control")
    agreed_recommendation(review, by=manager, agency=police, text=RECOMMENDATION, themes=[theme])
    return review


def test_the_manager_builds_and_publishes_a_briefing(live_server, page, review):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill("rita@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()

    page.goto(f"{base}/reviews/{review.reference}/")
    page.get_by_role("link", name="Learning briefing").first.click()
    expect(page.get_by_text("This review has no learning briefing yet.")).to_be_visible()
    page.get_by_role("button", name="Start the briefing").click()
    # The review's agreed recommendation's theme is chosen to start with.
    expect(page.get_by_role("checkbox", name="Coercive control", exact=True)).to_be_checked()
    # Nothing written and nothing chosen: the error summary says so.
    page.get_by_role("checkbox", name="Coercive control", exact=True).uncheck()
    page.get_by_role("button", name="Save the briefing").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    page.get_by_role("checkbox", name="Coercive control", exact=True).check()
    for label, text in PARTS.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("checkbox", name=re.compile("Health visitors should ask")).check()
    page.get_by_role("button", name="Save the briefing").click()
    expect(page.get_by_text("The briefing has been saved.")).to_be_visible()
    expect(page.locator("#briefing-status")).to_have_text("Draft")

    page.get_by_role("link", name="Publish the briefing").click()
    expect(page.get_by_role("heading", name=re.compile("^Publish"))).to_be_visible()
    page.get_by_role("button", name="Yes, publish it").click()
    expect(page.get_by_text("The briefing is published")).to_be_visible()
    expect(page.locator("#briefing-status")).to_have_text("Published")
    public_url = page.get_by_role("link", name="its public page").get_attribute("href")

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}{public_url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning briefing: Case Fern")
    expect(page.get_by_text(PARTS["Key learning"])).to_be_visible()
    expect(page.get_by_text(RECOMMENDATION)).to_be_visible()
    expect(page.get_by_text("What would you ask Fern?")).to_be_visible()
    expect(page.get_by_text(review.reference)).to_have_count(0)
    pdf_href = page.get_by_role("link", name="Download the briefing (PDF)").get_attribute("href")
    pdf = page.request.get(f"{base}{pdf_href}")
    assert pdf.status == 200
    text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf.body())).pages)
    assert PARTS["Key learning"] in " ".join(text.split())
