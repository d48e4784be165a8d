"""A review's history tab: the review's own changes and its records', merged and readable.

One query per kind of record (never one per row). Restricted identity fields are left out for
readers who may not see them. Later apps add their records (panel seats, say) with ``register``.
"""

from collections.abc import Callable

from cases.models import (
    RESTRICTED_SUBJECT_FIELDS,
    Document,
    FamilyContact,
    FamilyMember,
    Hold,
    InformationRequest,
    LinkedReview,
    PublicationLink,
    QARound,
    Review,
    Subject,
    TermsOfReference,
)
from cases.reviews import access
from dhr.accounts.roles import Role
from dhr.audit import entries_from_records, merged

# (model, how to name one record, fields hidden from readers without restricted access,
#  which of its history rows an agency member may read)
_sources: list[tuple] = []

AgencyFilter = Callable  # (historical queryset, user) -> the rows the user's agency may read


def register(
    model, describe: Callable, restricted_fields=(), agency_visible: AgencyFilter | None = None
) -> None:
    """Adds a kind of record to review histories. ``agency_visible`` narrows what an agency
    member reads (e.g. only its own agency's requests); without it they read every row."""
    if all(source[0] is not model for source in _sources):
        _sources.append((model, describe, tuple(restricted_fields), agency_visible))


def _shared_documents(records, user):
    from cases.documents.services import SHARED_DOCUMENT_KINDS

    return records.filter(kind__in=SHARED_DOCUMENT_KINDS)


register(Subject, lambda r: f"Person: {r.pseudonym}", RESTRICTED_SUBJECT_FIELDS)
register(
    InformationRequest,
    lambda r: f"Information request: {r.agency}",
    agency_visible=lambda records, user: records.filter(agency_id=user.agency_id),
)
register(TermsOfReference, lambda r: f"Terms of reference, version {r.version}")
register(QARound, lambda r: f"QA round {r.number}")
register(Hold, lambda r: f"Hold ({r.get_reason_display().lower()})")
register(LinkedReview, lambda r: f"Linked process: {r.description}")
register(PublicationLink, lambda r: f"Publication: {r.title}")
# Why a document was withdrawn may name what was wrong with it (a real name in a report):
# for the manager and the chair only.
register(
    Document,
    lambda r: f"Document: {r.title}",
    ("withdrawal_reason",),
    agency_visible=_shared_documents,
)
# Family records are restricted whole: agency members read none of their history rows, and
# their names say nothing about the family.
register(
    FamilyMember,
    lambda r: "Family member",
    FamilyMember.RESTRICTED_FIELDS,
    agency_visible=lambda records, user: records.none(),
)
register(
    FamilyContact,
    lambda r: "Family contact log",
    FamilyContact.RESTRICTED_FIELDS,
    agency_visible=lambda records, user: records.none(),
)


def describer(model):
    """The function naming a record of ``model`` in histories, if this app registered one."""
    for source_model, describe, *_ in _sources:
        if source_model is model:
            return describe
    if model is Review:
        return lambda record: f"Review {record.reference}"
    return None


def review_history(review: Review, user) -> list:
    """Everything that changed on ``review`` and its records that ``user`` may read, newest
    first. Identity fields (and the reasons given for changing them) are hidden from readers
    without restricted access; agency members read only what their agency may see."""
    restricted_ok = access.can_see_restricted(user, review)
    agency_reader = user.role == Role.AGENCY_MEMBER
    lists = [
        entries_from_records(
            Review,
            review.history.select_related("history_user"),
            describe=lambda r: "Review",
        )
    ]
    for model, describe, restricted_fields, agency_visible in _sources:
        records = model.history.filter(review_id=review.pk).select_related("history_user")
        if any(field.name == "agency" for field in model._meta.fields):
            records = records.select_related("agency")
        if agency_reader and agency_visible:
            records = agency_visible(records, user)
        hidden = () if restricted_ok else restricted_fields
        entries = entries_from_records(model, records, hidden, describe)
        if hidden:
            for entry in entries:
                entry.reason = ""  # a reason for an identity change may quote the identity
        lists.append(entries)
    return merged(*lists)
