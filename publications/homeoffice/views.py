"""The Home Office data form of a review: the summary page (the review manager and the chair)
and one page per section, where the review manager answers.

Every page starts from ``review_for`` (a 404 outside the user's scope); the summary is for the
manager and the chair, who see the people's identity anyway; panel agencies never see it (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.accounts.roles import Role
from dhr.files.downloads import attachment, log_download
from dhr.locking import EditConflict
from dhr.models import Partnership
from publications.homeoffice import exports, fields, pack, services
from publications.homeoffice.forms import BulkExportForm, PersonSectionForm, SectionForm


def _readable_review(request, reference):
    review = review_for(request, reference)
    if not access.can_see_restricted(request.user, review):
        raise PermissionDenied("The Home Office form is for the review manager and the chair.")
    return review


def form_summary(request, reference):
    """Every section with its answers, what is missing, and links to answer it."""
    review = _readable_review(request, reference)
    filled = services.filled_in(review)
    context = review_context(request, review)
    context.update(
        {
            "filled": filled,
            "can_edit": access.manages(request.user, review) and not review.is_closed,
            "can_export": access.manages(request.user, review),
            "recipients": pack.recipients(),
        }
    )
    return render(request, "publications/homeoffice/summary.html", context)


class SectionView(View):
    """One section's questions on one page, for the review manager."""

    template_name = "publications/homeoffice/section.html"

    def dispatch(self, request, reference, section=None, pk=None):
        self.review = review_for(request, reference)
        if not access.manages(request.user, self.review):
            raise PermissionDenied("Only the review manager answers the Home Office form.")
        self.subject = None
        if pk is not None:
            self.subject = get_object_or_404(self.review.subjects, pk=pk)
            if not fields.questions_for(self.subject):
                raise Http404("The form asks nothing about this person.")
            key = f"{fields.PERSON_SECTIONS[self.subject.role]}-{self.subject.pk}"
        elif section in (fields.Section.INCIDENT, fields.Section.CIRCUMSTANCES):
            key = section
        else:
            raise Http404("No such section.")
        self.section = services.filled_in(self.review).section(key)
        return super().dispatch(request)

    def _form(self, data=None):
        if self.subject is not None:
            return PersonSectionForm(data, items=self.section.items, subject=self.subject)
        return SectionForm(data, items=self.section.items)

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                if self.subject is None:
                    services.save_incident(self.review, by=request.user, answers=form.answers())
                else:
                    services.save_person(
                        self.subject,
                        by=request.user,
                        answers=form.answers(),
                        last_seen=form.last_seen,
                    )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            except EditConflict as conflict:
                form.show_conflict(conflict, reader=request.user)
            else:
                messages.success(request, f"{self.section.title}: your answers have been saved.")
                return redirect("publications:home_office_form", reference=self.review.reference)
        return self._render(form)

    def _render(self, form):
        context = review_context(self.request, self.review)
        context.update({"form": form, "section": self.section, "closed": self.review.is_closed})
        return render(self.request, self.template_name, context)


# --- Exports (administrators; review managers for their own partnerships) ----------------------

EXPORT_PAGE_SIZE = 25


def export_page(request):
    """The bulk export's form (a GET with ``download`` sends the file) and the list of
    reviews, each with its own form's downloads."""
    if not exports.may_export(request.user):
        raise PermissionDenied("Only administrators and review managers export the form.")
    reviews = exports.exportable_reviews(request.user).order_by("-notified_on", "reference")
    partnerships = Partnership.objects.filter(pk__in=reviews.values("partnership")).order_by("name")
    if request.user.role == Role.REVIEW_MANAGER:
        partnerships = request.user.partnerships.order_by("name")
    form = BulkExportForm(
        request.GET if "download" in request.GET else None, partnerships=partnerships
    )
    if form.is_bound and form.is_valid():
        file = exports.export_bulk(request.user, form.filters(), form.cleaned_data["file_format"])
        return attachment(file.content, file.content_type, file.filename)
    page = Paginator(reviews, EXPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publications/homeoffice/exports.html",
        {
            "form": form,
            "page": page,
            "all_partnerships": request.user.role == Role.ADMINISTRATOR,
        },
    )


def review_export(request, reference, file_format):
    """One review's form as XLSX or PDF: 403 for other roles, 404 outside the user's scope."""
    if not exports.may_export(request.user):
        raise PermissionDenied("Only administrators and review managers export the form.")
    if file_format not in (exports.XLSX, exports.PDF):
        raise Http404("No such format.")
    try:
        file = exports.export_review(request.user, reference, file_format)
    except Review.DoesNotExist as missing:
        raise Http404("No such review.") from missing
    return attachment(file.content, file.content_type, file.filename)


# --- The submission pack (the review manager) --------------------------------------------------


def submission_pack(request, reference, recipient):
    """One zip for a recipient of the review: reports, action plan and the data form."""
    review = review_for(request, reference)
    if not access.manages(request.user, review):
        raise PermissionDenied("Only the review manager downloads the submission pack.")
    chosen = pack.RECIPIENTS.get(recipient)
    if chosen is None or not chosen.in_force:
        raise Http404("No such recipient.")
    content, _ = pack.build_pack(review, chosen)
    log_download(
        request,
        description=f"Submission pack of {review.reference} for the {chosen.name}",
        object_type="submission_pack",
        object_id=review.pk,
        review_reference=review.reference,
    )
    return attachment(content, "application/zip", pack.pack_name(review, chosen))
