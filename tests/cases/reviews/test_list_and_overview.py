"""The review list (filters, search, sorting, paging, query count) and the overview page."""

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.lifecycle import workflow
from cases.models import Review
from tests.dhr.factories import PartnershipFactory, UserFactory


def notify(manager, partnership, pseudonym, notified_on=date(2026, 10, 1), **extra) -> Review:
    return workflow.record_notification(
        by=manager,
        partnership=partnership,
        pseudonym=pseudonym,
        date_of_death=notified_on - timedelta(days=3),
        notified_on=notified_on,
        notifying_agency=None,
        circumstances="Found at home.",
        criterion=Review.Criterion.RELATIVE_OR_PARTNER,
        **extra,
    )


def test_list_shows_only_reviews_in_scope(manager_client, review_manager, partnership):
    other_area = PartnershipFactory(name="Thanet", code="THA")
    other_manager = UserFactory(role="review_manager", partnerships=[other_area])
    notify(review_manager, partnership, "Alpha")
    notify(other_manager, other_area, "Bravo")
    page = manager_client.get(reverse("cases:list"))
    assert "Case Alpha" in page.text
    assert "Bravo" not in page.text
    assert "1 review" in page.text


def test_list_filters_search_and_sort(manager_client, review_manager, partnership):
    notify(review_manager, partnership, "Alpha", notified_on=date(2026, 9, 1))
    bravo = notify(
        review_manager,
        partnership,
        "Bravo",
        notified_on=date(2026, 10, 1),
        relationship_category=Review.Relationship.ADULT_FAMILY,
    )
    workflow.start_scoping(bravo, by=review_manager)

    by_stage = manager_client.get(reverse("cases:list"), {"stage": "scoping"}).text
    assert "Case Bravo" in by_stage
    assert "Case Alpha" not in by_stage

    by_relationship = manager_client.get(
        reverse("cases:list"), {"relationship_category": "adult_family"}
    ).text
    assert "Case Bravo" in by_relationship
    assert "Case Alpha" not in by_relationship

    search = manager_client.get(reverse("cases:list"), {"q": bravo.reference.lower()}).text
    assert "Case Bravo" in search
    assert "Case Alpha" not in search

    oldest_first = manager_client.get(reverse("cases:list"), {"sort": "notified_oldest"}).text
    assert oldest_first.index("Case Alpha") < oldest_first.index("Case Bravo")
    newest_first = manager_client.get(reverse("cases:list")).text
    assert newest_first.index("Case Bravo") < newest_first.index("Case Alpha")

    nothing = manager_client.get(reverse("cases:list"), {"q": "zzz"}).text
    assert "No reviews match your filters." in nothing


@time_machine.travel(date(2026, 11, 27))
def test_overdue_and_on_hold_filters(manager_client, review_manager, partnership):
    late = notify(review_manager, partnership, "Late", notified_on=date(2026, 9, 1))
    notify(review_manager, partnership, "Fresh", notified_on=date(2026, 11, 20))
    held = notify(review_manager, partnership, "Held", notified_on=date(2026, 9, 2))
    workflow.put_on_hold(held, by=review_manager, reason="inquest")

    overdue = manager_client.get(reverse("cases:list"), {"overdue": "true"}).text
    assert "Case Late" in overdue
    assert "Case Fresh" not in overdue
    assert "Case Held" not in overdue  # its clock is paused
    assert "days overdue" in overdue

    on_hold = manager_client.get(reverse("cases:list"), {"on_hold": "true"}).text
    assert "Case Held" in on_hold
    assert "Case Late" not in on_hold
    assert "On hold" in on_hold
    assert late.reference in manager_client.get(reverse("cases:list")).text


def test_list_query_count_is_constant(manager_client, review_manager, partnership):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(reverse("cases:list")).status_code == 200
        return len(captured)

    for number in range(3):
        notify(review_manager, partnership, f"Few {number}")
    few = queries()
    for number in range(22):
        notify(review_manager, partnership, f"Many {number}")
    assert queries() == few


def test_list_is_paginated(manager_client, review_manager, partnership):
    for number in range(30):
        notify(review_manager, partnership, f"Paged {number:02d}")
    first = manager_client.get(reverse("cases:list")).text
    assert 'aria-label="Pagination"' in first
    assert first.count("govuk-table__row") == 26  # header + 25 rows
    assert "30 reviews" in first


def test_roles_without_reviews_see_an_empty_list(
    client, steering_member, review_manager, partnership
):
    notify(review_manager, partnership, "Hidden")
    client.force_login(steering_member)
    page = client.get(reverse("cases:list"))
    assert "Hidden" not in page.text
    assert "There are no reviews you can open yet." in page.text


def test_record_notification_from_the_page(manager_client, partnership):
    form = manager_client.get(reverse("cases:new"))
    assert "Record a notification" in form.text
    response = manager_client.post(
        reverse("cases:new"),
        {
            "partnership": partnership.pk,
            "pseudonym": "Case Orla",
            "review_type": "dhr",
            "date_of_death": "01/11/2026",
            "notified_on": "03/11/2026",
            "notifying_agency": "",
            "criterion": "relative_or_partner",
            "relationship_category": "",
            "circumstances": "Found at home.",
        },
    )
    assert response.status_code == 200  # the notifying agency is missing
    assert "Select the agency that notified the partnership" in response.text
    assert 'value="Case Orla"' in response.text
    assert not Review.objects.exists()


def test_notification_dates_are_checked(manager_client, partnership, agency):
    response = manager_client.post(
        reverse("cases:new"),
        {
            "partnership": partnership.pk,
            "pseudonym": "Orla",
            "review_type": "dhr",
            "date_of_death": "05/11/2026",
            "notified_on": "03/11/2026",
            "notifying_agency": agency.pk,
            "criterion": "relative_or_partner",
            "circumstances": "Found at home.",
        },
    )
    assert "The notification date must be on or after the date of death" in response.text
    assert not Review.objects.exists()


def test_only_review_managers_record_notifications(client, users_by_role):
    for role, user in users_by_role.items():
        client.force_login(user)
        expected = 200 if role == "review_manager" else 403
        assert client.get(reverse("cases:new")).status_code == expected, role
