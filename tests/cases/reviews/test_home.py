"""Each role's home page starts its work, in a fixed number of queries however much there is."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.lifecycle import workflow
from cases.reviews.models import Stage
from tests.dhr.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def scoping_reviews(cast, count, start=0):
    """Reviews in information gathering, each with a request due from the cast's agency."""
    reviews = []
    for number in range(start, start + count):
        review = cast.walk_to(Stage.SCOPING, pseudonym=f"Home {number}")
        workflow.send_information_request(
            review,
            by=cast.manager,
            agency=cast.agency,
            sent_on=date(2026, 1, 12),
            due_on=date(2026, 1, 20 + number),
        )
        reviews.append(review)
    return reviews


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.text


def queries_for_home(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def test_the_manager_sees_open_reviews_with_what_is_due_and_can_record_a_notification(client, cast):
    first, second = scoping_reviews(cast, 2)
    closed = cast.walk_to(Stage.CLOSED, pseudonym="Home closed")
    page = home(client, cast.manager)
    assert "Your open reviews" in page
    assert f'href="{reverse("cases:new")}"' in page
    assert "Record a notification" in page
    assert first.reference in page
    assert second.reference in page
    assert closed.reference not in page
    # What is due next: the request that falls due first, overdue by now (January 2026).
    assert "Information return from" in page or "Kent Police" in page
    assert page.index(first.reference) < page.index(second.reference)
    assert "overdue" in page
    assert f'href="{reverse("deadlines:my_work")}"' in page


def test_a_manager_with_no_reviews_is_told_so(client, review_manager):
    page = home(client, review_manager)
    assert 'id="no-open-reviews"' in page
    assert "Record a notification" in page


def test_a_manager_does_not_see_another_partnerships_reviews(client, cast, medway_manager):
    scoping_reviews(cast, 1)
    page = home(client, medway_manager)
    assert 'id="no-open-reviews"' in page


def test_the_chair_sees_the_reviews_they_chair_and_no_notification_button(client, cast):
    chaired = cast.walk_to(Stage.CHAIR_APPOINTED, pseudonym="Home chaired")
    page = home(client, cast.chair)
    assert "Reviews you chair" in page
    assert chaired.reference in page
    assert "Record a notification" not in page


def test_the_agency_member_sees_the_open_requests_linking_to_the_answer(client, cast):
    review = scoping_reviews(cast, 1)[0]
    page = home(client, cast.agency_member)
    assert f"Open requests for {cast.agency}" in page
    assert review.reference in page
    request = review.info_requests.get()
    assert reverse("cases:request_answer", args=[review.reference, request.pk]) in page
    assert "Your open reviews" not in page


def test_another_agency_sees_none_of_those_requests(client, cast, outsider):
    review = scoping_reviews(cast, 1)[0]
    page = home(client, outsider)
    assert review.reference not in page
    assert 'id="no-open-requests"' in page


def test_more_reviews_than_the_home_shows_point_to_the_full_list(client, cast):
    scoping_reviews(cast, 11)
    page = home(client, cast.manager)
    assert "The 10 with the soonest deadlines, of 11" in page
    assert "Home 10" not in page  # the latest due is left for the list


@pytest.mark.parametrize("who", ["manager", "chair", "agency_member"])
def test_the_home_page_takes_as_many_queries_for_many_reviews_as_for_one(
    client, cast, who, django_assert_max_num_queries
):
    user = getattr(cast, who)

    def add(count, start):
        if who == "chair":
            for number in range(start, start + count):
                cast.walk_to(Stage.CHAIR_APPOINTED, pseudonym=f"Home {number}")
        else:
            scoping_reviews(cast, count, start)

    add(1, 0)
    few = queries_for_home(client, user)
    add(4, 1)
    # Another agency with requests must not change the agency member's count either.
    other = AgencyFactory(name="Other agency")
    assert other.pk
    with django_assert_max_num_queries(few):
        assert client.get(reverse("home")).status_code == 200
