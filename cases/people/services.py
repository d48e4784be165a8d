"""The review's records that are not stage changes: its people, its documents, and the stage
actions that carry a document (a version of the terms of reference, a QA feedback letter).

Same rules as ``cases.lifecycle.workflow``: one atomic function per change, taking the acting user,
checking the permission through ``cases.reviews.access`` and refusing with ``TransitionRefused`` and
a reason the user can read. Views call these and never change model fields themselves.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from cases.lifecycle.workflow import TransitionRefused
from cases.models import (
    HOME_OFFICE_SUBJECT_FIELDS,
    RESTRICTED_SUBJECT_FIELDS,
    Review,
    Subject,
)
from cases.reviews import access
from dhr.locking import check_unchanged

# --- People ------------------------------------------------------------------------------------

# What may be recorded about a person; anything else passed in is a programming error.
SUBJECT_FIELDS = frozenset(
    {
        "role",
        "pseudonym",
        *RESTRICTED_SUBJECT_FIELDS,
        *HOME_OFFICE_SUBJECT_FIELDS,
        "home_office_to_check",
    }
)


@dataclass(frozen=True)
class SubjectRow:
    """One line of the people table. The identity fields are None for a reader who may not see
    them, so a template cannot show them by mistake."""

    pk: int
    role: str
    pseudonym: str
    age_band: str
    sex: str
    restricted: bool
    real_name: str | None = None
    date_of_birth: date | None = None
    address: str | None = None


def subject_rows(review: Review, user) -> list[SubjectRow]:
    """The review's people as ``user`` may see them (identity only for manager and chair)."""
    restricted = access.can_see_restricted(user, review)
    subjects = review.subjects.all()
    if not restricted:
        subjects = subjects.defer(*RESTRICTED_SUBJECT_FIELDS)
    rows = []
    for subject in subjects:
        identity = {}
        if restricted:
            identity = {name: getattr(subject, name) for name in RESTRICTED_SUBJECT_FIELDS}
        rows.append(
            SubjectRow(
                pk=subject.pk,
                role=subject.get_role_display(),
                pseudonym=subject.pseudonym,
                age_band=subject.get_age_band_display(),
                sex=subject.get_sex_display(),
                restricted=restricted,
                **identity,
            )
        )
    return rows


def _check_subject_change(review: Review, by, fields: dict, subject: Subject | None = None):
    """Refuses a change to the review's people that ``by`` may not make or that would clash;
    trims the pseudonym in ``fields`` (the one compared is the one saved)."""
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can record the people in a review.")
    if review.is_closed:
        raise TransitionRefused("The review is closed: its records can no longer change.")
    unknown = set(fields) - SUBJECT_FIELDS
    if unknown:
        raise TypeError(f"Not a field of a person: {', '.join(sorted(unknown))}")
    if "pseudonym" in fields:
        fields["pseudonym"] = fields["pseudonym"].strip()
    pseudonym = fields.get("pseudonym", subject.pseudonym if subject else "")
    if not pseudonym:
        raise TransitionRefused("Enter a pseudonym for this person.")
    clash = review.subjects.filter(pseudonym__iexact=pseudonym)
    if subject is not None:
        clash = clash.exclude(pk=subject.pk)
    if clash.exists():
        raise TransitionRefused(f"Another person in this review is already called {pseudonym}.")
    role = fields.get("role", subject.role if subject else "")
    court_outcome = fields.get("court_outcome", subject.court_outcome if subject else "")
    if court_outcome and role != Subject.Role.PERPETRATOR:
        raise TransitionRefused("A court outcome is recorded for a perpetrator only.")


@transaction.atomic
def add_subject(review: Review, *, by, **fields) -> Subject:
    """Adds a person (victim, perpetrator, other) to the review; their pseudonym is unique in it."""
    Review.objects.select_for_update().get(pk=review.pk)  # two adds of one pseudonym queue here
    _check_subject_change(review, by, fields)
    subject = Subject(review=review, **fields)
    subject._history_user = by
    subject._change_reason = "Person added"
    subject.save()
    return subject


@transaction.atomic
def update_subject(
    subject: Subject, *, by, last_seen: str | None = None, reason: str = "", **fields
) -> Subject:
    """Changes what is recorded about a person; the history keeps the previous values.

    A change to the restricted identity (real name, date of birth, address) needs a ``reason``,
    kept in the history row. ``last_seen``: the version the form was opened on; if the person
    was changed since, raises ``dhr.locking.EditConflict`` and changes nothing (None: not
    checked)."""
    Review.objects.select_for_update().get(pk=subject.review_id)
    locked = Subject.objects.select_for_update().get(pk=subject.pk)
    _check_subject_change(subject.review, by, fields, subject=locked)
    check_unchanged(locked, last_seen)
    identity_changed = any(
        name in fields and fields[name] != getattr(locked, name)
        for name in RESTRICTED_SUBJECT_FIELDS
    )
    if identity_changed and not reason.strip():
        raise TransitionRefused("Give the reason for changing the person's identity details.")
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = by
    locked._change_reason = reason.strip() or "Person's details changed"
    locked.save()
    return locked
