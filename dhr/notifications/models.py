"""In-app notifications: what the service tells a user on its pages (the header's count, the
notifications page), written by the work that causes them."""

from django.db import models
from django.utils import timezone

from dhr.accounts.models import User


class Notification(models.Model):
    """A message to one user shown in the app (the header counts the unread ones).

    Written by background work such as deadline reminders, in the same transaction as the
    record that caused it; never holds restricted data (references and pseudonyms only).
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True, help_text="A page of this service.")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
