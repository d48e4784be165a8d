"""The daily reminder pass, day by day: reminders before the due date, on the day, weekly
escalations while overdue; nothing while on hold; exactly once; the weekly digest."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from cases.deadlines import reminders
from cases.lifecycle import workflow
from cases.models import (
    Deadline,
    DeadlineKind,
    DigestSent,
    Hold,
    Reminder,
    ReminderRun,
    Stage,
    Subject,
    TimescaleRule,
)
from dhr.accounts.roles import Role
from dhr.mail import services as mail_services
from dhr.models import Notification, OutboundEmail
from tests.cases.factories import walk_to
from tests.conftest import london
from tests.dhr.factories import UserFactory

K = DeadlineKind


def days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


@pytest.fixture
def run_pass(django_capture_on_commit_callbacks):
    """Runs the pass for a day with its after-commit e-mails sent; returns how many it sent."""

    def run(day: date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_reminders(day)

    return run


def open_request(cast, *, due_on: date, pseudonym="Rosalind", notified_on=date(2026, 6, 1)):
    """A review at "scoping" with one open request to Kent Police (Andy Agency is its member),
    and the request's deadline. (The review's decision deadline, owned by Rita Manager, is due
    a month after ``notified_on``; tests look at the request's reminders only.)"""
    review = walk_to(
        Stage.SCOPING,
        manager=cast.manager,
        agency=cast.agency,
        notified_on=notified_on,
        pseudonym=pseudonym,
    )
    workflow.send_information_request(
        review, by=cast.manager, agency=cast.agency, sent_on=notified_on, due_on=due_on
    )
    # Sending told Kent Police's members at once (cases.deadlines.notices, tested in
    # test_notices.py): these tests count the reminders only.
    Notification.objects.filter(subject__startswith="New for").delete()
    OutboundEmail.objects.filter(subject__startswith="New for").delete()
    return review, Deadline.objects.get(review=review, kind=K.INFORMATION_REQUEST)


def sent_steps(deadline) -> dict:
    """{day: sorted steps} of the reminders recorded for ``deadline``."""
    found = {}
    for reminder in Reminder.objects.filter(deadline=deadline):
        found.setdefault(reminder.sent_on, set()).add(reminder.step.split("@")[0])
    return {day: sorted(steps) for day, steps in found.items()}


# --- The steps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (30, None),
        (15, None),
        (14, "before-14"),
        (10, "before-14"),  # inside the window: the latest step reached (once)
        (8, "before-14"),
        (7, "before-7"),
        (2, "before-7"),
        (1, "before-1"),
        (0, "due"),
        (-1, "overdue-w1"),
        (-7, "overdue-w1"),
        (-8, "overdue-w2"),
        (-14, "overdue-w2"),
        (-15, "overdue-w3"),
        (-365, "overdue-w53"),
    ],
)
def test_the_step_of_each_day(days_left, expected):
    due = date(2026, 7, 1)
    step = reminders.step_for(due, due - timedelta(days=days_left), (14, 7, 1))
    assert (step.code.split("@")[0] if step else None) == expected
    if step:
        assert step.code.endswith("@2026-07-01")


def test_the_escalation_interval_is_a_setting(settings):
    settings.DHR_ESCALATION_EVERY_DAYS = 3
    due = date(2026, 7, 1)
    codes = [reminders.step_for(due, due + timedelta(days=n), (7,)).code for n in (1, 3, 4, 7)]
    assert [code.split("@")[0] for code in codes] == [
        "overdue-w1",
        "overdue-w1",
        "overdue-w2",
        "overdue-w3",
    ]


# --- Day by day --------------------------------------------------------------------------------


