"""A real worker runs the core's scheduled task (on Redis in CI, else a filesystem broker)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from dhr.celery import app
from dhr.tasks import clear_expired_sessions
from tests.celery_worker import running_worker, wait_until


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_clears_expired_sessions():
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="", expire_date=now - timedelta(1))
    Session.objects.create(session_key="current", session_data="", expire_date=now + timedelta(1))

    with running_worker() as queue:
        clear_expired_sessions.apply_async(queue=queue)
        assert wait_until(lambda: not Session.objects.filter(session_key="expired").exists())

    assert Session.objects.filter(session_key="current").exists()


def test_the_task_is_scheduled_daily():
    entry = app.conf.beat_schedule["clear-expired-sessions"]
    assert entry["task"] == clear_expired_sessions.name
