"""Learning events: the pages (validated forms, confirmation before delete, history with the
acting user, empty states, pagination in constant queries), attendance by agency, and the
practitioners reached per review and per theme (the reach page and the dashboard section)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.recommendations.services import themes_for
from cases.models import Stage
from dhr.dashboard.registry import section
from dhr.dashboard.scope import Scope
from publications.events import services
from publications.events.models import EventAttendance, LearningEvent
from tests.dhr.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(cast):
    return [
        cast.walk_to(Stage.NOTIFIED, pseudonym="Willow"),
        cast.walk_to(Stage.NOTIFIED, pseudonym="Birch"),
    ]


@pytest.fixture
def health(db):
    return AgencyFactory(name="Kent Community Health")


def _event(manager, *, title="Seeing coercive control", reviews=(), themes=(), held_on=None):
    partnership = manager.partnerships.get()
    return services.save_event(
        None,
        by=manager,
        partnership=partnership,
        title=title,
        held_on=held_on or date(2026, 9, 10),
        format=LearningEvent.Format.SEMINAR,
        audience="GPs and health visitors",
        reviews=reviews,
        themes=themes,
    )


def test_a_manager_records_an_event_through_the_form(client, review_manager, reviews):
    client.force_login(review_manager)
    url = reverse("publications:event_new")
    empty = client.post(url, {})
    body = empty.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the event&#x27;s title" in body
    assert "Enter the date of the event" in body
    assert "Select the format of the event" in body
    theme = themes_for(review_manager.partnerships.get()).get(name="Stalking")
    response = client.post(
        url,
        {
            "partnership": review_manager.partnerships.get().pk,
            "title": "Learning from Case Willow",
            "held_on": "10/09/2026",
            "format": "online",
            "audience": "Police officers",
            "reviews": [reviews[0].pk],
            "themes": [theme.pk],
        },
    )
    event = LearningEvent.objects.get()
    assert response["Location"] == reverse("publications:event", args=[event.pk])
    assert list(event.reviews.all()) == [reviews[0]]
    assert list(event.themes.all()) == [theme]
    page = client.get(response["Location"])
    assert "No registrations or attendance recorded yet." in page.content.decode()


def test_attendance_by_agency_is_validated_saved_and_removed(
    client, review_manager, agency, health
):
    event = _event(review_manager)
    client.force_login(review_manager)
    url = reverse("publications:event_attendance", args=[event.pk])
    bad = client.post(url, {"agency": agency.pk, "registered": "-1", "attended": "many"})
    body = bad.content.decode()
    assert "govuk-error-summary" in body
    assert "Registrations cannot be negative" in body
    assert "Enter attendance as a whole number, like 10" in body
    client.post(url, {"agency": agency.pk, "registered": "12", "attended": "10"})
    client.post(url, {"agency": health.pk, "registered": "5", "attended": "4"})
    client.post(url, {"agency": agency.pk, "registered": "12", "attended": "11"})
    rows = {row.agency.name: (row.registered, row.attended) for row in event.attendance.all()}
    assert rows == {"Kent Police": (12, 11), "Kent Community Health": (5, 4)}
    page = client.get(reverse("publications:event", args=[event.pk])).content.decode()
    assert 'id="attended-total">15<' in page
    client.post(url, {"agency": health.pk, "registered": "0", "attended": "0"})
    assert list(event.attendance.values_list("agency__name", flat=True)) == ["Kent Police"]
    history = client.get(reverse("publications:event_history", args=[event.pk]))
    text = history.content.decode()
    assert "Attendance of Kent Community Health" in text
    assert "Rita Manager" in text


def test_reach_per_review_and_per_theme(
    client, review_manager, steering_member, reviews, agency, health
):
    themes = themes_for(review_manager.partnerships.get())
    control, stalking = themes.get(name="Coercive control"), themes.get(name="Stalking")
    both = _event(review_manager, reviews=reviews, themes=[control])
    one = _event(review_manager, title="Stalking", reviews=[reviews[0]], themes=[control, stalking])
    services.record_attendance(both, by=review_manager, agency=agency, registered=20, attended=18)
    services.record_attendance(both, by=review_manager, agency=health, registered=6, attended=5)
    services.record_attendance(one, by=review_manager, agency=agency, registered=9, attended=7)

    by_review = {
        row.label: row.attended
        for row in services.reach_by_review(services.reach_reviews(steering_member))
    }
    willow, birch = reviews
    assert by_review == {
        f"{willow.reference} (Case Willow)": 30,
        f"{birch.reference} (Case Birch)": 23,
    }
    events = services.reach_events(steering_member)
    assert {row.label: row.attended for row in services.reach_by_theme(events)} == {
        "Coercive control": 30,
        "Stalking": 7,
    }
    assert {
        row.label: (row.registered, row.attended) for row in services.reach_by_agency(events)
    } == {"Kent Police": (29, 25), "Kent Community Health": (6, 5)}

    client.force_login(steering_member)
    page = client.get(reverse("publications:event_reach")).content.decode()
    assert "Practitioners reached per review" in page
    assert "Case Willow" in page
    assert (
        client.get(reverse("publications:event_reach"), {"year": "2025"}).context["by_review"] == []
    )
    # The steering group reads the figures, never the events' pages.
    assert client.get(reverse("publications:events")).status_code == 403

    figures = section("learning").build(
        Scope(user=steering_member, partnership_ids=(review_manager.partnerships.get().pk,))
    )
    per_review = {row.label: row.cells[0].value for row in figures[0].rows}
    assert per_review[f"{willow.reference} (Case Willow)"] == 30
    assert {row.label: row.cells[0].value for row in figures[1].rows}["Stalking"] == 7
    dashboard = client.get(reverse("dhr:dashboard")).content.decode()
    assert "Practitioners reached per theme" in dashboard


def test_the_list_is_paginated_in_constant_queries(client, review_manager, reviews, agency):
    client.force_login(review_manager)
    url = reverse("publications:events")
    assert "No learning events have been recorded yet." in client.get(url).content.decode()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    event = _event(review_manager, reviews=reviews)
    services.record_attendance(event, by=review_manager, agency=agency, registered=3, attended=2)
    few = queries()
    for number in range(24):
        more = _event(review_manager, title=f"Session {number}", reviews=reviews)
        services.record_attendance(more, by=review_manager, agency=agency, registered=1, attended=1)
    assert queries() == few
    first = client.get(url)
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == 20
    assert first.context["page"].object_list[0].review_count == 2
    assert client.get(url, {"page": 2}).status_code == 200


def test_delete_asks_first_and_keeps_the_history(client, review_manager, agency):
    event = _event(review_manager)
    services.record_attendance(event, by=review_manager, agency=agency, registered=3, attended=2)
    client.force_login(review_manager)
    url = reverse("publications:event_delete", args=[event.pk])
    assert "Yes, delete it" in client.get(url).content.decode()
    assert LearningEvent.objects.exists()
    assert client.post(url)["Location"] == reverse("publications:events")
    assert not LearningEvent.objects.exists()
    assert not EventAttendance.objects.exists()
    assert LearningEvent.history.filter(history_type="-").get().history_user == review_manager


def test_other_partnerships_and_other_roles(
    client, review_manager, medway_manager, agency_member, chair, reviews
):
    event = _event(review_manager)
    client.force_login(medway_manager)
    assert client.get(reverse("publications:event", args=[event.pk])).status_code == 404
    # Medway's manager cannot cover Swale's reviews.
    page = client.post(
        reverse("publications:event_new"),
        {
            "partnership": medway_manager.partnerships.get().pk,
            "title": "Medway seminar",
            "held_on": "10/09/2026",
            "format": "seminar",
            "audience": "Everyone",
            "reviews": [reviews[0].pk],
        },
    )
    assert "govuk-error-summary" in page.content.decode()
    assert LearningEvent.objects.count() == 1
    for user in (agency_member, chair):
        client.force_login(user)
        assert client.get(reverse("publications:events")).status_code == 403
        assert client.get(reverse("publications:event_reach")).status_code == 403
