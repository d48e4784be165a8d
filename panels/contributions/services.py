"""Agency contributions: requests to agencies, their uploads and versions, chronology imports,
submission to the panel and acceptance (DESIGN.md 2; JOURNEYS.md, panel agency member).

The same rules as ``cases.lifecycle.workflow``: one atomic function per change, taking the acting
user, refusing with ``TransitionRefused`` and a reason the user can read. Views and the
``import_chronology`` command call these; they never change the models themselves.

Who does what:

- the review manager and the chair make requests, withdraw unanswered ones, accept submitted
  contributions;
- members of the agency asked upload versions and submit one to the panel;
- a draft (a version not submitted) is seen by its agency, the review manager and the chair
  only; agencies on the panel see every agency's submitted versions (``versions_for``).
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from cases.deadlines import notices
from cases.deadlines import services as deadlines
from cases.documents.services import checked_upload
from cases.lifecycle import workflow as lifecycle
from cases.lifecycle.models import ReceivedVia
from cases.lifecycle.workflow import TransitionRefused
from cases.models import DeadlineKind, Review, Stage, TermsOfReference
from cases.reviews import access
from dhr.accounts.roles import Role
from dhr.files.uploads import CheckedUpload, purpose_kinds
from dhr.kept_queries import KeptQuery
from panels.chronology import importer
from panels.models import (
    ChronologyEntry,
    ColumnMapping,
    ContributionRequest,
    ContributionVersion,
    PanelMember,
    StagedChronology,
)

Kind = ContributionRequest.Kind
Status = ContributionRequest.Status

# Requests are made from commissioning until the review leaves Home Office QA (QA may ask for
# more from an agency).
REQUEST_STAGES = frozenset(
    {
        Stage.COMMISSIONED,
        Stage.CHAIR_APPOINTED,
        Stage.PANEL,
        Stage.QA_SUBMITTED,
        Stage.AMENDMENTS_REQUESTED,
    }
)
# There is no deadline kind of its own for "another document": it is chased like a report.
DEADLINE_KINDS = {
    Kind.CHRONOLOGY: DeadlineKind.AGENCY_CHRONOLOGY,
    Kind.REPORT: DeadlineKind.AGENCY_REPORT,
    Kind.OTHER: DeadlineKind.AGENCY_DOCUMENT,
}
CHRONOLOGY_PURPOSE = "chronology"  # dhr.files.uploads.PURPOSES: xlsx, xls, csv
CHRONOLOGY_FILE_KINDS = purpose_kinds(CHRONOLOGY_PURPOSE)
INSERT_BATCH = 2000


class ImportRefused(TransitionRefused):
    """The chronology file has errors (or its columns are not mapped): nothing was saved.
    ``result`` holds every error and warning, row by row."""

    def __init__(self, result: importer.ImportResult):
        self.result = result
        if result.needs_mapping:
            message = "Match the file's columns to the chronology's columns first."
        else:
            count = len(result.errors)
            message = (
                f"The file has {count} error{'s' if count != 1 else ''}: nothing was imported. "
                "Fix the rows and upload the file again."
            )
        super().__init__(message)


# --- Who may see and do what ---------------------------------------------------------------------


def directs(user, review: Review) -> bool:
    """The review manager or the chair: they ask agencies for contributions and accept them."""
    return access.manages(user, review) or access.chairs(user, review)


def on_panel(user, review: Review) -> bool:
    """A member of an agency seated on the review's panel."""
    return (
        user.is_authenticated
        and user.role == Role.AGENCY_MEMBER
        and user.agency_id is not None
        and PanelMember.objects.filter(review=review, agency_id=user.agency_id).exists()
    )


def can_see_combined(user, review: Review) -> bool:
    """The combined chronology: the review manager, the chair and the panel's agencies."""
    return directs(user, review) or on_panel(user, review)


def is_own(user, request: ContributionRequest) -> bool:
    """A member of the agency the request was sent to."""
    return access.is_agency_member_of(user, request.agency_id)


