"""Helpers of the dashboard tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def dashboard_queries(client) -> int:
    """The queries of one opening of the dashboard, as ``client``'s user."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dhr:dashboard")).status_code == 200
    return len(captured)
