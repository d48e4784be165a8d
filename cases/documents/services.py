"""The review's records that are not stage changes: its people, its documents, and the stage
actions that carry a document (a version of the terms of reference, a QA feedback letter).

Same rules as ``cases.lifecycle.workflow``: one atomic function per change, taking the acting user,
checking the permission through ``cases.reviews.access`` and refusing with ``TransitionRefused`` and
a reason the user can read. Views call these and never change model fields themselves.
"""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.lifecycle import workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.models import (
    Document,
    QARound,
    Review,
    Stage,
    TermsOfReference,
)
from cases.reviews import access
from dhr.files.uploads import CheckedUpload, check_upload, purpose_kinds

# --- Documents ---------------------------------------------------------------------------------

# Kinds every reader of the review may download; the rest are for the manager and the chair
# (a data collection form holds personal data; a letter may be to or about the family).
SHARED_DOCUMENT_KINDS = frozenset(
    {
        Document.Kind.TERMS_OF_REFERENCE,
        Document.Kind.REPORT,
        Document.Kind.EXECUTIVE_SUMMARY,
        Document.Kind.ACTION_PLAN,
    }
)


def documents_for(user, review: Review):
    """The review's documents ``user`` may see listed, withdrawn ones included (shown as
    withdrawn). What they may download is ``downloadable_documents_for``."""
    documents = review.documents.select_related("uploaded_by", "withdrawn_by", "qa_round", "terms")
    if access.can_see_restricted(user, review):
        return documents
    return documents.filter(kind__in=SHARED_DOCUMENT_KINDS)


def downloadable_documents_for(user, review: Review):
    """The documents ``user`` may download (the boundary for files): the manager and the chair
    keep every file, withdrawn ones too, for the record; agency members lose a withdrawn one."""
    documents = documents_for(user, review)
    if access.can_see_restricted(user, review):
        return documents
    return documents.filter(withdrawn_at__isnull=True)


def can_upload(user, review: Review) -> bool:
    return access.manages(user, review) or access.chairs(user, review)


def can_withdraw(user, review: Review) -> bool:
    return access.manages(user, review) and not review.is_closed


def withdraw_document(document: Document, *, by, reason: str) -> Document:
    """Withdraws a wrong or superseded upload, saying why. Nothing is deleted: the file and
    the record stay (and the history says who withdrew it, when and why); agency members can
    no longer download it, and it shows as withdrawn everywhere it is listed."""
    review = document.review
    if not access.manages(by, review):
        raise TransitionRefused("Only the review manager can withdraw a document.")
    if review.is_closed:
        raise TransitionRefused("The review is closed: its documents can no longer be changed.")
    reason = reason.strip()
    if not reason:
        raise TransitionRefused("Enter the reason for withdrawing the document.")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.is_withdrawn:
            raise TransitionRefused(
                f"“{locked.title}” was already withdrawn on "
                f"{timezone.localtime(locked.withdrawn_at):%-d %B %Y}."
            )
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.withdrawal_reason = reason
        locked._history_user = by
        locked._change_reason = f"Document withdrawn: {reason}"
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return locked


