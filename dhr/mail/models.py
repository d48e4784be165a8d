"""The outbox: one row per e-mail, written in the transaction of the change that causes it."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class OutboundEmail(models.Model):
    """One e-mail the service sends, from the moment it is decided until the SMTP server takes it.

    ``dhr.mail.backend.OutboxBackend`` writes the row inside the caller's transaction (so a
    rolled-back change sends nothing, and a committed one cannot lose its e-mail); after commit
    a task (``dhr.mail.tasks.send_email``) hands it to the real transport, retrying with backoff.
    ``status`` moves pending -> sending -> sent; ``sending`` is a lease that a crashed worker
    leaves behind, taken over after ``DHR_MAIL_SENDING_LEASE_SECONDS``. A message refused for
    good (a 5xx answer) is ``failed`` and waits for an administrator's resend.

    The worker's updates are bookkeeping (``attempts``, ``last_error``), written without history;
    the history records the creation and each resend, with the administrator who asked.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Refused by the mail server"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Kept from the moment of writing, so each attempt (and a resend) carries the same header and
    # a receiving server can recognise a repeat.
    message_id = models.CharField(max_length=255)
    from_email = models.CharField(max_length=320)
    to = ArrayField(models.CharField(max_length=320), default=list)
    cc = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    bcc = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    reply_to = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    subject = models.TextField()
    body = models.TextField(blank=True)
    # [[content, mimetype], ...] (an HTML part, for example)
    alternatives = models.JSONField(default=list, blank=True)
    # [{"filename", "content" (base64), "mimetype"}, ...]
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["body", "alternatives", "attachments", "headers"])

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outbound_email_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]
