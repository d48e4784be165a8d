"""Changing a review's independent chair: the domain action and the chair page.

Reviews are walked by ``tests.cases.factories`` with the ``cast`` (Chris Chair chairs, Kent
Police sits on the panel from the stage "panel"); the new chair comes from the pool.
"""

from datetime import date
from functools import partial

import pytest
from django.urls import reverse

from cases.models import Review, Stage, StageChange
from dhr.accounts.roles import Role
from panels.chairs import workflow
from tests.cases import conftest as review_fixtures
from tests.cases.factories import assert_refused, chair_profile_for
from tests.dhr.factories import UserFactory

# The review tests' fixtures, shared here (the people come from tests/conftest.py).
cast = review_fixtures.cast
manager_client = review_fixtures.manager_client

CHANGED_ON = date(2026, 4, 1)  # after CAST_PLAN's appointment on 2 March 2026
REASON = "Chris Chair stood down for health reasons."


@pytest.fixture
def new_chair(db):
    """Nora New, an available chair in the pool with no declared conflicts."""
    return chair_profile_for(UserFactory(full_name="Nora New", role=Role.CHAIR))


def change(review, by, chair, *, reason=REASON, appointed_on=CHANGED_ON):
    return partial(
        workflow.change_chair,
        review,
        by=by,
        chair=chair,
        appointed_on=appointed_on,
        reason=reason,
    )


def chair_page(review):
    return reverse("panels:appoint_chair", args=[review.reference])


def review_page(review):
    return reverse("cases:detail", args=[review.reference])


# --- The domain -------------------------------------------------------------------------------


def test_the_new_chair_replaces_the_old_one_in_access_and_on_record(client, cast, new_chair):
    review = cast.walk_to(Stage.PANEL)
    assert review in Review.objects.for_user(cast.chair)

    change(review, cast.manager, new_chair)()

    review.refresh_from_db()
    assert review.chair == new_chair.user
    assert review.chair_appointed_on == CHANGED_ON
    assert review.stage == Stage.PANEL
    assert review not in Review.objects.for_user(cast.chair)
    assert review in Review.objects.for_user(new_chair.user)
    client.force_login(cast.chair)
    assert client.get(review_page(review)).status_code == 404
    client.force_login(new_chair.user)
    assert client.get(review_page(review)).status_code == 200
    stage_change = review.stage_changes.latest("at")
    assert (stage_change.action, stage_change.reason) == ("change_chair", REASON)
    assert stage_change.from_stage == stage_change.to_stage == Stage.PANEL
    assert review.history.latest().history_change_reason == REASON


@pytest.mark.parametrize("stage", sorted(workflow.CHAIR_CHANGE_STAGES))
def test_the_chair_can_change_at_every_stage_after_appointment(cast, new_chair, stage):
    review = cast.walk_to(stage)

    change(review, cast.manager, new_chair)()

    review.refresh_from_db()
    assert review.chair == new_chair.user
    assert review.stage == stage


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_change_without_a_reason_is_refused(cast, new_chair, reason):
    review = cast.walk_to(Stage.PANEL)
    assert_refused(
        change(review, cast.manager, new_chair, reason=reason),
        review,
        says="Say why the chair is changing.",
    )
    assert review in Review.objects.for_user(cast.chair)
    assert review not in Review.objects.for_user(new_chair.user)


def test_the_same_chair_is_refused(cast):
    review = cast.walk_to(Stage.PANEL)
    assert_refused(
        change(review, cast.manager, chair_profile_for(cast.chair)),
        review,
        says="already chairs this review",
    )
    assert review in Review.objects.for_user(cast.chair)


def test_a_chair_with_a_conflict_against_the_panel_is_refused(cast):
    review = cast.walk_to(Stage.PANEL)  # Kent Police is on the panel
    conflicted = chair_profile_for(conflicts=[cast.agency])
    assert_refused(
        change(review, cast.manager, conflicted),
        review,
        says="has declared a conflict of interest with an agency on this panel: Kent Police",
    )
    assert review in Review.objects.for_user(cast.chair)
    assert review not in Review.objects.for_user(conflicted.user)


