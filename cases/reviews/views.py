"""The review list, the review's overview (task list, dates, clocks, actions) and its history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View
from django.views.decorators.http import require_POST

from cases.audit.history import review_history
from cases.lifecycle import clocks, workflow
from cases.models import Review
from cases.reviews import access, facts, tasklist
from cases.reviews.filters import ReviewFilter
from cases.reviews.forms import NotificationForm
from cases.reviews.page import BUTTON_ACTIONS, review_context, review_for
from dhr.accounts.roles import Role, has_role
from dhr.links import row_url
from dhr.models import Partnership
from dhr.rows import render_rows

PAGE_SIZE = 25


def review_list(request):
    """Every review the user may open, filtered, searched, sorted and paginated."""
    scope = Review.objects.for_user(request.user)
    partnerships = Partnership.objects.filter(pk__in=scope.values("partnership"))
    filterset = ReviewFilter(
        request.GET or None,
        queryset=scope.select_related("partnership"),
        partnerships=partnerships,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"review": review, "clock": _running_clock(review)} for review in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "rows_html": render_rows(
                "cases/list_rows.jinja", rows=rows, review_url=row_url("cases:detail")
            ),
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
            "can_record": has_role(request.user, Role.REVIEW_MANAGER),
        },
    )


def _running_clock(review):
    """The clock a list shows: the one running now, else the last one met (from the row only)."""
    decision, completion = clocks.review_clocks(review)
    if completion.started:
        return completion
    return decision if decision.started else None


class NotificationCreateView(View):
    """A review manager records a notification; the review gets its reference."""

    template_name = "cases/notification_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_role(request.user, Role.REVIEW_MANAGER):
            raise PermissionDenied("Only review managers record notifications.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": NotificationForm(user=request.user)})

    def post(self, request):
        form = NotificationForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                review = workflow.record_notification(by=request.user, **form.cleaned_data)
            except workflow.TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, f"Notification recorded. The review's reference is {review.reference}."
                )
                return redirect("cases:detail", reference=review.reference)
        return render(request, self.template_name, {"form": form})


def review_detail(request, reference):
    review = review_for(request, reference, "chair")
    # What the task list and the stage guards ask of the review's records, in one query.
    facts.read(review)
    # Read once for the page's list of people and the task list's checks (the Home Office
    # form's), which ask ``review.subjects.all()`` too.
    prefetch_related_objects([review], "subjects")
    context = review_context(request, review)
    context.update(
        {
            "tasks": tasklist.tasks_for(review, request.user),
            "actions": [
                (action, reason)
                for action, reason in workflow.available_actions(review, request.user)
                if action.name not in ("put_on_hold", "resume")
            ],
            "can_hold": access.manages(request.user, review) and not review.is_closed,
            "links": list(review.links.all()),
            "subjects": list(review.subjects.all()),
        }
    )
    return render(request, "cases/detail.html", context)


@require_POST
def take_action(request, reference, action):
    review = review_for(request, reference)
    if action not in BUTTON_ACTIONS:
        raise Http404("No such action")
    if not workflow.ACTIONS[action].who(request.user, review):
        raise PermissionDenied("Your role in this review does not allow this.")
    function, message = BUTTON_ACTIONS[action]
    try:
        function(review, by=request.user)
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, message)
    return redirect("cases:detail", reference=review.reference)


def review_history_view(request, reference):
    review = review_for(request, reference)
    context = review_context(request, review, "cases:history")
    context["entries"] = review_history(review, request.user)
    context["stage_changes"] = review.stage_changes.select_related("by")
    return render(request, "cases/history.html", context)
