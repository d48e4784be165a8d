"""The agency contributions pages: requests, versions, chronology upload, column mapping,
preview and confirmation, submission, acceptance, downloads and the chronology template.

Thin views over ``panels.contributions.services``. Every page starts from the review the user may
open (``review_for``: a 404 outside their scope) and the requests and versions they may see
(``requests_for``, ``versions_for``: another agency's draft is a 404). A page their role never uses
is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from cases.lifecycle.workflow import TransitionRefused
from cases.reviews.page import review_context, review_for
from dhr.files import downloads
from panels.chronology import importer, template
from panels.contributions import services as contributions
from panels.contributions.forms import (
    ChronologyUploadForm,
    ColumnsForm,
    ConfirmImportForm,
    DocumentUploadForm,
    RecordForAgencyForm,
    RequestForm,
)
from panels.models import ContributionRequest

Status = ContributionRequest.Status
ENTRIES_PER_PAGE = 100
PREVIEW_ISSUES_SHOWN = 500  # a file with thousands of bad rows: the first ones say enough


# --- Helpers -------------------------------------------------------------------------------------


def _visible_request(request, review, pk) -> ContributionRequest:
    """A request the user may see on this review, or a 404."""
    return get_object_or_404(contributions.requests_for(request.user, review), pk=pk)


def _own_request(request, reference, pk):
    """The review and a request of the user's own agency (403 for anyone else who can see it)."""
    review = review_for(request, reference)
    contribution = _visible_request(request, review, pk)
    if not contributions.is_own(request.user, contribution):
        raise PermissionDenied(f"Only members of {contribution.agency} can do this.")
    return review, contribution


def _directed_request(request, reference, pk):
    """The review and a request, for the manager or the chair (403 for anyone else)."""
    review = review_for(request, reference)
    contribution = _visible_request(request, review, pk)
    if not contributions.directs(request.user, review):
        raise PermissionDenied("Only the review manager or the chair can do this.")
    return review, contribution


def _render(request, review, template_name, **context):
    page = review_context(request, review)
    page.update(context)
    return render(request, template_name, page)


def status_for(user, contribution, *, has_submitted: bool, directs: bool) -> tuple[str, str]:
    """The request's status as this user may see it: other agencies never learn of drafts.
    ``directs``: the user is the review's manager or chair (asked once per page)."""
    sees_drafts = directs or contributions.is_own(user, contribution)
    status = contribution.status
    if not sees_drafts and status in (Status.REQUESTED, Status.DRAFT):
        status = Status.SUBMITTED if has_submitted else Status.REQUESTED
    label = "Not submitted yet" if status == Status.REQUESTED and not sees_drafts else None
    tags = {
        Status.REQUESTED: "govuk-tag--blue",
        Status.DRAFT: "govuk-tag--yellow",
        Status.SUBMITTED: "govuk-tag--light-blue",
        Status.ACCEPTED: "govuk-tag--green",
        Status.WITHDRAWN: "govuk-tag--grey",
    }
    return label or Status(status).label, tags[status]


def _is_overdue(contribution) -> bool:
    return (
        contribution.status in (Status.REQUESTED, Status.DRAFT)
        and not contribution.review.is_on_hold
        and contribution.due_on < timezone.localdate()
    )


# --- The list and a new request -----------------------------------------------------------------


def contribution_list(request, reference):
    """Every request the user may see, with its status (one query for all of them)."""
    review = review_for(request, reference)
    requests = contributions.requests_for(request.user, review).annotate(
        submitted_versions=Count("versions", filter=Q(versions__submitted_at__isnull=False))
    )
    directs = contributions.directs(request.user, review)
    rows = []
    for contribution in requests:
        contribution.review = review  # already loaded: no query per row
        label, tag = status_for(
            request.user,
            contribution,
            has_submitted=contribution.submitted_versions > 0,
            directs=directs,
        )
        rows.append(
            {
                "request": contribution,
                "status": label,
                "tag": tag,
                "overdue": _is_overdue(contribution),
            }
        )
    return _render(
        request,
        review,
        "panels/contributions/list.html",
        rows=rows,
        can_request=directs and review.stage in contributions.REQUEST_STAGES,
    )


