"""Publication in Chromium: the review manager uploads a report with a real name in it, sees
the pre-publication check's finding, uploads the corrected version, which checks clean, writes
the public summary and records the publication; the public register, opened without signing
in, lists the review with its document."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cases.family import services as family
from cases.lifecycle import workflow
from cases.models import Stage
from dhr.models import User
from tests.cases.factories import walk_to
from tests.e2e.test_review_lifecycle import open_review, sign_in, sign_out
from tests.publications.reports.helpers import DOCX_TYPE, ORDINARY, docx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "manager.north@example.org"
REAL_NAME = "Rosalind Featherstone"


@pytest.fixture
def review(db):
    call_command("seed_demo", stdout=io.StringIO())
    manager = User.objects.get(email=MANAGER)
    review = walk_to(Stage.SENT_TO_COMMISSIONER, manager=manager, pseudonym="Philippa")
    family.add_member(review, by=manager, name=REAL_NAME, relationship="mother")
    workflow.add_publication_link(
        review, by=manager, title="Overview report", url="https://www.example.org/dhr/philippa"
    )
    return review


def upload(page, paragraphs, changes):
    page.get_by_role("group", name="Which document is this a version of?").get_by_label(
        "Overview report"
    ).check()
    page.get_by_label("What changed").fill(changes)
    page.get_by_label("File").set_input_files(
        {"name": "overview.docx", "mimeType": DOCX_TYPE, "buffer": docx_bytes(paragraphs)}
    )
    page.get_by_role("button", name="Upload version").click()


def test_manager_corrects_the_report_publishes_and_the_register_lists_it(live_server, page, review):
    base = live_server.url
    page.set_default_timeout(15_000)
    sign_in(page, base, MANAGER)
    open_review(page, base, review.reference)
    page.get_by_role("navigation", name="Review sections").get_by_role(
        "link", name="Report"
    ).click()

    # A draft with the mother's real name: the check finds it, with where and the context.
    upload(page, [f"{REAL_NAME} spoke to the panel twice.", ORDINARY], "First draft")
    expect(page.locator("#report-versions")).to_contain_text("Overview report, version 1")
    page.get_by_role("link", name=re.compile(r"^Check\s+Overview report, version 1")).click()
    page.get_by_role("button", name="Run the check").click()
    findings = page.locator("#findings")
    expect(findings).to_contain_text(REAL_NAME)
    expect(findings).to_contain_text("paragraph 2")
    expect(findings).to_contain_text("spoke to the panel twice")
    expect(page.locator("#check-status")).to_contain_text("1 still to resolve")

    # The corrected version checks clean.
    page.get_by_role("link", name="Back to the report versions").click()
    upload(page, ["The victim's mother spoke to the panel twice.", ORDINARY], "Name removed")
    page.get_by_role("link", name=re.compile(r"^Check\s+Overview report, version 2")).click()
    page.get_by_role("button", name="Run the check").click()
    expect(page.locator("#check-status")).to_contain_text("Clean")

    # The public summary, then the publication itself.
    page.goto(f"{base}/reviews/{review.reference}/publication/record/")
    page.get_by_label("Public summary").fill(
        "Agencies did not share what they knew of the risk Philippa faced."
    )
    page.get_by_role("button", name="Save the summary").click()
    expect(page.locator("#publication-state")).to_contain_text("Ready")
    page.goto(f"{base}/reviews/{review.reference}/publication/")
    page.get_by_label("Date of publication").fill(review.commissioner_sent_on.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record publication").click()
    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Published")
    sign_out(page)

    # The register, without signing in: the review, its summary and its corrected document.
    page.goto(f"{base}/published/")
    card = page.locator(".govuk-summary-card", has_text="Case Philippa")
    expect(card).to_contain_text("the risk Philippa faced")
    expect(page.get_by_role("main")).not_to_contain_text(REAL_NAME)
    expect(page.get_by_role("main")).not_to_contain_text(review.reference)
    link = card.get_by_role("link", name=re.compile("Overview report"))
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.body() == review.report_versions.get(number=2).file.read()
