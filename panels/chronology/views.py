"""The combined chronology: the page (monthly summary on top, entries paginated), annotations,
and the exports (Excel, PDF), every one through the same permission check.

Readers: the review manager, the chair and the agencies on the panel
(``contributions.can_see_combined``); anyone else who may open the review gets a 403, anyone
who may not open it a 404. Only submitted entries are ever combined (``chronology.combined``).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View

from cases.reviews.page import review_context, review_for
from dhr.files import downloads
from dhr.links import row_url
from dhr.pagination import FromEitherEndPaginator
from dhr.rows import render_rows
from panels.chronology import combined, export
from panels.chronology.forms import AnnotationForm, ChronologyFilterForm
from panels.contributions import services as contributions
from panels.models import ChronologyExport, EntryAnnotation

# 50 entries a page: a panel reads a 40,000-entry chronology by month and agency filters, and each
# row is the page's main cost (at 100 rows, drawing them was most of its 80 ms).
ENTRIES_PER_PAGE = 50
DEFAULT_PDF_INLINE_LIMIT = 1000  # above this many entries the PDF is made in the background


def pdf_inline_limit() -> int:
    """The largest PDF made while the browser waits (setting ``DHR_CHRONOLOGY_PDF_INLINE_LIMIT``).
    WeasyPrint lays out a few hundred entries a second: tens of thousands take minutes."""
    return getattr(settings, "DHR_CHRONOLOGY_PDF_INLINE_LIMIT", DEFAULT_PDF_INLINE_LIMIT)


def _readable_review(request, reference):
    review = review_for(request, reference)
    if not contributions.can_see_combined(request.user, review):
        raise PermissionDenied(
            "The combined chronology is for the review manager, the chair and the panel."
        )
    return review


def _filters(request, review, versions=None) -> tuple:
    """The filter form (bound to the query string) and the filters it gives; invalid dates
    are ignored and shown as errors. ``versions``: the review's current versions, when read."""
    form = ChronologyFilterForm(
        request.GET or None, agencies=combined.agencies_with_entries(review, versions)
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        agency_id = data.get("agency")
        return (
            form,
            combined.Filters(
                agency_id=agency_id, date_from=data.get("date_from"), date_to=data.get("date_to")
            ),
            form.agency_names.get(agency_id, ""),
        )
    return form, combined.Filters(), ""


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _annotate_url_maker(review, back_query: str):
    """Makes each entry's "Annotate" link, back to this page as it is (filters, page number),
    with the URL reversed once for the page (``dhr.links``)."""
    entry_url = row_url("panels:annotate", review.reference)
    back = f"?{urlencode({'back': back_query})}" if back_query else ""
    return lambda entry_pk: f"{entry_url(entry_pk)}{back}"


def combined_chronology(request, reference):
    """Counts per month (gaps and clusters) above the entries, 50 per page, each with its
    annotations: a fixed number of queries whatever the number of entries."""
    review = _readable_review(request, reference)
    versions = combined.current_versions(review)  # for the filter's agencies and the counts
    form, filters, _ = _filters(request, review, versions)
    entries = combined.filtered(review, filters)
    bounds = combined.summary_bounds(review)
    # The months and the entries' count in one pass over them (the paginator's count query
    # would be a second), kept until the review's versions change.
    periods, total = combined.kept_counted_periods(review, filters, bounds, versions)
    page = FromEitherEndPaginator(
        combined.flag_annotated(combined.ordered(entries)), ENTRIES_PER_PAGE, count=total
    ).get_page(request.GET.get("page"))
    notes = combined.annotations_by_entry(
        entry.pk for entry in page.object_list if entry.has_annotations
    )
    for entry in page.object_list:
        entry.notes = notes.get(entry.pk, [])
        # The entries' agencies are the filter's, named from the current versions the page has
        # read (``combined.agencies_with_entries``): not joined again for every entry.
        entry.agency_name = form.agency_names.get(entry.agency_id) or entry.agency.name
    can_annotate = contributions.directs(request.user, review)
    context = review_context(request, review)
    context.update(
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": _query_without_page(request),
            "periods": periods,
            "summary_bounds": bounds,
            # The entries dated outside the summary's span (counted, not stretching it).
            "outside": total - sum(period.count for period in periods),
            "gaps": sum(1 for period in periods if period.is_gap),
            "pdf_in_background": page.paginator.count > pdf_inline_limit(),
            "period_rows": render_rows(
                "panels/chronology/period_rows.jinja",
                periods=periods,
                largest=max((period.count for period in periods), default=0),
            ),
            # The annotation links for the chair and the manager only (none: no link).
            "entry_rows": render_rows(
                "panels/chronology/entry_rows.jinja",
                entries=page.object_list,
                annotate_url=(
                    _annotate_url_maker(review, request.GET.urlencode()) if can_annotate else None
                ),
                delete_url=(
                    row_url("panels:annotation_delete", review.reference) if can_annotate else None
                ),
            ),
        }
    )
    return render(request, "panels/chronology/combined.html", context)


# --- Annotations -------------------------------------------------------------------------------


def _annotator_review(request, reference):
    review = _readable_review(request, reference)
    if not contributions.directs(request.user, review):
        raise PermissionDenied("Only the chair and the review manager annotate entries.")
    return review