def requests_for(user, review: Review):
    """The requests ``user`` may see on ``review``: all of them for the manager and the chair;
    for an agency member, their agency's, and, when their agency is on the panel, the live ones
    of the other panel agencies too (their drafts stay hidden: see ``versions_for``). That an
    agency off the panel was asked is not shown to other agencies."""
    requests = review.contribution_requests.select_related("agency")
    if directs(user, review):
        return requests
    if user.role != Role.AGENCY_MEMBER or user.agency_id is None:
        return requests.none()
    own = Q(agency_id=user.agency_id)
    if on_panel(user, review):
        seated = Q(agency__in=review.panel_members.values("agency"))
        return requests.filter(own | (seated & ~Q(status=Status.WITHDRAWN)))
    return requests.filter(own)


def versions_for(user, request: ContributionRequest):
    """The versions of ``request`` that ``user`` may see and download: every one for its
    agency, the manager and the chair; the submitted ones for other agencies on the panel."""
    versions = request.versions.select_related("uploaded_by", "recorded_by")
    if is_own(user, request) or directs(user, request.review):
        return versions
    return versions.filter(submitted_at__isnull=False)


def current_version(request: ContributionRequest) -> ContributionVersion | None:
    """The version the agency submitted last (None while nothing was submitted)."""
    return request.versions.filter(submitted_at__isnull=False, superseded_at__isnull=True).first()


def period_under_review(review: Review) -> tuple | None:
    """(start, end) of the period under review in the latest terms of reference, if any."""
    rows = _PERIOD_UNDER_REVIEW.rows(review.pk)
    return rows[0] if rows else None


# The two dates only (a version's text, its lines of enquiry, is long); on every page of the
# combined chronology, so compiled once (dhr.kept_queries).
_PERIOD_UNDER_REVIEW = KeptQuery(
    lambda review_id: (
        TermsOfReference.objects.filter(review_id=review_id)
        .order_by("-version")
        .values_list("period_start", "period_end")[:1]
    )
)


def date_checks(review: Review) -> dict:
    """What an imported entry's date is checked against: the period under review, the date of
    death (later: a warning) and today (later: an error)."""
    return {
        "period": period_under_review(review),
        "date_of_death": review.date_of_death,
        "today": timezone.localdate(),
    }


def involved(review: Review, agency) -> bool:
    """Whether a live request keeps ``agency`` involved in ``review`` (``cases.reviews.access`` asks
    this before revoking its access)."""
    return (
        ContributionRequest.objects.filter(review=review, agency=agency)
        .exclude(status=Status.WITHDRAWN)
        .exists()
    )


# --- Requests ------------------------------------------------------------------------------------


def _check_open(review: Review) -> None:
    if review.is_closed:
        raise TransitionRefused("The review is closed: its records can no longer change.")


@transaction.atomic
def make_request(
    review: Review,
    *,
    by,
    agency,
    kind: str,
    due_on: date,
    requested_on: date | None = None,
    title: str = "",
    details: str = "",
) -> ContributionRequest:
    """Asks ``agency`` for a chronology, its agency report or another document by ``due_on``.

    The agency can then open the review, and a deadline owned by the agency is opened.
    """
    if not directs(by, review):
        raise TransitionRefused("Only the review manager or the chair can ask agencies.")
    review = Review.objects.select_for_update().get(pk=review.pk)  # one live request per kind
    _check_open(review)
    if review.stage not in REQUEST_STAGES:
        raise TransitionRefused(
            "Agencies are asked for their contributions from commissioning until the review "
            "leaves Home Office QA."
        )
    if kind not in Kind.values:
        raise TransitionRefused("Choose what the agency is asked for.")
    title = title.strip()
    if kind == Kind.OTHER and not title:
        raise TransitionRefused("Say which document the agency is asked for.")
    requested_on = requested_on or timezone.localdate()
    if due_on < requested_on:
        raise TransitionRefused("The due date cannot be before the date of the request.")
    if kind != Kind.OTHER:
        live = review.contribution_requests.filter(agency=agency, kind=kind).exclude(
            status=Status.WITHDRAWN
        )
        if live.exists():
            raise TransitionRefused(
                f"{agency} has already been asked for its {Kind(kind).label.lower()}: "
                "it adds new versions to that request."
            )
    request = ContributionRequest(
        review=review,
        agency=agency,
        kind=kind,
        title=title if kind == Kind.OTHER else "",
        details=details.strip(),
        requested_on=requested_on,
        due_on=due_on,
        requested_by=by,
    )
    request._change_reason = "Contribution requested"
    request.save()
    access.grant_agency(review, agency)
    deadline = deadlines.open_deadline(
        review,
        kind=DEADLINE_KINDS[kind],
        due_on=due_on,
        rule="Set by the review manager" if access.manages(by, review) else "Set by the chair",
        source=request,
        owner_agency=agency,
        title=f"{request.label} from {agency}",
        link=reverse("panels:contribution", args=[review.reference, request.pk]),
        opened_on=requested_on,
    )
    notices.notify_owners(deadline)  # the agency's members hear of it now
    return request


