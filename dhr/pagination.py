"""A paginator for long lists read from both ends (a chronology, a national manager's deadlines)."""

from django.core.paginator import Page, Paginator
from django.db.models import Aggregate, Window


class FromEitherEndPaginator(Paginator):
    """Reads a page of the second half from the end: in the reverse order, then turned round.
    With ``OFFSET`` the last page of a 40,000-entry chronology sorted and skipped every entry
    (on disk); read backwards it is 100 rows down the date index, as cheap as the first page.
    The same rows in the same order: the ordering must be total (end in the pk)."""

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # counted by the caller already

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count - top:
            return self._get_page(self.object_list[bottom:top], number, self)
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        rows.reverse()
        return self._get_page(rows, number, self)


def page_and_counts(
    queryset, per_page: int, number, counts: dict[str, Aggregate]
) -> tuple[Page, dict]:
    """Page ``number`` of ``queryset`` (a ``FromEitherEndPaginator`` page) and ``counts``,
    aggregates of the whole list, one of them ``"all"``, its length (``Count("pk")``).

    The first page, which is what people open, is one query: the aggregates come with its rows
    as window functions over the whole list (PostgreSQL computes them before the ``LIMIT``).
    Any other page needs the count to know where it starts: the aggregates first, then the
    page, as before."""
    if str(number or "1") == "1":
        windows = {f"_whole_{name}": Window(aggregate) for name, aggregate in counts.items()}
        rows = list(queryset.annotate(**windows)[:per_page])
        totals = {name: getattr(rows[0], f"_whole_{name}") if rows else 0 for name in counts}
        paginator = FromEitherEndPaginator(queryset, per_page, count=totals["all"])
        return Page(rows, 1, paginator), totals
    totals = queryset.aggregate(**counts)
    paginator = FromEitherEndPaginator(queryset, per_page, count=totals["all"])
    return paginator.get_page(number), totals
