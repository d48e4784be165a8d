"""Two-factor authentication: set up an authenticator app once, enter its code at each sign-in."""

import re
from base64 import b32encode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as project_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhr.accounts.roles import Role
from tests.dhr.accounts import production_settings
from tests.dhr.factories import PASSWORD

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def two_factor(settings):
    settings.REQUIRE_TWO_FACTOR = True


def code_for(device) -> str:
    """The code the user's app shows now."""
    return f"{totp(device.bin_key):06d}"


def a_wrong_code(device) -> str:
    return "000000" if code_for(device) != "000000" else "111111"


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return response


def setup_url(next_path="/"):
    return f"{reverse('two_factor_setup')}?next={next_path.replace('/', '%2F')}"


def verify_url(next_path="/"):
    return f"{reverse('two_factor_verify')}?next={next_path.replace('/', '%2F')}"


# --- The setting ---------------------------------------------------------------------------


def test_the_test_run_keeps_two_factor_off():
    assert project_settings.REQUIRE_TWO_FACTOR is False


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DEBUG": "false"}, "True"),
        ({"DEBUG": "true"}, "False"),
        ({"DEBUG": "false", "REQUIRE_TWO_FACTOR": "false"}, "False"),
        ({"DEBUG": "true", "REQUIRE_TWO_FACTOR": "true"}, "True"),
    ],
)
def test_two_factor_is_on_unless_debug_or_switched_off(tmp_path, environment, expected):
    values = production_settings(["REQUIRE_TWO_FACTOR"], environment, tmp_path)
    assert values == {"REQUIRE_TWO_FACTOR": expected}


def test_the_middleware_comes_after_django_otps():
    middleware = project_settings.MIDDLEWARE
    assert middleware.index("dhr.accounts.two_factor.TwoFactorMiddleware") > middleware.index(
        "django_otp.middleware.OTPMiddleware"
    )


def test_with_the_setting_off_a_password_is_enough(client, chair):
    sign_in(client, chair)
    assert client.get(reverse("home")).status_code == 200


# --- Setting up an authenticator app -------------------------------------------------------


def test_first_sign_in_leads_to_the_setup_page(client, chair, two_factor):
    response = sign_in(client, chair)
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == setup_url("/")


def test_the_setup_page_shows_the_secret_and_an_inline_qr_code(client, chair, two_factor):
    client.force_login(chair)
    response = client.get(setup_url())
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=chair)
    assert not device.confirmed
    shown = re.search(r'id="two-factor-secret"><strong><code>([A-Z2-7 ]+)</code>', response.text)
    assert shown, "the secret is shown as text"
    assert shown.group(1).replace(" ", "") == b32encode(device.bin_key).decode()
    svg = re.search(r"<svg [^>]*>", response.text).group(0)
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert 'role="img"' in svg
    assert 'aria-label="QR code for your authenticator app"' in svg
    assert "<path " in response.text
    assert "<img" not in response.text  # drawn inline, nothing fetched
    assert "otpauth://" not in response.text  # only inside the QR code
    # Reloading the page keeps the same secret, so a code from the app still works.
    client.get(setup_url())
    assert TOTPDevice.objects.filter(user=chair).count() == 1


