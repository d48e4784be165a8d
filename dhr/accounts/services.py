"""Managing users: invite, change, deactivate and reactivate.

Each function is one atomic change made by an administrator; views and commands call these,
never the model directly, so the history row and the e-mail always go together.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from dhr.accounts.roles import set_role
from dhr.locking import check_unchanged
from dhr.models import User


class UserChangeRefused(Exception):
    """A change an administrator may not make, with the reason to show them."""


def password_setting_link(user: User, base_url: str) -> str:
    """A one-use link to choose a password (Django's reset token; expires after three days)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def send_invitation(user: User, base_url: str) -> None:
    """E-mails ``user`` a link to choose a password. Says nothing about any review."""
    context = {
        "user": user,
        "service_name": settings.SERVICE_NAME,
        "link": password_setting_link(user, base_url),
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
    }
    send_mail(
        subject=f"You have been invited to the {settings.SERVICE_NAME}",
        message=render_to_string("dhr/users/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def invite_user(*, email, full_name, role, agency, partnerships, base_url) -> User:
    """Creates an account with no password yet and writes the invitation to the outbox, in one
    transaction (dhr.mail sends it once committed)."""
    user = User.objects.create_user(email=email, full_name=full_name, agency=agency)
    user.partnerships.set(partnerships)
    set_role(user, role)
    send_invitation(user, base_url)
    return user


@transaction.atomic
def update_user(
    user: User, *, email, full_name, role, agency, partnerships, last_seen: str | None = None
) -> User:
    """Changes a user's details, role, agency and partnerships in one history entry.

    ``last_seen``: the version the administrator's form was opened on; if the user was changed
    since, raises ``dhr.locking.EditConflict`` and changes nothing (None: not checked)."""
    # Changes to one user queue on this lock. When ``last_seen`` passes, nothing was changed
    # since the form was opened, so ``user`` holds what is stored.
    check_unchanged(User.objects.select_for_update().get(pk=user.pk), last_seen)
    user.email = email
    user.full_name = full_name
    user.agency = agency
    user.partnerships.set(partnerships)
    set_role(user, role)  # saves the user
    return user


@transaction.atomic
def set_active(user: User, *, active: bool, by: User) -> None:
    """Deactivates (the user can no longer sign in; sessions end) or reactivates an account."""
    if not active and user.pk == by.pk:
        raise UserChangeRefused("You cannot deactivate your own account.")
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