class RequestCreateView(View):
    """The review manager or the chair asks an agency for a contribution."""

    def dispatch(self, request, reference):
        self.review = review_for(request, reference)
        if not contributions.directs(request.user, self.review):
            raise PermissionDenied("Only the review manager or the chair can ask agencies.")
        return super().dispatch(request)

    def get(self, request):
        return self._render(RequestForm(review=self.review))

    def post(self, request):
        form = RequestForm(request.POST, review=self.review)
        if form.is_valid():
            try:
                made = contributions.make_request(self.review, by=request.user, **form.cleaned_data)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"{made.agency} has been asked for: {made.label}.")
                return redirect("panels:contributions", reference=self.review.reference)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request, self.review, "panels/contributions/request_form.html", form=form
        )


# --- One request ---------------------------------------------------------------------------------


def contribution_detail(request, reference, pk):
    review = review_for(request, reference)
    contribution = _visible_request(request, review, pk)
    contribution.review = review
    user = request.user
    versions = list(contributions.versions_for(user, contribution))
    own = contributions.is_own(user, contribution)
    directs = contributions.directs(user, review)
    latest = versions[0] if versions else None
    label, tag = status_for(
        user,
        contribution,
        has_submitted=any(not version.is_draft for version in versions),
        directs=directs,
    )
    staged = contribution.staged_chronologies.defer("sheet").first() if own else None
    return _render(
        request,
        review,
        "panels/contributions/detail.html",
        contribution=contribution,
        versions=versions,
        status=label,
        tag=tag,
        overdue=_is_overdue(contribution),
        own=own,
        staged=staged,
        can_upload=own and contribution.is_live and not review.is_closed,
        can_submit=own
        and contribution.is_live
        and latest is not None
        and latest.is_draft
        and not review.is_closed,
        can_accept=directs and contribution.status == Status.SUBMITTED and not review.is_closed,
        can_record=directs and contribution.is_live and not review.is_closed,
        can_withdraw=directs
        and contribution.status in (Status.REQUESTED, Status.DRAFT)
        and not any(not version.is_draft for version in versions)
        and not review.is_closed,
    )


def version_download(request, reference, pk, version_pk):
    """The version's file as an attachment; another agency's draft is a 404."""
    review = review_for(request, reference)
    contribution = _visible_request(request, review, pk)
    version = get_object_or_404(
        contributions.versions_for(request.user, contribution), pk=version_pk
    )
    return downloads.stored_file_response(
        request,
        version.file,
        filename=version.original_name,
        content_type=version.content_type,
        description=f"{contribution} version {version.number} of {review.reference}",
        object_type="contribution_version",
        object_id=version.pk,
        review_reference=review.reference,
    )


def version_entries(request, reference, pk, version_pk):
    """The entries read from one chronology version, in the agency's row order, paginated."""
    review = review_for(request, reference)
    contribution = _visible_request(request, review, pk)
    version = get_object_or_404(
        contributions.versions_for(request.user, contribution), pk=version_pk
    )
    if not contribution.is_chronology:
        raise Http404("Only a chronology has entries.")
    page = Paginator(version.entries.order_by("row_number", "pk"), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return _render(
        request,
        review,
        "panels/contributions/entries.html",
        contribution=contribution,
        version=version,
        page=page,
    )


class UploadView(View):
    """Members of the agency asked upload a version: a document, or a chronology spreadsheet
    (kept as a staged file, then previewed)."""

    def dispatch(self, request, reference, pk):
        self.review, self.contribution = _own_request(request, reference, pk)
        return super().dispatch(request)

    def form(self, *args):
        if self.contribution.is_chronology:
            return ChronologyUploadForm(*args)
        return DocumentUploadForm(*args, purpose=contributions.upload_purpose(self.contribution))

    def get(self, request):
        return self._render(self.form())

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                if self.contribution.is_chronology:
                    staged = contributions.stage_chronology(
                        self.contribution, by=request.user, upload=form.cleaned_data["file"]
                    )
                    return redirect(
                        "panels:chronology_preview",
                        self.review.reference,
                        self.contribution.pk,
                        staged.pk,
                    )
                version = contributions.upload_document(
                    self.contribution,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                )
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"Version {version.number} has been uploaded as a draft. "
                    "Submit it to the panel when it is ready.",
                )
                return redirect("panels:contribution", self.review.reference, self.contribution.pk)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request,
            self.review,
            "panels/contributions/upload.html",
            form=form,
            contribution=self.contribution,
        )