@transaction.atomic
def withdraw_request(request: ContributionRequest, *, by) -> ContributionRequest:
    """Withdraws a request nothing was submitted for; its drafts are kept, its deadline is
    cancelled and the agency loses access unless otherwise involved."""
    if not directs(by, request.review):
        raise TransitionRefused("Only the review manager or the chair can withdraw a request.")
    request = ContributionRequest.objects.select_for_update().get(pk=request.pk)
    _check_open(request.review)
    if request.status == Status.WITHDRAWN:
        raise TransitionRefused("This request has already been withdrawn.")
    if request.versions.filter(submitted_at__isnull=False).exists():
        raise TransitionRefused("The agency has submitted to the panel: it cannot be withdrawn.")
    request.status = Status.WITHDRAWN
    request._change_reason = "Request withdrawn"
    request.save()
    for staged in request.staged_chronologies.defer("sheet"):
        _delete_staged(staged)
    deadlines.close_deadline(kind=DEADLINE_KINDS[request.kind], source=request, cancelled=True)
    access.revoke_agency_unless_involved(request.review, request.agency)
    return request


@transaction.atomic
def accept(request: ContributionRequest, *, by) -> ContributionRequest:
    """The manager or the chair marks a submitted contribution as accepted (final)."""
    if not directs(by, request.review):
        raise TransitionRefused("Only the review manager or the chair can accept a contribution.")
    request = ContributionRequest.objects.select_for_update().get(pk=request.pk)
    _check_open(request.review)
    if request.status != Status.SUBMITTED:
        raise TransitionRefused("Only a contribution submitted to the panel can be accepted.")
    request.status = Status.ACCEPTED
    request.accepted_at = timezone.now()
    request.accepted_by = by
    request._change_reason = "Contribution accepted"
    request.save()
    return request


# --- Uploads -------------------------------------------------------------------------------------


def _locked_for_upload(request: ContributionRequest, by) -> ContributionRequest:
    if not is_own(by, request):
        raise TransitionRefused(f"Only members of {request.agency} can upload this contribution.")
    request = ContributionRequest.objects.select_for_update().get(pk=request.pk)
    _check_open(request.review)
    if request.status == Status.WITHDRAWN:
        raise TransitionRefused("This request has been withdrawn.")
    if request.status == Status.ACCEPTED:
        raise TransitionRefused(
            "This contribution has been accepted: ask the review manager if it must change."
        )
    return request


def _store(record, checked: CheckedUpload) -> None:
    """Stores the upload under a random name made from the kind its content showed (the user's
    file name could hold personal data or path tricks) and copies what it is onto ``record``."""
    extension = checked.extension
    record.original_name = checked.original_name
    record.content_type = checked.content_type
    record.size = checked.size
    record.sha256 = checked.sha256
    record.file.save(f"{uuid.uuid4().hex}.{extension}", checked.file, save=False)


