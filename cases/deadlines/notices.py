"""Telling the people who must do something, at once, that it was asked of them (issue 17).

Sending an information request, a contribution request, a Commissioner recommendation or a
panel meeting action opens a deadline owned by an agency; the function that sends it then calls
``notify_owners`` with that deadline, and each active member of the agency gets an in-app
notification and an e-mail through the outbox (``dhr.mail``), in the sender's transaction: both
are recorded with the request, or neither. Until then only the daily reminder pass wrote, so an
agency learned of a request days later, from a reminder.

The messages are the reminders' kind (``cases/email/new_work.txt``): the review's reference,
what kind of thing is due and when, and a link -- never the request's free text, names or other
personal data.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from cases.deadlines import reminders
from cases.models import Deadline, DeadlineKind
from dhr.models import Notification


def reference_label(deadline: Deadline) -> str:
    """The review's reference (or, for a themed report, the partnership): nothing else."""
    if deadline.review_id:
        return deadline.review.reference
    return f"{deadline.partnership.name} partnership"


def new_work_message(deadline: Deadline, recipient) -> dict:
    """Subject, body and link of the notice (the same text in the app and by e-mail)."""
    path = reminders.deadline_path(deadline, recipient)
    what = DeadlineKind(deadline.kind).label
    due = f"{deadline.due_on.day} {deadline.due_on:%B %Y}"
    context = {
        "reference": reference_label(deadline),
        "what": what,
        "due": due,
        "link": reminders.absolute(path),
        "service_name": settings.SERVICE_NAME,
    }
    return {
        "subject": f"New for your agency: {what}: {reference_label(deadline)}"[:200],
        "body": render_to_string("cases/email/new_work.txt", context),
        "path": path,
    }


def notify_owners(deadline: Deadline) -> int:
    """Notifies, in the app and by e-mail, each active person who owns ``deadline`` (the
    owning agency's members); returns how many were told. An agency with no users: none."""
    told = 0
    for user in reminders.owners(deadline):
        message = new_work_message(deadline, user)
        Notification.objects.create(
            recipient=user, subject=message["subject"], body=message["body"], url=message["path"]
        )
        if user.email:
            send_mail(
                subject=message["subject"],
                message=message["body"],
                from_email=None,
                recipient_list=[user.email],
            )
        told += 1
    return told