def test_reminders_go_out_14_7_and_1_days_before_on_the_day_and_weekly_after(
    cast, run_pass, review_manager
):
    second = UserFactory(full_name="Bella Second", role=Role.AGENCY_MEMBER, agency=cast.agency)
    left = UserFactory(full_name="Lee Left", role=Role.AGENCY_MEMBER, agency=cast.agency)
    left.is_active = False
    left.save()
    _review, deadline = open_request(cast, due_on=date(2026, 7, 1))

    for day in days(date(2026, 6, 1), date(2026, 7, 31)):
        run_pass(day)

    assert sent_steps(deadline) == {
        date(2026, 6, 17): ["before-14"],
        date(2026, 6, 24): ["before-7"],
        date(2026, 6, 30): ["before-1"],
        date(2026, 7, 1): ["due"],
        date(2026, 7, 2): ["overdue-w1"],
        date(2026, 7, 9): ["overdue-w2"],
        date(2026, 7, 16): ["overdue-w3"],
        date(2026, 7, 23): ["overdue-w4"],
        date(2026, 7, 30): ["overdue-w5"],
    }
    reminders_sent = Reminder.objects.filter(deadline=deadline)
    # Before and on the day: the agency's two active members. Overdue: also the manager.
    before = reminders_sent.filter(kind=Reminder.Kind.BEFORE)
    assert {r.recipient for r in before} == {cast.agency_member, second}
    assert before.count() == 3 * 2
    overdue = reminders_sent.filter(kind=Reminder.Kind.OVERDUE)
    assert {r.recipient for r in overdue} == {cast.agency_member, second, review_manager}
    assert overdue.count() == 5 * 3
    assert not reminders_sent.filter(recipient=left).exists()
    # Every reminder was e-mailed once (after commit) and shown in the app.
    request_mails = [m for m in mail.outbox if "information request" in m.subject]
    assert len(request_mails) == reminders_sent.count() == 3 * 2 + 2 + 5 * 3
    assert all(r.emailed_at for r in reminders_sent)
    assert Notification.objects.filter(subject__contains="information request").count() == len(
        request_mails
    )


def test_a_second_pass_on_the_same_day_sends_nothing(cast, run_pass):
    _review, deadline = open_request(cast, due_on=date(2026, 6, 15))
    assert run_pass(date(2026, 6, 8)) == 1  # before-7 to Andy Agency
    outbox, notes = len(mail.outbox), Notification.objects.count()

    assert run_pass(date(2026, 6, 8)) == 0
    assert run_pass(date(2026, 6, 9)) == 0  # the same step, the day after
    assert len(mail.outbox) == outbox
    assert Notification.objects.count() == notes
    assert Reminder.objects.filter(deadline=deadline).count() == 1
    assert list(ReminderRun.objects.order_by("started_at").values_list("sent", flat=True)) == [
        1,
        0,
        0,
    ]


def test_a_step_already_recorded_by_another_worker_is_not_sent_again(cast, run_pass):
    _review, deadline = open_request(cast, due_on=date(2026, 6, 15))
    # Another worker recorded (and so sent) this step a moment ago.
    Reminder.objects.create(
        deadline=deadline,
        step="before-7@2026-06-15",
        kind=Reminder.Kind.BEFORE,
        recipient=cast.agency_member,
        sent_on=date(2026, 6, 8),
    )
    assert run_pass(date(2026, 6, 8)) == 0
    assert mail.outbox == []


def test_a_deadline_that_fails_is_rolled_back_and_the_others_still_go(cast, run_pass, monkeypatch):
    _review, failing = open_request(cast, due_on=date(2026, 6, 15), pseudonym="Failing")
    other_review, _working = open_request(cast, due_on=date(2026, 6, 15), pseudonym="Working")
    original = reminders.reminder_message

    def breaks_for_one(deadline, step, user):
        if deadline.pk == failing.pk:
            raise RuntimeError("template missing")
        return original(deadline, step, user)

    monkeypatch.setattr(reminders, "reminder_message", breaks_for_one)
    assert run_pass(date(2026, 6, 8)) == 1
    assert not Reminder.objects.filter(deadline=failing).exists()  # nothing half-recorded
    assert [m.subject for m in mail.outbox] == [
        f"Reminder: Answer to the information request sent to Kent Police: "
        f"{other_review.reference} (Case Working)"
    ]

    monkeypatch.setattr(reminders, "reminder_message", original)
    assert run_pass(date(2026, 6, 8)) == 1  # the next pass sends the one that failed
    assert Reminder.objects.filter(deadline=failing).count() == 1