def _remove_file(record) -> None:
    if record is not None and record.file.name:
        record.file.storage.delete(record.file.name)


def _next_number(request: ContributionRequest) -> int:
    """The next version number (the caller holds the request's row lock)."""
    return (request.versions.aggregate(last=Max("number"))["last"] or 0) + 1


def upload_document(
    request: ContributionRequest, *, by, upload, note: str = ""
) -> ContributionVersion:
    """A new draft version of an agency report or another document."""
    version = None
    try:
        with transaction.atomic():
            request = _locked_for_upload(request, by)
            if request.is_chronology:
                raise TransitionRefused("A chronology is uploaded as a spreadsheet and previewed.")
            checked = checked_upload(upload, purpose=upload_purpose(request))
            version = ContributionVersion(
                request=request,
                number=_next_number(request),
                note=note.strip(),
                uploaded_by=by,
                uploaded_at=timezone.now(),
            )
            _store(version, checked)
            version._history_user = by
            version.save()
            _mark_draft(request)
    except Exception:
        _remove_file(version)
        raise
    return version


def upload_purpose(request: ContributionRequest) -> str:
    """The upload purpose (``dhr.files.uploads.PURPOSES``) of a version of ``request``."""
    return {
        Kind.CHRONOLOGY: CHRONOLOGY_PURPOSE,
        Kind.REPORT: "agency_report",
    }.get(request.kind, "evidence")


def _mark_draft(request: ContributionRequest) -> None:
    request.status = Status.DRAFT
    request._change_reason = "New version uploaded"
    request.save()


def _parse(checked: CheckedUpload) -> importer.Sheet:
    """The file's cells, read once (no transaction is open: no row is locked meanwhile)."""
    checked.file.seek(0)
    try:
        return importer.read_sheet(checked.file.read(), checked.extension)
    except importer.UnreadableFile as unreadable:
        raise TransitionRefused(str(unreadable)) from unreadable
    finally:
        checked.file.seek(0)


def stage_chronology(request: ContributionRequest, *, by, upload) -> StagedChronology:
    """Keeps an uploaded chronology file for its preview; any file staged before is dropped.

    The file is read here, once, before any row is locked: a file that cannot be read, or is
    too big a chronology (a decompression bomb is one), is refused at once and nothing is
    kept. The cells read are kept with the staged file for the preview, the column mapping
    and the confirmation, which never read the file again.
    """
    if not is_own(by, request):
        raise TransitionRefused(f"Only members of {request.agency} can upload this contribution.")
    if not request.is_chronology:
        raise TransitionRefused("Only a chronology is imported from a spreadsheet.")
    checked = checked_upload(
        upload, wrong_kind=importer.NOT_A_SPREADSHEET, purpose=CHRONOLOGY_PURPOSE
    )
    sheet = _parse(checked)
    staged = None
    try:
        with transaction.atomic():
            request = _locked_for_upload(request, by)
            for earlier in request.staged_chronologies.defer("sheet"):
                _delete_staged(earlier)
            staged = StagedChronology(
                request=request,
                uploaded_by=by,
                uploaded_at=timezone.now(),
                sheet=sheet.to_data(),
            )
            _store(staged, checked)
            staged.save()
    except Exception:
        _remove_file(staged)
        raise
    return staged


def _delete_staged(staged: StagedChronology) -> None:
    name = staged.file.name
    storage = staged.file.storage
    staged.delete()
    transaction.on_commit(lambda: storage.delete(name))


def discard_staged(staged: StagedChronology, *, by) -> None:
    """Drops a staged file that the agency decided not to import."""
    if not is_own(by, staged.request):
        raise TransitionRefused(f"Only members of {staged.request.agency} can do this.")
    with transaction.atomic():
        _delete_staged(staged)


def saved_columns(agency) -> dict:
    """The headings the agency mapped to our columns last time ({} if it never did)."""
    mapping = ColumnMapping.objects.filter(agency=agency).first()
    return dict(mapping.columns) if mapping else {}


def _file_extension(record) -> str:
    return record.file.name.rsplit(".", 1)[-1].lower()


