"""The demo's learning: a published briefing for each published review, and one learning
event per partnership covering them, with attendance by two agencies. Made by the domain
functions, as the review's manager; run again, it adds nothing."""

from datetime import timedelta

from django.utils import timezone

from actionplans.models import Recommendation
from cases.models import Review, Stage
from dhr.accounts.roles import Role
from dhr.models import Agency, User
from publications.briefings import services as briefings
from publications.events import services as events
from publications.models import Briefing, LearningEvent

EVENT_TITLE = "Learning from our reviews"


def _manager_of(review):
    return (
        User.objects.filter(
            role=Role.REVIEW_MANAGER, is_active=True, partnerships=review.partnership_id
        )
        .order_by("pk")
        .first()
    )


def _parts(review) -> dict:
    name = f"Case {review.pseudonym}"
    return {
        "background": f"{name} is a review commissioned by {review.partnership.name}.",
        "why_it_matters": "Agencies each saw part of the abuse; none saw all of it.",
        "what_happened": f"Over the period under review the agencies had contact with "
        f"{review.pseudonym} many times without sharing what they knew.",
        "key_learning": "Risk is seen when agencies put what they know together.",
        "themes_text": "",
        "what_to_do": "Share concerns early, and ask about coercive control.",
        "reflective_questions": "What did your agency know?\nWho else needed to know it?",
    }


def seed_learning(generated_reviews: int = 0) -> None:
    published = Review.objects.filter(
        stage__in=[Stage.PUBLISHED, Stage.MONITORING], briefing__isnull=True
    ).select_related("partnership")
    covered = {}
    for review in published:
        manager = _manager_of(review)
        if manager is None:
            continue
        agreed = review.recommendations.filter(status=Recommendation.Status.AGREED)
        briefing = briefings.save_briefing(
            review,
            by=manager,
            themes=list(
                briefings.offered_themes(review).filter(pk__in=briefings.review_theme_ids(review))
            ),
            recommendations=list(agreed[:3]),
            **_parts(review),
        )
        if not briefings.publication_refusal(briefing):
            briefings.publish(briefing, by=manager)
        covered.setdefault(review.partnership, (manager, []))[1].append(review)
    agencies = list(Agency.objects.filter(is_active=True).order_by("name")[:2])
    for partnership, (manager, reviews) in covered.items():
        if LearningEvent.objects.filter(partnership=partnership, title=EVENT_TITLE).exists():
            continue
        days = [
            day
            for day in Briefing.objects.filter(review__in=reviews).values_list(
                "published_on", flat=True
            )
            if day
        ]
        held_on = (max(days) if days else timezone.localdate()) + timedelta(days=30)
        event = events.save_event(
            None,
            by=manager,
            partnership=partnership,
            title=EVENT_TITLE,
            held_on=held_on,
            format="online",
            audience="Practitioners of every partner agency",
            reviews=reviews,
            themes=list(briefings.offered_themes(reviews[0])[:2]),
        )
        for number, agency in enumerate(agencies):
            events.record_attendance(
                event, by=manager, agency=agency, registered=12 + number, attended=10 + number
            )