def test_a_deadline_met_before_the_pass_is_not_reminded(cast, run_pass):
    review, deadline = open_request(cast, due_on=date(2026, 6, 15))
    request = review.info_requests.get()
    workflow.answer_information_request(
        request, by=cast.agency_member, had_contact=False, summary="No contact."
    )
    for day in days(date(2026, 6, 1), date(2026, 6, 30)):
        run_pass(day)
    assert not Reminder.objects.filter(deadline=deadline).exists()
    assert not Reminder.objects.filter(recipient=cast.agency_member).exists()


def test_the_reminder_days_come_from_the_partnerships_rule(cast, run_pass, partnership):
    TimescaleRule.objects.create(
        partnership=partnership,
        kind=K.INFORMATION_REQUEST,
        reminder_days=[3],
    )
    _review, deadline = open_request(cast, due_on=date(2026, 7, 1))
    for day in days(date(2026, 6, 1), date(2026, 7, 1)):
        run_pass(day)
    assert sent_steps(deadline) == {date(2026, 6, 28): ["before-3"], date(2026, 7, 1): ["due"]}


# --- The e-mail ---------------------------------------------------------------------------------


def test_the_email_names_the_reference_and_pseudonym_and_links_to_the_page(
    cast, run_pass, settings
):
    settings.SITE_URL = "https://dhr.example.org"
    review, _deadline = open_request(cast, due_on=date(2026, 6, 15))
    Subject.objects.create(
        review=review, role=Subject.Role.VICTIM, pseudonym="Rosalind", real_name="Jane Realname"
    )
    run_pass(date(2026, 6, 8))
    [message] = mail.outbox
    assert message.to == [cast.agency_member.email]
    assert message.subject == (
        f"Reminder: Answer to the information request sent to Kent Police: "
        f"{review.reference} (Case Rosalind)"
    )
    request = review.info_requests.get()
    assert f"https://dhr.example.org/reviews/{review.reference}/requests/{request.pk}/answer/" in (
        message.body
    )
    assert "is due in 7 days, on 15 June 2026" in message.body
    for secret in ("Jane Realname", cast.manager.full_name, cast.agency_member.full_name):
        assert secret not in message.body
        assert secret not in message.subject
    note = Notification.objects.get(recipient=cast.agency_member)
    assert note.url == f"/reviews/{review.reference}/requests/{request.pk}/answer/"
    assert note.read_at is None


def test_an_escalation_says_who_is_late_and_goes_to_the_managers(cast, run_pass):
    review, _deadline = open_request(cast, due_on=date(2026, 6, 15))
    run_pass(date(2026, 6, 16))
    to_manager = next(m for m in mail.outbox if m.to == [cast.manager.email])
    assert to_manager.subject.startswith("Overdue: Answer to the information request")
    assert "is 1 day overdue" in to_manager.body
    assert "sent to Kent Police and to the partnership's review managers" in to_manager.body
    # The manager chases it from the review's deadlines (only the agency answers the request).
    assert f"/reviews/{review.reference}/deadlines/" in to_manager.body
    to_agency = next(m for m in mail.outbox if m.to == [cast.agency_member.email])
    assert "/answer/" in to_agency.body


def test_a_failed_email_leaves_the_reminder_recorded_shown_and_in_the_outbox(
    cast, run_pass, settings
):
    """The mail server is down: the reminder, its notification and its e-mail are all
    recorded; the outbox (dhr.mail) sends the e-mail once the server is back, and only once."""
    settings.DHR_EMAIL_TRANSPORT = "tests.dhr.mail.transports.RefusingBackend"
    _review, deadline = open_request(cast, due_on=date(2026, 6, 15))
    assert run_pass(date(2026, 6, 8)) == 1
    reminder = Reminder.objects.get(deadline=deadline)
    assert Notification.objects.filter(recipient=cast.agency_member).count() == 1
    email = OutboundEmail.objects.get(to=[cast.agency_member.email])
    assert email.status == OutboundEmail.Status.PENDING
    assert "SMTP server down" in email.last_error
    assert mail.outbox == []

    settings.DHR_EMAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
    mail_services.requeue_unsent(now=email.next_attempt_at)
    assert [m.subject for m in mail.outbox] == [email.subject]
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None
    assert run_pass(date(2026, 6, 8)) == 0  # never twice, even then
    assert len(mail.outbox) == 1


