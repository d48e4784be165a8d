"""A steering-group member reads the dashboard in Chromium: opens a chart's table view,
filters by year and downloads the table as CSV."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Review
from dhr.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEERING = "steering@example.org"


@pytest.fixture
def demo_data():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_steering_member_reads_filters_and_downloads(live_server, page, demo_data):
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(STEERING)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()

    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    figure = page.locator("#pipeline-stage")
    expect(figure.get_by_role("img", name="Reviews by stage")).to_be_visible()
    expect(figure).to_contain_text(f"{Review.objects.count()} reviews in this selection")
    # No way from a count to a record.
    expect(page.locator('a[href^="/reviews/"]')).to_have_count(0)

    # The table view, closed at first, opens without JavaScript (a <details>).
    table = figure.get_by_role("table", name="Reviews by stage")
    expect(table).to_be_hidden()
    figure.locator("summary", has_text="Table view").click()
    expect(table).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Panel under way")).to_contain_text("1")

    # Filter by this year: the figures follow.
    year = timezone.localdate().year
    page.get_by_label("Year notified").select_option(str(year))
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(rf"year={year}"))
    in_year = Review.objects.filter(notified_on__year=year).count()
    expect(page.locator("#pipeline-stage-summary")).to_contain_text(
        f"{in_year} review{'s' if in_year != 1 else ''} in this selection"
    )
    expect(page.get_by_text(f"reviews notified in {year}").first).to_be_visible()

    # Download the table as CSV, with the same filter.
    page.locator("#pipeline-stage summary", has_text="Table view").click()
    with page.expect_download() as download_info:
        page.locator("#pipeline-stage").get_by_role(
            "link", name=re.compile("Download this table as CSV")
        ).click()
    download = download_info.value
    assert download.suggested_filename == "pipeline-stage.csv"
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    lines = text.splitlines()
    assert lines[0] == "Stage,Running,On hold,Total"
    assert lines[-1].startswith("Total,")
    assert lines[-1].endswith(f",{in_year}")
