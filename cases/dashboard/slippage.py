"""Columns of the slippage table that later apps add: why a review is late.

``register_column(SlippageColumn(title, compute))``: ``compute(reviews, today)`` takes a
queryset of the open reviews and returns ``{review_id: days}`` in one query (``panels`` adds the
longest wait for an agency contribution).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SlippageColumn:
    title: str
    compute: Callable  # compute(reviews_queryset, today) -> {review_id: int}
    order: int = 100


_columns: dict[str, SlippageColumn] = {}


def register_column(column: SlippageColumn) -> None:
    _columns[column.title] = column


def columns() -> list[SlippageColumn]:
    from dhr.dashboard import registry

    registry.load()  # later apps add their columns when their dashboard sections register
    return sorted(_columns.values(), key=lambda c: (c.order, c.title))
