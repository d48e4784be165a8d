"""The dashboard's snapshots: figures worked out once and kept a few minutes, said so on the
page, kept warm by the refresh task, never shared between people who would see different
figures, and never older than the setting allows."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases.models import Stage
from dhr.accounts.roles import Role
from dhr.dashboard import snapshots
from dhr.dashboard.tasks import refresh_dashboards
from tests.cases.factories import walk_to
from tests.dhr.dashboard import dashboard_queries
from tests.dhr.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def snapshots_on(settings):
    settings.DHR_DASHBOARD_FRESH_MINUTES = 15
    cache.clear()
    yield
    cache.clear()


def _total(client, **query) -> int:
    """The pipeline's total, as the page shows it (and then its CSV, from the same snapshot)."""
    page = client.get(reverse("dhr:dashboard"), query)
    assert page.status_code == 200
    csv = client.get(reverse("dhr:dashboard_csv", args=["pipeline-stage"]), query)
    total_row = csv.content.decode("utf-8-sig").splitlines()[-1]
    assert total_row.startswith("Total,")
    return int(total_row.rsplit(",", 1)[1])


def test_the_page_reads_the_snapshot_and_says_when_it_was_worked_out(
    client, clock, steering_member, review_manager
):
    walk_to(Stage.PANEL, manager=review_manager)
    client.force_login(steering_member)
    worked_out = dashboard_queries(client)
    read = dashboard_queries(client)
    assert read < worked_out - 10  # no aggregate query the second time
    page = client.get(reverse("dhr:dashboard")).text
    assert "Figures worked out at 09:00 on 1 June 2026" in page
    assert "at least every 15 minutes" in page
    assert 'href="#pipeline"' in page  # the contents list, kept with the sections


def test_the_csv_links_carry_the_scope_not_the_request(client, clock, review_manager):
    medway = PartnershipFactory(name="Medway", code="MED")
    swale = review_manager.partnerships.get()
    both = UserFactory(role=Role.STEERING_GROUP, partnerships=[swale, medway])
    client.force_login(both)
    page = client.get(reverse("dhr:dashboard"), {"partnership": medway.pk, "year": 2026}).text
    assert f"/dashboard/tables/pipeline-stage.csv?partnership={medway.pk}&amp;year=2026" in page
    assert '/dashboard/tables/pipeline-stage.csv"' in client.get(reverse("dhr:dashboard")).text


def test_new_records_appear_when_the_snapshot_is_worked_out_again(
    client, clock, steering_member, review_manager
):
    walk_to(Stage.PANEL, manager=review_manager)
    client.force_login(steering_member)
    assert _total(client) == 1
    walk_to(Stage.SCOPING, manager=review_manager)
    assert _total(client) == 1  # the snapshot, as the page says

    assert refresh_dashboards() == 1
    assert _total(client) == 2

    walk_to(Stage.NOTIFIED, manager=review_manager)
    clock.shift(timedelta(minutes=16))  # older than the setting allows, and no refresh ran
    assert _total(client) == 3
    assert "Figures worked out at 09:16" in client.get(reverse("dhr:dashboard")).text


def test_the_steering_group_never_gets_the_managers_links(
    client, clock, steering_member, review_manager
):
    review = walk_to(Stage.PANEL, manager=review_manager)
    client.force_login(review_manager)
    assert f'href="/reviews/{review.reference}/"' in client.get(reverse("dhr:dashboard")).text
    client.force_login(steering_member)
    assert 'href="/reviews/' not in client.get(reverse("dhr:dashboard")).text
    refresh_dashboards()
    assert 'href="/reviews/' not in client.get(reverse("dhr:dashboard")).text


def test_another_partnerships_figures_are_its_own(client, clock, steering_member, review_manager):
    walk_to(Stage.PANEL, manager=review_manager)
    client.force_login(steering_member)
    assert _total(client) == 1
    medway = PartnershipFactory(name="Medway", code="MED")
    client.force_login(UserFactory(role=Role.STEERING_GROUP, partnerships=[medway]))
    assert _total(client) == 0


def test_each_filter_has_its_own_snapshot(client, clock, steering_member, review_manager):
    walk_to(Stage.PANEL, manager=review_manager)
    client.force_login(steering_member)
    assert (_total(client), _total(client, year=2025), _total(client, year=2026)) == (1, 0, 1)


def test_the_csv_holds_the_numbers_the_page_showed(client, clock, steering_member, review_manager):
    walk_to(Stage.PANEL, manager=review_manager)
    client.force_login(steering_member)
    client.get(reverse("dhr:dashboard"))
    walk_to(Stage.PANEL, manager=review_manager)
    csv = client.get(reverse("dhr:dashboard_csv", args=["pipeline-stage"]))
    assert "Panel under way,1,0,1" in csv.content.decode("utf-8-sig").splitlines()
    assert client.get(reverse("dhr:dashboard_csv", args=["no-such-figure"])).status_code == 404


def test_the_refresh_forgets_scopes_nobody_opened_for_a_week(
    client, clock, steering_member, review_manager
):
    client.force_login(steering_member)
    client.get(reverse("dhr:dashboard"))
    client.get(reverse("dhr:dashboard"), {"year": 2026})
    assert refresh_dashboards() == 2
    clock.shift(timedelta(days=6))
    client.force_login(steering_member)  # the session has long expired
    assert client.get(reverse("dhr:dashboard")).status_code == 200  # in use again: kept
    clock.shift(timedelta(days=2))
    assert refresh_dashboards() == 1


def test_an_unreadable_snapshot_is_worked_out_again(client, clock, steering_member, review_manager):
    walk_to(Stage.PANEL, manager=review_manager)
    client.force_login(steering_member)
    scope_key = snapshots.key_for(
        snapshots.Scope(
            user=steering_member, partnership_ids=(review_manager.partnerships.get().pk,)
        )
    )
    cache.set(scope_key, "not a snapshot")
    assert _total(client) == 1


def test_without_snapshots_the_figures_are_worked_out_every_time(
    client, clock, settings, steering_member, review_manager
):
    settings.DHR_DASHBOARD_FRESH_MINUTES = 0
    client.force_login(steering_member)
    assert client.get(reverse("dhr:dashboard")).context["sections"]  # worked out here
    assert _total(client) == 0
    walk_to(Stage.PANEL, manager=review_manager)
    assert _total(client) == 1
    assert "Figures worked out at" not in client.get(reverse("dhr:dashboard")).text


def test_the_refresh_is_scheduled_more_often_than_a_snapshot_goes_stale():
    from dhr.celery import app

    entry = app.conf.beat_schedule["refresh-dashboards"]
    assert entry["task"] == refresh_dashboards.name
    assert refresh_dashboards.name in app.tasks
    assert entry["schedule"] < timedelta(minutes=15)
