"""Sending the outbox: one task per message, and a sweep that re-queues what is due."""

from dhr.celery import app
from dhr.mail import services


@app.task(bind=True, max_retries=None, acks_late=True)
def send_email(self, email_id: int) -> str:
    """Sends one outbox row; on a temporary failure tries again later, doubling the wait.
    Safe to run twice (or on two workers at once): the row's claim lets only one send it."""
    attempt = services.deliver(email_id)
    if attempt is None:
        return "nothing to do"
    if attempt.sent:
        return "sent"
    if attempt.permanent:
        return "refused"
    raise self.retry(countdown=attempt.retry_in.total_seconds())


@app.task
def requeue_unsent_emails() -> int:
    """Beat: queues again each message that is due and not sent (a lost task, a dead worker)."""
    return services.requeue_unsent()
