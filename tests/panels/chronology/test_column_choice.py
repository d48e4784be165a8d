"""The column-matching page says "Your choice is remembered": the choice is kept for the agency
as soon as it is made, so a file refused for its rows and uploaded again is not matched again,
and taking the page's defaults then works."""

import html
import re

from django.urls import reverse

from panels.contributions import services as contributions
from panels.models import ColumnMapping, ContributionVersion, StagedChronology
from tests.panels.conftest import xlsx_upload

OWN_HEADINGS = ["When", "What happened", "Officer"]


def url(panel, name, *args):
    return reverse(name, args=[panel.review.reference, *args])


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def selected_values(response) -> dict:
    """What the mapping form would send as it is shown: each select's selected option."""
    page = response.content.decode()
    chosen = {}
    for name, options in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
        found = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        chosen[name] = html.unescape(found.group(1)) if found else ""
    return chosen


def test_the_choice_is_remembered_before_the_import_succeeds(panel, client, media_root):
    request = panel.ask()
    member = panel.police_member
    client.force_login(member)
    upload_url = url(panel, "panels:contribution_upload", request.pk)

    # 1. A file in the agency's own headings, with a row that has no event.
    bad = [OWN_HEADINGS, ["01/03/2021", "Visit", "PC"], ["02/03/2021", "", "PC"]]
    first = client.post(upload_url, {"file": xlsx_upload(bad, name="first.xlsx")})
    staged = StagedChronology.objects.get()
    columns_url = url(panel, "panels:chronology_columns", request.pk, staged.pk)
    assert client.get(first.url).url == columns_url
    assert "Your choice is remembered for Kent Police's next upload." in text(
        client.get(columns_url)
    )

    # 2. The agency matches the columns; the preview shows the row's error.
    preview = client.post(
        columns_url,
        {"date": "When", "event": "What happened", "staff_role": "Officer"},
        follow=True,
    )
    assert "Row Problem 3 The event or contact is missing" in text(preview)
    assert not ContributionVersion.objects.exists()
    # Remembered now, before any import.
    assert contributions.saved_columns(panel.police) == {
        "date": "When",
        "event": "What happened",
        "staff_role": "Officer",
    }
    assert ColumnMapping.objects.get(agency=panel.police).updated_by == member

    # 3. The corrected file: straight to the preview, the columns matched as chosen.
    good = [OWN_HEADINGS, ["01/03/2021", "Visit", "PC"], ["02/03/2021", "Call", "PC"]]
    second = client.post(upload_url, {"file": xlsx_upload(good, name="second.xlsx")})
    staged = StagedChronology.objects.get()
    again = client.get(second.url)
    assert again.status_code == 200  # not sent to the mapping page
    assert "Import 2 entries as a draft" in text(again)

    # 4. Opening the mapping page and taking its defaults works.
    columns_url = url(panel, "panels:chronology_columns", request.pk, staged.pk)
    defaults = selected_values(client.get(columns_url))
    assert defaults["date"] == "When"
    assert defaults["event"] == "What happened"
    taken = client.post(columns_url, defaults, follow=True)
    assert "Import 2 entries as a draft" in text(taken)

    done = client.post(second.url, {"note": ""}, follow=True)
    assert "2 entries have been imported as version 1" in text(done)
    assert ContributionVersion.objects.get().entry_count == 2


def test_another_agency_does_not_get_the_choice(panel):
    request = panel.ask()
    staged = contributions.stage_chronology(
        request,
        by=panel.police_member,
        upload=xlsx_upload([OWN_HEADINGS, ["01/03/2021", "Visit", "PC"]]),
    )
    contributions.choose_columns(
        staged, by=panel.police_member, chosen={"date": "When", "event": "What happened"}
    )
    assert contributions.saved_columns(panel.health) == {}
    health = panel.ask(agency=panel.health)
    other = contributions.stage_chronology(
        health,
        by=panel.health_member,
        upload=xlsx_upload([OWN_HEADINGS, ["01/03/2021", "Visit", "PC"]]),
    )
    assert contributions.preview(other).needs_mapping
