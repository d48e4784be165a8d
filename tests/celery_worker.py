"""Starts a real Celery worker process for a test, on the broker the settings name.

The worker listens on a queue of its own, so parallel test processes sharing one Redis never
take each other's tasks, and it uses the calling test's database.
"""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def running_worker(concurrency: int = 1):
    """Yields the queue name of a freshly started worker; stops the worker afterwards."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dhr.settings_test",
        "DHR_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
    }
    celery = str(Path(sys.executable).parent / "celery")
    process = subprocess.Popen(
        [
            celery,
            "-A",
            "dhr",
            "worker",
            "-Q",
            queue,
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until(condition, timeout: float = 60.0, interval: float = 0.2) -> bool:
    """Polls ``condition`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
