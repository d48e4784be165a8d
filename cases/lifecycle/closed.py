"""A closed review's records no longer change (issue 17): every POST to a page of a closed
review is refused here, with a message, before its view runs.

The domain functions refuse changes to a closed review too (``_check_open`` and the stage
guards); this is the one place that also covers a form left open in another tab and any page
whose function forgot. Pages of a closed review offer no edit links or forms (tested by a crawl
of a closed review's pages, ``tests/cases/lifecycle/test_closed_review.py``).

Only the review a user may open is refused this way: for anyone else the view answers as it
always does (a 404), so nobody learns that a reference exists.
"""

from django.contrib import messages
from django.shortcuts import redirect

from cases.models import Review, Stage

CLOSED_MESSAGE = "The review is closed: its records can no longer change."

# POSTs a closed review still takes: preparing an export in the background (it reads), and
# recording the day the Home Office was told of a decision not to commission (the one duty
# that outlives such a review; its page refuses anything else).
READ_ONLY_POSTS = frozenset({"panels:chronology_pdf", "deadlines:home_office"})
# Pages of later apps whose work goes on after closing (publications: withdrawing a published
# document years later, the learning briefing of a published review), added by their
# ``AppConfig.ready()`` through ``allow_after_closing``: the earlier app names none of them.
_AFTER_CLOSING: set[str] = set(READ_ONLY_POSTS)


def allow_after_closing(*view_names: str) -> None:
    """Lets POSTs to these views (by their URL names) through on a closed review; the views
    themselves decide what may still change."""
    _AFTER_CLOSING.update(view_names)


def allowed_after_closing(view_name: str) -> bool:
    return view_name in _AFTER_CLOSING


class ClosedReviewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        reference = view_kwargs.get("reference")
        if request.method != "POST" or not reference or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or allowed_after_closing(match.view_name):
            return None
        closed = (
            Review.objects.for_user(request.user)
            .filter(reference=reference, stage=Stage.CLOSED)
            .exists()
        )
        if not closed:
            return None
        messages.error(request, CLOSED_MESSAGE)
        return redirect("cases:detail", reference=reference)
