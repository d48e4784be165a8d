"""Requests to agencies, versions, submission and acceptance, through the domain functions:
deadlines opened and met, access granted and revoked, drafts kept from other agencies."""

import hashlib
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Deadline, DeadlineKind, Review, Stage
from dhr.accounts.roles import Role
from panels.chairs import workflow as panel_workflow
from panels.chronology import combined
from panels.contributions import services as contributions
from panels.models import ChronologyEntry, ContributionRequest, ContributionVersion
from tests.cases.factories import walk_to
from tests.dhr.factories import AgencyFactory, UserFactory
from tests.panels.conftest import DUE, HEADINGS, csv_upload, good_rows, xlsx_bytes

Kind = ContributionRequest.Kind


def pdf_upload(name="imr.pdf", body=b"report") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body, content_type="application/pdf")


# --- Requests ------------------------------------------------------------------------------------


def test_a_request_opens_a_deadline_owned_by_the_agency(panel):
    request = panel.ask(kind=Kind.REPORT, details="Cover 2021 to 2026.")

    deadline = Deadline.objects.get(source=f"panels.contributionrequest:{request.pk}")
    assert deadline.kind == DeadlineKind.AGENCY_REPORT
    assert deadline.due_on == DUE
    assert deadline.owner_agency == panel.police
    assert deadline.rule == "Set by the review manager"
    assert deadline.link == f"/reviews/{panel.review.reference}/contributions/{request.pk}/"
    assert deadline.is_open
    assert request.status == ContributionRequest.Status.REQUESTED


def test_the_chair_asks_too_and_the_rule_says_so(panel):
    request = panel.ask(agency=panel.health, kind=Kind.CHRONOLOGY)
    request = contributions.make_request(
        panel.review,
        by=panel.chair,
        agency=panel.health,
        kind=Kind.OTHER,
        title="Safeguarding referrals",
        due_on=DUE,
        requested_on=date(2026, 4, 1),
    )
    deadline = Deadline.objects.get(source=f"panels.contributionrequest:{request.pk}")
    assert deadline.rule == "Set by the chair"
    assert deadline.kind == DeadlineKind.AGENCY_DOCUMENT
    assert request.label == "Safeguarding referrals"


def test_an_agency_off_the_panel_can_open_the_review_once_asked(panel):
    housing = AgencyFactory(name="Swale Housing")
    member = UserFactory(role=Role.AGENCY_MEMBER, agency=housing)
    assert not Review.objects.for_user(member).filter(pk=panel.review.pk).exists()

    request = panel.ask(agency=housing, kind=Kind.REPORT)
    assert Review.objects.for_user(member).filter(pk=panel.review.pk).exists()

    contributions.withdraw_request(request, by=panel.manager)
    assert not Review.objects.for_user(member).filter(pk=panel.review.pk).exists()
    request.refresh_from_db()
    assert request.status == ContributionRequest.Status.WITHDRAWN
    assert Deadline.objects.get(source=f"panels.contributionrequest:{request.pk}").cancelled_on


def test_leaving_the_panel_keeps_access_while_a_request_is_live(panel):
    request = panel.ask(agency=panel.health)
    member = panel.review.panel_members.get(agency=panel.health)
    panel_workflow.remove_panel_member(member, by=panel.manager)

    assert Review.objects.for_user(panel.health_member).filter(pk=panel.review.pk).exists()
    contributions.withdraw_request(request, by=panel.manager)
    assert not Review.objects.for_user(panel.health_member).filter(pk=panel.review.pk).exists()


@pytest.mark.parametrize(
    ("who", "fields", "says"),
    [
        ("police_member", {}, "Only the review manager or the chair"),
        ("manager", {"kind": Kind.OTHER}, "Say which document"),
        ("manager", {"due_on": date(2026, 3, 1)}, "cannot be before the date of the request"),
    ],
)
def test_requests_that_are_refused(panel, who, fields, says):
    arguments = {
        "agency": panel.police,
        "kind": Kind.CHRONOLOGY,
        "due_on": DUE,
        "requested_on": date(2026, 3, 25),
        **fields,
    }
    with pytest.raises(TransitionRefused, match=says):
        contributions.make_request(panel.review, by=getattr(panel, who), **arguments)
    assert not ContributionRequest.objects.exists()
    assert not Deadline.objects.filter(kind=DeadlineKind.AGENCY_CHRONOLOGY).exists()


