"""A review's history tab: the review's own changes and its records', merged and readable.

One query per kind of record (never one per row). Restricted identity fields are left out for
readers who may not see them. Later apps add their records (panel seats, say) with ``register``.
"""

from collections.abc import Callable

from cases import access
from cases.models import (
    RESTRICTED_SUBJECT_FIELDS,
    Document,
    Hold,
    InformationRequest,
    LinkedReview,
    PublicationLink,
    QARound,
    Review,
    Subject,
    TermsOfReference,
)
from dhr.audit import entries_from_records, merged

# (model, how to name one record, fields hidden from readers without restricted access)
_sources: list[tuple] = []


def register(model, describe: Callable, restricted_fields=()) -> None:
    if all(source[0] is not model for source in _sources):
        _sources.append((model, describe, tuple(restricted_fields)))


register(Subject, lambda r: f"Person: {r.pseudonym}", RESTRICTED_SUBJECT_FIELDS)
register(InformationRequest, lambda r: f"Information request: {r.agency}")
register(TermsOfReference, lambda r: f"Terms of reference, version {r.version}")
register(QARound, lambda r: f"QA round {r.number}")
register(Hold, lambda r: f"Hold ({r.get_reason_display().lower()})")
register(LinkedReview, lambda r: f"Linked process: {r.description}")
register(PublicationLink, lambda r: f"Publication: {r.title}")
register(Document, lambda r: f"Document: {r.title}")


def describer(model):
    """The function naming a record of ``model`` in histories, if this app registered one."""
    for source_model, describe, _ in _sources:
        if source_model is model:
            return describe
    if model is Review:
        return lambda record: f"Review {record.reference}"
    return None


def review_history(review: Review, user) -> list:
    """Everything that changed on ``review`` and its records, newest first."""
    restricted_ok = access.can_see_restricted(user, review)
    lists = [
        entries_from_records(
            Review,
            review.history.select_related("history_user"),
            describe=lambda r: "Review",
        )
    ]
    for model, describe, restricted_fields in _sources:
        records = model.history.filter(review_id=review.pk).select_related("history_user")
        if any(field.name == "agency" for field in model._meta.fields):
            records = records.select_related("agency")
        hidden = () if restricted_ok else restricted_fields
        lists.append(entries_from_records(model, records, hidden, describe))
    return merged(*lists)
