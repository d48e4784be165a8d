"""What every review page shares: finding the review within the user's scope, the header,
the hold banner, the tabs, and running a domain action with its refusal shown on the page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property

from cases.lifecycle import clocks, workflow
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review
from cases.reviews import access

TABS = [
    ("Overview", "cases:detail"),
    ("People", "cases:subjects"),
    ("Documents", "cases:documents"),
    ("Deadlines", "deadlines:review"),
    ("History", "cases:history"),
]
# A later app adds its own tab (``register_tab``) instead of being imported here (ADR 0004).
_BEFORE_HISTORY = len(TABS) - 1


def register_tab(label: str, url_name: str) -> None:
    """Adds a tab before "History" (registering twice has no further effect)."""
    if (label, url_name) not in TABS:
        TABS.insert(_BEFORE_HISTORY, (label, url_name))


# Actions that need no form: a button on the overview posts to ``cases.reviews.views.take_action``.
# (Here, not in the views, so that a later app adds its own without importing the views.)
BUTTON_ACTIONS = {
    "start_scoping": (workflow.start_scoping, "Information gathering has started."),
    "finish_scoping": (workflow.finish_scoping, "Information gathering is finished."),
    "start_monitoring": (workflow.start_monitoring, "Action-plan monitoring has started."),
}


def register_button_action(name: str, function, success_message: str) -> None:
    """Lets a later app (panels) add a form-less action to the overview's buttons."""
    BUTTON_ACTIONS[name] = (function, success_message)


def review_for(request, reference: str, *related: str) -> Review:
    """The review, if this user may open it; a 404 otherwise (no hint that it exists). Read
    with its partnership, which every review page names in its header, and ``related``, the
    review's other keys that the page shows (the overview its chair)."""
    queryset = Review.objects.for_user(request.user).select_related("partnership", *related)
    return get_object_or_404(queryset, reference=reference)


class ReviewMixin:
    """For views under /reviews/<reference>/: ``self.review`` and the shared context."""

    tab: str | None = None

    @cached_property
    def review(self) -> Review:
        return review_for(self.request, self.kwargs["reference"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) if hasattr(super(), "get_context_data") else {}
        context.update(review_context(self.request, self.review, self.tab))
        context.update(kwargs)
        return context


def current_tab(request, tab: str | None = None) -> str | None:
    """The tab a page belongs to: the one it names, else the tab whose page it is (a stage
    page, reached from the overview's task list, belongs to no tab and highlights none)."""
    if tab is not None:
        return tab
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else None
    return view_name if any(url_name == view_name for _label, url_name in TABS) else None


def review_context(request, review: Review, tab: str | None = None) -> dict:
    user = request.user
    return {
        "review": review,
        "current_hold": review.holds.filter(ended_at__isnull=True).first()
        if review.is_on_hold
        else None,
        "tabs": TABS,
        "current_tab": current_tab(request, tab),
        "manages": access.manages(user, review),
        "chairs": access.chairs(user, review),
        "can_see_restricted": access.can_see_restricted(user, review),
        "clocks": clocks.review_clocks(review),
    }


def run_action(request, review: Review, action, success_message: str, **kwargs):
    """Calls a domain function; on refusal, shows why on the review page. Returns a response."""
    try:
        action(review, by=request.user, **kwargs)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success_message)
    return redirect("cases:detail", reference=review.reference)