def test_entering_the_code_confirms_the_app_and_opens_the_page_asked_for(client, chair, two_factor):
    client.force_login(chair)
    client.get(setup_url("/users/"))
    device = TOTPDevice.objects.get(user=chair)
    response = client.post(setup_url("/privacy/"), {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    device.refresh_from_db()
    assert device.confirmed
    home = client.get(reverse("home"), follow=True)
    assert home.status_code == 200
    assert "Two-factor authentication is set up." in home.text


def test_a_code_with_a_space_in_it_is_accepted(client, chair, two_factor):
    client.force_login(chair)
    client.get(setup_url())
    code = code_for(TOTPDevice.objects.get(user=chair))
    response = client.post(setup_url(), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12ab56", "Enter the code as 6 digits, for example 123456"),
        ("12345", "Enter the code as 6 digits, for example 123456"),
    ],
)
def test_setup_explains_a_missing_or_malformed_code(client, chair, two_factor, typed, error):
    client.force_login(chair)
    client.get(setup_url())
    response = client.post(setup_url(), {"code": typed})
    assert response.status_code == 200
    assert "<title>Error: Set up two-factor authentication" in response.text
    assert 'class="govuk-error-summary"' in response.text
    assert error in response.text
    if typed:
        assert f'value="{typed}"' in response.text
    assert not TOTPDevice.objects.get(user=chair).confirmed


def test_setup_refuses_a_wrong_code_and_keeps_the_input(client, chair, two_factor):
    client.force_login(chair)
    client.get(setup_url())
    wrong = a_wrong_code(TOTPDevice.objects.get(user=chair))
    response = client.post(setup_url(), {"code": wrong})
    assert response.status_code == 200
    assert "The code is not right." in response.text
    assert f'value="{wrong}"' in response.text
    assert not TOTPDevice.objects.get(user=chair).confirmed
    assert client.get(reverse("home")).status_code == 302


def test_a_user_with_an_app_cannot_add_another_one(client, chair, two_factor):
    """Otherwise a stolen password would be enough to take the account over."""
    device = authenticator(chair)
    client.force_login(chair)
    response = client.get(setup_url())
    assert response.status_code == 302
    assert response["Location"] == verify_url("/")
    assert list(TOTPDevice.objects.filter(user=chair)) == [device]


# --- Entering the code at each sign-in -----------------------------------------------------


def test_a_user_with_an_app_enters_its_code_before_any_page(client, chair, two_factor):
    device = authenticator(chair)
    sign_in(client, chair)
    response = client.get("/reviews/")
    assert response.status_code == 302
    assert response["Location"] == verify_url("/reviews/")
    page = client.get(response["Location"])
    assert "Enter the code from your authenticator app" in page.text
    response = client.post(verify_url("/reviews/"), {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/reviews/"
    assert client.get(reverse("home")).status_code == 200


def test_verification_lasts_for_the_session_only(client, chair, two_factor):
    device = authenticator(chair)
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, chair)
        client.post(verify_url(), {"code": code_for(device)})
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))
        clock.shift(timedelta(seconds=30))  # the next code
        sign_in(client, chair)
        assert client.get(reverse("home"))["Location"] == verify_url("/")


def test_verify_refuses_a_wrong_code(client, chair, two_factor):
    device = authenticator(chair)
    client.force_login(chair)
    wrong = a_wrong_code(device)
    response = client.post(verify_url(), {"code": wrong})
    assert response.status_code == 200
    assert "The code is not right." in response.text
    assert f'value="{wrong}"' in response.text
    assert client.get(reverse("home")).status_code == 302


def test_a_code_cannot_be_used_twice(client, chair, two_factor):
    device = authenticator(chair)
    with time_machine.travel(START, tick=False):
        code = code_for(device)
        sign_in(client, chair)
        assert client.post(verify_url(), {"code": code}).status_code == 302
        client.post(reverse("logout"))
        sign_in(client, chair)
        response = client.post(verify_url(), {"code": code})
        assert response.status_code == 200
        assert "The code is not right." in response.text


