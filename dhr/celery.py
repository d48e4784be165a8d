"""The Celery application. Workers and beat start with ``celery -A dhr worker`` / ``beat``.

Nothing imports this module when Django starts (importing Celery costs about a fifth of a
second, which every management command and test process would pay): every task of the project
is declared on this app (``@app.task``, never ``shared_task``), so importing a task, which
sending it needs, imports the app and its broker settings (``CELERY_*`` in ``dhr/settings.py``)
first. ``tests/dhr/test_celery_app.py`` holds both to it.
"""

import os
from datetime import timedelta
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dhr.settings")

app = Celery("dhr")
app.config_from_object("django.conf:settings", namespace="CELERY")


def _task_packages() -> list[str]:
    """Each project app and each of its feature packages: Celery imports ``<package>.tasks``
    where there is one, so a feature's tasks.py (DESIGN.md 2) is found without a list to keep."""
    from django.conf import settings

    packages = []
    for app in settings.PROJECT_APPS:
        packages.append(app)
        root = Path(settings.BASE_DIR) / app
        packages += [f"{app}.{path.parent.name}" for path in sorted(root.glob("*/tasks.py"))]
    return packages


app.autodiscover_tasks(_task_packages)


def beat_schedule(reminder_hour: int) -> dict:
    """The beat schedule: in code, so it is reviewed like any other change. Times are
    Europe/London (``CELERY_TIMEZONE``), so reminders go out at 07:00 in GMT and in BST.
    (It lived in the settings, which then imported Celery on every start.)"""
    return {
        "clear-expired-sessions": {
            "task": "dhr.tasks.clear_expired_sessions",
            "schedule": crontab(hour=3, minute=15),
        },
        "send-deadline-reminders": {
            "task": "cases.deadlines.tasks.send_deadline_reminders",
            "schedule": crontab(hour=reminder_hour, minute=0),
        },
        "clean-files": {
            "task": "dhr.files.tasks.clean_files",
            "schedule": crontab(hour=3, minute=45),
        },
        "requeue-unsent-emails": {
            "task": "dhr.mail.tasks.requeue_unsent_emails",
            "schedule": timedelta(minutes=5),
        },
        "refresh-dashboards": {
            "task": "dhr.dashboard.tasks.refresh_dashboards",
            "schedule": timedelta(minutes=10),
        },
        "send-weekly-digests": {
            "task": "cases.deadlines.tasks.send_weekly_digests",
            "schedule": crontab(hour=reminder_hour, minute=10, day_of_week="mon"),
        },
    }


@app.on_after_configure.connect
def _schedule(sender, **kwargs):
    from django.conf import settings

    sender.conf.beat_schedule = beat_schedule(settings.DHR_REMINDER_HOUR)
