"""seed_demo gives the demo review at the stage "panel" its agencies' chronologies and a panel
meeting, once."""

from django.core.management import call_command

from cases.models import Review, Stage
from panels.chronology import combined
from panels.models import ContributionRequest, MeetingAction, PanelMeeting


def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_panel_review_has_submitted_chronologies_and_a_meeting(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _seed()
    review = Review.objects.filter(stage=Stage.PANEL).order_by("pk").first()
    chronologies = review.contribution_requests.filter(kind="chronology")
    assert {request.agency.name for request in chronologies} == {
        "Kent Police",
        "Kent and Medway Mental Health NHS Trust",
    }
    assert {request.status for request in chronologies} == {ContributionRequest.Status.SUBMITTED}
    entries = combined.submitted_entries(review)
    assert entries.count() == 9
    assert PanelMeeting.objects.filter(review=review).count() == 1
    assert MeetingAction.objects.filter(review=review).count() == 1

    _seed()  # idempotent
    assert combined.submitted_entries(review).count() == 9
    assert review.contribution_requests.count() == 3
    assert PanelMeeting.objects.filter(review=review).count() == 1
