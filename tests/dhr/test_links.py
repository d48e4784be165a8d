"""``dhr.links.row_url``: a list's URLs reversed once give what ``reverse()`` gives."""

import pytest
from django.urls import NoReverseMatch, reverse

from dhr.links import row_url


@pytest.mark.parametrize("reference", ["DHR-KNT-2026-001", "A.b_c~d-9", "0"])
def test_a_review_page_for_each_row_is_the_reversed_url(reference):
    assert row_url("cases:detail")(reference) == reverse("cases:detail", args=[reference])


def test_the_fixed_arguments_come_first_and_the_rows_value_last():
    annotate = row_url("panels:annotate", "DHR-KNT-2026-001")
    for pk in (1, 42, 9090909):
        assert annotate(pk) == reverse("panels:annotate", args=["DHR-KNT-2026-001", pk])


def test_a_value_that_needs_quoting_goes_through_reverse():
    odd = "a b/ü?"
    with pytest.raises(NoReverseMatch):  # a slash matches no <str:...>: reverse() decides
        row_url("cases:detail")(odd)
    assert row_url("cases:detail")("a bü") == reverse("cases:detail", args=["a bü"])
