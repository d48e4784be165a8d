"""Every task goes through the project's Celery app and its broker, although Django's start
no longer imports Celery (``dhr/celery.py``): a task sent by Celery's default app would try
amqp://localhost instead."""

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

from celery import Task

from dhr.celery import _task_packages, app

ROOT = Path(__file__).resolve().parents[2]


def _task_modules() -> list[str]:
    modules = []
    for package in _task_packages():
        path = ROOT / package.replace(".", "/") / "tasks.py"
        if path.is_file():
            modules.append(f"{package}.tasks")
    return modules


def test_every_task_is_declared_on_the_project_app():
    modules = _task_modules()
    assert "dhr.mail.tasks" in modules
    assert "panels.chronology.tasks" in modules
    for name in modules:
        tasks = [
            value
            for value in vars(importlib.import_module(name)).values()
            if isinstance(value, Task)
        ]
        assert tasks, name
        for task in tasks:
            assert task.app is app, task.name
            assert task.name in app.tasks


def _uses_shared_task(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.alias) and node.name.split(".")[-1] == "shared_task":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "shared_task":
            return True
        if isinstance(node, ast.Name) and node.id == "shared_task":
            return True
    return False


def test_no_project_module_uses_shared_task():
    """shared_task binds to whichever app is current when the task is used."""
    checked = 0
    for path in ROOT.glob("*/**/*.py"):
        if path.relative_to(ROOT).parts[0] in {".venv", "node_modules", "tests"}:
            continue
        checked += 1
        assert not _uses_shared_task(path.read_text()), f"{path}: use dhr.celery's @app.task"
    assert checked > 100
    assert _uses_shared_task("from celery import shared_task")


SEND_FROM_A_FRESH_PROCESS = """
import sys
import django
django.setup()
celery_at_start = sorted(name for name in sys.modules if name.split(".")[0] == "celery")
from dhr.tasks import clear_expired_sessions
clear_expired_sessions.apply_async(queue="fresh-process-check", retry=False)
sent_by = clear_expired_sessions.app.main
from dhr.celery import app
with app.connection_for_read() as connection:
    message = connection.SimpleQueue("fresh-process-check").get(timeout=5)
    print(celery_at_start, sent_by, message.headers["task"], connection.transport_cls)
    message.ack()
"""

# The broker is named in the Django settings only (not in the CELERY_BROKER_URL variable, which
# Celery's default app would read too), so only an app configured from them can reach it.
BROKER_ONLY_IN_SETTINGS = """
from dhr.settings import *  # noqa
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
"""


def test_a_task_sent_from_a_fresh_process_goes_to_the_configured_broker(tmp_path):
    """A new process (a command, a web worker) starts Django without Celery, imports a task and
    sends it: it is sent by the project's app, to the broker the settings name (an in-memory
    one here, so that nothing else can have received it), not by Celery's default app, which
    would try amqp://localhost."""
    (tmp_path / "fresh_process_settings.py").write_text(BROKER_ONLY_IN_SETTINGS)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CELERY_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "fresh_process_settings"
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT)])
    completed = subprocess.run(
        [sys.executable, "-c", SEND_FROM_A_FRESH_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    celery_at_start, sent_by, task, broker = completed.stdout.strip().splitlines()[-1].split(" ")
    assert celery_at_start == "[]"  # Django's start imports no Celery (the point of it)
    assert sent_by == "dhr"
    assert task == "dhr.tasks.clear_expired_sessions"
    assert broker == "memory"


def test_celery_finds_the_project_app():
    """``celery -A dhr worker`` / ``beat`` (docker-compose, the quick start) find this app."""
    from celery.app.utils import find_app

    assert find_app("dhr") is app
    import dhr

    assert dhr.celery_app is app
