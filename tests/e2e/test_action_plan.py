"""The action plan in Chromium: the chair drafts two recommendations (one flagged as repeating
a recommendation of an earlier review), the manager agrees them and adds actions, the lead
agency posts its updates with evidence, the manager signs them off, and the review can then
be closed."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actionplans.models import PlanAction, RecommendationLink
from actionplans.recommendations import services
from cases.models import Stage
from dhr.accounts.roles import Role
from tests.cases.factories import walk_to
from tests.dhr.factories import PASSWORD, AgencyFactory, PartnershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EARLIER_TEXT = (
    "Kent Police should ensure that officers complete a DASH risk assessment at every domestic "
    "abuse incident and that supervisors check its quality."
)
REPEAT_TEXT = (
    "Supervisors should check the quality of DASH risk assessments, which officers must "
    "complete at every domestic abuse incident they attend."
)
NEW_TEXT = "Kent Police should refer every repeat victim of stalking to the specialist service."


@pytest.fixture
def people():
    swale = PartnershipFactory(name="Swale", code="SWA")
    police = AgencyFactory(name="Kent Police")
    return {
        "manager": UserFactory(
            full_name="Rita Manager",
            email="rita@example.org",
            role=Role.REVIEW_MANAGER,
            partnerships=[swale],
        ),
        "chair": UserFactory(full_name="Chris Chair", email="chris@example.org", role=Role.CHAIR),
        "member": UserFactory(
            full_name="Andy Agency",
            email="andy@example.org",
            role=Role.AGENCY_MEMBER,
            agency=police,
        ),
        "police": police,
    }


@pytest.fixture
def reviews(people):
    """An earlier review (2025) chaired by Chris, with the recommendation that will be repeated,
    and the review being monitored now (its walked plan complete)."""
    manager, chair, police = people["manager"], people["chair"], people["police"]
    earlier = walk_to(
        Stage.CHAIR_APPOINTED,
        manager=manager,
        chair_user=chair,
        agency=police,
        notified_on=date(2025, 1, 6),
        pseudonym="Earlier",
    )
    original = services.draft_recommendation(
        earlier, by=manager, text=EARLIER_TEXT, level="single_agency", addressed_agencies=[police]
    )
    services.agree_recommendation(original, by=manager)
    review = walk_to(Stage.MONITORING, manager=manager, chair_user=chair, agency=police)
    return earlier, review


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def draft(page, text):
    page.get_by_role("button", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill(text)
    page.get_by_label("Single agency").check()
    page.get_by_role("group", name="Agencies it is addressed to").get_by_label(
        "Kent Police"
    ).check()


def test_the_plan_from_drafts_to_closure(live_server, page, people, reviews, tmp_path):
    earlier, review = reviews
    base = live_server.url
    plan_url = f"{base}/reviews/{review.reference}/action-plan/"
    page.set_default_timeout(15_000)

    # The chair drafts: the first one is checked, and flagged as repeating the earlier one.
    sign_in(page, base, "chris@example.org")
    page.goto(plan_url)
    draft(page, REPEAT_TEXT)
    page.get_by_role("button", name="Check for similar recommendations").click()
    similar = page.locator(".govuk-inset-text").filter(has_text=earlier.reference)
    expect(similar).to_contain_text("recommendation 1")
    similar.get_by_label("Mine is linked to this one").check()
    similar.get_by_label("Repeats it").check()
    page.get_by_role("button", name="Save the recommendation").click()
    expect(page.get_by_text("Recommendation 2 is saved.")).to_be_visible()
    expect(page.locator("#links")).to_be_visible()
    expect(page.get_by_text(f"Repeats {earlier.reference}, recommendation 1")).to_be_visible()
    page.goto(plan_url)
    draft(page, NEW_TEXT)
    page.get_by_role("button", name="Save the recommendation").click()
    expect(page.get_by_text("Recommendation 3 is saved.")).to_be_visible()
    sign_out(page)

    # The manager agrees both and adds an action to each.
    sign_in(page, base, "rita@example.org")
    for number, action in ((2, "Audit DASH forms each quarter."), (3, "Agree a referral route.")):
        page.goto(plan_url)
        page.get_by_role("link", name=f"Agree recommendation {number}").click()
        page.get_by_role("button", name="Agree the recommendation").click()
        expect(page.get_by_text(f"Recommendation {number} is agreed.")).to_be_visible()
        page.get_by_role("link", name=f"Add an action to recommendation {number}").click()
        page.get_by_label("What will be done").fill(action)
        page.get_by_label("Lead agency").select_option(label="Kent Police")
        page.get_by_label("Target date").fill("31/03/2027")
        page.get_by_role("button", name="Save the action").click()
        expect(page.get_by_text(f"Action {number}.1 is saved.")).to_be_visible()
    # Not yet: the two new actions are open.
    page.goto(f"{base}/reviews/{review.reference}/close/")
    expect(page.get_by_text("Actions 2.1 and 3.1 are still open")).to_be_visible()
    sign_out(page)

    # The lead agency posts each completion with its evidence, from "Our actions".
    evidence = tmp_path / "audit-report.txt"
    evidence.write_text("Quarterly audit: 48 of 50 forms complete.\n")
    sign_in(page, base, "andy@example.org")
    for label in ("2.1", "3.1"):
        page.get_by_role("link", name="Our actions").click()
        page.locator("#our-actions").get_by_role("link", name=label, exact=True).click()
        page.get_by_role("link", name="Post an update").click()
        page.get_by_label("What has been done").fill("Done; the audit report is attached.")
        page.get_by_label("Completed", exact=True).check()
        page.locator("input[type=file][name=evidence]").set_input_files(str(evidence))
        page.get_by_role("button", name="Send the update").click()
        expect(page.get_by_text("sent to the review manager for sign-off")).to_be_visible()
    sign_out(page)

    # The manager reads the evidence and signs both off.
    sign_in(page, base, "rita@example.org")
    for action in PlanAction.objects.filter(review=review, status="not_started"):
        page.goto(f"{plan_url}actions/{action.pk}/sign-off/")
        expect(page.get_by_role("link", name="audit-report.txt")).to_be_visible()
        page.get_by_label("Sign it off").check()
        page.get_by_role("button", name="Save your decision").click()
        expect(page.get_by_text(f"Action {action.label} is signed off.")).to_be_visible()

    # Now the review can be closed.
    page.goto(f"{base}/reviews/{review.reference}/close/")
    page.get_by_label("Date closed").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Reason for closing").fill("Every action is complete.")
    page.get_by_role("button", name="Close the review").click()
    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Closed")
    review.refresh_from_db()
    assert review.stage == Stage.CLOSED
    link = RecommendationLink.objects.get()
    assert (link.earlier.review, link.relation, link.confirmed_by) == (
        earlier,
        "repeats",
        people["chair"],
    )


def test_an_existing_plan_is_imported_with_its_own_headings_then_a_milestone_managed(
    live_server, page, people, tmp_path
):
    """The manager uploads the partnership's plan (its own headings, a title row, merged
    recommendation cells), matches its columns, checks the preview and imports it; then adds,
    changes and deletes a milestone of an imported action."""
    import openpyxl

    AgencyFactory(name="Kent and Medway ICB")
    review = walk_to(Stage.COMMISSIONED, manager=people["manager"], agency=people["police"])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Swale CSP: DHR action plan"])
    sheet.append(["Ref", "Finding", "Action", "Responsible organisation", "Complete by", "RAG"])
    sheet.append([1, "Police should use DASH.", "Train officers", "Kent Police", "01/09/2027"])
    sheet.append([None, None, "Audit DASH", "Kent Police", "1 Dec 2027", "Amber"])
    sheet.append([2, "GPs should ask.", "Routine enquiry", "Kent and Medway ICB", "31/3/28"])
    for column in (1, 2):
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    path = tmp_path / "swale-plan.xlsx"
    workbook.save(path)

    base = live_server.url
    page.set_default_timeout(15_000)
    sign_in(page, base, "rita@example.org")
    page.goto(f"{base}/reviews/{review.reference}/action-plan/import/")
    page.get_by_label("The action plan (Excel .xlsx or .xls, or CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()
    expect(
        page.get_by_role("heading", name="Match the columns of “swale-plan.xlsx”")
    ).to_be_visible()
    page.get_by_label("Recommendation", exact=True).select_option(label="Finding")
    page.get_by_label("Lead agency").select_option(label="Responsible organisation")
    page.get_by_label("Target date").select_option(label="Complete by")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Found 2 recommendations, 3 actions")).to_be_visible()
    page.get_by_role("button", name="Import 2 recommendations, 3 actions").click()
    expect(page.get_by_text("Imported 2 recommendations, 3 actions.")).to_be_visible()
    assert review.recommendations.count() == 2

    action = PlanAction.objects.get(review=review, description="Audit DASH")
    page.goto(f"{base}/reviews/{review.reference}/action-plan/actions/{action.pk}/")
    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Milestone").fill("First audit")
    page.get_by_label("Due date").fill("01/06/2027")
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_text("The milestone is added.")).to_be_visible()
    page.get_by_role("link", name="Change the milestone First audit").click()
    page.get_by_label("Milestone").fill("First quarterly audit")
    page.get_by_role("button", name="Save the milestone").click()
    expect(page.get_by_text("First quarterly audit, due 1 June 2027")).to_be_visible()
    page.get_by_role("link", name="Delete the milestone First quarterly audit").click()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("The milestone “First quarterly audit” is deleted.")).to_be_visible()
    expect(page.get_by_text("No milestones.")).to_be_visible()