def version_original(request, reference, pk, version_pk):
    """The original e-mail or letter of a version recorded for the agency (404 when none)."""
    review = review_for(request, reference)
    contribution = _visible_request(request, review, pk)
    version = get_object_or_404(
        contributions.versions_for(request.user, contribution), pk=version_pk
    )
    if not version.received_file.name:
        raise Http404("No original was attached.")
    return downloads.stored_file_response(
        request,
        version.received_file,
        filename=version.received_file_name,
        content_type=version.received_file_type,
        description=f"Original sent with {contribution} version {version.number} of "
        f"{review.reference}",
        object_type="contribution_version_original",
        object_id=version.pk,
        review_reference=review.reference,
    )


class RecordView(View):
    """The review manager or the chair records a contribution an agency sent by e-mail or
    post (an agency with no users): uploaded, marked as recorded for it and submitted."""

    def dispatch(self, request, reference, pk):
        self.review, self.contribution = _directed_request(request, reference, pk)
        return super().dispatch(request)

    def form(self, *args):
        return RecordForAgencyForm(*args, purpose=contributions.upload_purpose(self.contribution))

    def refusal(self) -> str | None:
        if self.review.is_closed:
            return "The review is closed: its records can no longer change."
        if not self.contribution.is_live:
            return f"This contribution is {self.contribution.get_status_display().lower()}."
        return None

    def get(self, request):
        refusal = self.refusal()
        return self._render(None if refusal else self.form(), refusal=refusal)

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        result = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = contributions.record_for_agency(
                    self.contribution,
                    by=request.user,
                    upload=data["file"],
                    note=data["note"],
                    received_via=data["received_via"],
                    received_on=data["received_on"],
                    original=data["original"],
                )
            except contributions.ImportRefused as refused:
                result = refused.result
                form.add_error(None, str(refused))
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"Version {version.number} from {self.contribution.agency} has been "
                    "recorded and submitted to the panel.",
                )
                return redirect("panels:contribution", self.review.reference, self.contribution.pk)
        return self._render(form, result=result)

    def _render(self, form, refusal=None, result=None):
        return _render(
            self.request,
            self.review,
            "panels/contributions/record.html",
            form=form,
            refusal=refusal,
            contribution=self.contribution,
            errors=result.errors[:PREVIEW_ISSUES_SHOWN] if result else [],
        )


# --- Chronology: columns, preview, confirmation --------------------------------------------------


def _staged(request, reference, pk, staged_pk):
    """The review, the request and its staged file: for members of its agency only. The
    manager and the chair get a 403; other agencies a 404 (it is a draft of sorts)."""
    review = review_for(request, reference)
    contribution = _visible_request(request, review, pk)
    if not contributions.is_own(request.user, contribution):
        if contributions.directs(request.user, review):
            raise PermissionDenied(f"Only members of {contribution.agency} import its chronology.")
        raise Http404("No such file.")
    staged = get_object_or_404(contribution.staged_chronologies, pk=staged_pk)
    staged.request = contribution
    return review, contribution, staged


class ColumnsView(View):
    """Matches the file's columns to ours (remembered for the agency as soon as chosen)."""

    def dispatch(self, request, reference, pk, staged_pk):
        self.review, self.contribution, self.staged = _staged(request, reference, pk, staged_pk)
        self.result = contributions.preview(self.staged)
        if self.result.header is None:
            messages.error(request, str(self.result.errors[0]))
            return redirect("panels:chronology_preview", reference, pk, staged_pk)
        return super().dispatch(request)

    def get(self, request):
        initial = self.result.chosen_labels
        return self._render(ColumnsForm(labels=self.result.header.labels, initial_columns=initial))

    def post(self, request):
        form = ColumnsForm(request.POST, labels=self.result.header.labels)
        if form.is_valid():
            contributions.choose_columns(self.staged, by=request.user, chosen=form.cleaned_data)
            return redirect(
                "panels:chronology_preview",
                self.review.reference,
                self.contribution.pk,
                self.staged.pk,
            )
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request,
            self.review,
            "panels/contributions/columns.html",
            form=form,
            contribution=self.contribution,
            staged=self.staged,
            header=self.result.header,
        )


