"""The pre-publication check of a report version, its findings' resolutions and the redacted
copy; and the rule that the version to publish needs a clean check (``publication_guard``,
registered on the lifecycle's "publish" action)."""

import hashlib

from django.db import transaction
from django.utils import timezone

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from cases.reviews import access
from publications.checks import scanner
from publications.checks.models import Finding, PublicationCheck
from publications.reports import services as reports
from publications.reports.models import ReportVersion

CHECKABLE = ("docx", "pdf")


def can_read(user, review: Review) -> bool:
    """Findings quote the real names: the manager and the chair only."""
    return access.can_see_restricted(user, review)


def _read(version: ReportVersion) -> bytes:
    with version.file.open("rb") as handle:
        return handle.read()


def terms_for(review: Review):
    return scanner.terms_for(review)


def check_file(review: Review, data: bytes, extension: str) -> list[scanner.Hit]:
    """The findings for ``review`` in a file (``manage.py check_publication``)."""
    return scanner.scan(data, extension, terms_for(review), review.reference)


def check_text(review: Review, text: str) -> list[scanner.Hit]:
    """The findings in a text written in the app (the public summary)."""
    blocks = [scanner.Block(f"line {n}", line) for n, line in enumerate(text.splitlines(), 1)]
    return scanner.scan_text(blocks, terms_for(review), review.reference)


@transaction.atomic
def run_check(version: ReportVersion, *, by) -> PublicationCheck:
    """Checks ``version`` and records every finding. A redacted copy inherits the "keep"
    decisions taken on the findings of the version it was made from."""
    review = version.review
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can run the pre-publication check.")
    if version.extension not in CHECKABLE:
        raise TransitionRefused("Only a DOCX or PDF version can be checked before publication.")
    hits = check_file(review, _read(version), version.extension)
    check = PublicationCheck(version=version, run_at=timezone.now(), run_by=by)
    check._history_user = by
    check._change_reason = f"Pre-publication check: {len(hits)} findings"
    check.save()
    kept = {}
    if version.redacted_from_id:
        source = version.redacted_from.checks.first()
        if source is not None:
            for finding in source.findings.filter(resolution=Finding.Resolution.KEEP):
                kept[(finding.kind, finding.text)] = finding
    Finding.objects.bulk_create(
        [
            Finding(
                check_run=check,
                kind=hit.kind,
                text=hit.text[:300],
                location=hit.location[:60],
                context=hit.context,
                **(
                    {
                        "resolution": Finding.Resolution.KEEP,
                        "reason": kept[(hit.kind, hit.text)].reason,
                        "resolved_by": kept[(hit.kind, hit.text)].resolved_by,
                        "resolved_at": kept[(hit.kind, hit.text)].resolved_at,
                    }
                    if (hit.kind, hit.text) in kept
                    else {}
                ),
            )
            for hit in hits
        ]
    )
    return check


def latest_check(version: ReportVersion) -> PublicationCheck | None:
    return version.checks.first()


def is_clean(check: PublicationCheck | None) -> bool:
    """Clean: every finding kept with a reason (or none at all)."""
    if check is None:
        return False
    return not check.findings.exclude(resolution=Finding.Resolution.KEEP).exists()


def resolve(finding: Finding, *, by, resolution: str, reason: str = "") -> Finding:
    review = finding.check_run.version.review
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can resolve a finding.")
    if resolution not in (Finding.Resolution.REDACT, Finding.Resolution.KEEP):
        raise TransitionRefused("Choose to redact the text or to keep it.")
    if resolution == Finding.Resolution.KEEP and not reason.strip():
        raise TransitionRefused("Say why this text can be published as it is.")
    finding.resolution = resolution
    finding.reason = reason.strip() if resolution == Finding.Resolution.KEEP else ""
    finding.resolved_by = by
    finding.resolved_at = timezone.now()
    finding._history_user = by
    finding._change_reason = f"Finding resolved: {finding.get_resolution_display()}"
    finding.save()
    return finding


@transaction.atomic
def make_redacted_copy(check: PublicationCheck, *, by) -> ReportVersion:
    """A new version with the text of every "redact" finding removed, checked again at once."""
    version = check.version
    review = version.review
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can make a redacted copy.")
    if check.findings.filter(resolution=Finding.Resolution.PENDING).exists():
        raise TransitionRefused("Resolve every finding first: redact it or keep it with a reason.")
    strings = sorted(
        set(
            check.findings.filter(resolution=Finding.Resolution.REDACT).values_list(
                "text", flat=True
            )
        ),
        key=len,
        reverse=True,
    )
    if not strings:
        raise TransitionRefused("No finding is marked to be redacted.")
    data = scanner.redact(_read(version), version.extension, strings)
    name = version.original_name.rsplit(".", 1)
    copy = reports.store_version(
        review,
        by=by,
        document=version.document,
        data=data,
        original_name=f"{name[0]}-redacted.{name[1]}",
        content_type=version.content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        changes=f"Redacted copy of version {version.number}: {len(strings)} passages removed.",
        status=version.status,
        redacted_from=version,
        reason="Redacted copy made",
    )
    check.redacted_copy = copy
    check._history_user = by
    check.save(update_fields=["redacted_copy", "updated_at"])
    run_check(copy, by=by)
    return copy


def versions_to_publish(review: Review) -> list[ReportVersion]:
    """The newest version of each document: what publication puts on the register."""
    latest = reports.latest_versions(review)
    order = [ReportVersion.Document.OVERVIEW, ReportVersion.Document.EXECUTIVE_SUMMARY]
    return [latest[d] for d in order if d in latest]


def publication_guard(review: Review) -> str | None:
    """Registered on "publish": the version to publish must have a clean check, and the
    public summary must be written and free of findings."""
    versions = versions_to_publish(review)
    if not any(v.document == ReportVersion.Document.OVERVIEW for v in versions):
        return "Upload the overview report and check it before publication."
    for version in versions:
        if not is_clean(latest_check(version)):
            return (
                f"The {version.get_document_display().lower()}, version {version.number}, "
                "needs a clean pre-publication check first."
            )
    record = getattr(review, "publication_record", None)
    if record is None or not record.summary.strip():
        return "Write the public summary of the review first."
    if check_text(review, record.summary):
        return "The public summary contains text that must not be published."
    return None