def read_staged(staged: StagedChronology) -> importer.Sheet:
    """The staged file's cells, as read when it was uploaded. A file staged before the cells
    were kept is read now, once, and its cells kept (``importer.UnreadableFile`` when it is
    not a spreadsheet)."""
    if staged.sheet is not None:
        return importer.Sheet.from_data(staged.sheet)
    with staged.file.open("rb") as handle:
        sheet = importer.read_sheet(handle.read(), _file_extension(staged))
    staged.sheet = sheet.to_data()
    StagedChronology.objects.filter(pk=staged.pk).update(sheet=staged.sheet)
    return sheet


def preview(staged: StagedChronology, *, chosen: dict | None = None) -> importer.ImportResult:
    """Reads the staged file as the import would: nothing is saved.

    Columns: ``chosen`` (from the mapping page), else the ones chosen for this file, else the
    agency's remembered mapping, else our headings and their usual variants.
    """
    if chosen is None:
        chosen = staged.columns or saved_columns(staged.request.agency)
    try:
        sheet = read_staged(staged)
    except importer.UnreadableFile as unreadable:
        result = importer.ImportResult()
        result.errors.append(importer.Issue(None, str(unreadable)))
        return result
    return importer.read_chronology(sheet, chosen=chosen, **date_checks(staged.request.review))


def choose_columns(staged: StagedChronology, *, by, chosen: dict) -> StagedChronology:
    """Records which of the file's columns hold our fields (the mapping page), for this file
    and, at once, for the agency's next uploads: the page promises "Your choice is
    remembered", and a file refused for its rows must not make the agency match them again."""
    if not is_own(by, staged.request):
        raise TransitionRefused(f"Only members of {staged.request.agency} can do this.")
    staged.columns = {name: label for name, label in chosen.items() if label}
    with transaction.atomic():
        staged.save(update_fields=["columns"])
        _remember_columns(staged.request.agency, staged.columns, by)
    return staged


def confirm_chronology(staged: StagedChronology, *, by, note: str = "") -> ContributionVersion:
    """Imports the staged file as a new draft version, all or nothing.

    The cells kept at upload are checked again here (never trusting what a preview showed),
    before any row is locked: any error and nothing is saved (``ImportRefused`` carries the
    rows' errors). Then, under the locks, the staged row must still be there with the same
    columns; the entries are written in bulk, the agency's column mapping is remembered and
    the staged row is gone (its file is now the version's).
    """
    if not is_own(by, staged.request):
        raise TransitionRefused(
            f"Only members of {staged.request.agency} can upload this contribution."
        )
    current = StagedChronology.objects.filter(pk=staged.pk).first()
    if current is None:
        raise TransitionRefused("This file is no longer waiting to be imported: upload it again.")
    current.request = staged.request
    result = preview(current)
    if not result.can_import:
        raise ImportRefused(result)
    with transaction.atomic():
        request = _locked_for_upload(staged.request, by)
        staged = (
            StagedChronology.objects.select_for_update()
            .defer("sheet")
            .filter(pk=staged.pk, request=request)
            .first()
        )
        if staged is None:
            raise TransitionRefused(
                "This file is no longer waiting to be imported: upload it again."
            )
        if staged.columns != current.columns:
            raise TransitionRefused(
                "The columns were matched again meanwhile: check the preview and confirm again."
            )
        version = ContributionVersion(
            request=request,
            number=_next_number(request),
            note=note.strip(),
            uploaded_by=by,
            uploaded_at=timezone.now(),
            entry_count=len(result.entries),
            file=staged.file.name,
            original_name=staged.original_name,
            content_type=staged.content_type,
            size=staged.size,
            sha256=staged.sha256,
        )
        version._history_user = by
        version.save()
        _insert_entries(version, result.entries)
        _remember_columns(request.agency, result.chosen_labels, by)
        staged.delete()  # the file stays: it is the version's now
        _mark_draft(request)
    return version


