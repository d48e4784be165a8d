"""Background work on stored files."""

from dhr.celery import app
from dhr.files import cleanup


@app.task
def clean_files() -> int:
    """Beat, daily: expired staged imports and exports, and orphaned files (dhr.files.cleanup).
    Safe to run twice or on two workers: rows are taken under a lock, deletes are idempotent."""
    return cleanup.clean().total_removed
