"""Issue 17, point 2: sending an information request, a contribution request, a Commissioner
recommendation or a panel meeting action tells the agency's members at once, in the app and
by e-mail through the outbox, with the reminders' minimal message (reference and link only);
and a worker that starts runs the day's reminder pass if none has run that day."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import tasks
from cases.lifecycle import workflow
from cases.models import DeadlineKind, ReminderRun, Stage
from dhr.accounts.roles import Role
from dhr.mail.models import OutboundEmail
from dhr.models import Notification
from tests.cases.factories import CAST_PLAN
from tests.dhr.factories import AgencyFactory, UserFactory

SECRET = "Mrs Jane Realname of 4 Acacia Avenue"


def notices_to(user):
    return list(Notification.objects.filter(recipient=user, subject__startswith="New for"))


def assert_minimal(note, review, kind):
    """The notice names the review by reference only, and links to the page."""
    assert review.reference in note.subject
    assert DeadlineKind(kind).label in note.subject
    assert review.pseudonym not in note.subject + note.body
    assert SECRET not in note.subject + note.body
    assert note.url


def test_an_information_request_tells_the_agencys_members_at_once(cast):
    second = UserFactory(full_name="Bella Second", role=Role.AGENCY_MEMBER, agency=cast.agency)
    UserFactory(role=Role.AGENCY_MEMBER, agency=cast.agency, is_active=False)
    review = cast.walk_to(Stage.SCOPING)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    request = workflow.send_information_request(
        review,
        by=cast.manager,
        agency=cast.agency,
        sent_on=CAST_PLAN["notified_on"],
        due_on=timezone.localdate() + timedelta(days=20),
    )
    for member in (cast.agency_member, second):
        [note] = notices_to(member)
        assert_minimal(note, review, DeadlineKind.INFORMATION_REQUEST)
        assert note.url == f"/reviews/{review.reference}/requests/{request.pk}/answer/"
        [email] = OutboundEmail.objects.filter(to=[member.email])
        assert email.subject == note.subject
        assert f"http://testserver{note.url}" in email.body or note.url in email.body
    assert Notification.objects.count() == 2  # the inactive member and the manager: nothing


def test_an_agency_without_users_is_told_nothing_and_nothing_fails(cast):
    review = cast.walk_to(Stage.SCOPING)
    Notification.objects.all().delete()
    workflow.send_information_request(
        review,
        by=cast.manager,
        agency=AgencyFactory(name="Nobody Here"),
        sent_on=CAST_PLAN["notified_on"],
        due_on=timezone.localdate() + timedelta(days=20),
    )
    assert not Notification.objects.exists()


def test_a_contribution_request_and_a_meeting_action_tell_the_agency(cast, media_root):
    from panels.contributions import services as contributions
    from panels.meetings import services as meetings

    review = cast.walk_to(Stage.PANEL)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    contributions.make_request(
        review,
        by=cast.manager,
        agency=cast.agency,
        kind="report",
        details=SECRET,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    [note] = notices_to(cast.agency_member)
    assert_minimal(note, review, DeadlineKind.AGENCY_REPORT)

    meeting = meetings.save_meeting(review, by=cast.manager, held_on=date(2026, 9, 1))
    meetings.add_action(
        meeting,
        by=cast.manager,
        description=f"Ask {SECRET} about the tenancy",
        owner_agency=cast.agency,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    assert len(notices_to(cast.agency_member)) == 2
    [action_note] = [
        note for note in notices_to(cast.agency_member) if DeadlineKind.ACTION.label in note.subject
    ]
    assert_minimal(action_note, review, DeadlineKind.ACTION)
    assert OutboundEmail.objects.filter(to=[cast.agency_member.email]).count() == 2


def test_a_commissioner_recommendation_tells_the_agency(cast):
    from actionplans.commissioner import services as commissioner

    review = cast.walk_to(Stage.SENT_TO_COMMISSIONER)
    Notification.objects.all().delete()
    report = commissioner.record_commissioner_report(
        by=cast.manager,
        partnership=review.partnership,
        review=review,
        title="Commissioner's report",
        published_on=timezone.localdate(),
        url="https://example.org/report",
    )
    commissioner.add_recommendation(report, by=cast.manager, agency=cast.agency, text=SECRET)
    [note] = notices_to(cast.agency_member)
    assert_minimal(note, review, DeadlineKind.COMMISSIONER_RESPONSE)


# --- The day's pass when a worker starts --------------------------------------------------------


@pytest.fixture
def queued():
    with mock.patch.object(tasks.send_deadline_reminders, "delay") as delay:
        yield delay


def test_a_starting_worker_queues_the_days_pass_if_none_ran(db, settings, queued):
    settings.DHR_REMINDERS_ON_WORKER_START = True
    today = tasks.reminders.london_today()
    tasks._on_worker_ready(sender=None)  # what celery's worker_ready signal calls
    queued.assert_called_once_with(on=today.isoformat())


def test_the_signal_is_connected(db, settings, queued):
    from celery.signals import worker_ready

    settings.DHR_REMINDERS_ON_WORKER_START = True
    worker_ready.send(sender=None)
    assert queued.call_count == 1


def test_no_second_pass_when_one_ran_today(db, settings, queued):
    settings.DHR_REMINDERS_ON_WORKER_START = True
    ReminderRun.objects.create(run_for=tasks.reminders.london_today())
    assert tasks.run_missed_pass() is False
    queued.assert_not_called()


def test_the_setting_turns_it_off_and_tests_have_it_off(db, settings, queued):
    assert settings.DHR_REMINDERS_ON_WORKER_START is False  # the test settings
    assert tasks.run_missed_pass() is False
    queued.assert_not_called()


def test_the_queued_pass_runs_and_the_timescales_page_shows_it(settings, client, administrator):
    settings.DHR_REMINDERS_ON_WORKER_START = True
    client.force_login(administrator)
    before = client.get(reverse("deadlines:timescales")).content.decode()
    assert '<dt class="govuk-summary-list__key">Reminders</dt>' in before
    assert before.count("Not run yet") == 2  # the reminders and the weekly digest
    with mock.patch.object(
        tasks.send_deadline_reminders,
        "delay",
        side_effect=lambda on: tasks.send_deadline_reminders.apply(kwargs={"on": on}),
    ):
        assert tasks.run_missed_pass() is True
    assert ReminderRun.objects.filter(run_for=tasks.reminders.london_today()).exists()
    after = client.get(reverse("deadlines:timescales")).content.decode()
    assert after.count("Not run yet") == 1  # the digest has its own day, Monday
