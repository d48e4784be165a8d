"""Two-factor authentication: a signed-in user also proves they hold their authenticator app.

With ``settings.REQUIRE_TWO_FACTOR`` on, ``TwoFactorMiddleware`` stops a signed-in user who has not
entered a one-time code this session: a user without an authenticator app is sent to set one up, a
user with one is sent to enter its code. Only the pages in ``OPEN_BEFORE_VERIFICATION`` stay
reachable until then. The pages are in ``dhr.accounts.two_factor_views``; django-otp checks the
codes (time-based one-time passwords, TOTPDevice) and records in the session that the user entered
one (``request.user.is_verified()``, from ``django_otp.middleware.OTPMiddleware``, which must come
before this middleware).

Static files never reach this middleware: WhiteNoise (or, with DEBUG, runserver) serves them first.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP_URL_NAME = "two_factor_setup"
VERIFY_URL_NAME = "two_factor_verify"

# What a signed-in user may open before entering a code (view names, with namespace if any):
# the two-factor pages themselves, signing out, the statements every page links to, and the
# health check.
OPEN_BEFORE_VERIFICATION = frozenset(
    {SETUP_URL_NAME, VERIFY_URL_NAME, "logout", "accessibility", "privacy", "healthz"}
)


def authenticator_of(user) -> TOTPDevice | None:
    """The user's authenticator app, once they have confirmed it with a code; else None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_authenticator(user) -> bool:
    """Whether the user has finished setting up an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def reset_two_factor(user) -> int:
    """Removes every second-factor device of the user, confirmed or not; returns how many.

    The user then has to set up an authenticator app again: on their next page if they are
    signed in (their session's device is gone, so it no longer counts as verified).
    """
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


def url_with_next(url_name: str, next_path: str) -> str:
    """The address of a named page that should send the user on to next_path afterwards."""
    return f"{reverse(url_name)}?{urlencode({'next': next_path})}"


class TwoFactorMiddleware:
    """Sends a signed-in user who has not entered a one-time code this session to do so first.

    Does nothing while ``settings.REQUIRE_TWO_FACTOR`` is off (read on every request, so a test
    can switch it on), for anonymous visitors (LoginRequiredMiddleware deals with them) and for
    the pages in ``OPEN_BEFORE_VERIFICATION``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_TWO_FACTOR:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_VERIFICATION:
            return None
        target = VERIFY_URL_NAME if has_authenticator(user) else SETUP_URL_NAME
        return redirect(url_with_next(target, request.get_full_path()))
