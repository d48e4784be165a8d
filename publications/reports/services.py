"""The report's versions: the only code that adds them or moves them through their statuses.

Same rules as ``cases.documents.services``: one function per change, taking the acting user,
checking the permission through ``cases.reviews.access`` and refusing with ``TransitionRefused``
and a reason the user can read. The lifecycle calls ``link_to_qa_round`` and ``mark_approved``
after its QA actions (``workflow.register_after_action`` in ``PublicationsConfig.ready``).
"""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases.documents.services import checked_upload
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from cases.reviews import access
from publications.reports.models import ReportVersion

Status = ReportVersion.Status
# The statuses the manager sets by hand; "submitted to QA", "approved" and "published" follow
# the lifecycle's actions.
MANUAL_STATUSES = (Status.DRAFT, Status.PANEL_DRAFT)


def can_upload(user, review: Review) -> bool:
    return access.manages(user, review) or access.chairs(user, review)


def versions_for(review: Review):
    return review.report_versions.select_related("uploaded_by", "qa_round", "redacted_from")


def latest_versions(review: Review) -> dict:
    """The newest version of each document of the review: {document value: version}."""
    latest = {}
    for version in review.report_versions.order_by("document", "-number"):
        latest.setdefault(version.document, version)
    return latest


def _next_number(review: Review, document: str) -> int:
    found = review.report_versions.filter(document=document).aggregate(top=Max("number"))["top"]
    return (found or 0) + 1


def store_version(
    review: Review,
    *,
    by,
    document: str,
    data: bytes,
    original_name: str,
    content_type: str,
    sha256: str,
    changes: str,
    status: str = Status.DRAFT,
    redacted_from: ReportVersion | None = None,
    reason: str = "Report version uploaded",
) -> ReportVersion:
    version = ReportVersion(
        review=review,
        document=document,
        number=_next_number(review, document),
        status=status,
        changes=changes.strip(),
        original_name=original_name,
        content_type=content_type,
        size=len(data),
        sha256=sha256,
        uploaded_by=by,
        uploaded_at=timezone.now(),
        redacted_from=redacted_from,
    )
    extension = original_name.rsplit(".", 1)[-1].lower()
    version.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    version._history_user = by
    version._change_reason = reason
    try:
        with transaction.atomic():
            version.save()
    except Exception:
        version.file.storage.delete(version.file.name)
        raise
    return version


def upload_version(
    review: Review, *, by, document: str, upload, changes: str = "", status: str = Status.DRAFT
) -> ReportVersion:
    """A new version of the overview report or the executive summary, checked by content."""
    if not can_upload(by, review):
        raise TransitionRefused("Only the review manager or the chair can add report versions.")
    if review.is_closed:
        raise TransitionRefused("The review is closed: report versions can no longer be added.")
    if document not in ReportVersion.Document.values:
        raise TransitionRefused("Choose which document this is a version of.")
    if status not in MANUAL_STATUSES:
        raise TransitionRefused("A new version is a draft or a panel draft.")
    checked = checked_upload(upload, purpose="report_version")
    checked.file.seek(0)
    return store_version(
        review,
        by=by,
        document=document,
        data=checked.file.read(),
        original_name=checked.original_name,
        content_type=checked.content_type,
        sha256=checked.sha256,
        changes=changes or "First version." if _next_number(review, document) == 1 else changes,
        status=status,
    )


def set_status(version: ReportVersion, *, by, status: str) -> ReportVersion:
    if not access.manages(by, version.review):
        raise TransitionRefused("Only the review manager can change a version's status.")
    if status not in MANUAL_STATUSES:
        raise TransitionRefused("That status follows the review's QA and publication.")
    version.status = status
    version._history_user = by
    version._change_reason = f"Status: {version.get_status_display()}"
    version.save(update_fields=["status", "updated_at"])
    return version


def _move(versions, *, by, status: str, reason: str, **fields) -> None:
    for version in versions:
        version.status = status
        for name, value in fields.items():
            setattr(version, name, value)
        version._history_user = by
        version._change_reason = reason
        version.save()


def link_to_qa_round(review: Review, *, by) -> None:
    """After a (re)submission to QA: the newest version of each document is what the round
    judges; it points at the round and is "submitted to QA"."""
    current = review.qa_rounds.order_by("-number").first()
    _move(
        latest_versions(review).values(),
        by=by,
        status=Status.QA_SUBMITTED,
        reason=f"Submitted to Home Office QA, round {current.number}",
        qa_round=current,
    )


def mark_approved(review: Review, *, by) -> None:
    """After the QA outcome: the versions the round judged are approved, unless it asked for a
    resubmission."""
    current = review.qa_rounds.order_by("-number").first()
    if current is None or current.outcome == current.Outcome.RESUBMIT:
        return
    _move(
        current.report_versions.all(),
        by=by,
        status=Status.APPROVED,
        reason=f"Approved by Home Office QA, round {current.number}",
    )
