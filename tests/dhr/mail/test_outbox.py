"""The outbox in one process: rows in the caller's transaction, retries, the claim that keeps a
message from going twice, the administrators' page and the resend."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dhr.celery import app as celery_app
from dhr.mail import services
from dhr.mail.models import OutboundEmail
from dhr.mail.tasks import requeue_unsent_emails, send_email

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status
REFUSING = "tests.dhr.mail.transports.RefusingBackend"


def write(subject="A reminder", to="person@example.org", **fields) -> OutboundEmail:
    return OutboundEmail.objects.create(
        message_id=f"<{subject.replace(' ', '-')}@test>",
        from_email="no-reply@localhost",
        to=[to],
        subject=subject,
        body="Body",
        **fields,
    )


def test_a_message_is_a_row_of_the_callers_transaction_and_goes_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_mail("Subject", "Body", None, ["person@example.org"])
        email = OutboundEmail.objects.get()
        assert email.status == Status.PENDING
        assert mail.outbox == []  # nothing leaves before the change commits
    assert [m.to for m in mail.outbox] == [["person@example.org"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1)


def test_a_rolled_back_change_leaves_no_message():
    def change_that_fails():
        with transaction.atomic():
            send_mail("Subject", "Body", None, ["person@example.org"])
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_html_parts_attachments_and_headers_are_kept(django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        "Subject £", "Plain é", to=["a@example.org"], cc=["b@example.org"], headers={"X-Tag": "1"}
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("notes.txt", "Notes “quoted”", "text/plain")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message.send()
    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.cc) == ("Subject £", "Plain é", ["b@example.org"])
    assert sent.alternatives[0][0] == "<p>HTML</p>"
    assert sent.attachments[0][0] == "notes.txt"
    assert sent.extra_headers["X-Tag"] == "1"


def test_a_failed_attempt_is_recorded_and_retried_later_with_a_doubling_wait(settings):
    settings.DHR_EMAIL_TRANSPORT = REFUSING
    settings.DHR_MAIL_RETRY_SECONDS = 60
    email = write()
    first = services.deliver(email.pk)
    assert (first.sent, first.permanent, first.retry_in) == (False, False, timedelta(minutes=1))
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.PENDING, 1)
    assert email.last_error == "ConnectionRefusedError: SMTP server down"
    assert services.deliver(email.pk).retry_in == timedelta(minutes=2)
    assert services.retry_delay(20) == timedelta(hours=1)  # never more than an hour apart

    # The sweep leaves it alone until it is due, then queues it; now the server takes it.
    email.refresh_from_db()
    assert services.requeue_unsent(now=email.next_attempt_at - timedelta(seconds=1)) == 0
    settings.DHR_EMAIL_TRANSPORT = "django.core.mail.backends.locmem.EmailBackend"
    assert services.requeue_unsent(now=email.next_attempt_at) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 3, email.last_error)
    assert len(mail.outbox) == 1


def test_the_task_asks_celery_to_retry_on_a_temporary_failure(settings):
    settings.DHR_EMAIL_TRANSPORT = REFUSING
    email = write()
    with pytest.raises(Retry):  # called directly, Celery's retry raises instead of queueing
        send_email(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.PENDING, 1)


class PermanentlyRefusing:
    """A mail server answering 550 (no such mailbox): trying again will not help."""

    def __init__(self, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"person@example.org": (550, b"No such user")})


def test_a_permanent_refusal_stops_the_retries_until_an_administrator_resends(
    settings, monkeypatch
):
    monkeypatch.setattr(services, "get_connection", lambda *a, **k: PermanentlyRefusing())
    email = write()
    attempt = services.deliver(email.pk)
    assert (attempt.sent, attempt.permanent) == (False, True)
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert services.requeue_unsent(now=timezone.now() + timedelta(days=2)) == 0
    assert services.deliver(email.pk) is None


def test_a_message_claimed_by_a_live_worker_is_not_sent_by_another(settings):
    email = write(status=Status.SENDING, sending_since=timezone.now(), attempts=1)
    assert services.deliver(email.pk) is None
    assert services.requeue_unsent() == 0
    assert mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease(settings):
    settings.DHR_MAIL_SENDING_LEASE_SECONDS = 600
    claimed = timezone.now() - timedelta(seconds=601)
    email = write(status=Status.SENDING, sending_since=claimed, attempts=1)
    assert services.requeue_unsent() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)


def test_a_sent_message_is_never_sent_again():
    email = write()
    services.deliver(email.pk)
    assert services.deliver(email.pk) is None
    send_email.apply((email.pk,))
    assert len(mail.outbox) == 1


def test_the_sweep_runs_every_five_minutes():
    entry = celery_app.conf.beat_schedule["requeue-unsent-emails"]
    assert entry["task"] == requeue_unsent_emails.name
    assert entry["schedule"] == timedelta(minutes=5)


def test_a_password_reset_goes_through_the_outbox(client, chair):
    client.post(reverse("password_reset"), {"email": chair.email})
    email = OutboundEmail.objects.get()
    assert (email.to, email.status) == ([chair.email], Status.SENT)
    assert len(mail.outbox) == 1


# --- The administrators' page ---------------------------------------------------------------


def old(days=2, **fields) -> OutboundEmail:
    return write(created_at=timezone.now() - timedelta(days=days), **fields)


def test_the_page_lists_messages_not_sent_for_a_day(client, administrator):
    old(subject="Stuck", attempts=9, last_error="SMTPDataError: (421, b'Try later')")
    old(subject="Refused", status=Status.FAILED, attempts=1)
    old(subject="Delivered", status=Status.SENT, sent_at=timezone.now())
    write(subject="Recent", attempts=2)  # still young: the retries may yet succeed
    client.force_login(administrator)
    page = client.get(reverse("mail:failed")).content.decode()
    for shown in ("Stuck", "Refused", "Try later"):
        assert shown in page
    for hidden in ("Delivered", "Recent"):
        assert hidden not in page
    assert "Body" not in page  # the message itself is not shown


def test_the_page_says_when_nothing_is_stuck(client, administrator):
    client.force_login(administrator)
    assert "has been sent" in client.get(reverse("mail:failed")).content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_page_costs_the_same_queries_for_one_row_or_a_page(
    client, administrator, rows, django_assert_max_num_queries
):
    for number in range(rows):
        old(subject=f"Stuck {number}")
    client.force_login(administrator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("mail:failed")).status_code == 200


def test_resend_asks_first_then_sends_and_records_who(client, administrator):
    email = old(subject="Stuck", status=Status.FAILED, attempts=3)
    client.force_login(administrator)
    url = reverse("mail:resend", args=[email.pk])
    assert "Yes, resend it" in client.get(url).content.decode()
    assert mail.outbox == []
    response = client.post(url)
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == Status.PENDING  # sent after commit (the test's never commits)
    latest = email.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        administrator,
        "Resent by an administrator",
    )
    services.requeue_unsent()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 4)


def test_resend_of_a_message_sent_meanwhile_is_a_404(client, administrator):
    email = old(status=Status.SENT, sent_at=timezone.now())
    client.force_login(administrator)
    assert client.post(reverse("mail:resend", args=[email.pk])).status_code == 404


def test_resend_of_a_message_being_sent_is_refused_with_a_reason(client, administrator):
    email = old(status=Status.SENDING, sending_since=timezone.now())
    client.force_login(administrator)
    response = client.post(reverse("mail:resend", args=[email.pk]), follow=True)
    assert "being sent at this moment" in response.content.decode()
