"""The beat schedule: reminders every day at 07:00 London time (GMT or BST), the digest on
Mondays; the tasks work on the London date and keep it when they are retried."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from celery.beat import ScheduleEntry
from django.conf import settings
from django.db import OperationalError

from cases.deadlines import reminders, tasks
from dhr.celery import app


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def entry(name: str, last_run_at: datetime) -> ScheduleEntry:
    config = app.conf.beat_schedule[name]
    return ScheduleEntry(
        name=name,
        task=config["task"],
        schedule=config["schedule"],
        last_run_at=last_run_at,
        app=app,
    )


def test_the_tasks_are_scheduled():
    schedule = app.conf.beat_schedule
    assert schedule["send-deadline-reminders"]["task"] == tasks.send_deadline_reminders.name
    assert schedule["send-weekly-digests"]["task"] == tasks.send_weekly_digests.name
    assert settings.CELERY_TIMEZONE == "Europe/London"


@pytest.mark.parametrize(
    ("now", "due"),
    [
        # Summer (BST, UTC+1): 07:00 in London is 06:00 UTC.
        (utc(2026, 7, 1, 5, 59), False),
        (utc(2026, 7, 1, 6, 0, 30), True),
        # Winter (GMT): 07:00 in London is 07:00 UTC.
        (utc(2026, 12, 1, 6, 30), False),
        (utc(2026, 12, 1, 7, 0, 30), True),
    ],
)
def test_reminders_run_at_seven_in_london_summer_and_winter(now, due):
    after_yesterdays_run = now - timedelta(hours=23, minutes=30)
    with time_machine.travel(now, tick=False):
        is_due, _ = entry("send-deadline-reminders", after_yesterdays_run).is_due()
    assert is_due is due


def test_the_day_the_clocks_go_forward_still_has_its_run():
    # Sunday 29 March 2026: 07:00 BST is 06:00 UTC.
    last = utc(2026, 3, 28, 7, 0, 30)  # Saturday 07:00 GMT
    with time_machine.travel(utc(2026, 3, 29, 5, 59), tick=False):
        assert entry("send-deadline-reminders", last).is_due()[0] is False
    with time_machine.travel(utc(2026, 3, 29, 6, 0, 30), tick=False):
        assert entry("send-deadline-reminders", last).is_due()[0] is True


def test_the_digest_runs_on_mondays_only():
    last = utc(2026, 6, 1, 6, 10, 30)  # Monday 1 June, 07:10 BST
    with time_machine.travel(utc(2026, 6, 5, 6, 11), tick=False):  # Friday
        assert entry("send-weekly-digests", last).is_due()[0] is False
    with time_machine.travel(utc(2026, 6, 8, 6, 10, 30), tick=False):  # next Monday
        assert entry("send-weekly-digests", last).is_due()[0] is True


def test_a_retried_pass_keeps_the_date_of_its_first_attempt(db, monkeypatch):
    days_asked = []
    with time_machine.travel(utc(2026, 6, 30, 22, 59, 50), tick=False) as traveller:

        def flaky(day):
            days_asked.append(day)
            if len(days_asked) == 1:
                traveller.move_to(utc(2026, 6, 30, 23, 0, 10))  # midnight passes in London
                raise OperationalError("the database restarted")
            return 0

        monkeypatch.setattr(reminders, "send_reminders", flaky)
        tasks.send_deadline_reminders.apply()
    assert days_asked == [date(2026, 6, 30), date(2026, 6, 30)]


def test_a_pass_for_a_given_date(db):
    assert tasks.send_deadline_reminders.apply(kwargs={"on": "2026-06-08"}).get() == 0
    assert tasks.send_weekly_digests.apply(kwargs={"on": "2026-06-08"}).get() == 0
