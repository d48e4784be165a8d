"""The lockout counts the real client's IP address: behind a proxy, the one the proxy reports;
without one, the connection's, whatever a client writes in X-Forwarded-For."""

import pytest
from axes.models import AccessAttempt

from tests.dhr.accounts import production_settings
from tests.dhr.accounts.test_lockout import LIMIT, fail, sign_in

PROXY = "10.0.0.2"  # the reverse proxy: the only address the app's server sees behind it
CLIENT = "81.2.69.142"
NEIGHBOUR = "81.2.69.143"  # another user of the same proxy
FORGED = ("8.8.8.8", "1.1.1.1", "9.9.9.9", "4.4.4.4", "208.67.222.222", "8.8.4.4")

pytestmark = pytest.mark.django_db


def test_without_a_proxy_only_the_connection_counts():
    from django.conf import settings

    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)


def test_without_a_proxy_a_forged_header_gives_no_fresh_guesses(client, chair):
    for forged in FORGED[:LIMIT]:
        sign_in(
            client, chair.email, "not-the-password", REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=forged
        )
    response = sign_in(client, chair.email, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=FORGED[-1])
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT]


@pytest.fixture
def behind_one_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0


def through_proxy(client_address: str) -> dict:
    """What the app's server sees: the proxy's address, and the header it set."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def test_behind_a_proxy_the_lockout_is_for_the_real_client(behind_one_proxy, client, chair):
    response = fail(client, chair.email, LIMIT, **through_proxy(CLIENT))
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == CLIENT
    assert sign_in(client, chair.email, **through_proxy(CLIENT)).status_code == 429
    # The proxy's other users are not locked out with them.
    assert sign_in(client, chair.email, **through_proxy(NEIGHBOUR)).status_code == 302


def test_behind_a_proxy_a_forged_header_gives_no_fresh_guesses(behind_one_proxy, client, chair):
    """A client that sends its own X-Forwarded-For gets it passed on with its address appended
    ("forged, real"): a header longer than the proxies explain is not believed, and each such
    try counts against the proxy's address, so forging a new value each time gains nothing."""
    for forged in FORGED[:LIMIT]:
        sign_in(client, chair.email, "x", **through_proxy(f"{forged}, {CLIENT}"))
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == PROXY
    assert attempt.failures_since_start == LIMIT
    response = sign_in(client, chair.email, **through_proxy(f"{FORGED[-1]}, {CLIENT}"))
    assert response.status_code == 429


def test_the_environment_sets_the_proxy_configuration(tmp_path):
    values = production_settings(
        ["AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT"],
        {
            "AXES_IPWARE_META_PRECEDENCE_ORDER": "HTTP_X_FORWARDED_FOR,REMOTE_ADDR",
            "AXES_IPWARE_PROXY_COUNT": "1",
        },
        tmp_path,
    )
    assert values == {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR')",
        "AXES_IPWARE_PROXY_COUNT": "1",
    }


def test_behind_a_load_balancer_and_a_proxy_the_client_is_found(settings, client, chair):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 1  # the header holds the client and the load balancer
    fail(client, chair.email, 1, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{CLIENT}, 81.2.69.1")
    assert AccessAttempt.objects.get().ip_address == CLIENT
