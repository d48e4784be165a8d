"""Action plans for walked reviews: what ``walk_to`` and ``ready_for`` need in place before
the lifecycle actions that the action plan's rules guard (``actionplans.apps``).

- before "convene_panel", "submit_to_qa" / "resubmit_to_qa": one agreed recommendation
  with one action led by the walk's agency (drafted and agreed by the walk's manager),
  unless the review has some;
- before "start_monitoring" and "close": every open action completed, with evidence posted
  by a member of the lead agency and signed off by the manager.

``tests/conftest.py`` imports this module, so every walk in the suite satisfies the rules.
``agreed_recommendation`` and ``complete`` build plans for the action plan's own tests.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans.models import PlanAction, Recommendation
from actionplans.recommendations import services
from tests.cases.factories import agency_member_of, register_preparation

EVIDENCE = b"Audit report: every call-out in the quarter had a completed risk assessment.\n"


def evidence_file(name: str = "evidence.txt", content: bytes = EVIDENCE) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def agreed_recommendation(review, *, by, agency, text=None, target_date=None, themes=()):
    """An agreed recommendation of ``review`` with one action led by ``agency``."""
    recommendation = services.draft_recommendation(
        review,
        by=by,
        text=text or "Officers should complete a risk assessment at every domestic abuse call-out.",
        level=Recommendation.Level.SINGLE_AGENCY,
        addressed_agencies=[agency],
        themes=themes,
    )
    services.agree_recommendation(recommendation, by=by)
    action = services.add_action(
        recommendation,
        by=by,
        description="Audit call-outs each quarter for completed risk assessments.",
        lead_agency=agency,
        target_date=target_date or (review.notified_on + timedelta(days=365)),
    )
    return recommendation, action


def complete(action: PlanAction, *, manager, on=None) -> PlanAction:
    """The lead agency reports the action done with evidence; the manager signs it off."""
    update = services.post_update(
        action,
        by=agency_member_of(action.lead_agency),
        note="Done: the audit report is attached.",
        proposed_status=PlanAction.Status.COMPLETED,
        files=[evidence_file()],
    )
    return services.sign_off(update, by=manager, on=on)


def _prepare_plan(walk) -> None:
    review = walk.review
    if review.recommendations.exclude(status=Recommendation.Status.WITHDRAWN).exists():
        return
    agreed_recommendation(review, by=walk.manager, agency=walk.agency)


def complete_plan(review, *, manager) -> None:
    """Every open action of ``review`` completed (with evidence) and signed off."""
    actions = PlanAction.objects.filter(review=review).exclude(
        status__in=PlanAction.CLOSED_STATUSES
    )
    for action in actions.select_related("lead_agency", "review", "recommendation"):
        pending = services.pending_update(action)
        if pending is not None:
            services.sign_off(pending, by=manager)
        else:
            complete(action, manager=manager)


def _complete_plan(walk) -> None:
    complete_plan(walk.review, manager=walk.manager)


# The plan is written as the panel starts and completed as monitoring starts, not only just
# before QA and closing: tests that walk to "panel" (or "monitoring") and then take the next
# step themselves find the review as ready as a real one would be.
register_preparation("convene_panel", _prepare_plan)
register_preparation("submit_to_qa", _prepare_plan)
register_preparation("resubmit_to_qa", _prepare_plan)
register_preparation("start_monitoring", _complete_plan)
register_preparation("close", _complete_plan)