def _insert_entries(version: ContributionVersion, entries) -> None:
    request = version.request
    ChronologyEntry.objects.bulk_create(
        (
            ChronologyEntry(
                review_id=request.review_id,
                agency_id=request.agency_id,
                version=version,
                row_number=entry.row,
                date=entry.date,
                time=entry.time,
                record_reference=entry.record_reference,
                event=entry.event,
                action=entry.action,
                comment=entry.comment,
                staff_role=entry.staff_role,
            )
            for entry in entries
        ),
        batch_size=INSERT_BATCH,
    )


def _remember_columns(agency, labels: dict, by) -> None:
    mapping = ColumnMapping.objects.select_for_update().filter(agency=agency).first()
    if mapping is None:
        mapping = ColumnMapping(agency=agency)
    if mapping.columns != labels:
        mapping.columns = labels
        mapping.updated_by = by
        mapping._history_user = by
        mapping.save()


# --- Submitting --------------------------------------------------------------------------------


@transaction.atomic
def submit_to_panel(request: ContributionRequest, *, by) -> ContributionVersion:
    """Submits the latest version to the panel: the agency's current contribution from now on
    (the one submitted before is kept as superseded); the request's deadline is met."""
    if by is not None and not is_own(by, request):
        raise TransitionRefused(f"Only members of {request.agency} can submit this contribution.")
    return _submit(request, by=by)


def _submit(request: ContributionRequest, *, by) -> ContributionVersion:
    """Submits the latest version (the caller checked who may)."""
    request = ContributionRequest.objects.select_for_update().get(pk=request.pk)
    _check_open(request.review)
    if request.status in (Status.WITHDRAWN, Status.ACCEPTED):
        raise TransitionRefused(f"This contribution is {request.get_status_display().lower()}.")
    latest = request.versions.order_by("-number").first()
    if latest is None:
        raise TransitionRefused("Upload a version first.")
    if not latest.is_draft:
        raise TransitionRefused(
            f"Version {latest.number} has already been submitted: upload a new version first."
        )
    now = timezone.now()
    for previous in request.versions.filter(submitted_at__isnull=False, superseded_at__isnull=True):
        previous.superseded_at = now
        previous._change_reason = f"Superseded by version {latest.number}"
        previous.save()
    latest.submitted_at = now
    latest._change_reason = "Submitted to the panel"
    if by is not None:
        latest._history_user = by
    latest.save()
    request.status = Status.SUBMITTED
    request.submitted_at = now
    request.submitted_by = by
    request._change_reason = f"Version {latest.number} submitted to the panel"
    if by is not None:
        request._history_user = by
    request.save()
    deadlines.close_deadline(
        kind=DEADLINE_KINDS[request.kind], source=request, met_on=timezone.localdate(now)
    )
    return latest


# --- Recording a contribution on an agency's behalf -------------------------------------------


