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
