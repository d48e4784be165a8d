"""The accessibility statement says what is tested and how, and matches the tests."""

import pytest
from django.urls import reverse

from dhr.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_statement_says_what_is_tested_and_how(client):
    page = client.get(reverse("accessibility")).text
    assert "How we test the service" in page
    assert "axe-core" in page
    assert "WCAG 2.0, 2.1 and 2.2 at levels A and AA" in page
    assert "only the keyboard" in page
    assert "not yet tested the service by hand" in page  # what the automated checks miss


def test_the_statement_names_every_role_the_crawl_signs_in_as(client):
    from tests.e2e.test_accessibility import ROLE_USERS, WCAG_TAGS

    page = client.get(reverse("accessibility")).text
    assert set(ROLE_USERS) == set(Role)
    for name in (
        "an administrator",
        "a review manager",
        "an independent chair",
        "an agency member",
        "a steering group member",
    ):
        assert name in page
    assert {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"} == set(WCAG_TAGS)
