"""The Commissioner's pages: a review's reports and recommendations, themed reports, and the
agencies' responses within 56 days.

Scope first (a report outside ``services.reports_for`` is a 404), then role (recording is for
the partnership's review managers, responding for the addressed agency's members: 403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from actionplans.commissioner import services
from actionplans.commissioner.forms import RecommendationForm, ReportForm, ResponseForm
from actionplans.models import CommissionerRecommendation, RecommendationResponse
from cases.deadlines import services as deadlines
from cases.lifecycle.workflow import TransitionRefused
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.accounts.roles import Role
from dhr.files import downloads
from dhr.permissions import RoleRequiredMixin


def _recommendations():
    return CommissionerRecommendation.objects.select_related("agency", "response").order_by(
        "number"
    )


def report_blocks(reports, user) -> list[dict]:
    """Each report with its recommendations, their responses and response deadlines."""
    reports = list(reports.prefetch_related(Prefetch("recommendations", _recommendations())))
    recommendations = [rec for report in reports for rec in report.recommendations.all()]
    by_recommendation = services.response_deadlines(recommendations)
    today = timezone.localdate()
    blocks = []
    for report in reports:
        items = []
        for rec in report.recommendations.all():
            deadline = by_recommendation.get(rec.pk)
            response = getattr(rec, "response", None)
            items.append(
                {
                    "recommendation": rec,
                    "response": response,
                    "row": deadlines.DeadlineRow(deadline, today) if deadline else None,
                    "may_respond": services.may_respond(user, rec),
                }
            )
        blocks.append(
            {
                "report": report,
                "items": items,
                "may_add": services.manages_partnership(user, report.partnership_id),
            }
        )
    return blocks


# --- On a review -------------------------------------------------------------------------------


def review_reports(request, reference):
    """The Commissioner's reports on the review, each recommendation with its response."""
    review = review_for(request, reference)
    context = review_context(request, review)
    context.update(
        {
            "blocks": report_blocks(review.commissioner_reports.all(), request.user),
            "may_record": context["manages"],
        }
    )
    return render(request, "actionplans/review_reports.html", context)


class ReportCreateView(View):
    """Records the Commissioner's report on the review (or, without a review, on a theme)."""

    themed = False

    def dispatch(self, request, *args, **kwargs):
        self.review = None
        if not self.themed:
            self.review = review_for(request, kwargs["reference"])
            if not access.manages(request.user, self.review):
                raise PermissionDenied("Only the review manager can record this.")
        elif not (request.user.role == Role.REVIEW_MANAGER and request.user.is_active):
            raise PermissionDenied("Only review managers record the Commissioner's reports.")
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return ReportForm(data, themed=self.themed, user=self.request.user)

    def render_page(self, form):
        if self.themed:
            return render(self.request, "actionplans/themed_report_form.html", {"form": form})
        context = review_context(self.request, self.review)
        context["form"] = form
        return render(self.request, "actionplans/report_form.html", context)

    def get(self, request, reference=None):
        return self.render_page(self.form())

    def post(self, request, reference=None):
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.record_commissioner_report(
                    by=request.user,
                    partnership=data["partnership"] if self.themed else self.review.partnership,
                    review=self.review,
                    title=data["title"],
                    theme=data.get("theme", ""),
                    published_on=data["published_on"],
                    url=data["url"],
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, "The Commissioner's report is recorded. Add its recommendations."
                )
                return redirect("actionplans:report", pk=report.pk)
        return self.render_page(form)


# --- Themed reports and one report -------------------------------------------------------------


class ThemedReportListView(RoleRequiredMixin, View):
    """Themed reports (not on one review) of the user's partnerships or addressed to their
    agency."""

    allowed_roles = (Role.REVIEW_MANAGER, Role.AGENCY_MEMBER)

    def get(self, request):
        reports = services.reports_for(request.user).filter(review__isnull=True)
        return render(
            request,
            "actionplans/themed_reports.html",
            {
                "reports": list(reports.order_by("-published_on", "pk")),
                "may_record": request.user.role == Role.REVIEW_MANAGER,
            },
        )


