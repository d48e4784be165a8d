"""The Home Office data form in Chromium: the review manager answers it, is refused QA
submission while one answer is missing, follows the refusal's link, finishes and submits;
then the administrator downloads the year's bulk export."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from cases.models import Subject
from dhr.models import User
from publications.homeoffice import fields
from publications.homeoffice import services as homeoffice
from tests.cases.factories import ready_for
from tests.e2e.test_review_lifecycle import open_review, open_task, sign_in, sign_out, stage_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "manager.north@example.org"
ADMINISTRATOR = "admin@example.org"


@pytest.fixture
def review(db):
    """A demo-world review ready for QA whose form the manager has yet to finish: the incident
    and circumstances unanswered, the people answered but for the victim's ethnic group."""
    call_command("seed_demo", stdout=io.StringIO())
    manager = User.objects.get(email=MANAGER)
    review = ready_for("submit_to_qa", manager=manager, pseudonym="Philomena")
    blank = {q.attribute: "" for q in [*fields.INCIDENT_QUESTIONS, *fields.CIRCUMSTANCE_QUESTIONS]}
    blank = {name: answer for name, answer in blank.items() if name in ASKED}
    homeoffice.save_incident(review, by=manager, answers=blank)
    victim = review.subjects.get(role=Subject.Role.VICTIM)
    homeoffice.save_person(victim, by=manager, answers={"ethnicity": ""})
    return review


ASKED = {"police_force_area", "cause_of_death", "location", *(name for name, _ in fields.FLAGS)}


def test_manager_completes_the_form_then_submits_and_the_administrator_exports(
    live_server, page, review
):
    base = live_server.url
    page.set_default_timeout(15_000)
    sign_in(page, base, MANAGER)
    open_review(page, base, review.reference)
    open_task(page, "Home Office data form")
    expect(page.locator("#form-status")).to_contain_text("Incomplete")

    # The incident, on its own page.
    page.locator("#section-incident").get_by_role(
        "link", name=re.compile(r"^Answer\s+the questions")
    ).click()
    page.get_by_label("Police force area").select_option(label="Kent")
    page.get_by_role("group", name="Cause or method of death").get_by_label("Not known").check()
    page.get_by_role("group", name="Location of the death").get_by_label(
        "Residential location"
    ).check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator("#section-incident")).to_contain_text("Complete")
    expect(page.locator("#section-incident")).to_contain_text("South East")  # from the force

    # The circumstances: each flag answered, "Not known" where nobody knows.
    page.locator("#section-circumstances").get_by_role(
        "link", name=re.compile(r"^Answer\s+the questions")
    ).click()
    for attribute, label in fields.FLAGS:
        answer = "Yes" if attribute in ("intimate_partner", "coercive_control") else "Not known"
        page.get_by_role("group", name=label).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator("#section-circumstances")).to_contain_text("Complete")

    # One answer is still missing: QA submission is refused, with a link to it.
    page.goto(f"{base}/reviews/{review.reference}/qa/submit/")
    refusal = page.locator(".govuk-inset-text")
    expect(refusal).to_contain_text("1 answer is missing")
    refusal.get_by_role("link", name=re.compile("Ethnic group")).click()
    page.get_by_label("Ethnic group").select_option(label="White: Irish")
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator("#form-status")).to_contain_text("Complete")

    page.goto(f"{base}/reviews/{review.reference}/qa/submit/")
    page.get_by_label("Date sent to the Home Office").fill(
        timezone.localdate().strftime("%d/%m/%Y")
    )
    page.get_by_role("button", name="Record the submission").click()
    expect(stage_tag(page)).to_have_text("With Home Office QA")
    sign_out(page)

    # The administrator downloads the year's bulk export.
    sign_in(page, base, ADMINISTRATOR)
    page.get_by_role("link", name="Home Office forms").click()
    year = review.date_of_death.year
    page.get_by_label("From").fill(f"01/01/{year}")
    page.get_by_label("To", exact=True).fill(f"31/12/{year}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    ours = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    philomena = [row for row in ours if row["review_reference"] == review.reference]
    assert len(philomena) == 1
    assert philomena[0]["victim_ethnicity"] == "white_irish"
    assert philomena[0]["incident_region"] == "south_east"
    assert workbook.worksheets[1].title == "Columns and codes"
