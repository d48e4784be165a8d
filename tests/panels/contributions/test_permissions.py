"""Who may open every new page (STYLE.md 4: permission tests are tables): a review outside the
user's scope is a 404, a page their role never uses is a 403, another agency's draft is a 404;
family data is never shown to agency members; list pages take a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.audit.history import review_history
from cases.documents.services import checked_upload
from cases.family import services as family
from dhr.accounts.roles import Role
from panels.chronology import combined
from panels.contributions import services as contributions
from panels.meetings import services as meetings
from panels.models import ContributionRequest, EntryAnnotation
from tests.dhr.factories import AgencyFactory, UserFactory
from tests.panels.conftest import DUE, HEADINGS, csv_upload, good_rows

Kind = ContributionRequest.Kind


@dataclass
class World:
    """Everything the pages show, for one review: see ``world``."""

    panel: object
    housing_member: object
    outsider: object
    medway_manager: object
    steering: object
    urls: dict


def _pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\nminutes", content_type="application/pdf")


@pytest.fixture
def world(panel, outsider, medway_manager, steering_member, media_root):
    """Kent Police submitted a chronology and has a report in draft (and a chronology file
    staged); the health trust (also on the panel) was asked for its chronology; Swale Housing,
    not on the panel, was asked for a report. One meeting with minutes and an action, one
    family member with a contact, one annotation by the chair."""
    review = panel.review
    reference = review.reference
    police_chronology = panel.ask()
    submitted = panel.import_chronology(police_chronology, csv_upload([HEADINGS, *good_rows(3)]))
    police_report = panel.ask(kind=Kind.REPORT)
    draft = contributions.upload_document(
        police_report, by=panel.police_member, upload=_pdf("imr.pdf")
    )
    staged = contributions.stage_chronology(
        police_chronology, by=panel.police_member, upload=csv_upload([HEADINGS, *good_rows(2)])
    )
    panel.ask(agency=panel.health)
    housing = AgencyFactory(name="Swale Housing")
    housing_member = UserFactory(full_name="Hal Housing", role=Role.AGENCY_MEMBER, agency=housing)
    panel.ask(agency=housing, kind=Kind.REPORT)
    entry = submitted.entries.first()
    annotation = EntryAnnotation.objects.create(
        entry=entry, review=review, author=panel.chair, created_at=review.created_at, text="Why?"
    )
    meeting = meetings.save_meeting(
        review, by=panel.chair, held_on=date(2026, 4, 2), agenda="Chronologies", minutes_upload=None
    )
    meetings.save_meeting(
        review,
        by=panel.chair,
        meeting=meeting,
        held_on=date(2026, 4, 2),
        minutes_upload=checked_upload(_pdf()),
    )
    action = meetings.add_action(
        meeting,
        by=panel.chair,
        description="Send records",
        owner_agency=panel.police,
        due_on=date(2026, 5, 1),
    )
    member = family.add_member(review, by=panel.manager, name="Mary Smith", relationship="Mother")
    family.log_contact(
        member,
        by=panel.manager,
        contacted_on=date(2026, 4, 1),
        method="phone",
        summary="Intro",
        made_by="Chair",
    )

    def url(name, *args):
        return reverse(name, args=[reference, *args])

    urls = {
        "contributions": url("panels:contributions"),
        "contribution_new": url("panels:contribution_new"),
        "template": url("panels:chronology_template", "xlsx"),
        "request_draft": url("panels:contribution", police_report.pk),
        "download_draft": url("panels:contribution_download", police_report.pk, draft.pk),
        "download_submitted": url(
            "panels:contribution_download", police_chronology.pk, submitted.pk
        ),
        "entries_submitted": url("panels:contribution_entries", police_chronology.pk, submitted.pk),
        "upload": url("panels:contribution_upload", police_report.pk),
        "submit": url("panels:contribution_submit", police_report.pk),
        "accept": url("panels:contribution_accept", police_chronology.pk),
        "withdraw": url("panels:contribution_withdraw", police_report.pk),
        "preview": url("panels:chronology_preview", police_chronology.pk, staged.pk),
        "columns": url("panels:chronology_columns", police_chronology.pk, staged.pk),
        "discard": url("panels:chronology_discard", police_chronology.pk, staged.pk),
        "combined": url("panels:combined_chronology"),
        "xlsx": url("panels:chronology_xlsx"),
        "pdf": url("panels:chronology_pdf"),
        "exports": url("panels:chronology_exports"),
        "annotate": url("panels:annotate", entry.pk),
        "annotation_delete": url("panels:annotation_delete", annotation.pk),
        "meetings": url("panels:meetings"),
        "meeting": url("panels:meeting", meeting.pk),
        "minutes": url("panels:meeting_minutes", meeting.pk),
        "meeting_new": url("panels:meeting_new"),
        "meeting_edit": url("panels:meeting_edit", meeting.pk),
        "meeting_delete": url("panels:meeting_delete", meeting.pk),
        "attendance": url("panels:meeting_attendance", meeting.pk),
        "action_new": url("panels:meeting_action_new", meeting.pk),
        "action_done": url("panels:meeting_action_done", meeting.pk, action.pk),
        "family": url("cases:family"),
        "family_member": url("cases:family_member", member.pk),
        "family_new": url("cases:family_member_new"),
        "family_edit": url("cases:family_member_edit", member.pk),
        "family_delete": url("cases:family_member_delete", member.pk),
        "family_contact": url("cases:family_contact_new", member.pk),
    }
    return World(panel, housing_member, outsider, medway_manager, steering_member, urls)


ROLES = ("manager", "chair", "police", "health", "housing")
# Expected status per role: the review's manager, its chair, Kent Police (on the panel, owns
# the drafts), the health trust (on the panel), Swale Housing (asked for a report only).
TABLE = {
    "contributions": (200, 200, 200, 200, 200),
    "contribution_new": (200, 200, 403, 403, 403),
    "template": (200, 200, 200, 200, 200),
    "request_draft": (200, 200, 200, 200, 404),
    "download_draft": (200, 200, 200, 404, 404),
    "download_submitted": (200, 200, 200, 200, 404),
    "entries_submitted": (200, 200, 200, 200, 404),
    "upload": (403, 403, 200, 403, 404),
    "submit": (403, 403, 200, 403, 404),
    "accept": (200, 200, 403, 403, 404),
    "withdraw": (200, 200, 403, 403, 404),
    "preview": (403, 403, 200, 404, 404),
    "columns": (403, 403, 200, 404, 404),
    "discard": (403, 403, 200, 404, 404),
    "combined": (200, 200, 200, 200, 403),
    "xlsx": (200, 200, 200, 200, 403),
    "pdf": (200, 200, 200, 200, 403),
    "exports": (200, 200, 200, 200, 403),
    "annotate": (200, 200, 403, 403, 403),
    "annotation_delete": (200, 200, 403, 403, 403),
    "meetings": (200, 200, 200, 200, 403),
    "meeting": (200, 200, 200, 200, 403),
    "minutes": (200, 200, 200, 200, 403),
    "meeting_new": (200, 200, 403, 403, 403),
    "meeting_edit": (200, 200, 403, 403, 403),
    "meeting_delete": (200, 200, 403, 403, 403),
    "attendance": (200, 200, 403, 403, 403),
    "action_new": (200, 200, 403, 403, 403),
    "action_done": (200, 200, 403, 403, 403),
    "family": (200, 200, 403, 403, 403),
    "family_member": (200, 200, 403, 403, 403),
    "family_new": (200, 200, 403, 403, 403),
    "family_edit": (200, 200, 403, 403, 403),
    "family_delete": (200, 200, 403, 403, 403),
    "family_contact": (200, 200, 403, 403, 403),
}


def _user(world, role):
    panel = world.panel
    return {
        "manager": panel.manager,
        "chair": panel.chair,
        "police": panel.police_member,
        "health": panel.health_member,
        "housing": world.housing_member,
    }[role]


def test_every_page_and_role(world, client):
    """One walk over the table (one fixture for all: building the world is the slow part)."""
    wrong = []
    for page, statuses in TABLE.items():
        for role, expected in zip(ROLES, statuses, strict=True):
            client.force_login(_user(world, role))
            status = client.get(world.urls[page]).status_code
            if status != expected:
                wrong.append(f"{page} as {role}: {status}, expected {expected}")
    assert wrong == []


def test_outside_the_review_every_page_is_a_404(world, client):
    wrong = []
    for user in (world.outsider, world.medway_manager, world.steering):
        client.force_login(user)
        for page, url in world.urls.items():
            status = client.get(url).status_code
            if status != 404:
                wrong.append(f"{page} as {user}: {status}")
    assert wrong == []


def test_posts_by_the_wrong_role_change_nothing(world, client):
    panel = world.panel
    client.force_login(panel.health_member)
    for page in ("upload", "submit", "accept", "withdraw", "annotate", "meeting_new", "family_new"):
        assert client.post(world.urls[page], {"text": "x", "name": "x"}).status_code == 403
    client.force_login(world.housing_member)
    assert client.post(world.urls["submit"]).status_code == 404
    request = ContributionRequest.objects.get(agency=panel.police, kind=Kind.REPORT)
    assert request.status == ContributionRequest.Status.DRAFT
    assert request.versions.filter(submitted_at__isnull=False).count() == 0
    assert EntryAnnotation.objects.count() == 1


def test_drafts_stay_out_of_other_agencies_pages(world, client):
    panel = world.panel
    client.force_login(panel.health_member)
    page = client.get(world.urls["request_draft"]).content.decode()
    assert "imr.pdf" not in page
    assert "Not submitted yet" in page
    listing = client.get(world.urls["contributions"]).content.decode()
    assert "Draft" not in listing
    # The staged file (2 entries) and the draft never reach the combined chronology.
    assert combined.submitted_entries(panel.review).count() == 3


def test_family_data_is_never_shown_to_agency_members(world, client):
    panel = world.panel
    for user in (panel.police_member, panel.health_member, world.housing_member):
        client.force_login(user)
        for page in ("combined", "contributions", "meetings", "meeting"):
            response = client.get(world.urls[page])
            assert b"Mary Smith" not in response.content
        overview = client.get(reverse("cases:detail", args=[panel.review.reference]))
        assert b"Mary Smith" not in overview.content
        history = client.get(reverse("cases:history", args=[panel.review.reference]))
        assert b"Mary Smith" not in history.content
        assert b"Mother" not in history.content
        assert b"Intro" not in history.content
    entries = review_history(panel.review, panel.police_member)
    assert not [entry for entry in entries if entry.record.startswith("Family")]
    manager_entries = review_history(panel.review, panel.manager)
    assert [entry for entry in manager_entries if entry.record == "Family member"]


def test_family_pages_record_each_look(world, client):
    from dhr.models import AccessLog

    client.force_login(world.panel.chair)
    client.get(world.urls["family"])
    client.get(world.urls["family_member"])
    logged = AccessLog.objects.filter(object_type="family_member", user=world.panel.chair)
    assert logged.count() == 2


# --- A fixed number of queries on list pages ---------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_take_a_fixed_number_of_queries(world, client, media_root):
    panel = world.panel
    client.force_login(panel.manager)
    pages = ("contributions", "combined", "meetings", "family", "meeting", "entries_submitted")
    before = {page: _queries(client, world.urls[page]) for page in pages}

    # Many more rows of every kind...
    for index in range(5):
        agency = AgencyFactory(name=f"Extra agency {index}")
        request = contributions.make_request(
            panel.review,
            by=panel.manager,
            agency=agency,
            kind=Kind.REPORT,
            due_on=DUE,
        )
        request.refresh_from_db()
        meeting = meetings.save_meeting(
            panel.review, by=panel.chair, held_on=date(2026, 5, index + 1)
        )
        meetings.add_action(
            meeting, by=panel.chair, description="x", owner_agency=agency, due_on=date(2026, 6, 1)
        )
        family.add_member(
            panel.review, by=panel.manager, name=f"Relative {index}", relationship="Aunt"
        )
    health = ContributionRequest.objects.get(agency=panel.health)
    panel.import_chronology(health, csv_upload([HEADINGS, *good_rows(40)]))
    for entry in combined.submitted_entries(panel.review)[:10]:
        EntryAnnotation.objects.create(
            entry=entry,
            review=panel.review,
            author=panel.manager,
            created_at=entry.version.uploaded_at,
            text="Note",
        )

    after = {page: _queries(client, world.urls[page]) for page in pages}
    assert after == before


def test_the_history_tab_shows_agencies_only_their_share(world):
    panel = world.panel

    def records(user):
        return {entry.record for entry in review_history(panel.review, user)}

    police = records(panel.police_member)
    assert "Agency report (IMR) requested from Kent Police" in police
    assert "Chronology requested from Kent Health Trust" not in police
    assert "Panel meeting on 02/04/2026" in police
    housing = records(world.housing_member)
    assert "Panel meeting on 02/04/2026" not in housing  # not on the panel
    assert "Agency report (IMR) requested from Swale Housing" in housing
    manager = records(panel.manager)
    assert {"Chronology requested from Kent Health Trust", "Panel meeting on 02/04/2026"} <= manager
