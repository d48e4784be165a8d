"""An administrator resets a user's second factor, e.g. when their phone is lost or replaced.

``urlpatterns`` belongs in the ``users`` namespace (dhr/user_urls.py), beside the other actions
on one user: the confirmation page is ``users:reset_two_factor``, which the user's page links to.
"""

import logging

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views import View

from dhr.accounts.two_factor import has_authenticator, reset_two_factor
from dhr.models import User
from dhr.permissions import AdministratorRequiredMixin

logger = logging.getLogger(__name__)


class ResetTwoFactorView(AdministratorRequiredMixin, View):
    """Asks for confirmation (GET), then removes the user's authenticator devices (POST).

    The user sets up an authenticator app again the next time they open a page.
    """

    template_name = "registration/two_factor_reset.html"

    def get(self, request, pk):
        subject = get_object_or_404(User, pk=pk)
        context = {"subject": subject, "has_authenticator": has_authenticator(subject)}
        return render(request, self.template_name, context)

    def post(self, request, pk):
        subject = get_object_or_404(User, pk=pk)
        removed = reset_two_factor(subject)
        # Ids only: the log must not carry personal data.
        logger.info(
            "Administrator %s reset two-factor authentication of user %s (%d devices removed)",
            request.user.pk,
            subject.pk,
            removed,
        )
        if removed:
            messages.success(
                request,
                f"Two-factor authentication has been reset. {subject.full_name} will set up "
                "an authenticator app again the next time they sign in.",
            )
        else:
            messages.info(
                request, f"{subject.full_name} had not set up two-factor authentication yet."
            )
        return redirect("users:detail", pk=subject.pk)


# Belongs in dhr/user_urls.py (app_name "users"): `urlpatterns += two_factor_admin.urlpatterns`.
urlpatterns = [
    path(
        "<int:pk>/two-factor/reset/",
        ResetTwoFactorView.as_view(),
        name="reset_two_factor",
    ),
]
