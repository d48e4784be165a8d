"""The Celery application. Workers and beat start with ``celery -A dhr worker`` / ``beat``."""

import os
from pathlib import Path

from celery import Celery

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