class AnnotateView(View):
    def dispatch(self, request, reference, entry_pk):
        self.review = _annotator_review(request, reference)
        self.entry = get_object_or_404(
            combined.submitted_entries(self.review).select_related("agency"), pk=entry_pk
        )
        return super().dispatch(request)

    def get(self, request):
        return self._render(AnnotationForm())

    def post(self, request):
        form = AnnotationForm(request.POST)
        if form.is_valid():
            combined.annotate(
                self.review, self.entry, by=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, "Your annotation has been added.")
            return redirect(_back_to_entry(self.review, self.entry, request.GET.get("back", "")))
        return self._render(form)

    def _render(self, form):
        context = review_context(self.request, self.review)
        notes = self.entry.annotations.select_related("author")
        context.update({"form": form, "entry": self.entry, "notes": notes})
        return render(self.request, "panels/chronology/annotate.html", context)


def _back_to_entry(review, entry, query: str) -> str:
    """The combined chronology as the user left it (filters, page), at the entry. Only the
    query string comes from the request: the path is always this review's page."""
    base = reverse("panels:combined_chronology", args=[review.reference])
    query = QueryDict(query).urlencode()  # re-encoded: nothing but a query string gets through
    return f"{base}?{query}#entry-{entry.pk}" if query else f"{base}#entry-{entry.pk}"


class AnnotationDeleteView(View):
    """Asks for confirmation, then deletes an annotation (its author's, or any for the chair
    and the manager: they moderate the panel's notes). The history keeps the text."""

    def dispatch(self, request, reference, pk):
        self.review = _annotator_review(request, reference)
        self.note = get_object_or_404(
            EntryAnnotation.objects.select_related("entry__agency", "author"),
            pk=pk,
            review=self.review,
        )
        return super().dispatch(request)

    def get(self, request):
        context = review_context(request, self.review)
        context["note"] = self.note
        return render(request, "panels/chronology/annotation_delete.html", context)

    def post(self, request):
        self.note._history_user = request.user
        self.note.delete()
        messages.success(request, "The annotation has been deleted.")
        return redirect("panels:combined_chronology", self.review.reference)


# --- Exports -----------------------------------------------------------------------------------


def _log_export(request, review, what: str, object_id="") -> None:
    downloads.log_download(
        request,
        description=f"Combined chronology of {review.reference} ({what})",
        object_type="combined_chronology",
        object_id=object_id,
        review_reference=review.reference,
    )


def export_xlsx(request, reference):
    review = _readable_review(request, reference)
    _, filters, agency_name = _filters(request, review)
    content = export.xlsx_bytes(
        review,
        combined.export_rows(review, filters),
        annotations=combined.review_annotations(review),
        filters_text=export.describe_filters(filters, agency_name),
    )
    _log_export(request, review, "Excel")
    return downloads.attachment(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{review.reference}-combined-chronology.xlsx",
    )


class PdfExportView(View):
    """GET: the PDF as an attachment when it is small enough to make now; otherwise a page
    offering to prepare it in the background. POST: starts that background export."""

    def dispatch(self, request, reference):
        self.review = _readable_review(request, reference)
        self.form, self.filters, self.agency_name = _filters(request, self.review)
        return super().dispatch(request)

    def get(self, request):
        count = combined.filtered(self.review, self.filters).count()
        if count <= pdf_inline_limit():
            content = export.pdf_bytes(
                self.review,
                combined.export_rows(self.review, self.filters),
                annotations=combined.review_annotations(self.review),
                filters_text=export.describe_filters(self.filters, self.agency_name),
            )
            _log_export(request, self.review, "PDF")
            return downloads.attachment(
                content, "application/pdf", f"{self.review.reference}-combined-chronology.pdf"
            )
        context = review_context(request, self.review)
        context.update({"count": count, "query": request.GET.urlencode()})
        return render(request, "panels/chronology/pdf_background.html", context)

    def post(self, request):
        combined.request_pdf_export(self.review, by=request.user, filters=self.filters)
        messages.success(request, "The PDF is being prepared: it will be listed here when ready.")
        return redirect("panels:chronology_exports", self.review.reference)


def export_list(request, reference):
    """The user's own background exports of this review (a page that refreshes itself while
    one is being prepared)."""
    review = _readable_review(request, reference)
    jobs = list(
        ChronologyExport.objects.filter(review=review, requested_by=request.user).select_related(
            "agency"
        )[:20]
    )
    context = review_context(request, review)
    context.update(
        {
            "jobs": jobs,
            "waiting": any(job.status == ChronologyExport.Status.PENDING for job in jobs),
        }
    )
    return render(request, "panels/chronology/exports.html", context)


def export_download(request, reference, pk):
    """A background export: only for the person who asked for it, while they may still read
    the combined chronology."""
    review = _readable_review(request, reference)
    job = get_object_or_404(
        ChronologyExport.objects.filter(review=review, requested_by=request.user),
        pk=pk,
        status=ChronologyExport.Status.READY,
    )
    return downloads.stored_file_response(
        request,
        job.file,
        filename=f"{review.reference}-combined-chronology.pdf",
        content_type="application/pdf",
        description=f"Combined chronology of {review.reference} (PDF prepared in the background)",
        object_type="combined_chronology",
        object_id=job.pk,
        review_reference=review.reference,
    )
