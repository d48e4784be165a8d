"""A 30,000-character answer without a single space, typed into the answer page in Chromium,
must not widen the pages that show it: the information requests, the review's history and the
administrators' audit wrap it (CSS ``overflow-wrap``), so none scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from cases.lifecycle import workflow
from cases.models import Stage
from dhr.accounts.roles import Role
from tests.cases.factories import walk_to
from tests.dhr.factories import PASSWORD, AgencyFactory, PartnershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Unbroken" + "x" * (30_000 - len("Unbroken"))
# A tablet and a laptop. (At a phone's 320px, tables of six or seven columns are wider than
# the screen by their headings alone, long word or not: that is a layout question of its own.)
VIEWPORTS = [(768, 1000), (1280, 900)]


@pytest.fixture
def people():
    swale = PartnershipFactory(name="Swale", code="SWA")
    manager = UserFactory(full_name="Rita Manager", role=Role.REVIEW_MANAGER, partnerships=[swale])
    police = AgencyFactory(name="Kent Police")
    clinic = AgencyFactory(name="Swale Walk-in Clinic")
    member = UserFactory(full_name="Cleo Clinic", role=Role.AGENCY_MEMBER, agency=clinic)
    admin = UserFactory(full_name="Alex Admin", role=Role.ADMINISTRATOR)
    review = walk_to(Stage.SCOPING, manager=manager, agency=police, partnership=swale)
    request = workflow.send_information_request(
        review,
        by=manager,
        agency=clinic,
        sent_on=review.notified_on,
        due_on=review.notified_on,
    )
    return {
        "review": review,
        "request": request,
        "manager": manager,
        "member": member,
        "admin": admin,
    }


def sign_in(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def widths(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def assert_no_sideways_scroll(page, url: str, what: str) -> None:
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        expect(page.get_by_text(re.compile("^Unbroken")).first).to_be_attached()
        scroll_width, inner_width = widths(page)
        assert scroll_width <= inner_width, (
            f"{what} at {width}px is {scroll_width}px wide (window {inner_width}px)"
        )


def test_a_30000_character_word_never_widens_a_page(live_server, page, people):
    base = live_server.url
    page.set_default_timeout(15_000)
    review, request = people["review"], people["request"]
    reference = review.reference

    sign_in(page, base, people["member"])
    page.goto(f"{base}/reviews/{reference}/requests/{request.pk}/answer/")
    page.get_by_label("Yes").check()
    page.get_by_label("Summary").fill(LONG_WORD)
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text(re.compile("^Unbroken")).first).to_be_attached()
    request.refresh_from_db()
    assert request.summary == LONG_WORD  # kept whole: under the 50,000-character maximum
    assert_no_sideways_scroll(page, f"{base}/reviews/{reference}/requests/", "The requests")
    sign_out(page)

    sign_in(page, base, people["manager"])
    assert_no_sideways_scroll(page, f"{base}/reviews/{reference}/requests/", "The requests")
    assert_no_sideways_scroll(page, f"{base}/reviews/{reference}/history/", "The history")
    sign_out(page)

    sign_in(page, base, people["admin"])
    assert_no_sideways_scroll(page, f"{base}/audit/?reference={reference}", "The audit")
