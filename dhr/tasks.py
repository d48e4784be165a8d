"""Background work of the core app."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from dhr.celery import app


@app.task
def clear_expired_sessions() -> int:
    """Deletes expired sessions (idle sessions expire after SESSION_IDLE_TIMEOUT); idempotent."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
