"""The deadline pages: "My work", a review's deadlines, the Home Office date, the calendar feed
and its address, and the administrators' timescale rules.

Thin views: scope through ``Review.objects.for_user`` (a review outside it is a 404) and
``cases.deadlines.services.deadlines_for``; changes through the domain functions of
``cases.lifecycle.workflow``, ``cases.deadlines.timescales`` and ``cases.deadlines.calendar_feeds``.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.decorators.cache import never_cache

from cases.deadlines import calendar_feeds, timescales
from cases.deadlines import services as deadlines
from cases.deadlines.forms import HomeOfficeInformedForm, TimescaleRuleForm
from cases.deadlines.models import DeadlineQuerySet
from cases.lifecycle import workflow
from cases.models import DeadlineKind, ReminderRun, TimescaleRule
from cases.reviews import access
from cases.reviews.page import review_context, review_for
from dhr.pagination import page_and_counts
from dhr.permissions import AdministratorRequiredMixin, RoleRequiredMixin
from dhr.rows import render_rows

RECENTLY_MET_DAYS = 14


class DeadlineRolesMixin(RoleRequiredMixin):
    """Pages for the roles that work on reviews; the steering group and administrators get 403."""

    allowed_roles = deadlines.ROLES_WITH_DEADLINES


# --- My work -----------------------------------------------------------------------------------


class MyWorkView(DeadlineRolesMixin, View):
    """Every open deadline for the user and their agency, soonest first (so overdue ones lead),
    overdue in red, 50 to a page; and what was met in the last two weeks. A constant number of
    queries, however many (a national partnership's manager chases hundreds)."""

    open_per_page = 50

    def get(self, request):
        today = timezone.localdate()
        # The page, the total and the overdue: on the first page, one query.
        page, counts = page_and_counts(
            deadlines.deadlines_for(request.user).as_listed(),
            self.open_per_page,
            request.GET.get("page"),
            DeadlineQuerySet.count_aggregates(today),
        )
        open_rows = deadlines.rows(page.object_list, today, request.user)
        met_since = today - timedelta(days=RECENTLY_MET_DAYS)
        met_rows = deadlines.rows(
            deadlines.recently_met_for(request.user, met_since).as_listed(), today, request.user
        )
        return render(
            request,
            "cases/deadlines/my_work.html",
            {
                "rows": open_rows,
                "open_rows_html": render_rows("cases/deadlines/open_rows.jinja", rows=open_rows),
                "page": page,
                "overdue_count": counts["overdue"],
                "met_rows": met_rows,
                "met_rows_html": render_rows("cases/deadlines/met_rows.jinja", rows=met_rows),
                "recently_met_days": RECENTLY_MET_DAYS,
                "today": today,
            },
        )


# --- A review's deadlines ----------------------------------------------------------------------


def review_deadlines(request, reference):
    """The review's deadlines the user may see, open ones first, with how many reminders went
    out (an agency member sees their agency's and the partnership's own, not other agencies')."""
    review = review_for(request, reference)
    context = review_context(request, review, "deadlines:review")
    records = (
        deadlines.review_deadlines_for(review, request.user)
        .select_related("review", "owner_agency", "owner_user")
        .annotate(
            reminder_count=Count("reminders"),
            closed_last=Case(
                When(met_on__isnull=True, cancelled_on__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("closed_last", "due_on", "pk")
    )
    context.update(
        {
            "rows": deadlines.rows(records, viewer=request.user),
            "can_record_home_office": context["manages"]
            and review.decision_on is not None
            and review.home_office_informed_on is None,
        }
    )
    return render(request, "cases/deadlines/review.html", context)


class HomeOfficeInformedView(View):
    """The review manager records the day the Home Office was told of the decision."""

    template_name = "cases/deadlines/home_office.html"

    def dispatch(self, request, *args, **kwargs):
        self.review = review_for(request, kwargs["reference"])
        if not access.manages(request.user, self.review):
            raise PermissionDenied("Only the review manager can record this.")
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form):
        context = review_context(self.request, self.review, "deadlines:review")
        context["form"] = form
        if self.review.home_office_informed_on:
            context["already"] = self.review.home_office_informed_on
        elif not self.review.decision_on:
            context["refusal"] = "Record the partnership's decision first."
        return render(self.request, self.template_name, context)

    def get(self, request, reference):
        return self.render_page(HomeOfficeInformedForm())

    def post(self, request, reference):
        form = HomeOfficeInformedForm(request.POST)
        if form.is_valid():
            try:
                workflow.record_home_office_informed(
                    self.review, by=request.user, informed_on=form.cleaned_data["informed_on"]
                )
            except workflow.TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "The date the Home Office was told is recorded.")
                return redirect("deadlines:review", reference=self.review.reference)
        return self.render_page(form)


# --- Calendar feed -----------------------------------------------------------------------------


class CalendarView(DeadlineRolesMixin, View):
    """The user's secret calendar address: made or reset here, shown once when made."""

    template_name = "cases/deadlines/calendar.html"

    def get(self, request):
        return render(
            request,
            self.template_name,
            {"has_feed": calendar_feeds.has_feed(request.user), "feed_url": None},
        )

    def post(self, request):
        token = calendar_feeds.reset_feed(request.user)
        url = request.build_absolute_uri(calendar_feeds.feed_path(token))
        # Shown in this response only: the token is not stored, so it cannot be shown again.
        response = render(request, self.template_name, {"has_feed": True, "feed_url": url})
        response["Cache-Control"] = "no-store"
        return response


@login_not_required
@never_cache
def calendar_feed(request, token):
    """The feed itself, for calendar programs (no sign-in: the secret address is the key)."""
    user = calendar_feeds.user_for_token(token)
    if user is None:
        raise Http404("No such calendar")
    response = HttpResponse(
        calendar_feeds.feed_text(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="dhr-deadlines.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Timescale rules (administrators) ----------------------------------------------------------


class TimescaleListView(AdministratorRequiredMixin, View):
    def get(self, request):
        rules = list(TimescaleRule.objects.select_related("partnership"))
        defaults = {rule.kind: rule for rule in rules if rule.partnership_id is None}
        overrides = sorted(
            (rule for rule in rules if rule.partnership_id),
            key=lambda rule: (rule.partnership.name, rule.kind),
        )
        return render(
            request,
            "cases/deadlines/timescales.html",
            {
                "defaults": [
                    _rule_row(defaults.get(kind), kind) for kind in DeadlineKind if kind in defaults
                ],
                "overrides": [_rule_row(rule, rule.kind) for rule in overrides],
                "last_runs": [
                    (job.label, ReminderRun.objects.filter(job=job).first())
                    for job in ReminderRun.Job
                ],
            },
        )


def _rule_row(rule: TimescaleRule, kind: str) -> dict:
    timescale = timescales.timescale_of(rule, kind)
    return {
        "rule": rule,
        "kind": DeadlineKind(kind).label,
        "period": timescale.period_text,
        "counted_from": timescales.COUNTED_FROM.get(kind, ""),
        "reminder_days": ", ".join(str(day) for day in timescale.reminder_days) or "None",
    }


class TimescaleFormView(AdministratorRequiredMixin, View):
    """Adds a partnership's own rule (no ``pk``) or changes a rule (the default or not)."""

    template_name = "cases/deadlines/timescale_form.html"

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        self.rule = get_object_or_404(TimescaleRule, pk=pk) if pk else None
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict:
        if self.rule is None:
            return {"reminder_days": list(timescales.DEFAULT_REMINDER_DAYS)}
        return {
            "period": self.rule.period,
            "unit": self.rule.unit,
            "reminder_days": self.rule.reminder_days,
        }

    def render_page(self, form):
        return render(self.request, self.template_name, {"form": form, "rule": self.rule})

    def get(self, request, pk=None):
        return self.render_page(TimescaleRuleForm(initial=self.initial(), new=self.rule is None))

    def post(self, request, pk=None):
        form = TimescaleRuleForm(request.POST, new=self.rule is None)
        if form.is_valid():
            data = form.cleaned_data
            kind = self.rule.kind if self.rule else data["kind"]
            partnership = self.rule.partnership if self.rule else data["partnership"]
            if self.rule is None and partnership.timescale_rules.filter(kind=kind).exists():
                form.add_error(
                    "kind",
                    f"{partnership} already has its own rule for this deadline: change it instead",
                )
            else:
                try:
                    saved = timescales.save_rule(
                        by=request.user,
                        kind=kind,
                        partnership=partnership,
                        period=data["period"],
                        unit=data["unit"],
                        reminder_days=data["reminder_days"],
                    )
                except timescales.RuleRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    messages.success(request, f"The rule “{saved}” is saved.")
                    return redirect("deadlines:timescales")
        return self.render_page(form)


class TimescaleDeleteView(AdministratorRequiredMixin, View):
    """Removes a partnership's own rule (after confirming); the default applies again."""

    template_name = "cases/deadlines/timescale_delete.html"

    def dispatch(self, request, *args, **kwargs):
        self.rule = get_object_or_404(
            TimescaleRule.objects.select_related("partnership"),
            pk=kwargs["pk"],
            partnership__isnull=False,
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return render(request, self.template_name, {"rule": self.rule})

    def post(self, request, pk):
        name = str(self.rule)
        timescales.delete_rule(self.rule, by=request.user)
        messages.success(request, f"The rule “{name}” is removed: the default applies.")
        return redirect("deadlines:timescales")
