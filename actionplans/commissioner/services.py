"""The Commissioner's reports, recommendations and the 56-day responses: the domain functions.

Same rules as ``cases.lifecycle.workflow``: one atomic function per change, taking the acting user,
refusing with ``TransitionRefused`` and a reason the user can read. Recording a recommendation
opens its response deadline (``cases.deadlines.services``) and lets the addressed agency open the
review; the agency's response meets the deadline.
"""

import uuid
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from actionplans.models import (
    CommissionerRecommendation,
    CommissionerReport,
    RecommendationResponse,
)
from cases.deadlines import notices, timescales
from cases.deadlines import services as deadlines
from cases.documents.services import checked_upload
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Deadline, DeadlineKind, Review
from cases.reviews import access
from dhr.accounts.roles import Role, has_role

RESPONSE = DeadlineKind.COMMISSIONER_RESPONSE


# --- Who may see and do what -----------------------------------------------------------------


def reports_for(user):
    """The reports ``user`` may open: those on reviews they may open, and themed reports of
    their partnerships (review managers) or addressed in part to their agency (members)."""
    reports = CommissionerReport.objects.select_related("partnership", "review")
    if not (user.is_authenticated and user.is_active):
        return reports.none()
    on_visible_review = Q(review__in=Review.objects.for_user(user).values("pk"))
    if user.role == Role.REVIEW_MANAGER:
        themed = Q(review__isnull=True, partnership__in=user.partnerships.values("pk"))
    elif user.role == Role.AGENCY_MEMBER and user.agency_id:
        addressed = CommissionerRecommendation.objects.filter(
            report=OuterRef("pk"), agency=user.agency_id
        )
        themed = Q(review__isnull=True) & Q(Exists(addressed))
    else:
        themed = Q(pk__in=[])
    return reports.filter(on_visible_review | themed)


def manages_partnership(user, partnership_id) -> bool:
    return (
        has_role(user, Role.REVIEW_MANAGER) and user.partnerships.filter(pk=partnership_id).exists()
    )


def may_respond(user, recommendation: CommissionerRecommendation) -> bool:
    return access.is_agency_member_of(user, recommendation.agency_id)


def response_deadlines(recommendations) -> dict:
    """The response deadline of each recommendation (open or closed), by recommendation id."""
    keys = {deadlines.source_key(rec): rec.pk for rec in recommendations}
    found = Deadline.objects.filter(kind=RESPONSE, source__in=keys).order_by("pk")
    return {keys[deadline.source]: deadline for deadline in found}


# --- Reports and recommendations ------------------------------------------------------------


@transaction.atomic
def record_commissioner_report(
    *,
    by,
    partnership,
    review: Review | None = None,
    title: str,
    published_on: date,
    theme: str = "",
    url: str = "",
) -> CommissionerReport:
    """Records a report of the Commissioner: on ``review`` (sent to the Commissioner first), or
    on ``theme`` when there is no review."""
    if not manages_partnership(by, partnership.pk):
        raise TransitionRefused("Only a review manager of the partnership can record this.")
    if not title.strip():
        raise TransitionRefused("Enter the report's title.")
    if review is not None:
        if review.partnership_id != partnership.pk:
            raise TransitionRefused("The review belongs to another partnership.")
        if review.commissioner_sent_on is None:
            raise TransitionRefused("Record sending the report to the Commissioner first.")
        if published_on < review.commissioner_sent_on:
            raise TransitionRefused(
                "The Commissioner's report cannot be published before the review was sent."
            )
    elif not theme.strip():
        raise TransitionRefused("Enter the theme of a report that is not on one review.")
    report = CommissionerReport(
        partnership=partnership,
        review=review,
        title=title.strip(),
        theme=theme.strip(),
        published_on=published_on,
        url=url,
        recorded_by=by,
    )
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def add_recommendation(
    report: CommissionerReport, *, by, agency, text: str
) -> CommissionerRecommendation:
    """Adds a recommendation addressed to ``agency``: its response is due 56 days (the rule)
    after the report's publication, and the agency's members can open the review."""
    if not manages_partnership(by, report.partnership_id):
        raise TransitionRefused("Only a review manager of the partnership can record this.")
    if not text.strip():
        raise TransitionRefused("Enter the recommendation.")
    locked = CommissionerReport.objects.select_for_update().get(pk=report.pk)
    latest = locked.recommendations.order_by("-number").first()
    recommendation = CommissionerRecommendation(
        report=locked,
        number=(latest.number + 1) if latest else 1,
        agency=agency,
        text=text.strip(),
    )
    recommendation._history_user = by
    recommendation.save()
    rule = timescales.rule_for(locked.partnership, RESPONSE)
    deadline = deadlines.open_deadline(
        locked.review,
        partnership=locked.partnership,
        kind=RESPONSE,
        due_on=rule.due_after(locked.published_on),
        rule=rule.describe(),
        source=recommendation,
        owner_agency=agency,
        title=f"Response to the Commissioner's recommendation {recommendation.number}",
        link=reverse("actionplans:respond", args=[recommendation.pk]),
    )
    if locked.review is not None:
        access.grant_agency(locked.review, agency)
    notices.notify_owners(deadline)  # the agency's members hear of it now
    return recommendation


# --- The agency's response --------------------------------------------------------------------


def respond(
    recommendation: CommissionerRecommendation,
    *,
    by,
    text: str,
    responded_on: date,
    published_url: str = "",
    document=None,
) -> RecommendationResponse:
    """The addressed agency's response (it may be changed later; the history keeps each
    version, and a replaced document's file is kept for it). The first response meets the
    56-day deadline on ``responded_on``."""
    if not may_respond(by, recommendation):
        raise TransitionRefused("Only a member of the agency addressed can respond.")
    if not text.strip():
        raise TransitionRefused("Enter the response.")
    if responded_on < recommendation.report.published_on:
        raise TransitionRefused("The response cannot be before the report was published.")
    checked = (
        checked_upload(document, purpose="commissioner_response") if document is not None else None
    )
    stored_name = ""
    try:
        with transaction.atomic():
            locked = CommissionerRecommendation.objects.select_for_update().get(
                pk=recommendation.pk
            )
            response = RecommendationResponse.objects.filter(recommendation=locked).first()
            response = response or RecommendationResponse(recommendation=locked)
            response.responded_on = responded_on
            response.text = text.strip()
            response.published_url = published_url
            response.responded_by = by
            if checked is not None:
                response.file.save(
                    f"{uuid.uuid4().hex}.{checked.extension}", checked.file, save=False
                )
                stored_name = response.file.name
                response.original_name = checked.original_name
                response.content_type = checked.content_type
                response.size = checked.size
                response.sha256 = checked.sha256
            response._history_user = by
            response.save()
            deadlines.close_deadline(kind=RESPONSE, source=locked, met_on=responded_on)
    except Exception:
        if stored_name:  # the row was rolled back: nothing refers to the new file
            RecommendationResponse.file.field.storage.delete(stored_name)
        raise
    return response