def test_nothing_is_emailed_when_the_transaction_does_not_commit(cast):
    """Inside a transaction that is rolled back (the test's), the e-mail never leaves."""
    _review, _deadline = open_request(cast, due_on=date(2026, 6, 15))
    assert reminders.send_reminders(date(2026, 6, 8)) == 1
    assert mail.outbox == []  # on_commit never ran


# --- Holds -------------------------------------------------------------------------------------


def test_no_reminders_while_on_hold_and_the_due_date_moves_on_resume(clock, cast, run_pass):
    clock.move_to(london(2026, 6, 1))
    review, deadline = open_request(cast, due_on=date(2026, 7, 1))

    clock.move_to(london(2026, 6, 10))
    workflow.put_on_hold(review, by=cast.manager, reason=Hold.Reason.CRIMINAL, details="Trial")
    for day in days(date(2026, 6, 10), date(2026, 7, 5)):
        clock.move_to(london(day.year, day.month, day.day, 7))
        assert run_pass(day) == 0, f"a reminder was sent on {day} while on hold"

    clock.move_to(london(2026, 7, 5, 12))  # 25 London days later
    workflow.resume(review, by=cast.manager, note="Verdict given.")
    deadline.refresh_from_db()
    assert deadline.due_on == date(2026, 7, 26)

    for day in days(date(2026, 7, 5), date(2026, 7, 27)):
        run_pass(day)
    assert sent_steps(deadline) == {
        date(2026, 7, 12): ["before-14"],
        date(2026, 7, 19): ["before-7"],
        date(2026, 7, 25): ["before-1"],
        date(2026, 7, 26): ["due"],
        date(2026, 7, 27): ["overdue-w1"],
    }


def test_a_moved_due_date_rearms_the_reminders_already_sent(clock, cast, run_pass):
    clock.move_to(london(2026, 6, 1))
    review, deadline = open_request(cast, due_on=date(2026, 6, 15))
    clock.move_to(london(2026, 6, 8))
    assert run_pass(date(2026, 6, 8)) == 1  # before-7 for 15 June

    workflow.put_on_hold(review, by=cast.manager, reason=Hold.Reason.INQUEST)
    clock.move_to(london(2026, 6, 18))
    workflow.resume(review, by=cast.manager)  # 10 days: now due 25 June
    assert run_pass(date(2026, 6, 18)) == 1  # before-7 for 25 June: a new step
    steps = sorted(Reminder.objects.filter(deadline=deadline).values_list("step", flat=True))
    assert steps == ["before-7@2026-06-15", "before-7@2026-06-25"]


# --- Month ends and clock changes ---------------------------------------------------------------


def test_a_decision_due_at_the_end_of_february(clock, review_manager, run_pass):
    clock.move_to(london(2026, 1, 31))
    review = walk_to(Stage.NOTIFIED, manager=review_manager, notified_on=date(2026, 1, 31))
    decision = Deadline.objects.get(review=review, kind=K.DECISION)
    assert decision.due_on == date(2026, 2, 28)
    for day in days(date(2026, 2, 1), date(2026, 3, 8)):
        run_pass(day)
    assert sent_steps(decision) == {
        date(2026, 2, 14): ["before-14"],
        date(2026, 2, 21): ["before-7"],
        date(2026, 2, 27): ["before-1"],
        date(2026, 2, 28): ["due"],
        date(2026, 3, 1): ["overdue-w1"],
        date(2026, 3, 8): ["overdue-w2"],
    }


