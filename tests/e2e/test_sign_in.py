"""A demo user signs in with the keyboard in headless Chromium and reaches their home page."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from dhr.demo import DEMO_PASSWORD

TITLE_SUFFIX = " \N{EN DASH} Domestic Homicide Review case manager"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_administrator_signs_in_and_out(live_server, page, demo_data):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_title("Sign in" + TITLE_SUFFIX)

    page.get_by_label("E-mail address").fill("admin@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Password").press("Enter")

    expect(page.get_by_role("heading", name="Welcome, Alex")).to_be_visible()
    expect(page.locator("#signed-in-user")).to_contain_text("Alex Morgan")
    expect(page.get_by_role("link", name="Users", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have been signed out")).to_be_visible()


def test_wrong_password_shows_the_error_summary(live_server, page, demo_data):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("police@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct e-mail address and password.")
    expect(page).to_have_title("Error: Sign in" + TITLE_SUFFIX)


def test_skip_link_is_the_first_tab_stop(live_server, page, db):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_styles_and_scripts_load_under_the_content_security_policy(live_server, page, db):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    # GOV.UK Frontend's JavaScript ran (it marks the body) and the stylesheet applied.
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    font = page.eval_on_selector("h1", "el => getComputedStyle(el).fontFamily")
    assert "GDS Transport" not in font
    assert errors == []
