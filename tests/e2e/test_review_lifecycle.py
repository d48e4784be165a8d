"""A review manager takes one review from notification to closure in Chromium, using only the
pages: one hold, one QA resubmission, and the agency's answer to its information request."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Review
from dhr.demo import DEMO_PASSWORD
from dhr.models import User
from publications.register.demo import prepare_publication
from tests.publications.factories import complete_home_office_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "manager.north@example.org"  # Swale is one of her partnerships
AGENCY_MEMBER = "police@example.org"


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def day(offset: int) -> str:
    """A date ``offset`` days after the start of the story, as a person types it."""
    start = timezone.localdate() - timedelta(days=70)
    return (start + timedelta(days=offset)).strftime("%d/%m/%Y")


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def open_review(page, base_url, reference):
    page.goto(f"{base_url}/reviews/")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=re.compile(reference))).to_be_visible()


def open_tab(page, name):
    page.get_by_role("navigation", name="Review sections").get_by_role("link", name=name).click()


def overview_action(page, name):
    """Clicks an action offered on the overview (a button or a button-styled link)."""
    open_tab(page, "Overview")
    main = page.get_by_role("main")
    button = main.get_by_role("button", name=name, exact=True)
    main.get_by_role("link", name=name, exact=True).or_(button).first.click()


def open_task(page, name):
    """Opens a stage's page from the overview's task list."""
    open_tab(page, "Overview")
    page.locator(".govuk-task-list").get_by_role("link", name=name, exact=True).click()


def stage_tag(page):
    return page.locator("h1 + p .govuk-tag").first


def test_manager_takes_a_review_from_notification_to_closure(live_server, page, demo_data):
    base = live_server.url
    page.set_default_timeout(10_000)
    sign_in(page, base, MANAGER)

    # Notification: the review gets its reference and the decision clock starts.
    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("button", name="Record a notification").click()
    page.get_by_label("Partnership area").select_option(label="Swale")
    page.get_by_label("Pseudonym").fill("Ottoline")
    page.get_by_label("Date of death").fill(day(0))
    page.get_by_label("Date the partnership was notified").fill(day(2))
    page.get_by_label("Notifying agency").select_option(label="Kent Police")
    page.get_by_label("Death by a relative or a current or former intimate partner").check()
    page.get_by_label("Circumstances").fill("Found at home after a call from a neighbour.")
    page.get_by_role("button", name="Save notification").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Case Ottoline")
    reference = re.search(r"DHR-SWA-\d{4}-\d{3}", heading.inner_text()).group(0)
    expect(stage_tag(page)).to_have_text("Notified")

    # Information gathering: a request to Kent Police, answered by its member.
    overview_action(page, "Start information gathering")
    open_task(page, "Information gathering")
    page.get_by_role("button", name="Send an information request").click()
    page.get_by_label("Agency").select_option(label="Kent Police")
    page.get_by_label("Date sent").fill(day(3))
    page.get_by_label("Date the answer is due").fill(day(20))
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_role("cell", name="Kent Police")).to_be_visible()
    sign_out(page)

    sign_in(page, base, AGENCY_MEMBER)
    open_review(page, base, reference)
    open_task(page, "Information gathering")
    page.get_by_role("link", name=re.compile("^Answer")).click()
    page.get_by_label("Yes").check()
    page.get_by_label("Summary").fill("Two call-outs to the address in 2025.")
    page.get_by_role("button", name="Send answer").click()
    sign_out(page)

    sign_in(page, base, MANAGER)
    open_review(page, base, reference)
    overview_action(page, "Finish information gathering")
    expect(stage_tag(page)).to_have_text("Awaiting decision")

    # Decision to commission: the completion clock starts.
    overview_action(page, "Record the decision")
    page.get_by_label("Commission a review", exact=True).check()
    page.get_by_label("Date of the decision").fill(day(15))
    page.get_by_label("Reasons for the decision").fill(
        "The criteria are met; agencies had contact."
    )
    page.get_by_label("Decided by").fill("CSP board")
    page.get_by_label("Date the Home Office was told (optional)").fill(day(16))
    page.get_by_role("button", name="Record the decision").click()
    expect(stage_tag(page)).to_have_text("Commissioned")

    # The panel, then the chair (from the pool, with her declared conflicts shown).
    open_task(page, "Panel")
    page.get_by_label("Agency", exact=True).select_option(label="Kent Police")
    page.get_by_label("Agency representative").check()
    page.get_by_label("Date added to the panel").fill(day(17))
    page.get_by_role("button", name="Add to the panel").click()
    overview_action(page, "Appoint the independent chair")
    page.get_by_role("radio", name="Margaret Ellison").check()
    page.get_by_label("Date of appointment").fill(day(18))
    page.get_by_role("button", name="Appoint the chair").click()
    expect(stage_tag(page)).to_have_text("Chair appointed")
    overview_action(page, "Start the panel's work")
    expect(stage_tag(page)).to_have_text("Panel under way")

    # A hold for an inquest: the banner shows on every page until the review resumes.
    page.get_by_role("link", name="Put the review on hold").click()
    page.get_by_label("Inquest").check()
    page.get_by_role("button", name="Put on hold").click()
    expect(page.locator("#hold-banner")).to_be_visible()
    open_tab(page, "People")
    expect(page.locator("#hold-banner")).to_be_visible()
    page.locator("#hold-banner").get_by_role("link", name="Resume the review").click()
    page.get_by_label("Why can the review resume?").fill("The inquest has concluded.")
    page.get_by_role("button", name="Resume the review").click()
    expect(page.locator("#hold-banner")).to_have_count(0)

    # Terms of reference, written and agreed.
    open_task(page, "Terms of reference")
    page.get_by_role("button", name=re.compile("^Write")).click()
    page.get_by_label("Start of the period under review").fill("01/01/2021")
    page.get_by_label("End of the period under review").fill(day(0))
    page.get_by_label("Key lines of enquiry").fill("How was the risk of domestic abuse assessed?")
    page.get_by_role("button", name="Save this version").click()
    page.get_by_role("link", name=re.compile("^Record as agreed")).click()
    page.get_by_label("Date the terms were agreed").fill(day(20))
    page.get_by_role("button", name="Record as agreed").click()

    # The action plan: QA needs agreed recommendations, each with an action (actionplans).
    open_task(page, "Action plan")
    page.get_by_role("button", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill(
        "Officers should ask about coercive control at every domestic abuse call-out."
    )
    page.get_by_label("Single agency").check()
    page.get_by_label("Or another body it is addressed to (optional)").fill("Kent Police")
    page.get_by_role("button", name="Save the recommendation").click()
    page.get_by_role("link", name="Agree it").click()
    page.get_by_role("button", name="Agree the recommendation").click()
    page.get_by_role("link", name="Add an action to recommendation 1").click()
    page.get_by_label("What will be done").fill("Add the question to the DASH form.")
    page.get_by_label("Lead agency").select_option(label="Kent Police")
    page.get_by_label("Target date").fill(day(90))
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Action 1.1 is saved.")).to_be_visible()
    # The Home Office data form is answered on its own pages (test_home_office_form.py); here
    # it is completed through the domain, so that QA accepts the submission.
    complete_home_office_form(
        Review.objects.get(pseudonym="Ottoline"), by=User.objects.get(email=MANAGER)
    )

    # Home Office QA: resubmission required, resubmitted, approved.
    overview_action(page, "Submit to Home Office QA")
    page.get_by_label("Date sent to the Home Office").fill(day(40))
    page.get_by_role("button", name="Record the submission").click()
    expect(stage_tag(page)).to_have_text("With Home Office QA")
    overview_action(page, "Record the QA outcome")
    page.get_by_label("Resubmission required").check()
    page.get_by_label("Date of the QA panel").fill(day(45))
    page.get_by_label("Changes the panel asked for").fill("Strengthen the health analysis.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(stage_tag(page)).to_have_text("QA asked for resubmission")
    overview_action(page, "Resubmit to Home Office QA")
    page.get_by_label("Date sent to the Home Office").fill(day(50))
    page.get_by_role("button", name="Record the submission").click()
    overview_action(page, "Record the QA outcome")
    page.get_by_label("Approved", exact=True).check()
    page.get_by_label("Date of the QA panel").fill(day(55))
    page.get_by_role("button", name="Record the outcome").click()
    expect(stage_tag(page)).to_have_text("Approved by QA")

    # The Commissioner, publication, monitoring, closure.
    overview_action(page, "Record sending to the Domestic Abuse Commissioner")
    page.get_by_label("Date the report was sent to the Domestic Abuse Commissioner").fill(day(56))
    page.get_by_role("button", name="Record the date sent").click()
    expect(stage_tag(page)).to_have_text("Sent to the Commissioner")
    # Publication needs a checked report and a public summary: done here through the domain
    # (tests/e2e/test_publication.py does it through the pages).
    prepare_publication(
        Review.objects.get(pseudonym="Ottoline"), manager=User.objects.get(email=MANAGER)
    )
    open_task(page, "Publication")
    page.get_by_label("Title").fill("Overview report")
    page.get_by_label("Web address").fill("https://www.example.org/dhr/ottoline")
    page.get_by_role("button", name="Add the address").click()
    page.get_by_label("Date of publication").fill(day(60))
    page.get_by_role("button", name="Record publication").click()
    expect(stage_tag(page)).to_have_text("Published")
    overview_action(page, "Start action-plan monitoring")
    # Closing needs every action closed: this one was overtaken by a national change.
    open_task(page, "Action plan")
    page.get_by_role("link", name="1.1").click()
    page.get_by_role("link", name="Record as not completed or superseded").click()
    page.get_by_label("Superseded").check()
    page.get_by_label("Reason").fill("The national DASH form now asks the question.")
    page.get_by_role("button", name="Close the action").click()
    overview_action(page, "Close the review")
    page.get_by_label("Date closed").fill(day(65))
    page.get_by_label("Reason for closing").fill("All actions are complete.")
    page.get_by_role("button", name="Close the review").click()
    expect(stage_tag(page)).to_have_text("Closed")

    # The history tab tells the story, with the manager's name against each step.
    open_tab(page, "History")
    expect(page.get_by_role("cell", name="Monitoring → Closed")).to_be_visible()
    expect(page.get_by_role("cell", name="Sarah Whitfield").first).to_be_visible()