def test_one_live_chronology_per_agency(panel):
    panel.ask()
    with pytest.raises(TransitionRefused, match="already been asked for its chronology"):
        panel.ask()
    assert ContributionRequest.objects.count() == 1


def test_no_request_before_commissioning(cast):
    review = cast.walk_to(Stage.SCOPING)
    with pytest.raises(TransitionRefused, match="from commissioning"):
        contributions.make_request(
            review, by=cast.manager, agency=cast.agency, kind=Kind.REPORT, due_on=DUE
        )


# --- Versions and submission ----------------------------------------------------------------------


def test_report_versions_are_drafts_until_submitted(panel, media_root):
    request = panel.ask(kind=Kind.REPORT)
    first = contributions.upload_document(request, by=panel.police_member, upload=pdf_upload())
    second = contributions.upload_document(
        request, by=panel.police_member, upload=pdf_upload("imr-v2.pdf", b"v2"), note="Typos"
    )

    assert (first.number, second.number) == (1, 2)
    assert second.original_name == "imr-v2.pdf"
    assert second.sha256 == hashlib.sha256(b"%PDF-1.4\nv2").hexdigest()
    assert "imr" not in second.file.name  # stored under a random name
    assert (media_root / second.file.name).is_file()
    request.refresh_from_db()
    assert request.status == ContributionRequest.Status.DRAFT
    # Another panel agency sees no version while they are drafts; the manager sees both.
    assert list(contributions.versions_for(panel.health_member, request)) == []
    assert len(contributions.versions_for(panel.manager, request)) == 2

    submitted = contributions.submit_to_panel(request, by=panel.police_member)

    assert submitted == second
    assert list(contributions.versions_for(panel.health_member, request)) == [second]
    deadline = Deadline.objects.get(source=f"panels.contributionrequest:{request.pk}")
    assert deadline.met_on is not None


def test_only_the_agency_uploads_and_submits(panel, media_root):
    request = panel.ask(kind=Kind.REPORT)
    for outsider in (panel.health_member, panel.manager, panel.chair):
        with pytest.raises(TransitionRefused, match="Only members of Kent Police"):
            contributions.upload_document(request, by=outsider, upload=pdf_upload())
    contributions.upload_document(request, by=panel.police_member, upload=pdf_upload())
    with pytest.raises(TransitionRefused, match="Only members of Kent Police"):
        contributions.submit_to_panel(request, by=panel.health_member)
    assert ContributionVersion.objects.count() == 1


def test_submitting_twice_needs_a_new_version(panel, media_root):
    request = panel.ask(kind=Kind.REPORT)
    with pytest.raises(TransitionRefused, match="Upload a version first"):
        contributions.submit_to_panel(request, by=panel.police_member)
    contributions.upload_document(request, by=panel.police_member, upload=pdf_upload())
    contributions.submit_to_panel(request, by=panel.police_member)
    with pytest.raises(TransitionRefused, match="already been submitted"):
        contributions.submit_to_panel(request, by=panel.police_member)


def test_accepting(panel, media_root):
    request = panel.ask(kind=Kind.REPORT)
    with pytest.raises(TransitionRefused, match="Only a contribution submitted"):
        contributions.accept(request, by=panel.chair)
    contributions.upload_document(request, by=panel.police_member, upload=pdf_upload())
    contributions.submit_to_panel(request, by=panel.police_member)
    with pytest.raises(TransitionRefused, match="Only the review manager or the chair"):
        contributions.accept(request, by=panel.police_member)

    contributions.accept(request, by=panel.chair)

    request.refresh_from_db()
    assert request.status == ContributionRequest.Status.ACCEPTED
    assert request.accepted_by == panel.chair
    with pytest.raises(TransitionRefused, match="has been accepted"):
        contributions.upload_document(request, by=panel.police_member, upload=pdf_upload())
    with pytest.raises(TransitionRefused, match="cannot be withdrawn"):
        contributions.withdraw_request(request, by=panel.manager)


def test_a_new_chronology_version_replaces_the_agency_entries(panel, media_root):
    request = panel.ask()
    first = panel.import_chronology(request, csv_upload([HEADINGS, *good_rows(3)]))
    police_entries = combined.submitted_entries(panel.review)
    assert police_entries.count() == 3

    draft = panel.import_chronology(request, csv_upload([HEADINGS, *good_rows(5)]), submit=False)
    assert police_entries.count() == 3  # the draft is not combined
    contributions.submit_to_panel(request, by=panel.police_member)

    assert police_entries.count() == 5
    assert set(police_entries.values_list("version", flat=True)) == {draft.pk}
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert first.entries.count() == 3  # the old version keeps its entries (history)


