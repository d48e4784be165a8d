"""The publication record and the public register.

``record_publication`` runs after the lifecycle's "publish" action (registered in
``PublicationsConfig.ready``): the checked versions become the published documents. The
register lists only records of published reviews, with their documents not withdrawn.

Other features add entries to the register with ``register_public_entries(source)``:
``source()`` returns an iterable of ``PublicEntry`` (published items only, no real data). The
learning briefings do so for published briefings.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review, Stage
from cases.reviews import access
from publications.register.models import PublicationRecord, PublishedDocument
from publications.reports.models import ReportVersion

PUBLISHED_STAGES = (Stage.PUBLISHED, Stage.MONITORING, Stage.CLOSED)


@dataclass(frozen=True)
class PublicDocument:
    title: str
    url: str
    withdrawn: bool = False


@dataclass(frozen=True)
class PublicEntry:
    """One item of the public register: a published review, a briefing, ..."""

    title: str  # "Case Diana"
    published_on: date
    summary: str
    kind: str = "Domestic homicide review"
    documents: tuple[PublicDocument, ...] = field(default_factory=tuple)
    url: str = ""  # where the entry is read (the register's anchor when empty)
    key: str = ""  # unique and stable: the feed entry's id


_SOURCES: list[Callable[[], Iterable[PublicEntry]]] = []


def register_public_entries(source: Callable[[], Iterable[PublicEntry]]) -> None:
    """Adds ``source`` to the register and its feed; call it from ``AppConfig.ready()``."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def save_summary(review: Review, *, by, summary: str) -> PublicationRecord:
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can write the public summary.")
    if not summary.strip():
        raise TransitionRefused("Enter the public summary.")
    from publications.checks import services as checks  # its patterns compile when imported

    findings = checks.check_text(review, summary)
    if findings:
        listed = ", ".join(f"“{hit.text}” ({hit.kind.replace('_', ' ')})" for hit in findings)
        raise TransitionRefused(f"The summary must not contain: {listed}.")
    record, _ = PublicationRecord.objects.get_or_create(
        review=review, defaults={"summary": summary.strip(), "pseudonym": review.pseudonym}
    )
    record.summary = summary.strip()
    record._history_user = by
    record._change_reason = "Public summary written"
    record.save()
    return record


def record_publication(review: Review, *, by) -> PublicationRecord:
    """After "publish": the date, the pseudonym and the checked documents are recorded."""
    record = review.publication_record
    record.published_on = review.published_on
    record.pseudonym = review.pseudonym
    record._history_user = by
    record._change_reason = "Published"
    record.save()
    from publications.checks import services as checks

    for version in checks.versions_to_publish(review):
        version.status = ReportVersion.Status.PUBLISHED
        version._history_user = by
        version._change_reason = "Published"
        version.save(update_fields=["status", "updated_at"])
        document = PublishedDocument(
            record=record, version=version, title=version.get_document_display()
        )
        document._history_user = by
        document._change_reason = "Published"
        document.save()
    return record


def withdraw(document: PublishedDocument, *, by, reason: str) -> PublishedDocument:
    if not access.manages(by, document.record.review):
        raise TransitionRefused("Only the review manager can withdraw a published document.")
    if not reason.strip():
        raise TransitionRefused("Say why the document is withdrawn.")
    if document.is_withdrawn:
        raise TransitionRefused("The document is already withdrawn.")
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = by
    document.withdrawn_reason = reason.strip()
    document._history_user = by
    document._change_reason = f"Withdrawn: {reason.strip()}"
    document.save()
    return document


def published_records():
    """The records of published reviews, with their documents, in two queries."""
    return (
        PublicationRecord.objects.filter(
            published_on__isnull=False, review__stage__in=PUBLISHED_STAGES
        )
        .select_related("review")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=PublishedDocument.objects.select_related("version"),
                to_attr="listed_documents",
            )
        )
        .order_by("-published_on", "-pk")
    )


def public_document_url(document: PublishedDocument) -> str:
    name = slugify(f"case {document.record.pseudonym} {document.title}")
    return reverse(
        "publications:public_document",
        args=[document.pk, f"{name}.{document.version.extension}"],
    )


def review_entries() -> list[PublicEntry]:
    entries = []
    for record in published_records():
        documents = tuple(
            PublicDocument(d.title, public_document_url(d), d.is_withdrawn)
            for d in record.listed_documents
        )
        entries.append(
            PublicEntry(
                title=f"Case {record.pseudonym}" if record.pseudonym else "Review",
                published_on=record.published_on,
                summary=record.summary,
                documents=tuple(d for d in documents if not d.withdrawn),
                key=f"review-{record.pk}",
            )
        )
    return entries


def public_entries() -> list[PublicEntry]:
    """Everything on the register, newest first."""
    entries = review_entries()
    for source in _SOURCES:
        entries.extend(source())
    return sorted(entries, key=lambda entry: (entry.published_on, entry.key), reverse=True)


def by_year(entries: list[PublicEntry]) -> list[tuple[int, list[PublicEntry]]]:
    years: dict[int, list[PublicEntry]] = {}
    for entry in entries:
        years.setdefault(entry.published_on.year, []).append(entry)
    return sorted(years.items(), reverse=True)