def test_a_chair_out_of_the_pool_is_refused(cast):
    review = cast.walk_to(Stage.PANEL)
    unavailable = chair_profile_for(is_available=False)
    assert_refused(
        change(review, cast.manager, unavailable), review, says="is not available for new reviews"
    )


def test_a_date_before_the_previous_appointment_is_refused(cast, new_chair):
    review = cast.walk_to(Stage.PANEL)
    assert_refused(
        change(review, cast.manager, new_chair, appointed_on=date(2026, 3, 1)),
        review,
        says="cannot be before the previous chair's appointment",
    )


@pytest.mark.parametrize("who", ["chair", "agency_member"])
def test_only_the_review_manager_changes_the_chair(cast, new_chair, who):
    review = cast.walk_to(Stage.PANEL)
    assert_refused(
        change(review, getattr(cast, who), new_chair),
        review,
        says="Your role in this review does not allow this.",
    )


def test_the_chair_cannot_change_before_one_is_appointed(cast, new_chair):
    review = cast.walk_to(Stage.COMMISSIONED)
    assert_refused(
        change(review, cast.manager, new_chair),
        review,
        says="Not possible while the review is at the stage “Commissioned”",
    )


# --- The chair page ---------------------------------------------------------------------------


def test_manager_changes_the_chair_from_the_page(manager_client, cast, new_chair):
    review = cast.walk_to(Stage.PANEL)

    page = manager_client.get(chair_page(review))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Change the chair" in text
    assert "Reason for the change" in text
    assert "Nora New" in text
    response = manager_client.post(
        chair_page(review),
        {"chair": new_chair.pk, "appointed_on": "01/04/2026", "reason": REASON},
    )

    assert response.status_code == 302
    assert response["Location"] == review_page(review)
    review.refresh_from_db()
    assert review.chair == new_chair.user
    assert review.chair_appointed_on == CHANGED_ON
    assert StageChange.objects.filter(review=review, action="change_chair", reason=REASON).exists()
    assert review not in Review.objects.for_user(cast.chair)


def test_change_errors_are_shown_with_the_input_kept(manager_client, cast, new_chair):
    review = cast.walk_to(Stage.PANEL)

    response = manager_client.post(
        chair_page(review), {"chair": new_chair.pk, "appointed_on": "01/04/2026"}
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter the reason for the change" in text
    assert 'value="01/04/2026"' in text
    assert response.context["form"]["chair"].value() == str(new_chair.pk)
    review.refresh_from_db()
    assert review.chair == cast.chair


def test_a_change_refused_by_the_domain_is_shown_with_the_input_kept(manager_client, cast):
    review = cast.walk_to(Stage.PANEL)
    conflicted = chair_profile_for(
        UserFactory(full_name="Connie Conflict", role=Role.CHAIR), conflicts=[cast.agency]
    )

    response = manager_client.post(
        chair_page(review),
        {"chair": conflicted.pk, "appointed_on": "01/04/2026", "reason": REASON},
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    # The form says no before the domain is asked (which would refuse too).
    assert "Connie Conflict cannot be appointed: they declared a conflict of interest with " in text
    assert "Kent Police, which is on this panel. Select another chair" in text
    assert REASON in text
    review.refresh_from_db()
    assert review.chair == cast.chair


def test_the_chair_sees_who_chairs_but_cannot_change_it(client, cast, new_chair):
    review = cast.walk_to(Stage.PANEL)
    client.force_login(cast.chair)

    page = client.get(chair_page(review))

    assert page.status_code == 200
    assert page.context["form"] is None
    response = client.post(
        chair_page(review),
        {"chair": new_chair.pk, "appointed_on": "01/04/2026", "reason": REASON},
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.chair == cast.chair


def test_no_change_is_offered_once_the_review_is_closed(manager_client, cast):
    review = cast.walk_to(Stage.CLOSED)

    page = manager_client.get(chair_page(review))

    assert page.context["form"] is None
    assert "You cannot change the chair now" in page.content.decode()
