"""The daily reminder pass and the weekly digest: exactly once, whoever runs them.

Each day (the London date), every open deadline whose review is not on hold is at one step:

- ``before-N``: N is the smallest reminder day (of its rule, default 14, 7 and 1) not below the
  days left, so a reminder goes out on each of those days -- and a deadline opened inside the
  window, or a pass missed while the worker was down, still gets the latest step once;
- ``due``: on the due date;
- ``overdue-wK``: in the K-th week after the due date, to the owner and escalated to the
  partnership's review managers -- so weekly while it stays overdue.

Exactly once: for each deadline, one transaction locks the deadline row, records one
``Reminder`` row per recipient under the unique constraint (deadline, step, recipient), the
in-app notification and the e-mail in the outbox (dhr.mail), which sends it after commit and
retries until the mail server takes it. A second pass for the same day -- a retried task, a
second worker, the command run by hand -- finds the rows and writes nothing. If the transaction
fails, nothing is recorded and nothing is sent, and the next pass tries again.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import services as deadline_api
from cases.deadlines import timescales
from cases.models import Deadline, DigestSent, Reminder, ReminderRun
from dhr.accounts.roles import Role
from dhr.models import Notification, User

logger = logging.getLogger(__name__)


def escalation_every_days() -> int:
    """Days between overdue escalations (setting ``DHR_ESCALATION_EVERY_DAYS``, default 7)."""
    return getattr(settings, "DHR_ESCALATION_EVERY_DAYS", 7)


def digest_days() -> int:
    """Days ahead the weekly digest looks (setting ``DHR_DIGEST_DAYS``, default 14)."""
    return getattr(settings, "DHR_DIGEST_DAYS", 14)


def london_today() -> date:
    """Today in Europe/London (the project's time zone), whatever the server's clock zone."""
    return timezone.localdate()


@dataclass(frozen=True)
class Step:
    """The reminder a deadline is due for today: ``code`` is unique per due date."""

    kind: str  # Reminder.Kind
    code: str
    days_left: int

    @property
    def escalates(self) -> bool:
        return self.kind == Reminder.Kind.OVERDUE


def step_for(due_on: date, today: date, reminder_days) -> Step | None:
    """The step of a deadline due on ``due_on`` on ``today``, or None when nothing is due yet."""
    days_left = (due_on - today).days
    stamp = due_on.isoformat()
    if days_left < 0:
        week = (-days_left - 1) // escalation_every_days() + 1
        return Step(Reminder.Kind.OVERDUE, f"overdue-w{week}@{stamp}", days_left)
    if days_left == 0:
        return Step(Reminder.Kind.DUE, f"due@{stamp}", 0)
    ahead = [days for days in reminder_days if days >= days_left]
    if not ahead:
        return None
    return Step(Reminder.Kind.BEFORE, f"before-{min(ahead)}@{stamp}", days_left)


def owners(deadline: Deadline) -> list[User]:
    """The active people who must do it: the owning user, or the owning agency's members."""
    if deadline.owner_user_id:
        user = deadline.owner_user
        return [user] if user.is_active else []
    return list(
        User.objects.filter(
            agency=deadline.owner_agency_id, role=Role.AGENCY_MEMBER, is_active=True
        ).order_by("pk")
    )


def review_managers(partnership_id) -> list[User]:
    return list(
        User.objects.filter(
            partnerships=partnership_id, role=Role.REVIEW_MANAGER, is_active=True
        ).order_by("pk")
    )


def recipients(deadline: Deadline, step: Step) -> list[User]:
    """Owners; escalations also go to the review managers of the deadline's partnership."""
    people = owners(deadline)
    if step.escalates:
        people += review_managers(deadline.partnership_id)
    unique = {user.pk: user for user in people}
    return list(unique.values())


def _candidates(today: date, reminder_window: int):
    """Open deadlines that may be due a step today (not on hold, due within the window)."""
    return (
        Deadline.objects.open()
        .filter(due_on__lte=today + timedelta(days=reminder_window))
        .exclude(review__is_on_hold=True)
        .select_related("review", "partnership", "owner_agency", "owner_user")
        .order_by("due_on", "pk")
    )


def send_reminders(today: date | None = None) -> int:
    """Runs the pass for ``today`` (London date; default now). Returns how many reminders it
    recorded (and so sent); 0 on a second run for the same day."""
    today = today or london_today()
    run = ReminderRun.objects.create(job=ReminderRun.Job.REMINDERS, run_for=today)
    rule_for = timescales.all_rules()
    window = timescales.largest_reminder_day()
    sent = 0
    for deadline in _candidates(today, window):
        rule = rule_for(deadline.partnership_id, deadline.kind)
        step = step_for(deadline.due_on, today, rule.reminder_days)
        if step is None:
            continue
        try:
            sent += _remind(deadline.pk, step, today)
        except (OperationalError, InterfaceError):
            raise  # the database is unwell: the task retries the whole (idempotent) pass
        except Exception:
            # One deadline that cannot be reminded (its transaction rolled back: nothing
            # recorded, nothing sent) must not stop the others; the next pass tries it again.
            logger.exception("Deadline %s: reminder not recorded", deadline.pk)
    ReminderRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), sent=sent)
    logger.info("Reminder pass for %s sent %d reminders", today, sent)
    return sent


