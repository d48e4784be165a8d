"""Each user's deadlines as a calendar feed behind a secret address.

The token is 256 random bits (``secrets.token_urlsafe``); only its SHA-256 digest is stored, so
a copy of the database does not reveal working addresses, and a lookup compares digests (the
database finds the row by digest; the digest is compared again in constant time). Resetting the
address replaces the digest: the old address then answers 404.
"""

import hashlib
import hmac
import secrets
from datetime import UTC, date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import ical, reminders
from cases.deadlines import services as deadlines
from cases.models import CalendarFeed

TOKEN_BYTES = 32


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def has_feed(user) -> bool:
    return CalendarFeed.objects.filter(user=user).exists()


@transaction.atomic
def reset_feed(user) -> str:
    """Makes a new secret token for ``user`` (the old one stops working) and returns it; the
    token is not stored, so this is the only time it can be shown."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_digest": _digest(token), "created_at": timezone.now()}
    )
    return token


def feed_path(token: str) -> str:
    return reverse("deadlines:calendar_feed", args=[token])


def user_for_token(token: str):
    """The active user whose feed ``token`` opens, or None."""
    digest = _digest(token)
    feed = CalendarFeed.objects.select_related("user").filter(token_digest=digest).first()
    if feed is None or not hmac.compare_digest(feed.token_digest, digest):
        return None
    user = feed.user
    if not user.is_active or user.role not in deadlines.ROLES_WITH_DEADLINES:
        return None
    return user


def feed_text(user, today: date | None = None) -> str:
    """The user's open deadlines (those of "My work") as an iCalendar document. Each event says
    the reference, the pseudonym and what is due: no restricted data."""
    today = today or timezone.localdate()
    events = []
    for row in deadlines.rows(deadlines.deadlines_for(user), today):
        deadline = row.deadline
        summary = f"{reminders.case_label(deadline)}: {deadline.title}"
        description = f"{deadline.get_kind_display()}. {deadline.rule}."
        if row.paused:
            description += " Paused while the review is on hold."
        events.append(
            ical.Event(
                uid=f"deadline-{deadline.pk}@dhr-case-manager",
                day=deadline.due_on,
                summary=summary,
                description=description,
                url=reminders.absolute(reminders.deadline_path(deadline, user)),
            )
        )
    return ical.calendar("DHR deadlines", events, stamp=timezone.now().astimezone(UTC))
