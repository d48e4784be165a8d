"""In-app notifications: the header's unread count, and reading and marking them.

Notifications are written by the work that causes them (deadline reminders, the weekly digest)
in its own transaction; a user only ever sees and changes their own.
"""

from django.db.models import Count
from django.utils import timezone

from dhr.kept_queries import KeptQuery
from dhr.models import Notification

# On every page (the header): compiled once (dhr.kept_queries).
_UNREAD = KeptQuery(
    lambda user_id: (
        Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("unread")
    )
)


def unread_count(user) -> int:
    if not (user and user.is_authenticated):
        return 0
    rows = _UNREAD.rows(user.pk)
    return rows[0][0] if rows else 0


def unread_notifications(request):
    """Context processor: ``unread_notifications`` for the header (one query per page)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(user)}


def notifications_for(user):
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user)


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
