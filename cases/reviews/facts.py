"""Facts about one review that its overview asks: whether it has recommendations, a late
request, an agreed terms of reference and the like, all read in one query.

The overview's task list and the stage guards behind its buttons each ask a question of the
review's records (``tasklist``, ``workflow.register_guard``); asked one by one they were a query
each, about a third of the page's time. Each app registers its facts here in
``AppConfig.ready()``, as it registers its tasks (DESIGN.md 2): a name and a function making an
expression on the review's row. ``aggregates`` makes the usual one: a few figures (counts, a
latest version) of the review's records of one kind, in one subquery.

``read`` asks every fact of a review at once and keeps the answers on the object; ``fact`` gives
one, from ``read`` when the page read them, else by a query of that fact alone, so a status or a
guard is right on any review object (a guard in a transition reads the locked row, never facts
read before it). The statement ``read`` sends is compiled once a day and kept
(``dhr.kept_queries``): building and compiling a dozen subqueries took Django about 6 ms, longer
than the queries they replace. So a fact's expression may depend on the day
(``timezone.localdate()``) and on nothing else that changes.
"""

import functools
from collections.abc import Callable

from django.db.models import Aggregate, Expression, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone

from cases.models import Review
from dhr.kept_queries import KeptQuery

_facts: dict[str, Callable[[], Expression]] = {}
_PREFIX = "fact__"


def register_fact(name: str, expression: Callable[[], Expression]) -> None:
    """``expression()`` makes the fact's expression on a review's row (``OuterRef("pk")`` is the
    review); registering a name again replaces it."""
    _facts[name] = expression
    _statement.cache_clear()


def read(review: Review) -> None:
    """Reads every registered fact of ``review`` in one query and keeps them on it, for the
    page being drawn (a change to the review's records after this is not seen)."""
    values = _statement().rows(review.pk)[0]
    for name, value in zip(_facts, values, strict=True):
        setattr(review, _PREFIX + name, value)


@functools.cache
def _statement() -> KeptQuery:
    """Every fact of one review in one statement, compiled once a day (``dhr.kept_queries``)."""
    return KeptQuery(
        lambda review_id: (
            Review.objects.filter(pk=review_id)
            .annotate(**{_PREFIX + name: make() for name, make in _facts.items()})
            .values_list(*(_PREFIX + name for name in _facts))
        ),
        varies_with=timezone.localdate,
    )


def fact(review: Review, name: str):
    """The fact ``name`` of ``review``: as ``read`` kept it, else asked now. What is asked now
    is not kept on the object, which a change may make out of date."""
    try:
        return getattr(review, _PREFIX + name)
    except AttributeError:
        return (
            Review.objects.filter(pk=review.pk)
            .annotate(value=_facts[name]())
            .values_list("value", flat=True)
            .get()
        )


def aggregates(records: QuerySet, **aggregates: Aggregate) -> Expression:
    """Aggregates of a review's ``records`` (a queryset of a model with a ``review`` key), such
    as how many meet a condition, as ``{name: value}`` in one subquery; None when the review has
    none of them (``figures`` reads it)."""
    return Subquery(
        records.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(figures=JSONObject(**aggregates))
        .values("figures")
    )


def figures(review: Review, name: str) -> dict:
    """An ``aggregates`` fact; every figure is 0 when the review has none of the records."""
    return _Figures(fact(review, name) or {})


class _Figures(dict):
    def __missing__(self, key):
        return 0