def test_a_leap_year_february(clock, review_manager, run_pass):
    clock.move_to(london(2028, 1, 31))
    review = walk_to(Stage.NOTIFIED, manager=review_manager, notified_on=date(2028, 1, 31))
    decision = Deadline.objects.get(review=review, kind=K.DECISION)
    assert decision.due_on == date(2028, 2, 29)
    run_pass(date(2028, 2, 28))
    run_pass(date(2028, 2, 29))
    run_pass(date(2028, 3, 1))
    assert sent_steps(decision) == {
        date(2028, 2, 28): ["before-1"],
        date(2028, 2, 29): ["due"],
        date(2028, 3, 1): ["overdue-w1"],
    }


@pytest.mark.parametrize(
    ("utc_moment", "london_date"),
    [
        # Spring forward (29 March 2026, 01:00 UTC): 23:30 UTC on the 29th is 00:30 BST the 30th.
        ((2026, 3, 28, 23, 30), date(2026, 3, 28)),
        ((2026, 3, 29, 23, 30), date(2026, 3, 30)),
        # Fall back (25 October 2026, 01:00 UTC): 23:30 UTC on the 24th is 00:30 BST the 25th.
        ((2026, 10, 24, 23, 30), date(2026, 10, 25)),
        ((2026, 10, 25, 23, 30), date(2026, 10, 25)),  # 23:30 GMT
        ((2026, 7, 1, 6, 0), date(2026, 7, 1)),  # 07:00 BST, when beat runs it
        ((2026, 12, 1, 7, 0), date(2026, 12, 1)),  # 07:00 GMT
    ],
)
def test_the_pass_works_on_the_london_date(db, utc_moment, london_date):
    from datetime import UTC, datetime

    from cases.deadlines.tasks import send_deadline_reminders

    with time_machine.travel(datetime(*utc_moment, tzinfo=UTC), tick=False):
        assert reminders.london_today() == london_date
        send_deadline_reminders.apply().get()
    assert ReminderRun.objects.get().run_for == london_date


def test_a_deadline_due_on_the_day_the_clocks_change(cast, run_pass):
    _review, deadline = open_request(cast, due_on=date(2026, 3, 29), notified_on=date(2026, 3, 1))
    for day in days(date(2026, 3, 1), date(2026, 3, 31)):
        run_pass(day)
    assert sent_steps(deadline) == {
        date(2026, 3, 15): ["before-14"],
        date(2026, 3, 22): ["before-7"],
        date(2026, 3, 28): ["before-1"],
        date(2026, 3, 29): ["due"],
        date(2026, 3, 30): ["overdue-w1"],
    }


# --- The weekly digest -------------------------------------------------------------------------


@pytest.fixture
def run_digest(django_capture_on_commit_callbacks):
    def run(day: date) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_weekly_digests(day)

    return run


def test_the_weekly_digest_goes_once_a_week_to_each_person_with_work(
    cast, run_digest, chair, steering_member
):
    review, _deadline = open_request(cast, due_on=date(2026, 6, 12))
    monday = date(2026, 6, 1)
    # Andy Agency (the request) and Rita Manager (her partnership's deadlines).
    assert run_digest(monday) == 2
    assert run_digest(monday) == 0
    assert run_digest(monday + timedelta(days=2)) == 0  # same week
    assert DigestSent.objects.filter(week_of=monday).count() == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([cast.agency_member.email, cast.manager.email])
    digest = next(m for m in mail.outbox if m.to == [cast.agency_member.email])
    assert digest.subject == "Your deadlines for the next 14 days (1)"
    assert f"{review.reference} (Case Rosalind)" in digest.body
    assert "due 12 June 2026" in digest.body
    assert "/my-work/" in digest.body

    assert run_digest(monday + timedelta(days=7)) == 2  # the next week


def test_the_digest_leaves_out_what_is_far_off_or_on_hold(clock, cast, run_digest):
    clock.move_to(london(2026, 6, 1))
    open_request(cast, due_on=date(2026, 7, 30), pseudonym="Faroff")
    held, _ = open_request(cast, due_on=date(2026, 6, 5), pseudonym="Held")
    workflow.put_on_hold(held, by=cast.manager, reason=Hold.Reason.FAMILY)
    # Rita still has the decision deadlines (due 1 July: too far off) -- nothing to send.
    assert run_digest(date(2026, 6, 1)) == 0
    assert mail.outbox == []