class PreviewView(View):
    """What the import would do, row by row, before anything is saved; POST confirms."""

    def dispatch(self, request, reference, pk, staged_pk):
        self.review, self.contribution, self.staged = _staged(request, reference, pk, staged_pk)
        return super().dispatch(request)

    def get(self, request):
        result = contributions.preview(self.staged)
        if result.needs_mapping:
            return redirect(
                "panels:chronology_columns",
                self.review.reference,
                self.contribution.pk,
                self.staged.pk,
            )
        return self._render(result, ConfirmImportForm())

    def post(self, request):
        form = ConfirmImportForm(request.POST)
        result = None
        if form.is_valid():
            try:
                version = contributions.confirm_chronology(
                    self.staged, by=request.user, note=form.cleaned_data["note"]
                )
            except contributions.ImportRefused as refused:
                result = refused.result
                form.add_error(None, str(refused))
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"{version.entry_count} entries have been imported as version "
                    f"{version.number} (a draft). Submit it to the panel when it is ready.",
                )
                return redirect("panels:contribution", self.review.reference, self.contribution.pk)
        return self._render(result or contributions.preview(self.staged), form)

    def _render(self, result: importer.ImportResult, form):
        return _render(
            self.request,
            self.review,
            "panels/contributions/preview.html",
            contribution=self.contribution,
            staged=self.staged,
            result=result,
            form=form,
            errors=result.errors[:PREVIEW_ISSUES_SHOWN],
            warnings=result.warnings[:PREVIEW_ISSUES_SHOWN],
            sample=result.entries[:20],
            period=contributions.period_under_review(self.review),
        )


class DiscardView(View):
    """Asks for confirmation, then drops the staged file."""

    def dispatch(self, request, reference, pk, staged_pk):
        self.review, self.contribution, self.staged = _staged(request, reference, pk, staged_pk)
        return super().dispatch(request)

    def get(self, request):
        return _render(
            request,
            self.review,
            "includes/discard_staged.html",
            contribution=self.contribution,
            staged=self.staged,
            preview_url=reverse(
                "panels:chronology_preview",
                args=[self.review.reference, self.contribution.pk, self.staged.pk],
            ),
        )

    def post(self, request):
        contributions.discard_staged(self.staged, by=request.user)
        messages.success(request, f"“{self.staged.original_name}” has been discarded.")
        return redirect("panels:contribution", self.review.reference, self.contribution.pk)


# --- Submit, accept, withdraw ---------------------------------------------------------------------


class ConfirmActionView(View):
    """A page asking "are you sure?", then the action on POST; refusals go back to the request
    page as an error message."""

    template_name = ""
    own_agency = False

    def dispatch(self, request, reference, pk):
        if self.own_agency:
            self.review, self.contribution = _own_request(request, reference, pk)
        else:
            self.review, self.contribution = _directed_request(request, reference, pk)
        return super().dispatch(request)

    def get(self, request):
        latest = self.contribution.versions.order_by("-number").first()
        return _render(
            request, self.review, self.template_name, contribution=self.contribution, latest=latest
        )

    def post(self, request):
        try:
            message = self.perform()
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, message)
        return redirect("panels:contribution", self.review.reference, self.contribution.pk)

    def perform(self) -> str:
        raise NotImplementedError


class SubmitView(ConfirmActionView):
    template_name = "panels/contributions/submit.html"
    own_agency = True

    def perform(self):
        version = contributions.submit_to_panel(self.contribution, by=self.request.user)
        return f"Version {version.number} has been submitted to the panel."


class AcceptView(ConfirmActionView):
    template_name = "panels/contributions/accept.html"

    def perform(self):
        contributions.accept(self.contribution, by=self.request.user)
        return f"The {self.contribution.label.lower()} from {self.contribution.agency} is accepted."


class WithdrawView(ConfirmActionView):
    template_name = "panels/contributions/withdraw.html"

    def perform(self):
        contributions.withdraw_request(self.contribution, by=self.request.user)
        return f"The request to {self.contribution.agency} has been withdrawn."


# --- The template --------------------------------------------------------------------------------


def chronology_template(request, reference, file_format):
    """The chronology template, for anyone who may open the review."""
    review_for(request, reference)
    if file_format == "xlsx":
        content = template.template_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif file_format == "csv":
        content = template.template_csv()
        content_type = "text/csv; charset=utf-8"
    else:
        raise Http404("No such format.")
    return downloads.attachment(content, content_type, f"chronology-template.{file_format}")


def contribution_url(contribution) -> str:
    return reverse("panels:contribution", args=[contribution.review.reference, contribution.pk])
