"""What ``panels`` adds to the dashboard: the time each open review has waited for agency
contributions (chronologies, agency reports), as a column of the slippage table."""

from django.utils import timezone

from panels.models import ContributionRequest


def longest_contribution_wait(reviews, today) -> dict:
    """{review_id: days}: the longest any agency took (or is taking) to submit a requested
    contribution, from the day it was asked for to its submission (or today)."""
    waits: dict = {}
    requests = (
        ContributionRequest.objects.filter(review__in=reviews)
        .exclude(status=ContributionRequest.Status.WITHDRAWN)
        .values_list("review_id", "requested_on", "submitted_at")
    )
    for review_id, requested_on, submitted_at in requests:
        end = timezone.localdate(submitted_at) if submitted_at else today
        waits[review_id] = max(waits.get(review_id, 0), (end - requested_on).days)
    return waits


def register() -> None:
    from cases.dashboard.slippage import SlippageColumn, register_column

    register_column(
        SlippageColumn(
            "Longest wait for an agency contribution (days)", longest_contribution_wait, order=50
        )
    )
