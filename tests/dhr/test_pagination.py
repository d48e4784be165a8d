"""The GOV.UK pagination: the first and last pages, two either side of the current one, an
ellipsis for each gap, and the same few links however many pages there are."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from dhr.templatetags.govuk import page_links


def page_of(pages: int, number: int):
    return Paginator(range(pages * 10), 10).page(number)


@pytest.mark.parametrize(
    ("pages", "number", "links"),
    [
        (1, 1, [1]),
        (5, 3, [1, 2, 3, 4, 5]),
        (800, 1, [1, 2, 3, None, 800]),
        (800, 5, [1, 2, 3, 4, 5, 6, 7, None, 800]),
        (800, 400, [1, None, 398, 399, 400, 401, 402, None, 800]),
        (800, 800, [1, None, 798, 799, 800]),
    ],
)
def test_the_page_links(pages, number, links):
    assert page_links(page_of(pages, number)) == links


def test_the_include_draws_the_current_page_and_the_gaps():
    html = render_to_string(
        "includes/pagination.html", {"page": page_of(800, 400), "query": "stage=panel"}
    )
    assert html.count("govuk-pagination__item--ellipses") == 2
    assert 'href="?stage=panel&amp;page=400" aria-label="Page 400" aria-current="page"' in html
    assert 'href="?stage=panel&amp;page=800" aria-label="Page 800"' in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    assert "page=397" not in html


# --- A page and the whole list's counts (dhr.pagination.page_and_counts) -------------------------


def _partnerships(count: int):
    from dhr.models import Partnership

    Partnership.objects.bulk_create(
        Partnership(name=f"Area {number:03d}", code=f"A{number:03d}") for number in range(count)
    )
    return Partnership.objects.filter(name__startswith="Area ").order_by("name", "pk")


@pytest.mark.parametrize("rows", [0, 3, 23])
def test_the_first_page_and_the_counts_are_one_query(db, rows):
    from django.db import connection
    from django.db.models import Count, Q
    from django.test.utils import CaptureQueriesContext

    from dhr.pagination import page_and_counts

    listed = _partnerships(rows)
    counts = {"all": Count("pk"), "odd": Count("pk", filter=Q(code__regex=r"[13579]$"))}
    with CaptureQueriesContext(connection) as captured:
        page, totals = page_and_counts(listed, 10, None, counts)
        names = [partnership.name for partnership in page.object_list]
    assert len(captured) == 1
    assert totals == listed.aggregate(**counts)
    assert names == [partnership.name for partnership in listed[:10]]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        1,
        rows,
        max(1, -(-rows // 10)),
    )
    assert page.has_next() is (rows > 10)


def test_a_later_page_counts_first_then_reads_the_page(db):
    from django.db.models import Count

    from dhr.pagination import page_and_counts

    listed = _partnerships(23)
    page, totals = page_and_counts(listed, 10, "3", {"all": Count("pk")})
    assert totals == {"all": 23}
    assert [p.name for p in page.object_list] == [p.name for p in listed[20:]]
    # Not a number, or past the end: as Paginator.get_page, the first or the last page.
    assert page_and_counts(listed, 10, "x", {"all": Count("pk")})[0].number == 1
    assert page_and_counts(listed, 10, "99", {"all": Count("pk")})[0].number == 3