def test_wrong_codes_are_throttled(client, chair, two_factor):
    """django-otp makes the device wait 1, 2, 4... seconds after each wrong code in a row."""
    device = authenticator(chair)
    client.force_login(chair)
    with time_machine.travel(START, tick=False) as clock:
        wrong = a_wrong_code(device)
        client.post(verify_url(), {"code": wrong})
        # Even the right code is refused straight after a wrong one.
        response = client.post(verify_url(), {"code": code_for(device)})
        assert "You have entered too many wrong codes. Wait 1 second, then try again" in (
            response.text
        )
        assert client.get(reverse("home")).status_code == 302
        clock.shift(timedelta(seconds=1))
        client.post(verify_url(), {"code": wrong})
        response = client.post(verify_url(), {"code": code_for(device)})
        assert "Wait 2 seconds, then try again" in response.text
        device.refresh_from_db()
        assert device.throttling_failure_count == 2
        clock.shift(timedelta(seconds=2))
        response = client.post(verify_url(), {"code": code_for(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.throttling_failure_count == 0


def test_setup_codes_are_throttled_too(client, chair, two_factor):
    client.force_login(chair)
    with time_machine.travel(START, tick=False):
        client.get(setup_url())
        device = TOTPDevice.objects.get(user=chair)
        client.post(setup_url(), {"code": a_wrong_code(device)})
        response = client.post(setup_url(), {"code": code_for(device)})
        assert "Wait 1 second, then try again" in response.text
        assert not TOTPDevice.objects.get(user=chair).confirmed


def test_next_never_leads_off_the_site(client, chair, two_factor):
    device = authenticator(chair)
    client.force_login(chair)
    url = f"{reverse('two_factor_verify')}?next=https://evil.example/"
    response = client.post(url, {"code": code_for(device)})
    assert response["Location"] == reverse("home")


def test_a_verified_user_opening_the_two_factor_pages_goes_on(client, chair, two_factor):
    device = authenticator(chair)
    client.force_login(chair)
    client.post(verify_url(), {"code": code_for(device)})
    assert client.get(verify_url("/reviews/"))["Location"] == "/reviews/"
    assert client.get(setup_url("/reviews/"))["Location"] == "/reviews/"


def test_verify_sends_a_user_without_an_app_to_setup(client, chair, two_factor):
    client.force_login(chair)
    assert client.get(verify_url("/reviews/"))["Location"] == setup_url("/reviews/")


# --- What stays open before the code -------------------------------------------------------


@pytest.mark.parametrize("name", ["accessibility", "privacy", "healthz"])
def test_statements_and_health_check_stay_open(client, chair, two_factor, name):
    client.force_login(chair)
    assert client.get(reverse(name)).status_code == 200


def test_sign_out_stays_open(client, chair, two_factor):
    client.force_login(chair)
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert "You have been signed out" in response.text
    assert client.get(reverse("home"))["Location"].startswith("/accounts/login/")


def test_static_files_stay_open(client, chair, two_factor, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve static/dist as the quick start does
    client.force_login(chair)
    response = client.get(f"{settings.STATIC_URL}dhr.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/", "/reviews/", "/users/", "/accounts/password-change/"])
def test_every_other_page_waits_for_the_code(client, administrator, two_factor, path):
    client.force_login(administrator)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_the_admin_site_waits_for_the_code(client, two_factor, django_user_model):
    superuser = django_user_model.objects.create_superuser(
        email="super@example.org", full_name="Sue Super", password=PASSWORD
    )
    client.force_login(superuser)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_setup"))


def test_anonymous_visitors_are_sent_to_sign_in_not_to_two_factor(client, db, two_factor):
    for url in (reverse("home"), reverse("two_factor_setup"), reverse("two_factor_verify")):
        assert client.get(url)["Location"].startswith("/accounts/login/?next=")


# --- An administrator resets a user's second factor ----------------------------------------


def reset_url(user):
    return reverse("users:reset_two_factor", args=[user.pk])


def test_administrator_resets_a_users_app_after_confirming(admin_client, chair):
    authenticator(chair)
    page = admin_client.get(reset_url(chair))
    assert page.status_code == 200
    assert "Reset two-factor authentication for Chris Chair?" in page.text
    assert "Yes, reset two-factor authentication" in page.text
    assert TOTPDevice.objects.filter(user=chair).exists()  # nothing happens on GET
    response = admin_client.post(reset_url(chair), follow=True)
    assert response.redirect_chain[-1][0] == reverse("users:detail", args=[chair.pk])
    assert "Two-factor authentication has been reset." in response.text
    assert not TOTPDevice.objects.filter(user=chair).exists()


def test_resetting_a_user_without_an_app_says_so(admin_client, chair):
    response = admin_client.post(reset_url(chair), follow=True)
    assert "Chris Chair had not set up two-factor authentication yet." in response.text


def test_after_a_reset_the_user_sets_up_an_app_again(client, chair, two_factor):
    device = authenticator(chair)
    client.force_login(chair)
    client.post(verify_url(), {"code": code_for(device)})
    assert client.get(reverse("home")).status_code == 200
    TOTPDevice.objects.filter(user=chair).delete()  # what the reset does
    assert client.get(reverse("home"))["Location"] == setup_url("/")


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_administrators_may_reset(client, users_by_role, method):
    chair = users_by_role[Role.CHAIR]
    device = authenticator(chair)
    for role, user in users_by_role.items():
        if role == Role.ADMINISTRATOR:
            continue
        client.force_login(user)
        assert getattr(client, method)(reset_url(chair)).status_code == 403, role
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_resetting_an_unknown_user_is_not_found(admin_client, db):
    assert admin_client.post(reverse("users:reset_two_factor", args=[999999])).status_code == 404


def test_anonymous_visitors_cannot_reset(client, chair):
    authenticator(chair)
    response = client.post(reset_url(chair))
    assert response["Location"].startswith("/accounts/login/?next=")
    assert TOTPDevice.objects.filter(user=chair).exists()
