"""Starts a real Celery worker process for a test, on the broker the settings name.

The worker listens on a queue of its own, so parallel test processes sharing one Redis never
take each other's tasks, and it uses the calling test's database. Tasks the worker queues itself
go to that queue too (``DHR_TEST_WORKER_QUEUE``, read by ``dhr.settings_test``).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Worker:
    """A worker process (with its pool's children, in a process group of their own)."""

    def __init__(self, queue: str, concurrency: int = 1, env: dict | None = None):
        self.queue = queue
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dhr.settings_test",
            "DHR_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
            "DHR_TEST_WORKER_QUEUE": queue,
            **(env or {}),
        }
        celery = str(Path(sys.executable).parent / "celery")
        self.process = subprocess.Popen(
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
            env=environment,
            # DHR_TEST_WORKER_LOG names a file for the worker's log, when a test needs debugging.
            stdout=open(os.environ.get("DHR_TEST_WORKER_LOG", os.devnull), "a"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        """A warm shutdown: the worker finishes what it is doing."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """The power cut: SIGKILL to the worker and every child at once, nothing finishes."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # orphaned pool children


@contextmanager
def running_worker(concurrency: int = 1, env: dict | None = None, queue: str | None = None):
    """Yields the queue name of a freshly started worker; stops the worker afterwards.

    ``env``: extra environment variables for the worker; ``queue``: listen on this queue (a
    second worker taking over from a first) instead of a new one."""
    with worker_process(concurrency, env=env, queue=queue) as worker:
        yield worker.queue


@contextmanager
def worker_process(concurrency: int = 1, env: dict | None = None, queue: str | None = None):
    """Like ``running_worker``, yielding the ``Worker`` so that the test can kill it."""
    worker = Worker(queue or f"test-{uuid.uuid4().hex[:12]}", concurrency, env)
    try:
        yield worker
    finally:
        worker.stop()
        worker.kill()  # any pool child left behind


def wait_until(condition, timeout: float = 60.0, interval: float = 0.2) -> bool:
    """Polls ``condition`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
