"""The review's learning briefing (the manager writes and publishes it, the chair reads it)
and its public pages (no sign-in: published briefings only).

Every review page starts from ``review_for`` (a 404 outside the user's scope); a role that never
has the page gets a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cases.lifecycle.workflow import TransitionRefused
from cases.reviews.page import review_context, review_for
from dhr.audit import history_entries
from dhr.files.downloads import log_download
from publications.briefings import services
from publications.briefings.forms import BriefingForm, WithdrawForm
from publications.briefings.models import Briefing

TAB = "cases:detail"


def _review(request, reference, *, manage=False):
    review = review_for(request, reference)
    allowed = services.may_manage if manage else services.may_read
    if not allowed(request.user, review):
        who = "the review manager" if manage else "the review manager and the chair"
        raise PermissionDenied(f"The learning briefing is for {who}.")
    return review


def _briefing(review) -> Briefing:
    briefing = services.briefing_of(review)
    if briefing is None:
        raise Http404("The review has no briefing yet.")
    return briefing


def _render(request, review, template, **context):
    full = review_context(request, review, TAB)
    full.update(context)
    return render(request, template, full)


def briefing_page(request, reference):
    """The briefing as it will read, what stops its publication, and the manager's actions."""
    review = _review(request, reference)
    briefing = services.briefing_of(review)
    return _render(
        request,
        review,
        "publications/briefings/briefing.html",
        briefing=briefing,
        sections=services.sections(briefing) if briefing else [],
        refusal=services.publication_refusal(briefing) if briefing else "",
        may_manage=services.may_manage(request.user, review),
    )


def briefing_edit(request, reference):
    review = _review(request, reference, manage=True)
    briefing = services.briefing_of(review)
    if briefing is not None and briefing.is_published:
        messages.error(request, "The briefing is published: withdraw it before changing it.")
        return redirect("publications:briefing", reference=review.reference)
    themes = services.offered_themes(review)
    recommendations = services.offered_recommendations(review)
    if briefing is None:
        initial = {
            "themes": list(services.review_theme_ids(review)),
        }
    else:
        initial = {
            "title": briefing.title,
            "themes": list(briefing.themes.values_list("pk", flat=True)),
            "recommendations": list(briefing.recommendations.values_list("pk", flat=True)),
            **{name: getattr(briefing, name) for name in services.TEXT_FIELDS},
        }
    form = BriefingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        themes=themes,
        recommendations=recommendations,
    )
    if form.is_valid():
        try:
            services.save_briefing(
                review,
                by=request.user,
                title=form.cleaned_data["title"],
                themes=form.cleaned_data["themes"],
                recommendations=form.cleaned_data["recommendations"],
                **form.parts(),
            )
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "The briefing has been saved.")
            return redirect("publications:briefing", reference=review.reference)
    return _render(
        request,
        review,
        "publications/briefings/form.html",
        form=form,
        briefing=briefing,
    )


def briefing_pdf(request, reference):
    review = _review(request, reference)
    briefing = _briefing(review)
    log_download(
        request,
        description=f"Learning briefing of {review.reference} (PDF)",
        object_type="briefing",
        object_id=briefing.pk,
        review_reference=review.reference,
    )
    return _pdf_response(briefing, attachment=True)


def _pdf_response(briefing, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(services.briefing_pdf(briefing), content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{services.pdf_name(briefing)}"'
    return response


def briefing_publish(request, reference):
    """GET: the confirmation (or why not yet); POST: publishes."""
    review = _review(request, reference, manage=True)
    briefing = _briefing(review)
    refusal = services.publication_refusal(briefing)
    if request.method == "POST":
        try:
            services.publish(briefing, by=request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "The briefing is published: anyone can now read it.")
        return redirect("publications:briefing", reference=review.reference)
    return _render(
        request,
        review,
        "publications/briefings/publish.html",
        briefing=briefing,
        refusal=refusal,
    )


def briefing_withdraw(request, reference):
    review = _review(request, reference, manage=True)
    briefing = _briefing(review)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.withdraw(briefing, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "The briefing is withdrawn: its public page is gone.")
            return redirect("publications:briefing", reference=review.reference)
    return _render(
        request, review, "publications/briefings/withdraw.html", briefing=briefing, form=form
    )


def briefing_delete(request, reference):
    """GET: the confirmation; POST: deletes the draft (its history stays in the review's)."""
    review = _review(request, reference, manage=True)
    briefing = _briefing(review)
    if request.method == "POST":
        try:
            services.delete(briefing, by=request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "The draft briefing has been deleted.")
        return redirect("publications:briefing", reference=review.reference)
    return _render(request, review, "publications/briefings/delete.html", briefing=briefing)


def briefing_history(request, reference):
    review = _review(request, reference)
    briefing = _briefing(review)
    return _render(
        request,
        review,
        "publications/briefings/history.html",
        briefing=briefing,
        entries=history_entries(briefing),
    )


# --- Public pages: no sign-in, published briefings only ---------------------------------------


def _published(pk) -> Briefing:
    briefing = get_object_or_404(
        Briefing.objects.select_related("review", "review__partnership"), pk=pk
    )
    if not briefing.is_published:
        if briefing.published_on:  # withdrawn
            raise _Gone()
        raise Http404("No such briefing.")
    return briefing


class _Gone(Exception):
    pass


def _gone_or(view):
    def wrapped(request, pk):
        try:
            return view(request, pk)
        except _Gone:
            response = render(request, "publications/briefings/gone.html", status=410)
            response["Cache-Control"] = "no-cache"
            return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@login_not_required
@require_GET
@_gone_or
@cache_control(public=True, max_age=600)
def public_briefing(request, pk):
    """A published briefing, for anyone: pseudonym, partnership and the seven parts."""
    briefing = _published(pk)
    return render(
        request,
        "publications/briefings/public.html",
        {"briefing": briefing, "review": briefing.review, "sections": services.sections(briefing)},
    )


@login_not_required
@require_GET
@_gone_or
@cache_control(public=True, max_age=600)
def public_briefing_pdf(request, pk):
    briefing = _published(pk)
    return _pdf_response(briefing, attachment=False)
