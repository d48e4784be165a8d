"""The access log: who looked at restricted data or downloaded a file (DESIGN.md 6)."""

from django.db import models
from django.utils import timezone

from dhr.accounts.models import User


class AccessLog(models.Model):
    """Who looked at restricted data or downloaded a file, and when: append-only.

    Rows are only ever inserted (``dhr.files.access_log.record``); a database trigger refuses
    updates and deletes, so the log cannot be edited through the application or the admin site. It
    is itself the audit record, so it has no history table of its own.
    """

    class Action(models.TextChoices):
        VIEW_RESTRICTED = "view_restricted", "Viewed restricted data"
        DOWNLOAD = "download", "Downloaded a file"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(max_length=150, help_text="The name at the time, kept as read.")
    action = models.CharField(max_length=20, choices=Action.choices)
    review_reference = models.CharField(max_length=32, blank=True, db_index=True)
    description = models.CharField(max_length=300)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name}: {self.description}"
