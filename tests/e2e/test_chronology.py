"""An agency member uploads a chronology with one bad row in Chromium, sees the row's error,
uploads a corrected file and submits it; the chair then reads the entries in the combined
chronology. Pages only, except for the request the review manager made beforehand."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import Workbook
from playwright.sync_api import expect

from cases.models import Review
from dhr.models import Agency, User
from panels.contributions import services as contributions
from tests.e2e.test_review_lifecycle import open_review, open_task, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "probation@example.org"  # Probation Service Kent, on the demo panels
CHAIR = "chair.ellison@example.org"  # chairs "Felicity", the demo review at the stage "panel"
HEADINGS = [
    "Date",
    "Time",
    "Agency record reference",
    "Event or contact",
    "Action or outcome",
    "Comment",
    "Staff role",
]


@pytest.fixture
def felicity(settings, tmp_path):
    """The demo data, and the review manager's request to Probation for its chronology."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    review = Review.objects.get(pseudonym="Felicity")
    contributions.make_request(
        review,
        by=User.objects.get(email="manager.north@example.org"),
        agency=Agency.objects.get(name="Probation Service Kent"),
        kind="chronology",
        due_on=date(2030, 1, 31),
    )
    return review


def chronology_file(path, first_date: str):
    """A probation spreadsheet: a title row, the headings in row 2, three entries from row 3."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Probation Service Kent: chronology"])
    sheet.append(HEADINGS)
    sheet.append([first_date, "10:00", "PS-1", "Probation supervision appointment", "Attended"])
    sheet.append(["14/03/2025", "11:30", "PS-2", "Probation home visit", "Concerns noted"])
    sheet.append(["02/04/2025", "", "PS-3", "Probation risk review", "Risk raised to high"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_an_agency_fixes_its_chronology_and_the_chair_reads_it(
    live_server, page, felicity, tmp_path
):
    base = live_server.url
    page.set_default_timeout(15_000)
    reference = felicity.reference

    sign_in(page, base, MEMBER)
    open_review(page, base, reference)
    open_task(page, "Agency contributions")
    page.get_by_role("link", name="Chronology from Probation Service Kent").click()
    page.get_by_role("button", name="Upload a chronology").click()

    # One bad row: the 31st of February, in spreadsheet row 3.
    bad = chronology_file(tmp_path / "probation.xlsx", "31/02/2025")
    page.get_by_label("Chronology file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("The date “31/02/2025” is not a real date")
    expect(errors.get_by_role("cell", name="3", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Import")).to_have_count(0)

    # The corrected file.
    page.get_by_role("button", name="Upload a corrected file").click()
    good = chronology_file(tmp_path / "probation-fixed.xlsx", "28/02/2025")
    page.get_by_label("Chronology file").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#error-count")).to_have_text("0")
    page.get_by_role("button", name="Import 3 entries as a draft").click()
    expect(page.get_by_text("3 entries have been imported as version 1 (a draft)")).to_be_visible()
    page.get_by_role("button", name="Submit to the panel").click()
    page.get_by_role("button", name="Submit to the panel").click()
    expect(page.get_by_text("Version 1 has been submitted to the panel.")).to_be_visible()
    sign_out(page)

    sign_in(page, base, CHAIR)
    open_review(page, base, reference)
    open_task(page, "Combined chronology")
    page.get_by_label("Agency").select_option(label="Probation Service Kent")
    page.get_by_role("button", name="Apply filters").click()
    entries = page.locator("#entries")
    expect(entries).to_contain_text("Probation supervision appointment")
    expect(entries).to_contain_text("28/02/2025")
    expect(entries).to_contain_text("Probation risk review")
    expect(page.get_by_text("Entries 1 to 3 of 3")).to_be_visible()
