"""The Celery application. Workers and beat start with ``celery -A dhr worker`` / ``beat``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhr.settings")

app = Celery("dhr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
