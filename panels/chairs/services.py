"""Maintaining the chair pool: chairs' profiles and their declared conflicts of interest.

Each function is one atomic change made by an administrator. Views call these, never the models
directly, so the checks and the history row always go together. Appointing a chair and forming
a panel are review actions: they live in ``panels.chairs.workflow``.
"""

from datetime import date

from django.db import transaction

from cases.models import Stage
from dhr.accounts.roles import Role, has_role
from dhr.locking import check_unchanged
from dhr.models import User
from panels.models import ChairConflict, ChairProfile


class PoolChangeRefused(Exception):
    """A change to the chair pool that may not be made; ``str(exc)`` says why, for the user."""


def _check_administrator(by) -> None:
    if not has_role(by, Role.ADMINISTRATOR):
        raise PoolChangeRefused("Only administrators maintain the chair pool.")


@transaction.atomic
def save_chair_profile(
    user, *, by, is_available: bool, background: str, last_seen: str | None = None
) -> ChairProfile:
    """Creates the pool profile of a chair-role ``user``, or updates it; returns the profile.

    ``last_seen``: the version the form was opened on (``dhr.locking.NOT_CREATED`` when there
    was no profile yet); if the profile was created or changed since, raises
    ``dhr.locking.EditConflict`` and saves nothing (None: not checked)."""
    _check_administrator(by)
    if user.role != Role.CHAIR:
        raise PoolChangeRefused(f"{user} does not have the independent chair role.")
    # Lock the chair's user row too: while there is no profile there is no row to lock, and two
    # first saves must still queue (the second is then told the profile now exists).
    User.objects.select_for_update().get(pk=user.pk)
    profile = ChairProfile.objects.select_for_update().filter(user=user).first()
    check_unchanged(profile, last_seen)
    if profile is None:
        profile = ChairProfile(user=user)
    profile.is_available = is_available
    profile.background = background
    profile.save()
    return profile


@transaction.atomic
def declare_conflict(
    profile: ChairProfile, *, by, agency, details: str, declared_on: date
) -> ChairConflict:
    """Records the chair's declared conflict of interest with ``agency`` (one per agency)."""
    _check_administrator(by)
    # Declarations for one chair are made one at a time, so the check below cannot race.
    ChairProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.conflicts.filter(agency=agency).exists():
        raise PoolChangeRefused(
            f"{profile} has already declared a conflict with {agency}: "
            "remove it first to change it."
        )
    return ChairConflict.objects.create(
        chair=profile, agency=agency, details=details, declared_on=declared_on
    )


@transaction.atomic
def remove_conflict(conflict: ChairConflict, *, by) -> None:
    """Deletes a declared conflict (its history row keeps what it said)."""
    _check_administrator(by)
    conflict.delete()


def open_reviews_chaired(user):
    """The reviews ``user`` chairs that are not closed (for counts only on the pool pages)."""
    return user.chaired_reviews.exclude(stage=Stage.CLOSED)


def chaired_reviews_with_agency_on_panel(profile: ChairProfile, agency) -> int:
    """How many open reviews the chair chairs with ``agency`` on the panel: a newly declared
    conflict there needs the review managers' attention, so the pool page says how many."""
    return open_reviews_chaired(profile.user).filter(panel_members__agency=agency).count()
