"""Demo data: the Commissioner's report on one published demo review, with recommendations to
three public bodies, recorded through the domain functions (idempotent: once per database)."""

from datetime import timedelta

from django.utils import timezone

from actionplans.commissioner import services
from cases.models import Review
from dhr.models import Agency, User

DEMO_REVIEW = "Katarina"  # published (panels.demo)
RECOMMENDATIONS = [
    (
        "Kent Police",
        "Make sure every officer attending a domestic abuse call-out records whether the victim "
        "was asked about coercive control, and review the use of the DASH risk assessment.",
    ),
    (
        "Kent and Medway Integrated Care Board",
        "Give GPs a route to share concerns about domestic abuse with the MARAC, and audit "
        "its use.",
    ),
    (
        "Kent County Council Adult Social Care",
        "Ask carers about their own safety at every assessment, and record the answer.",
    ),
]


def seed_commissioner_reports(generated_reviews: int = 0) -> None:
    review = Review.objects.filter(pseudonym=DEMO_REVIEW).select_related("partnership").first()
    if review is None or review.commissioner_reports.exists():
        return
    manager = (
        User.objects.filter(role="review_manager", partnerships=review.partnership)
        .order_by("pk")
        .first()
    )
    # Published recently, so the 56 days are still running when the demo is loaded.
    published_on = max(timezone.localdate() - timedelta(days=20), review.commissioner_sent_on)
    report = services.record_commissioner_report(
        by=manager,
        partnership=review.partnership,
        review=review,
        title=f"Domestic Abuse Commissioner's report on {review.reference}",
        published_on=published_on,
        url="https://www.example.org/commissioner/reports/katarina",
    )
    for agency_name, text in RECOMMENDATIONS:
        services.add_recommendation(
            report, by=manager, agency=Agency.objects.get(name=agency_name), text=text
        )
    # Adult Social Care has answered within the 56 days (the dashboard shows one on time).
    adults = report.recommendations.get(number=3)
    member = User.objects.filter(role="agency_member", agency=adults.agency).order_by("pk").first()
    if member is not None:
        services.respond(
            adults,
            by=member,
            text="Accepted: carers' safety is now a question of every carer's assessment, "
            "and the answer is recorded; the first audit is due in six months.",
            responded_on=min(published_on + timedelta(days=10), timezone.localdate()),
        )
