"""The outbox's rules: writing e-mails as rows, sending each one, retrying, resending.

At least once, and never twice except after a crash between the SMTP server's acceptance and
the row's update: a worker *claims* a row (status ``sending``, under a row lock) before it talks
to the server, so a second task for the same row (the sweep, a retry, a resend, a second worker)
finds it taken and does nothing. A worker that dies mid-send leaves the claim behind; once the
lease (``DHR_MAIL_SENDING_LEASE_SECONDS``) has run out the sweep sends the row again.
"""

import base64
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import DNS_NAME
from django.db import transaction
from django.utils import timezone

from dhr.mail.models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status
UNSENT = (Status.PENDING, Status.SENDING, Status.FAILED)
MAX_RETRY_DELAY = timedelta(hours=1)
FAILED_AFTER = timedelta(days=1)  # when an unsent message appears on the administrators' page
SWEEP_BATCH = 500


class ResendRefused(Exception):
    """A resend an administrator may not ask for, with the reason to show them."""


# --- Writing ------------------------------------------------------------------------------------


def store(email_messages) -> list[OutboundEmail]:
    """Writes each message as a row in the current transaction and, once it commits, hands each
    row to the send task. Raises (and so rolls the caller back) if a row cannot be written."""
    outside_any_change = _outside_any_change()
    with transaction.atomic():
        rows = [OutboundEmail.objects.create(**_fields_of(message)) for message in email_messages]
        for row in rows:
            # robust: a broker that is down must not fail the committed change; the sweep sends it.
            transaction.on_commit(partial(queue, row.pk), robust=True)
    if outside_any_change and getattr(settings, "DHR_MAIL_SEND_IN_PROCESS", False):
        # Tests only: the test's own transaction never commits, so what would be sent at once
        # in production (a password reset, outside any change) is sent now.
        for row in rows:
            queue(row.pk)
    return rows


def _outside_any_change() -> bool:
    """No transaction open but those of a test case (pytest-django wraps each test in one)."""
    connection = transaction.get_connection()
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _fields_of(message) -> dict:
    headers = {str(k): str(v) for k, v in (message.extra_headers or {}).items()}
    message_id = headers.pop("Message-ID", None) or make_msgid(domain=DNS_NAME)
    return {
        "message_id": message_id,
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "subject": str(message.subject),
        "body": str(message.body or ""),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment_fields(item) for item in message.attachments],
        "headers": headers,
    }


def _attachment_fields(item) -> dict:
    if isinstance(item, MIMEBase):
        filename, content, mimetype = (
            item.get_filename(),
            item.get_payload(decode=True),
            item.get_content_type(),
        )
    else:
        filename, content, mimetype = item
    if isinstance(content, str):
        content = content.encode("utf-8")
    return {
        "filename": filename,
        "content": base64.b64encode(content).decode("ascii"),
        "mimetype": mimetype or "application/octet-stream",
    }


