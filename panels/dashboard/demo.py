"""Dates for the demo reviews' stage changes and holds, so the dashboard has time to show.

The demo builds every review through the domain functions in one go, so each stage change
and hold is recorded at the moment of seeding. A real review's steps happen weeks apart; this
step dates each demo stage change to the day the demo's own records say it happened (the
decision on its decision date, the QA submission on its submission date...), and gives two
demo reviews holds of known length: the one on hold began 45 days ago, and one approved
review was paused for an inquest after its approval and resumed. Only demo reviews are
touched, the values follow from the records, so a second run changes nothing.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cases.lifecycle import workflow
from cases.models import Hold, Review, StageChange
from dhr.models import User
from panels.demo import DEMO_REVIEWS

HELD_FOR_DAYS = 45
RESUMED_HOLD = "Imogen"  # approved by QA; paused for an inquest afterwards (clocks all met)


def _noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def _step_dates(review: Review) -> dict:
    """The business date of each action, from the review's own records."""
    rounds = list(review.qa_rounds.order_by("number"))
    answered = [r.answered_at for r in review.info_requests.all() if r.answered_at]
    return {
        "record_notification": [review.notified_on],
        "start_scoping": [review.notified_on],
        "finish_scoping": [timezone.localdate(max(answered))] if answered else [],
        "record_decision": [review.decision_on],
        "appoint_chair": [review.chair_appointed_on],
        "convene_panel": [review.chair_appointed_on],
        "submit_to_qa": [rounds[0].submitted_on] if rounds else [],
        "resubmit_to_qa": [r.submitted_on for r in rounds[1:]],
        "record_qa_outcome": [r.panel_date for r in rounds if r.panel_date],
        "send_to_commissioner": [review.commissioner_sent_on],
        "publish": [review.published_on],
        "start_monitoring": [review.published_on],
        "close": [review.closed_on],
    }


def _date_changes(review: Review) -> None:
    dates = _step_dates(review)
    used: dict = {}
    previous = None
    for change in review.stage_changes.order_by("at", "pk"):
        if change.action in ("put_on_hold", "resume"):
            hold = review.holds.order_by("started_at").first()
            wanted = change.at
            if hold and change.action == "put_on_hold":
                wanted = hold.started_at
            elif hold and hold.ended_at:
                wanted = hold.ended_at
        else:
            index = used.get(change.action, 0)
            used[change.action] = index + 1
            options = [day for day in dates.get(change.action, []) if day]
            wanted = _noon(options[index]) if index < len(options) else change.at
        if previous and wanted < previous:
            wanted = previous
        if wanted != change.at:
            StageChange.objects.filter(pk=change.pk).update(at=wanted)
        previous = wanted


def _date_holds(review: Review, today) -> None:
    if review.pseudonym == RESUMED_HOLD:
        if not review.holds.exists():
            manager = (
                User.objects.filter(role="review_manager", partnerships=review.partnership)
                .order_by("pk")
                .first()
            )
            workflow.put_on_hold(
                review, by=manager, reason="inquest", details="Inquest opened and adjourned."
            )
            workflow.resume(review, by=manager, note="The coroner's inquest has concluded.")
        start = _noon(today - timedelta(days=300))
        Hold.objects.filter(review=review).exclude(started_at=start).update(
            started_at=start, ended_at=start + timedelta(days=96)
        )
    if review.pseudonym.startswith("Generated "):
        return  # generated reviews keep their holds as recorded
    for hold in review.holds.filter(ended_at__isnull=True):
        since = today - timedelta(days=HELD_FOR_DAYS)
        if timezone.localdate(hold.started_at) != since:
            Hold.objects.filter(pk=hold.pk).update(started_at=_noon(since))
            Review.objects.filter(pk=review.pk).update(on_hold_since=since)


@transaction.atomic
def date_demo_history(generated_reviews: int = 0) -> None:
    """Dates the demo reviews' stage changes and holds (idempotent)."""
    today = timezone.localdate()
    names = [demo.pseudonym for demo in DEMO_REVIEWS]
    reviews = Review.objects.filter(pseudonym__in=names) | Review.objects.filter(
        pseudonym__startswith="Generated "
    )
    for review in reviews.select_related("partnership"):
        _date_holds(review, today)
        _date_changes(review)