def upload_document(
    review: Review,
    *,
    by,
    kind: str,
    title: str,
    upload,
    qa_round: QARound | None = None,
    terms: TermsOfReference | None = None,
) -> Document:
    """Stores a file for the review under a random name and records it.

    ``upload`` is a ``CheckedUpload`` (a form checked it) or a plain uploaded file, which is
    checked here. If the row cannot be saved, the stored file is removed again; callers that
    save more in the same transaction remove it when they fail (see ``save_terms``).
    """
    if not can_upload(by, review):
        raise TransitionRefused("Only the review manager or the chair can add documents.")
    if review.is_closed:
        raise TransitionRefused("The review is closed: documents can no longer be added.")
    if kind not in Document.Kind.values:
        raise TransitionRefused("Choose what kind of document this is.")
    if not title.strip():
        raise TransitionRefused("Enter a title for the document.")
    if any(record is not None and record.review_id != review.pk for record in (qa_round, terms)):
        raise TransitionRefused("A document can only be attached to a stage of its own review.")
    checked = checked_upload(upload, purpose="review_document")
    document = Document(
        review=review,
        kind=kind,
        title=title.strip(),
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        qa_round=qa_round,
        terms=terms,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    # The name on disk is never the user's: it could hold personal data or path tricks.
    document.file.save(f"{uuid.uuid4().hex}.{checked.extension}", checked.file, save=False)
    document._history_user = by
    document._change_reason = "Document uploaded"
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        _remove_files([document])
        raise
    return document


def checked_upload(
    upload, allowed=None, wrong_kind: str = "", *, purpose: str | None = None
) -> CheckedUpload:
    """``upload`` checked by content, name and size (``dhr.files.uploads``), as a domain
    refusal if not. ``purpose`` names an entry of ``dhr.files.uploads.PURPOSES`` (or
    ``allowed`` lists the kinds).

    A ``CheckedUpload`` (a form checked it) is taken as it is, but must still be of an
    accepted kind; ``wrong_kind`` is the message for one that is not."""
    if purpose is not None:
        allowed = purpose_kinds(purpose)
    if isinstance(upload, CheckedUpload):
        if allowed and upload.extension not in allowed:
            raise TransitionRefused(wrong_kind or "The selected file is not of a kind allowed here")
        return upload
    try:
        return check_upload(upload, allowed)
    except ValidationError as invalid:
        raise TransitionRefused(" ".join(invalid.messages)) from invalid


def _remove_files(documents) -> None:
    """Deletes stored files whose records were rolled back (nothing refers to them any more)."""
    for document in documents:
        if document is not None and document.file.name:
            document.file.storage.delete(document.file.name)


# --- Terms of reference --------------------------------------------------------------------------


def save_terms(
    review: Review,
    *,
    by,
    document=None,
    document_title: str = "",
    **fields,
) -> TermsOfReference:
    """A new version of the terms of reference, with its document when one is given; both are
    saved or neither is."""
    stored = None
    try:
        with transaction.atomic():
            terms = workflow.save_terms_of_reference(review, by=by, **fields)
            if document is not None:
                stored = upload_document(
                    review,
                    by=by,
                    kind=Document.Kind.TERMS_OF_REFERENCE,
                    title=document_title or f"Terms of reference, version {terms.version}",
                    upload=document,
                    terms=terms,
                )
    except Exception:
        _remove_files([stored])
        raise
    return terms


# --- Home Office QA ------------------------------------------------------------------------------


def qa_submit_action(review: Review) -> workflow.Action:
    """Submitting and resubmitting are two actions of the workflow; this picks the one that fits."""
    name = "resubmit_to_qa" if review.stage == Stage.AMENDMENTS_REQUESTED else "submit_to_qa"
    return workflow.ACTIONS[name]


def record_qa_outcome(
    review: Review,
    *,
    by,
    outcome: str,
    panel_date: date,
    changes_required: str = "",
    letter=None,
) -> Review:
    """Records the QA panel's outcome with its feedback letter (when given) stored as a
    document of the round; if the outcome is refused, no document is left behind."""
    refused = workflow.refusal(workflow.ACTIONS["record_qa_outcome"], review, by)
    if refused:  # say no before storing any file
        raise TransitionRefused(refused)
    stored = None
    try:
        with transaction.atomic():
            if letter is not None:
                current = review.qa_rounds.order_by("-number").first()
                stored = upload_document(
                    review,
                    by=by,
                    kind=Document.Kind.QA_LETTER,
                    title=f"Home Office QA feedback letter, round {current.number}",
                    upload=letter,
                )
            workflow.record_qa_outcome(
                review,
                by=by,
                outcome=outcome,
                panel_date=panel_date,
                changes_required=changes_required,
                letter=stored,
            )
    except Exception:
        _remove_files([stored])
        raise
    return review