def test_other_agencies_entries_stay_when_one_resubmits(panel, media_root):
    police = panel.ask()
    health = panel.ask(agency=panel.health)
    panel.import_chronology(police, csv_upload([HEADINGS, *good_rows(2)]))
    panel.import_chronology(health, csv_upload([HEADINGS, *good_rows(4)]))
    panel.import_chronology(police, csv_upload([HEADINGS, *good_rows(1)]))

    counts = dict(
        combined.submitted_entries(panel.review).values_list("agency__name").annotate(n=Count("pk"))
    )
    assert counts == {"Kent Police": 1, "Kent Health Trust": 4}


# --- manage.py import_chronology ---------------------------------------------------------------


def run_command(*arguments):
    out = StringIO()
    call_command("import_chronology", *arguments, stdout=out)
    return out.getvalue()


def test_the_command_reports_rows_errors_and_warnings_and_saves_nothing(panel, tmp_path):
    rows = [["Kent Police chronology"], [], HEADINGS, *good_rows(4)]
    rows[4][0] = "31/04/2021"  # spreadsheet row 5
    rows[6][0] = "01/01/2020"  # row 7: before the period under review
    path = tmp_path / "police.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_chronology", panel.review.reference, "Kent Police", str(path), stdout=out
        )
    assert out.getvalue().splitlines() == [
        "Rows accepted: 3",
        "Errors: 1",
        "  Row 5: The date “31/04/2021” is not a real date",
        "Warnings: 1",
        "  Row 7: The date 01/01/2020 is before the period under review (01/01/2021 to 10/01/2026)",
    ]
    assert not ChronologyEntry.objects.exists()
    assert not ContributionRequest.objects.exists()


def test_the_command_dry_run_then_import_and_submit(panel, tmp_path, media_root):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_upload([HEADINGS, *good_rows(3)]).read())

    dry = run_command(panel.review.reference, "Kent Police", str(path), "--dry-run")
    assert dry.splitlines() == [
        "Rows accepted: 3",
        "Errors: 0",
        "Warnings: 0",
        "Dry run: nothing was saved.",
    ]
    assert not ChronologyEntry.objects.exists()

    done = run_command(panel.review.reference, "Kent Police", str(path), "--submit")
    assert done.splitlines()[-1] == (
        "Imported 3 entries as version 1 of the chronology of Kent Police (submitted to the panel)."
    )
    assert combined.submitted_entries(panel.review).count() == 3
    request = ContributionRequest.objects.get()
    assert request.requested_by is None
    assert request.kind == Kind.CHRONOLOGY
    assert not Deadline.objects.filter(source=f"panels.contributionrequest:{request.pk}").exists()


def test_the_command_refuses_unknown_names(panel, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"Date,Event\n01/03/2021,Visit\n")
    with pytest.raises(CommandError, match="No review has the reference DHR-NOPE"):
        run_command("DHR-NOPE", "Kent Police", str(path))
    with pytest.raises(CommandError, match="No agency is called 'Nobody'"):
        run_command(panel.review.reference, "Nobody", str(path))


def test_the_command_refuses_a_closed_review(cast, tmp_path, media_root):
    review = walk_to(Stage.CLOSED, manager=cast.manager, chair_user=cast.chair, agency=cast.agency)
    path = tmp_path / "old.csv"
    path.write_bytes(b"Date,Event or contact\n01/03/2021,Visit\n")
    with pytest.raises(CommandError, match="The review is closed"):
        run_command(review.reference, cast.agency.name, str(path))
    assert not ContributionRequest.objects.exists()


def test_a_panel_agency_does_not_learn_that_an_agency_off_the_panel_was_asked(panel):
    from panels.contributions.services import requests_for
    from tests.dhr.factories import AgencyFactory

    clinic = AgencyFactory(name="Swale Walk-in Clinic")
    asked_off_panel = panel.ask(agency=clinic)
    police_request = panel.ask(agency=panel.police)
    health_request = panel.ask(agency=panel.health)
    seen_by_health = set(requests_for(panel.health_member, panel.review))
    assert seen_by_health == {police_request, health_request}
    assert asked_off_panel in set(requests_for(panel.manager, panel.review))
