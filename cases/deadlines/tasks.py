"""Scheduled work on deadlines: the daily reminder pass and the weekly digest (Celery beat).

Tasks take a date (ISO string) and are idempotent: a retry, a restart or a second worker running
the same day's pass sends nothing twice (``cases.deadlines.reminders``). Without a date they work on
today's London date, and a retry keeps the date of the first attempt.
"""

import logging
from datetime import date

from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError

from cases.deadlines import reminders
from dhr.celery import app

logger = logging.getLogger(__name__)

RETRY_DELAYS = (60, 300, 900, 3600)  # seconds: the database may be restarting


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else reminders.london_today()


def _retry(task, error, day: date):
    retries = task.request.retries
    delay = RETRY_DELAYS[min(retries, len(RETRY_DELAYS) - 1)]
    return task.retry(exc=error, kwargs={"on": day.isoformat()}, countdown=delay)


@app.task(bind=True, max_retries=len(RETRY_DELAYS))
def send_deadline_reminders(self, on: str | None = None) -> int:
    """Reminders before, on and after due dates for ``on`` (default today); returns how many."""
    day = _day(on)
    try:
        return reminders.send_reminders(day)
    except (OperationalError, InterfaceError) as error:
        raise _retry(self, error, day) from error


@app.task(bind=True, max_retries=len(RETRY_DELAYS))
def send_weekly_digests(self, on: str | None = None) -> int:
    """Each person's deadlines for the coming days, once per week; returns how many sent."""
    day = _day(on)
    try:
        return reminders.send_weekly_digests(day)
    except (OperationalError, InterfaceError) as error:
        raise _retry(self, error, day) from error


# --- The day's pass when a worker starts --------------------------------------------------------


def run_missed_pass(today: date | None = None) -> bool:
    """Queues the reminder pass for ``today`` (London date) unless one has already run for it,
    or the setting ``DHR_REMINDERS_ON_WORKER_START`` is off. Returns whether it queued one.

    A quick start after 07:00, or a worker that was down at 07:00, would otherwise send no
    reminder until the next morning (the timescales page said "Reminder runs: Not run yet").
    The pass is exactly-once per deadline and step, so a second worker starting, or the 07:00
    beat after an early start, sends nothing twice."""
    from cases.models import ReminderRun

    if not getattr(settings, "DHR_REMINDERS_ON_WORKER_START", True):
        return False
    day = today or reminders.london_today()
    if ReminderRun.objects.filter(job=ReminderRun.Job.REMINDERS, run_for=day).exists():
        return False
    send_deadline_reminders.delay(on=day.isoformat())
    logger.info("No reminder pass had run for %s: queued one as the worker started", day)
    return True


@worker_ready.connect(dispatch_uid="cases.deadlines.run_missed_pass")
def _on_worker_ready(sender=None, **kwargs):
    try:
        run_missed_pass()
    except DatabaseError:  # the database is not up yet: the 07:00 beat runs the pass
        logger.exception("Could not check for today's reminder pass at worker start")