def record_for_agency(
    request: ContributionRequest,
    *,
    by,
    upload,
    received_via: str,
    received_on: date,
    original=None,
    note: str = "",
) -> ContributionVersion:
    """The review manager or the chair uploads what an agency with no users sent by e-mail or
    post: a new version, marked as recorded by them, received how and when, with the original
    e-mail or letter, and submitted to the panel at once (nobody of the agency can submit it).

    A chronology is read exactly as the agency's own upload would be, with the agency's
    remembered columns or the template's headings: any error and nothing is saved
    (``ImportRefused``). The request's deadline is met.
    """
    if not directs(by, request.review):
        raise TransitionRefused(
            "Only the review manager or the chair can record a contribution for an agency."
        )
    lifecycle.check_received(
        received_via=received_via,
        received_on=received_on,
        original=original,
        not_before=request.requested_on,
    )
    result = None
    if request.is_chronology:
        checked = checked_upload(
            upload, wrong_kind=importer.NOT_A_SPREADSHEET, purpose=CHRONOLOGY_PURPOSE
        )
        result = importer.read_chronology(
            _parse(checked),
            chosen=saved_columns(request.agency),
            period=period_under_review(request.review),
        )
        if not result.can_import:
            raise ImportRefused(result)
    else:
        checked = checked_upload(upload, purpose=upload_purpose(request))
    version = None
    try:
        with transaction.atomic():
            request = ContributionRequest.objects.select_for_update().get(pk=request.pk)
            _check_open(request.review)
            if not request.is_live:
                raise TransitionRefused(
                    f"This contribution is {request.get_status_display().lower()}."
                )
            version = ContributionVersion(
                request=request,
                number=_next_number(request),
                note=note.strip()
                or f"Sent by {ReceivedVia(received_via).label.lower()}, recorded for the agency",
                uploaded_by=by,
                uploaded_at=timezone.now(),
                entry_count=len(result.entries) if result else 0,
            )
            _store(version, checked)
            lifecycle.attach_received(
                version,
                by=by,
                received_via=received_via,
                received_on=received_on,
                original=original,
            )
            version._history_user = by
            version._change_reason = f"Recorded for {request.agency}"
            version.save()
            if result is not None:
                _insert_entries(version, result.entries)
            _mark_draft(request)
            # Met the day it was received (before ``_submit`` would meet it today).
            deadlines.close_deadline(
                kind=DEADLINE_KINDS[request.kind], source=request, met_on=received_on
            )
            _submit(request, by=by)
    except Exception:
        _remove_file(version)
        lifecycle.remove_received(version)
        raise
    version.refresh_from_db()
    return version


# --- Loading an existing review's chronology (manage.py import_chronology) ------------------------


@dataclass
class LoadOutcome:
    result: importer.ImportResult
    version: ContributionVersion | None = None


def load_chronology(
    review: Review, agency, upload, *, dry_run: bool = False, submit: bool = False
) -> LoadOutcome:
    """Reads a chronology file for ``agency`` on ``review`` exactly as the upload page does and,
    unless ``dry_run`` or the file has errors, imports it as a new version of the agency's
    chronology (a request is recorded if there is none, with no deadline: nothing is
    outstanding), submitted to the panel when ``submit``. For operators loading existing
    reviews: no user is recorded as having uploaded it, and any stage but "closed" is accepted.

    ``upload`` is a Django ``File``; raises ``TransitionRefused`` when it is not a spreadsheet.
    """
    if not dry_run:
        _check_open(review)
    checked = checked_upload(
        upload, wrong_kind=importer.NOT_A_SPREADSHEET, purpose=CHRONOLOGY_PURPOSE
    )
    sheet = _parse(checked)
    result = importer.read_chronology(sheet, chosen=saved_columns(agency), **date_checks(review))
    if dry_run or not result.can_import:
        return LoadOutcome(result)
    version = None
    try:
        with transaction.atomic():
            request = _chronology_request_for_loading(review, agency)
            version = ContributionVersion(
                request=request,
                number=_next_number(request),
                note="Loaded with manage.py import_chronology",
                uploaded_at=timezone.now(),
                entry_count=len(result.entries),
            )
            _store(version, checked)
            version.save()
            _insert_entries(version, result.entries)
            _mark_draft(request)
            if submit:
                submit_to_panel(request, by=None)
                version.refresh_from_db()
    except Exception:
        _remove_file(version)
        raise
    return LoadOutcome(result, version)


def _chronology_request_for_loading(review: Review, agency) -> ContributionRequest:
    Review.objects.select_for_update().get(pk=review.pk)
    request = (
        review.contribution_requests.select_for_update()
        .filter(agency=agency, kind=Kind.CHRONOLOGY)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if request is not None:
        if request.status == Status.ACCEPTED:
            raise TransitionRefused(f"The chronology of {agency} has been accepted already.")
        return request
    today = timezone.localdate()
    request = ContributionRequest(
        review=review,
        agency=agency,
        kind=Kind.CHRONOLOGY,
        details="Loaded from an existing review.",
        requested_on=today,
        due_on=today,
    )
    request._change_reason = "Chronology loaded from an existing review"
    request.save()
    access.grant_agency(review, agency)
    return request
