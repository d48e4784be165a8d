"""The reviews and deadlines a dashboard ``Scope`` covers, for every app's sections.

A later app's section starts from ``reviews_in(scope)`` (a queryset: use it as a subquery,
``review__in=reviews_in(scope)``, so the number of queries stays the same however many reviews
there are) and ``deadlines_in(scope)``.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from cases.models import Deadline, Review


def reviews_in(scope):
    """The reviews of the scope's partnerships, notified in its year, of its review type."""
    reviews = Review.objects.filter(partnership__in=list(scope.partnership_ids))
    if scope.year:
        reviews = reviews.filter(notified_on__year=scope.year)
    if scope.review_type:
        reviews = reviews.filter(review_type=scope.review_type)
    return reviews


def deadlines_in(scope):
    """The deadlines of those reviews, and the partnership's own (a Commissioner's themed
    report belongs to no review) when no review type is chosen; by the year opened."""
    own = Q(review__isnull=True, partnership__in=list(scope.partnership_ids))
    if scope.year:
        own &= Q(opened_on__year=scope.year)
    if scope.review_type:
        own = Q(pk__in=[])
    return Deadline.objects.filter(Q(review__in=reviews_in(scope)) | own)


def review_list_link(scope, **filters) -> str:
    """The review list filtered to the reviews behind a count (for review managers: the list
    shows only the reviews they may open, so the link crosses the permission boundary)."""
    query = scope.query()
    query.update({key: value for key, value in filters.items() if value not in (None, "")})
    return f"{reverse('cases:list')}?{urlencode(query)}"