def as_message(row: OutboundEmail, connection=None) -> EmailMultiAlternatives:
    """The row as the Django message the transport sends (the same Message-ID every time)."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers={**row.headers, "Message-ID": row.message_id},
        connection=connection,
    )
    for content, mimetype in row.alternatives:
        message.attach_alternative(content, mimetype)
    for attachment in row.attachments:
        message.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return message


# --- Sending ------------------------------------------------------------------------------------


def queue_options() -> dict:
    """Where send tasks go: the default queue, or ``DHR_MAIL_QUEUE`` when it is set."""
    queue_name = getattr(settings, "DHR_MAIL_QUEUE", None)
    return {"queue": queue_name} if queue_name else {}


def queue(email_id: int, countdown: float | None = None) -> None:
    """Hands the row to the send task (or, with ``DHR_MAIL_SEND_IN_PROCESS``, which only the
    tests set, makes one attempt at once in this process)."""
    if getattr(settings, "DHR_MAIL_SEND_IN_PROCESS", False):
        deliver(email_id)
        return
    from dhr.mail.tasks import send_email

    send_email.apply_async((email_id,), countdown=countdown, **queue_options())


def lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "DHR_MAIL_SENDING_LEASE_SECONDS", 600))


def retry_delay(attempts: int) -> timedelta:
    """Doubling from ``DHR_MAIL_RETRY_SECONDS`` after each failed attempt, at most an hour."""
    first = getattr(settings, "DHR_MAIL_RETRY_SECONDS", 60)
    doublings = min(max(attempts - 1, 0), 30)  # no overflow after many attempts
    return min(timedelta(seconds=first * 2**doublings), MAX_RETRY_DELAY)


@dataclass(frozen=True)
class Attempt:
    sent: bool
    permanent: bool = False
    retry_in: timedelta | None = None


def claim(email_id: int) -> OutboundEmail | None:
    """Marks the row as being sent by this worker and returns it, or None when there is nothing
    to do: already sent, refused for good, or being sent by another worker within its lease."""
    with transaction.atomic():
        row = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if row is None or row.status in (Status.SENT, Status.FAILED):
            return None
        now = timezone.now()
        if row.status == Status.SENDING and row.sending_since > now - lease():
            return None
        row.status = Status.SENDING
        row.sending_since = now
        row.last_attempt_at = now
        row.attempts += 1
        OutboundEmail.objects.filter(pk=row.pk).update(
            status=row.status,
            sending_since=now,
            last_attempt_at=now,
            attempts=row.attempts,
        )
    return row


def deliver(email_id: int) -> Attempt | None:
    """One attempt to send the row through ``DHR_EMAIL_TRANSPORT``; None if it was not ours."""
    row = claim(email_id)
    if row is None:
        return None
    try:
        connection = get_connection(settings.DHR_EMAIL_TRANSPORT, fail_silently=False)
        with connection:
            as_message(row, connection).send()
    except Exception as error:
        permanent = is_permanent(error)
        delay = retry_delay(row.attempts)
        OutboundEmail.objects.filter(pk=row.pk, status=Status.SENDING).update(
            status=Status.FAILED if permanent else Status.PENDING,
            sending_since=None,
            last_error=describe(error),
            next_attempt_at=timezone.now() + delay,
        )
        # The error's class only: its text can name recipients, which stay out of the logs.
        logger.warning(
            "E-mail %s not sent (attempt %s, %s): %s",
            row.pk,
            row.attempts,
            "refused for good" if permanent else f"retry in {delay.total_seconds():.0f}s",
            type(error).__name__,
        )
        return Attempt(sent=False, permanent=permanent, retry_in=None if permanent else delay)
    now = timezone.now()
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=Status.SENT, sent_at=now, sending_since=None
    )
    return Attempt(sent=True)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer: the server will never take this message. Anything else (the server down,
    a timeout, a 4xx "try again later") is worth another try."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def describe(error: Exception) -> str:
    text = str(error) or "no details"
    return f"{type(error).__name__}: {text}"[:1000]


def requeue_unsent(now=None) -> int:
    """Queues every row that is due: pending and past its next attempt, or claimed by a worker
    whose lease has run out (it died mid-send). Returns how many were queued."""
    now = now or timezone.now()
    due = (
        OutboundEmail.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        | OutboundEmail.objects.filter(status=Status.SENDING, sending_since__lte=now - lease())
    ).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:SWEEP_BATCH])
    for email_id in ids:
        queue(email_id)
    return len(ids)


# --- The administrators' page ---------------------------------------------------------------


def failed_for_a_day(now=None):
    """Messages still not sent a day or more after they were written, oldest first."""
    now = now or timezone.now()
    return OutboundEmail.objects.filter(status__in=UNSENT, created_at__lte=now - FAILED_AFTER)


def resend(email: OutboundEmail, *, by) -> OutboundEmail:
    """Puts an unsent message back in the queue now, recording the administrator in its
    history. Refused for a message already sent or being sent at this moment."""
    with transaction.atomic():
        row = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        if row.status == Status.SENT:
            raise ResendRefused("This e-mail has been sent since you opened the page.")
        if row.status == Status.SENDING and row.sending_since > timezone.now() - lease():
            raise ResendRefused("This e-mail is being sent at this moment.")
        row.status = Status.PENDING
        row.next_attempt_at = timezone.now()
        row.sending_since = None
        row._history_user = by
        row._change_reason = "Resent by an administrator"
        row.save(update_fields=["status", "next_attempt_at", "sending_since"])
        transaction.on_commit(partial(queue, row.pk), robust=True)
    return row
