"""The outbox with a real worker and a real SMTP server: a server that refuses the first
attempts still gets every message, once; a worker killed mid-send loses nothing."""

import time

import pytest
from django.core.mail import send_mail
from django.db import transaction

from dhr.mail.tasks import requeue_unsent_emails
from dhr.models import OutboundEmail
from tests.celery_worker import running_worker, wait_until, worker_process
from tests.dhr.mail.smtp_server import ScriptedHandler, smtp_server

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def smtp_environment(port: int, **extra) -> dict:
    """The worker sends through the test's SMTP server, retrying after one second."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "10",
        "DHR_MAIL_RETRY_SECONDS": "1",
        **extra,
    }


@pytest.fixture
def to_worker(settings):
    """The test's own e-mails go to the worker's queue, as in production (no sending here)."""
    settings.DHR_MAIL_SEND_IN_PROCESS = False

    def aim(queue: str) -> None:
        settings.DHR_MAIL_QUEUE = queue

    return aim


def test_a_server_refusing_the_first_attempts_gets_every_message_once(to_worker):
    handler = ScriptedHandler(refuse=3)
    with smtp_server(handler) as port, running_worker(env=smtp_environment(port)) as queue:
        to_worker(queue)
        with transaction.atomic():
            for number in range(3):
                send_mail(f"Reminder {number}", "Body", None, [f"person{number}@example.org"])
        assert wait_until(lambda: len(handler.accepted) == 3, timeout=60)
        time.sleep(2)  # time for any repeat to arrive

    emails = list(OutboundEmail.objects.order_by("pk"))
    assert sorted(handler.accepted) == sorted(email.message_id for email in emails)
    assert handler.refused == 3
    assert all(email.status == OutboundEmail.Status.SENT for email in emails)
    assert sum(email.attempts for email in emails) == 6  # three refused, three accepted
    assert all(email.sent_at for email in emails)


def test_a_worker_killed_mid_send_leaves_the_message_to_be_sent_after_restart(to_worker):
    handler = ScriptedHandler(hold_first=True)
    with smtp_server(handler) as port:
        environment = smtp_environment(port, DHR_MAIL_SENDING_LEASE_SECONDS="1")
        with worker_process(env=environment) as worker:
            to_worker(worker.queue)
            send_mail("Reminder", "Body", None, ["person@example.org"])
            assert handler.held.wait(60), "the worker never reached the SMTP server"
            worker.kill()  # mid-send: the server has the message but has not accepted it
        email = OutboundEmail.objects.get()
        assert email.status == OutboundEmail.Status.SENDING
        handler.release()  # the server gives up on the dead connection

        time.sleep(1.2)  # the dead worker's lease runs out
        with running_worker(env=environment) as queue:
            requeue_unsent_emails.apply_async(queue=queue)  # what beat does every five minutes
            assert wait_until(lambda: len(handler.accepted) == 1, timeout=60)
            time.sleep(1)

    email.refresh_from_db()
    assert handler.accepted == [email.message_id]
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
