"""The dashboard's background work: keeping the snapshots of the scopes in use warm."""

from dhr.celery import app
from dhr.dashboard import snapshots


@app.task
def refresh_dashboards() -> int:
    """Every 10 minutes (the beat schedule): each scope opened in the last week worked out
    again, so the page reads a snapshot instead of aggregating the partnerships' records."""
    return snapshots.refresh()
