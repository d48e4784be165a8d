"""A session left idle longer than SESSION_IDLE_TIMEOUT ends; one in use carries on."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def timeout(settings) -> timedelta:
    """The idle timeout the settings took from SESSION_IDLE_TIMEOUT (30 minutes by default)."""
    assert settings.SESSION_SAVE_EVERY_REQUEST, "each request must push the expiry back"
    return timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_the_default_timeout_is_thirty_minutes(timeout):
    assert timeout == timedelta(minutes=30)


def test_an_idle_session_is_sent_to_sign_in(client, chair, timeout):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(chair)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timeout + timedelta(seconds=1))
        response = client.get("/reviews/")
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next=/reviews/"


def test_a_session_in_use_stays_open(client, chair, timeout):
    """Each request moves the end back, so steady use outlasts the timeout many times over."""
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(chair)
        for _ in range(4):
            clock.shift(timeout - timedelta(minutes=1))
            assert client.get(reverse("home")).status_code == 200
        assert datetime.now(UTC) - START > 3 * timeout
