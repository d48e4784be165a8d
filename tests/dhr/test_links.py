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


# --- The layout's links, reversed once (fixed_url, review_url and their template tags) -----------


@pytest.mark.parametrize("name", ["home", "logout", "notifications:list", "accessibility"])
def test_a_fixed_url_is_the_reversed_url(name):
    from dhr.links import fixed_url

    assert fixed_url(name) == reverse(name)
    assert fixed_url(name) == reverse(name)  # and again, from what was kept


@pytest.mark.parametrize("name", ["cases:detail", "panels:combined_chronology", "cases:history"])
def test_a_review_url_is_the_reversed_url(name):
    from dhr.links import review_url

    for reference in ("DHR-KEN-2024-001", "DHR-MED-2025-014"):
        assert review_url(name, reference) == reverse(name, args=[reference])


def test_the_kept_urls_follow_the_script_prefix_and_the_url_patterns(settings):
    from django.urls import clear_script_prefix, set_script_prefix

    from dhr.links import fixed_url, review_url

    set_script_prefix("/dhr/")
    try:
        assert fixed_url("home") == "/dhr/" == reverse("home")
        assert review_url("cases:detail", "DHR-KEN-2024-001").startswith("/dhr/reviews/")
    finally:
        clear_script_prefix()
    assert fixed_url("home") == "/"
    settings.ROOT_URLCONF = "tests.dhr.urls_elsewhere"
    assert fixed_url("home") == "/elsewhere/" == reverse("home")


def test_the_template_tags_give_the_same_urls():
    from django.template import engines

    template = engines["django"].from_string(
        "{% load links %}{% fixed_url 'privacy' %} {% review_url 'cases:detail' ref as x %}{{ x }}"
    )
    assert template.render({"ref": "DHR-KEN-2024-001"}) == (
        f"{reverse('privacy')} {reverse('cases:detail', args=['DHR-KEN-2024-001'])}"
    )
