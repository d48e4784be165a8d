"""Scheduled work on deadlines: the daily reminder pass and the weekly digest (Celery beat).

Tasks take a date (ISO string) and are idempotent: a retry, a restart or a second worker running
the same day's pass sends nothing twice (``cases.deadlines.reminders``). Without a date they work on
today's London date, and a retry keeps the date of the first attempt.
"""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError

from cases.deadlines import reminders

RETRY_DELAYS = (60, 300, 900, 3600)  # seconds: the database may be restarting


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else reminders.london_today()


def _retry(task, error, day: date):
    retries = task.request.retries
    delay = RETRY_DELAYS[min(retries, len(RETRY_DELAYS) - 1)]
    return task.retry(exc=error, kwargs={"on": day.isoformat()}, countdown=delay)


@shared_task(bind=True, max_retries=len(RETRY_DELAYS))
def send_deadline_reminders(self, on: str | None = None) -> int:
    """Reminders before, on and after due dates for ``on`` (default today); returns how many."""
    day = _day(on)
    try:
        return reminders.send_reminders(day)
    except (OperationalError, InterfaceError) as error:
        raise _retry(self, error, day) from error


@shared_task(bind=True, max_retries=len(RETRY_DELAYS))
def send_weekly_digests(self, on: str | None = None) -> int:
    """Each person's deadlines for the coming days, once per week; returns how many sent."""
    day = _day(on)
    try:
        return reminders.send_weekly_digests(day)
    except (OperationalError, InterfaceError) as error:
        raise _retry(self, error, day) from error
