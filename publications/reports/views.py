"""The review's Report tab: the versions of the overview report and the executive summary,
each version's pre-publication check, and the publication record (public summary,
withdrawal of a published document). Thin views: the domain is in the features' services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render

from cases.lifecycle.workflow import TransitionRefused
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.files import downloads
from publications.checks import services as checks
from publications.checks.models import Finding, PublicationCheck
from publications.register import services as register
from publications.register.models import PublishedDocument
from publications.reports import services
from publications.reports.forms import ResolveForm, SummaryForm, VersionForm, WithdrawForm


def _versions(review):
    summaries = PublicationCheck.objects.annotate(
        total=Count("findings"),
        open_findings=Count("findings", filter=~Q(findings__resolution=Finding.Resolution.KEEP)),
    ).order_by("-run_at", "-pk")
    return services.versions_for(review).prefetch_related(
        Prefetch("checks", queryset=summaries, to_attr="check_summaries")
    )


def reports(request, reference):
    """Every version, newest first per document; the manager and the chair upload here."""
    review = review_for(request, reference)
    can_upload = services.can_upload(request.user, review) and not review.is_closed
    form = None
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied("Only the review manager or the chair can add report versions.")
        form = VersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = form.cleaned_data
                version = services.upload_version(
                    review,
                    by=request.user,
                    document=data["document"],
                    upload=data["file"],
                    changes=data["changes"],
                    status=data["status"],
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"{version} has been uploaded.")
                return redirect("publications:reports", reference=review.reference)
    elif can_upload:
        form = VersionForm()
    context = review_context(request, review, "publications:reports")
    context.update(
        {
            "versions": _versions(review),
            "form": form,
            "can_check": checks.can_read(request.user, review),
        }
    )
    return render(request, "publications/reports/list.html", context)


def report_download(request, reference, pk):
    review = review_for(request, reference)
    version = get_object_or_404(review.report_versions, pk=pk)
    return downloads.stored_file_response(
        request,
        version.file,
        filename=version.original_name,
        content_type=version.content_type,
        description=f"{version} of {review.reference}",
        object_type="report_version",
        object_id=version.pk,
        review_reference=review.reference,
    )


def report_check(request, reference, pk):
    """The version's latest check and its findings; the manager runs the check, resolves each
    finding and makes the redacted copy (POST)."""
    review = review_for(request, reference)
    if not checks.can_read(request.user, review):
        raise PermissionDenied("The check quotes restricted details.")
    version = get_object_or_404(review.report_versions, pk=pk)
    resolve_form = None
    if request.method == "POST":
        if not access.manages(request.user, review):
            raise PermissionDenied("Only the review manager can run the check.")
        action = request.POST.get("action")
        try:
            if action == "run":
                check = checks.run_check(version, by=request.user)
                messages.success(request, f"The check found {check.findings.count()} items.")
                return redirect("publications:report_check", reference=reference, pk=pk)
            if action == "redact":
                check = checks.latest_check(version)
                if check is None:
                    raise TransitionRefused("Run the check first.")
                copy = checks.make_redacted_copy(check, by=request.user)
                messages.success(request, f"{copy} is the redacted copy; it has been checked.")
                return redirect("publications:report_check", reference=reference, pk=copy.pk)
            resolve_form = ResolveForm(request.POST)
            if resolve_form.is_valid():
                finding = get_object_or_404(
                    Finding, check_run__version=version, pk=resolve_form.cleaned_data["finding"]
                )
                checks.resolve(
                    finding,
                    by=request.user,
                    resolution=resolve_form.cleaned_data["resolution"],
                    reason=resolve_form.cleaned_data["reason"],
                )
                return (
                    redirect("publications:report_check", reference=reference, pk=pk)
                    if not request.POST.get("next")
                    else redirect(request.POST["next"])
                )
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("publications:report_check", reference=reference, pk=pk)
    check = checks.latest_check(version)
    findings = list(check.findings.select_related("resolved_by")) if check else []
    context = review_context(request, review, "publications:reports")
    context.update(
        {
            "version": version,
            "check": check,
            "findings": findings,
            "clean": checks.is_clean(check),
            "pending": [f for f in findings if f.resolution == Finding.Resolution.PENDING],
            "to_redact": [f for f in findings if f.resolution == Finding.Resolution.REDACT],
            "resolve_form": resolve_form,
            # A closed review's checks are a record: nothing on the page changes them.
            "manages": context["manages"] and not review.is_closed,
            "can_check": access.manages(request.user, review)
            and not review.is_closed
            and version.extension in ("docx", "pdf"),
        }
    )
    return render(request, "publications/reports/check.html", context)


def publication_record(request, reference):
    """The public summary, what publication will put on the register, and withdrawal."""
    review = review_for(request, reference)
    if not access.manages(request.user, review):
        raise PermissionDenied("Only the review manager records the publication.")
    record = getattr(review, "publication_record", None)
    summary_form = SummaryForm(initial={"summary": record.summary if record else ""})
    withdraw_form = WithdrawForm()
    if request.method == "POST":
        try:
            if request.POST.get("form") == "withdraw":
                withdraw_form = WithdrawForm(request.POST)
                if withdraw_form.is_valid():
                    document = get_object_or_404(
                        PublishedDocument.objects.filter(record__review=review),
                        pk=withdraw_form.cleaned_data["document"],
                    )
                    register.withdraw(
                        document, by=request.user, reason=withdraw_form.cleaned_data["reason"]
                    )
                    messages.success(request, f"“{document.title}” has been withdrawn.")
                    return redirect("publications:publication_record", reference=reference)
            elif review.is_closed:
                # Only withdrawal goes on after closing (cases.lifecycle.closed lets it through).
                summary_form = SummaryForm(request.POST)
                summary_form.is_valid()  # so the refusal can be shown on the bound form
                raise TransitionRefused("The review is closed: its public summary cannot change.")
            else:
                summary_form = SummaryForm(request.POST)
                if summary_form.is_valid():
                    register.save_summary(
                        review, by=request.user, summary=summary_form.cleaned_data["summary"]
                    )
                    messages.success(request, "The public summary has been saved.")
                    return redirect("publications:publication_record", reference=reference)
        except TransitionRefused as refusal:
            (withdraw_form if request.POST.get("form") == "withdraw" else summary_form).add_error(
                None, str(refusal)
            )
    to_publish = [
        (version, checks.is_clean(checks.latest_check(version)))
        for version in checks.versions_to_publish(review)
    ]
    context = review_context(request, review, "publications:reports")
    context.update(
        {
            "record": record,
            "summary_form": summary_form,
            "withdraw_form": withdraw_form,
            "to_publish": to_publish,
            "refusal": checks.publication_guard(review),
            "published": list(record.documents.select_related("version")) if record else [],
        }
    )
    return render(request, "publications/reports/publication.html", context)
