"""Family engagement: recording the victim's family and friends, their advocate, their
preferences and every contact with them.

Restricted (DESIGN.md 5): only the review manager and the chair may read or change any of it
(``cases.reviews.access.can_see_restricted``); everyone else gets a 403 from the pages, and the
history hides every field (``RESTRICTED_FIELDS``). Views log each look at it
(``dhr.files.access_log``).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.lifecycle.workflow import TransitionRefused
from cases.models import FamilyContact, FamilyMember, Review
from cases.reviews import access

# What may be recorded about a family member: every field is family data (restricted).
MEMBER_FIELDS = frozenset(FamilyMember.RESTRICTED_FIELDS)


def may_engage(user, review: Review) -> bool:
    """The review manager and the chair: the only readers of family records."""
    return access.can_see_restricted(user, review)


def _check(by, review: Review) -> None:
    if not may_engage(by, review):
        raise TransitionRefused("Only the review manager or the chair can record family contact.")
    if review.is_closed:
        raise TransitionRefused("The review is closed: its records can no longer change.")


def _clean_member_fields(fields: dict) -> dict:
    unknown = set(fields) - MEMBER_FIELDS
    if unknown:
        raise TypeError(f"Not a field of a family member: {', '.join(sorted(unknown))}")
    cleaned = {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }
    if not cleaned.get("name", "x"):
        raise TransitionRefused("Enter the family member's name.")
    return cleaned


@transaction.atomic
def add_member(review: Review, *, by, **fields) -> FamilyMember:
    _check(by, review)
    member = FamilyMember(review=review, **_clean_member_fields(fields))
    member._history_user = by
    member._change_reason = "Family member added"
    member.save()
    return member


@transaction.atomic
def update_member(member: FamilyMember, *, by, **fields) -> FamilyMember:
    _check(by, member.review)
    locked = FamilyMember.objects.select_for_update().get(pk=member.pk)
    for name, value in _clean_member_fields(fields).items():
        setattr(locked, name, value)
    locked._history_user = by
    locked._change_reason = "Family member's details changed"
    locked.save()
    return locked


@transaction.atomic
def remove_member(member: FamilyMember, *, by) -> None:
    """Removes a family member recorded by mistake, with their contact log (the history keeps
    both, hidden from readers without restricted access)."""
    _check(by, member.review)
    member._history_user = by
    member._change_reason = "Family member removed"
    member.delete()


@transaction.atomic
def log_contact(
    member: FamilyMember, *, by, contacted_on: date, method: str, summary: str, made_by: str
) -> FamilyContact:
    _check(by, member.review)
    if contacted_on > timezone.localdate():
        raise TransitionRefused("A contact cannot be recorded before it happened.")
    if not summary.strip():
        raise TransitionRefused("Summarise the contact.")
    contact = FamilyContact(
        review=member.review,
        member=member,
        contacted_on=contacted_on,
        method=method,
        summary=summary.strip(),
        made_by=made_by.strip() or str(by),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    contact._history_user = by
    contact.save()
    return contact
