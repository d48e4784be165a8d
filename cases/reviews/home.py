"""The home page's sections about reviews (registered in ``CasesConfig.ready``, see
``dhr.home``): a review manager's and a chair's open reviews with what is due next, and an
agency member's open requests. Each is a fixed number of queries, however many reviews."""

from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone

from cases.deadlines import services as deadlines
from cases.models import Deadline, Review
from cases.reviews.models import Stage
from dhr.accounts.roles import Role

HOME_LIMIT = 10


def open_reviews(request) -> dict:
    """The user's open reviews, the one with the soonest deadline first, each with its next
    deadline and how many are overdue; the manager may record a notification."""
    user, today = request.user, timezone.localdate()
    scope = Review.objects.for_user(user).exclude(stage=Stage.CLOSED)
    if user.role == Role.CHAIR:
        scope = scope.filter(chair=user)
    mine = deadlines.deadlines_in_scope(user).open().filter(review=OuterRef("pk"))
    soonest = mine.order_by("due_on", "pk")
    overdue = (
        mine.filter(due_on__lt=today)
        .order_by()
        .values("review")
        .annotate(count=Count("pk"))
        .values("count")
    )
    reviews = list(
        scope.select_related("partnership")
        .annotate(
            next_deadline_id=Subquery(soonest.values("pk")[:1]),
            next_due_on=Subquery(soonest.values("due_on")[:1]),
            overdue_count=Subquery(overdue),
        )
        .order_by(F("next_due_on").asc(nulls_last=True), "reference")[:HOME_LIMIT]
    )
    next_deadlines = Deadline.objects.select_related("review").in_bulk(
        [review.next_deadline_id for review in reviews if review.next_deadline_id]
    )
    rows = []
    for review in reviews:
        deadline = next_deadlines.get(review.next_deadline_id)
        row = deadlines.DeadlineRow(deadline, today, user) if deadline else None
        # A paused review's deadlines are not overdue (the clocks stand still).
        late = 0 if review.is_on_hold else (review.overdue_count or 0)
        rows.append({"review": review, "next": row, "overdue": late})
    total = scope.count() if len(reviews) == HOME_LIMIT else len(reviews)
    return {
        "rows": rows,
        "total": total,
        "chair": user.role == Role.CHAIR,
        "can_record": user.role == Role.REVIEW_MANAGER,
        "overdue_total": deadlines.deadlines_in_scope(user)
        .overdue(today)
        .filter(review__in=scope.values("pk"))
        .count(),
    }


def open_requests(request) -> dict:
    """What is asked of the agency member's agency, soonest first, each linking to where it is
    answered."""
    user, today = request.user, timezone.localdate()
    open_deadlines = deadlines.deadlines_for(user)
    first = list(open_deadlines[:HOME_LIMIT])
    total = open_deadlines.count() if len(first) == HOME_LIMIT else len(first)
    rows = deadlines.rows(first, today, user)
    return {"rows": rows, "total": total, "overdue_count": sum(row.overdue for row in rows)}
