"""The pages where a signed-in user sets up an authenticator app and enters its codes.

``TwoFactorMiddleware`` (dhr.accounts.two_factor) sends users here; ``urlpatterns`` belongs under
``accounts/``. Codes are checked by django-otp, which also throttles wrong codes: after n wrong
codes in a row the device accepts nothing for 2^(n-1) seconds.
"""

import math
import re
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from dhr.accounts.two_factor import SETUP_URL_NAME, VERIFY_URL_NAME, authenticator_of, url_with_next
from dhr.forms import GovUKFormMixin

WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now"


class CodeForm(GovUKFormMixin, forms.Form):
    """The 6-digit code an authenticator app shows; spaces are allowed, as apps show '123 456'."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows now, for example 123456",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError("Enter the code as 6 digits, for example 123456")
        return code


def _next_page(request) -> str:
    """Where to go once the code is entered: the page asked for, if it is on this site."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _checked_device(request, form, device) -> TOTPDevice | None:
    """The device, if the form's code is right for it; else None with the reason on the form."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", _throttled_message(details or {}))
        return None
    # django-otp reloads the device under a row lock, so parallel tries cannot dodge throttling.
    verified = django_otp.verify_token(
        request.user, device.persistent_id, form.cleaned_data["code"]
    )
    if verified is None:
        form.add_error("code", WRONG_CODE)
    return verified


def _throttled_message(details: dict) -> str:
    locked_until = details.get("locked_until")
    if locked_until is None:
        return "You cannot enter a code now. Try again in a few minutes"
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    unit = "second" if seconds == 1 else "seconds"
    return f"You have entered too many wrong codes. Wait {seconds} {unit}, then try again"


def _mark_verified(request, device) -> None:
    """Records in the session that the user entered a code, under a new session key."""
    django_otp.login(request, device)
    # A new key, as at sign-in: a session id seen before this point is worth nothing afterwards.
    request.session.cycle_key()


def _pending_device(user) -> TOTPDevice:
    """The authenticator the user is setting up: the same secret until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def _secret_for_typing(device) -> str:
    """The device's secret as authenticator apps take it (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_code_svg(device) -> str:
    """The device's otpauth:// address as a QR code: an inline SVG drawn here, nothing fetched."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.get_image()
    svg.set("class", "dhr-qr-code")
    svg.set("role", "img")
    svg.set("aria-label", "QR code for your authenticator app")
    # Built by qrcode from the device's own address: no user input reaches the markup.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


@never_cache
def setup(request):
    """First sign-in with two-factor on: show a new secret, confirm it with a code from the app.

    A user who already has an authenticator cannot add another here: a stolen password would
    then be enough to take over the account. An administrator resets it instead.
    """
    user = request.user
    if authenticator_of(user) is not None:
        if user.is_verified():
            return redirect(_next_page(request))
        return redirect(url_with_next(VERIFY_URL_NAME, _next_page(request)))
    device = _pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = _checked_device(request, form, device)
        if verified is not None:
            verified.confirmed = True
            verified.save(update_fields=["confirmed"])
            _mark_verified(request, verified)
            messages.success(request, "Two-factor authentication is set up.")
            return redirect(_next_page(request))
    context = {
        "form": form,
        "secret": _secret_for_typing(device),
        "qr_code": _qr_code_svg(device),
    }
    return render(request, "registration/two_factor_setup.html", context)


@never_cache
def verify(request):
    """Every sign-in with two-factor on: enter the code the authenticator app shows now."""
    user = request.user
    device = authenticator_of(user)
    if device is None:
        return redirect(url_with_next(SETUP_URL_NAME, _next_page(request)))
    if user.is_verified():
        return redirect(_next_page(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = _checked_device(request, form, device)
        if verified is not None:
            _mark_verified(request, verified)
            return redirect(_next_page(request))
    return render(request, "registration/two_factor_verify.html", {"form": form})


# Belongs under "accounts/" in dhr/urls.py.
urlpatterns = [
    path("two-factor/setup/", setup, name=SETUP_URL_NAME),
    path("two-factor/verify/", verify, name=VERIFY_URL_NAME),
]
