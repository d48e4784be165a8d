"""Repeated failed sign-ins lock that e-mail address out from that IP address for a while."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from tests.dhr.accounts import production_settings
from tests.dhr.factories import PASSWORD

LIMIT = 5  # LOGIN_FAILURE_LIMIT's default, which the test run keeps
ANOTHER_IP = "192.0.2.10"  # a documentation address: only ever a value in the request
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def fail(client, email, times, **extra):
    """Signs in with a wrong password `times` times; returns the last response."""
    response = None
    for _ in range(times):
        response = sign_in(client, email, "not-the-password", **extra)
    return response


def is_signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_the_lockout_settings():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_the_environment_sets_the_limit_and_the_wait(tmp_path):
    values = production_settings(
        ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME"],
        {"LOGIN_FAILURE_LIMIT": "3", "LOGIN_LOCKOUT_MINUTES": "15"},
        tmp_path,
    )
    assert values == {"AXES_FAILURE_LIMIT": "3", "AXES_COOLOFF_TIME": "0:15:00"}


def test_failures_below_the_limit_show_the_usual_error(client, chair):
    response = fail(client, chair.email, LIMIT - 1)
    assert response.status_code == 200
    assert "Enter a correct e-mail address and password." in response.text
    assert sign_in(client, chair.email).status_code == 302
    assert is_signed_in(client)


def test_the_failure_that_reaches_the_limit_shows_the_lockout_page(client, chair):
    response = fail(client, chair.email, LIMIT)
    assert response.status_code == 429
    assert "<title>Too many failed attempts" in response.text
    assert '<h1 class="govuk-heading-l">Too many failed attempts</h1>' in response.text
    assert "Too many failed attempts. Try again in 30 minutes or" in response.text
    assert f'href="{reverse("password_reset")}">reset your password</a>' in response.text
    assert 'class="govuk-header' in response.text  # the service's own layout


def test_a_locked_out_user_cannot_sign_in_even_with_the_right_password(client, chair):
    fail(client, chair.email, LIMIT)
    response = sign_in(client, chair.email)
    assert response.status_code == 429
    assert "Try again in 30 minutes" in response.text
    assert not is_signed_in(client)


def test_the_lockout_ends_after_the_wait(client, chair):
    with time_machine.travel(START, tick=False) as clock:
        fail(client, chair.email, LIMIT)
        clock.shift(timedelta(minutes=29))
        assert sign_in(client, chair.email).status_code == 429
        # That try started the wait again.
        clock.shift(timedelta(minutes=29))
        assert sign_in(client, chair.email).status_code == 429
        clock.shift(timedelta(minutes=31))
        assert sign_in(client, chair.email).status_code == 302
        assert is_signed_in(client)


def test_a_successful_sign_in_clears_the_count(client, chair):
    fail(client, chair.email, LIMIT - 1)
    assert sign_in(client, chair.email).status_code == 302
    client.post(reverse("logout"))
    assert fail(client, chair.email, LIMIT - 1).status_code == 200
    assert sign_in(client, chair.email).status_code == 302


def test_changing_the_case_of_the_address_does_not_give_more_tries(client, chair):
    spellings = [chair.email, chair.email.upper(), chair.email.title()]
    for attempt in range(LIMIT - 1):
        sign_in(client, spellings[attempt % len(spellings)], "not-the-password")
    assert sign_in(client, chair.email.upper(), "not-the-password").status_code == 429
    assert AccessAttempt.objects.get().username == chair.email.lower()


def test_the_lock_is_for_one_address_from_one_ip_address(client, chair, agency_member):
    fail(client, chair.email, LIMIT)
    # Another user from the same place is not locked out...
    assert sign_in(client, agency_member.email).status_code == 302
    client.post(reverse("logout"))
    # ...and neither is the same user from another IP address.
    assert sign_in(client, chair.email, REMOTE_ADDR=ANOTHER_IP).status_code == 302


def test_attempts_are_counted_in_the_database(client, chair):
    fail(client, chair.email, 2)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == chair.email
    assert attempt.ip_address == "127.0.0.1"
    assert attempt.failures_since_start == 2


def test_the_admin_sign_in_is_locked_out_too(client, administrator):
    url = reverse("admin:login")
    for _ in range(LIMIT):
        response = client.post(url, {"username": administrator.email, "password": "wrong"})
    assert response.status_code == 429
    assert "Try again in 30 minutes" in response.text


@pytest.mark.parametrize("minutes", [1, 45])
def test_the_page_names_the_configured_wait(client, chair, settings, minutes):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=minutes)
    response = fail(client, chair.email, LIMIT)
    wait = "1 minute or" if minutes == 1 else f"{minutes} minutes or"
    assert f"Try again in {wait}" in response.text


def test_the_test_client_signs_in_with_a_request_and_is_counted(client, chair):
    """How tests use client.login with axes: pass a request (axes refuses to work without one)."""
    for _ in range(LIMIT):
        assert not client.login(request=HttpRequest(), username=chair.email, password="wrong")
    assert not client.login(request=HttpRequest(), username=chair.email, password=PASSWORD)
    AccessAttempt.objects.all().delete()  # what an administrator does to lift a lockout
    assert client.login(request=HttpRequest(), username=chair.email, password=PASSWORD)
    assert is_signed_in(client)


def test_force_login_is_untouched(client, chair):
    fail(client, chair.email, LIMIT)
    client.force_login(chair)
    assert is_signed_in(client)