def report_detail(request, pk):
    """One report (on a review or a theme) with its recommendations and responses."""
    blocks = report_blocks(services.reports_for(request.user).filter(pk=pk), request.user)
    if not blocks:
        raise Http404("No such report")
    return render(
        request, "actionplans/report.html", {"report": blocks[0]["report"], "blocks": blocks}
    )


class RecommendationCreateView(View):
    """A review manager of the partnership adds a recommendation to the report."""

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(services.reports_for(request.user), pk=kwargs["pk"])
        if not services.manages_partnership(request.user, self.report.partnership_id):
            raise PermissionDenied("Only a review manager of the partnership can add these.")
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form):
        return render(
            request=self.request,
            template_name="actionplans/recommendation_form.html",
            context={"form": form, "report": self.report},
        )

    def get(self, request, pk):
        return self.render_page(RecommendationForm())

    def post(self, request, pk):
        form = RecommendationForm(request.POST)
        if form.is_valid():
            try:
                services.add_recommendation(self.report, by=request.user, **form.cleaned_data)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    f"The recommendation to {form.cleaned_data['agency']} is recorded. "
                    "Its response is due within 56 days of the report's publication.",
                )
                if "another" in request.POST:
                    return redirect("actionplans:recommendation_new", pk=self.report.pk)
                return redirect("actionplans:report", pk=self.report.pk)
        return self.render_page(form)


# --- The agency's response ---------------------------------------------------------------------


def _visible_recommendation(request, pk) -> CommissionerRecommendation:
    return get_object_or_404(
        CommissionerRecommendation.objects.select_related(
            "agency", "report__partnership", "report__review"
        ).filter(report__in=services.reports_for(request.user)),
        pk=pk,
    )


class RespondView(View):
    """A member of the addressed agency records (or changes) its response."""

    template_name = "actionplans/respond.html"

    def dispatch(self, request, *args, **kwargs):
        self.recommendation = _visible_recommendation(request, kwargs["pk"])
        if not services.may_respond(request.user, self.recommendation):
            raise PermissionDenied("Only a member of the agency addressed can respond.")
        self.response = RecommendationResponse.objects.filter(
            recommendation=self.recommendation
        ).first()
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form):
        deadline = services.response_deadlines([self.recommendation]).get(self.recommendation.pk)
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "recommendation": self.recommendation,
                "report": self.recommendation.report,
                "response": self.response,
                "row": deadlines.DeadlineRow(deadline, timezone.localdate()) if deadline else None,
            },
        )

    def get(self, request, pk):
        initial = {}
        if self.response:
            initial = {
                "text": self.response.text,
                "responded_on": self.response.responded_on,
                "published_url": self.response.published_url,
            }
        return self.render_page(ResponseForm(initial=initial))

    def post(self, request, pk):
        form = ResponseForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.respond(
                    self.recommendation,
                    by=request.user,
                    text=data["text"],
                    responded_on=data["responded_on"],
                    published_url=data["published_url"],
                    document=data["document"],
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Your response is recorded. Thank you.")
                report = self.recommendation.report
                if report.review_id:
                    return redirect("actionplans:review_reports", reference=report.review.reference)
                return redirect("actionplans:report", pk=report.pk)
        return self.render_page(form)


def response_document(request, pk):
    """The response's document, to anyone who may open the report (an attachment)."""
    recommendation = _visible_recommendation(request, pk)
    response = RecommendationResponse.objects.filter(recommendation=recommendation).first()
    if response is None or not response.file:
        raise Http404("No document")
    review = recommendation.report.review
    return downloads.stored_file_response(
        request,
        response.file,
        filename=response.original_name,
        content_type=response.content_type,
        description=f"Response to the Commissioner's recommendation {recommendation.number}",
        object_type="recommendation_response",
        object_id=response.pk,
        review_reference=review.reference if review else "",
    )