@transaction.atomic
def _remind(deadline_id: int, step: Step, today: date) -> int:
    """Records and (after commit) sends one step of one deadline to each recipient; returns
    how many were new. The deadline row is locked, so two passes take turns on it and the
    second finds the first's rows; the unique constraint stands behind that."""
    deadline = (
        Deadline.objects.open()
        .select_for_update(of=("self",))
        .select_related("review", "partnership", "owner_agency", "owner_user")
        .filter(pk=deadline_id)
        .exclude(review__is_on_hold=True)
        .first()
    )
    if deadline is None:  # met, cancelled or put on hold since the list was read
        return 0
    created_count = 0
    for user in recipients(deadline, step):
        reminder, created = Reminder.objects.get_or_create(
            deadline=deadline,
            step=step.code,
            recipient=user,
            defaults={"kind": step.kind, "sent_on": today},
        )
        if not created:
            continue
        created_count += 1
        message = reminder_message(deadline, step, user)
        Notification.objects.create(
            recipient=user, subject=message["subject"], body=message["body"], url=message["path"]
        )
        email_reminder(reminder, message)
    return created_count


# --- Messages ----------------------------------------------------------------------------------


def deadline_path(deadline: Deadline, recipient: User) -> str:
    """The page the recipient should open: where it is done for its owner, the review's
    deadlines for a manager chasing it; "My work" when there is no page of its own."""
    return deadline_api.link_for(deadline, recipient) or reverse("deadlines:my_work")


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def case_label(deadline: Deadline) -> str:
    """Reference and pseudonym only: e-mails and calendars never carry restricted data."""
    review = deadline.review
    if review is None:
        return f"{deadline.partnership.name} partnership"
    return f"{review.reference} (Case {review.pseudonym})"


def _when(step: Step, due_on: date) -> str:
    due = f"{due_on.day} {due_on:%B %Y}"
    if step.kind == Reminder.Kind.OVERDUE:
        return f"was due on {due} and is {deadline_api.describe_days_left(step.days_left)}"
    if step.kind == Reminder.Kind.DUE:
        return f"is due today, {due}"
    return f"is due in {step.days_left} day{'s' if step.days_left != 1 else ''}, on {due}"


def reminder_message(deadline: Deadline, step: Step, recipient: User) -> dict:
    """Subject, body and link of one reminder (the same text in the app and by e-mail)."""
    path = deadline_path(deadline, recipient)
    owner = (
        str(deadline.owner_agency)
        if deadline.owner_agency_id
        else ("you" if deadline.owner_user_id == recipient.pk else "the review manager")
    )
    prefix = {
        Reminder.Kind.OVERDUE: "Overdue",
        Reminder.Kind.DUE: "Due today",
        Reminder.Kind.BEFORE: "Reminder",
    }[step.kind]
    context = {
        "case": case_label(deadline),
        "title": deadline.title,
        "when": _when(step, deadline.due_on),
        "owner": owner,
        "escalation": step.escalates and deadline.owner_user_id != recipient.pk,
        "rule": deadline.rule,
        "link": absolute(path),
        "service_name": settings.SERVICE_NAME,
    }
    return {
        "subject": f"{prefix}: {deadline.title}: {case_label(deadline)}"[:200],
        "body": render_to_string("cases/email/reminder.txt", context),
        "path": path,
    }


def email_reminder(reminder: Reminder, message: dict) -> None:
    """Writes the reminder's e-mail to the outbox (dhr.mail) in the reminder's own transaction:
    both are recorded, or neither. The outbox sends it after commit and retries until it goes."""
    send_mail(
        subject=message["subject"],
        message=message["body"],
        from_email=None,
        recipient_list=[reminder.recipient.email],
    )
    Reminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())


# --- The weekly digest -------------------------------------------------------------------------


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def digest_recipients():
    return User.objects.filter(is_active=True, role__in=deadline_api.ROLES_WITH_DEADLINES).order_by(
        "pk"
    )


def send_weekly_digests(today: date | None = None) -> int:
    """Sends each person, once per week, what falls due in the next ``digest_days()`` and
    what is overdue (reviews on hold left out). Returns how many digests were sent."""
    today = today or london_today()
    run = ReminderRun.objects.create(job=ReminderRun.Job.DIGEST, run_for=today)
    sent = 0
    for user in digest_recipients():
        sent += _digest(user, today)
    ReminderRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), sent=sent)
    return sent


@transaction.atomic
def _digest(user: User, today: date) -> int:
    days = digest_days()
    upcoming = list(
        deadline_api.deadlines_for(user)
        .filter(due_on__lte=today + timedelta(days=days))
        .exclude(review__is_on_hold=True)
    )
    if not upcoming:
        return 0
    record, created = DigestSent.objects.get_or_create(recipient=user, week_of=week_of(today))
    if not created:
        return 0
    rows = deadline_api.rows(upcoming, today)
    lines = [
        {
            "case": case_label(row.deadline),
            "title": row.deadline.title,
            "due": row.deadline.due_on,
            "status": row.status,
            "overdue": row.overdue,
        }
        for row in rows
    ]
    subject = f"Your deadlines for the next {days} days ({len(lines)})"
    path = reverse("deadlines:my_work")
    body = render_to_string(
        "cases/email/digest.txt",
        {
            "lines": lines,
            "days": days,
            "link": absolute(path),
            "service_name": settings.SERVICE_NAME,
        },
    )
    Notification.objects.create(recipient=user, subject=subject, body=body, url=path)
    # Into the outbox in this transaction, with the digest's row (dhr.mail sends it after commit).
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    DigestSent.objects.filter(pk=record.pk).update(emailed_at=timezone.now())
    return 1
