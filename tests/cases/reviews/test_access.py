"""Who may open a review and see its restricted data (cases.reviews.access), role by role.

``reviews_for`` (``Review.objects.for_user``) is the permission boundary: each test states the
exact set a user gets, before and after the domain events that grant and revoke access.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from guardian.shortcuts import assign_perm

from cases.lifecycle import workflow
from cases.models import Review, Stage
from cases.reviews import access
from dhr.accounts.roles import Role, set_role
from panels.chairs import workflow as panels_workflow
from tests.cases.factories import agency_member_of, walk_to
from tests.dhr.factories import AgencyFactory, UserFactory


def visible(user) -> set:
    return set(Review.objects.for_user(user).values_list("pseudonym", flat=True))


def deactivate(user):
    user.is_active = False
    user.save()
    return user


def seat(review, manager, agency):
    return panels_workflow.add_panel_member(
        review,
        by=manager,
        agency=agency,
        role="agency",
        added_on=review.decision_on + timedelta(days=10),
    )


def ask(review, manager, agency):
    return workflow.send_information_request(
        review,
        by=manager,
        agency=agency,
        sent_on=review.notified_on,
        due_on=review.notified_on + timedelta(days=14),
    )


@pytest.fixture
def scoping_agency(db):
    """The agency every walk asks during scoping, so that Kent Police gets in only on purpose."""
    return AgencyFactory(name="Kent Fire and Rescue")


@pytest.fixture
def reviews(review_manager, medway_manager, scoping_agency, agency, chair):
    """Four reviews. Swale: "Panel" (Kent Police on its panel, chaired by Chris Chair),
    "Asked" (Kent Police sent a request), "Other" (nothing to do with Kent Police or Chris).
    Medway: "Medway" (Kent Police on its panel)."""

    def walk(stage, name, manager=review_manager, **kwargs):
        return walk_to(stage, manager=manager, agency=scoping_agency, pseudonym=name, **kwargs)

    panel = walk(Stage.CHAIR_APPOINTED, "Panel", chair_user=chair)
    seat(panel, review_manager, agency)
    asked = walk(Stage.SCOPING, "Asked")
    ask(asked, review_manager, agency)
    other = walk(Stage.PANEL, "Other")
    medway = walk(Stage.COMMISSIONED, "Medway", manager=medway_manager)
    seat(medway, medway_manager, agency)
    return {"panel": panel, "asked": asked, "other": other, "medway": medway}


# --- reviews_for, role by role -----------------------------------------------------------------


def test_a_review_manager_sees_every_review_of_their_partnerships_only(
    reviews, review_manager, medway_manager, partnership
):
    assert visible(review_manager) == {"Panel", "Asked", "Other"}
    assert visible(medway_manager) == {"Medway"}

    both = UserFactory(role=Role.REVIEW_MANAGER, partnerships=[partnership])
    both.partnerships.add(medway_manager.partnerships.get())
    assert visible(both) == {"Panel", "Asked", "Other", "Medway"}

    nowhere = UserFactory(role=Role.REVIEW_MANAGER)
    assert visible(nowhere) == set()


def test_a_chair_sees_only_the_reviews_they_were_appointed_to(reviews, chair, review_manager):
    assert visible(chair) == {"Panel"}
    assert visible(UserFactory(role=Role.CHAIR)) == set()

    # A second appointment adds exactly that review.
    second = walk_to(Stage.CHAIR_APPOINTED, manager=review_manager, chair_user=chair)
    assert visible(chair) == {"Panel", second.pseudonym}


def test_an_agency_member_sees_reviews_where_the_agency_sits_or_was_asked(
    reviews, agency_member, scoping_agency
):
    assert visible(agency_member) == {"Panel", "Asked", "Medway"}
    # Another agency's members see only what their agency was involved in.
    # (walks stop at "information gathering" before sending their request: not "Asked")
    assert visible(agency_member_of(scoping_agency)) == {"Panel", "Other", "Medway"}
    assert visible(agency_member_of(AgencyFactory(name="Kent Probation"))) == set()


def test_an_agency_member_without_an_agency_sees_nothing(reviews):
    assert visible(UserFactory(role=Role.AGENCY_MEMBER)) == set()


def test_agency_access_follows_the_panel_and_the_requests(
    reviews, review_manager, medway_manager, agency, agency_member
):
    # Off the Medway panel: Medway goes (Kent Police had no request there).
    panels_workflow.remove_panel_member(
        reviews["medway"].panel_members.get(agency=agency), by=medway_manager
    )
    assert visible(agency_member) == {"Panel", "Asked"}

    # The request to Kent Police withdrawn: "Asked" goes.
    workflow.withdraw_information_request(
        reviews["asked"].info_requests.get(agency=agency), by=review_manager
    )
    assert visible(agency_member) == {"Panel"}

    # Seated on "Other": it comes.
    seat(reviews["other"], review_manager, agency)
    assert visible(agency_member) == {"Panel", "Other"}


def test_an_answered_request_keeps_the_agency_in_after_it_leaves_the_panel(
    review_manager, agency, agency_member
):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager, agency=agency, pseudonym="Both")
    member = seat(review, review_manager, agency)
    panels_workflow.remove_panel_member(member, by=review_manager)
    assert review.info_requests.get(agency=agency).answered_at is not None
    assert visible(agency_member) == {"Both"}


def test_an_agency_member_moved_to_another_agency_loses_the_old_agencys_reviews(
    reviews, agency_member
):
    agency_member.agency = AgencyFactory(name="Kent Probation")
    set_role(agency_member, Role.AGENCY_MEMBER)
    assert visible(agency_member) == set()


def test_a_review_granted_both_to_the_user_and_to_their_group_comes_once_and_goes_with_both(
    reviews, review_manager, agency, agency_member
):
    """The user's own grants and their groups' are one set of ids (``UNION``): a review held
    both ways is listed and counted once, and stays until both grants are revoked."""
    panel = reviews["panel"]
    access.grant_chair(panel, agency_member)  # a direct grant on top of Kent Police's
    mine = Review.objects.for_user(agency_member)
    assert sorted(mine.values_list("pseudonym", flat=True)) == ["Asked", "Medway", "Panel"]
    assert mine.count() == 3
    assert mine.filter(pk=panel.pk).count() == 1

    panels_workflow.remove_panel_member(panel.panel_members.get(agency=agency), by=review_manager)
    assert visible(agency_member) == {"Panel", "Asked", "Medway"}  # the user's own grant
    access.revoke_chair(panel, agency_member)
    assert visible(agency_member) == {"Asked", "Medway"}


def test_only_the_view_permission_lets_a_user_in(reviews, agency_member, chair):
    """Another permission on the review, granted to the user or to their group, opens nothing."""
    other = reviews["other"]
    assign_perm("cases.change_review", chair, other)
    assign_perm("cases.change_review", agency_member.agency.group, other)
    assert "Other" not in visible(chair)
    assert "Other" not in visible(agency_member)


@pytest.mark.parametrize("who", ["steering_member", "administrator"])
def test_steering_group_and_administrators_open_no_review(request, reviews, who):
    assert visible(request.getfixturevalue(who)) == set()


def test_a_superuser_without_a_review_role_opens_no_review(reviews):
    root = UserFactory(is_superuser=True, is_staff=True)
    assert visible(root) == set()


@pytest.mark.parametrize("who", ["review_manager", "chair", "agency_member", "medway_manager"])
def test_a_deactivated_user_opens_no_review(request, reviews, who):
    user = request.getfixturevalue(who)
    assert visible(user)  # they did, while active
    assert visible(deactivate(user)) == set()


def test_an_anonymous_visitor_opens_no_review(reviews):
    assert visible(AnonymousUser()) == set()
    assert Review.objects.for_user(None).count() == 0


def test_reviews_for_narrows_a_given_queryset(reviews, review_manager):
    scoping_or_commissioned = Review.objects.filter(stage__in=[Stage.SCOPING, Stage.COMMISSIONED])
    narrowed = access.reviews_for(review_manager, scoping_or_commissioned)
    assert set(narrowed.values_list("pseudonym", flat=True)) == {"Asked"}


# --- can_see_restricted, manages, chairs -------------------------------------------------------


def test_restricted_data_is_for_the_partnerships_manager_and_the_appointed_chair(
    reviews,
    review_manager,
    medway_manager,
    chair,
    agency_member,
    steering_member,
    administrator,
    partnership,
):
    panel = reviews["panel"]
    another_chair = UserFactory(role=Role.CHAIR)
    another_swale_manager = UserFactory(role=Role.REVIEW_MANAGER, partnerships=[partnership])

    allowed = {review_manager, another_swale_manager, chair}
    everyone = allowed | {medway_manager, another_chair, agency_member, steering_member}
    everyone.add(administrator)
    for user in everyone:
        assert access.can_see_restricted(user, panel) is (user in allowed), user

    # The chair of one review has no restricted access to another they can see nothing of.
    assert not access.can_see_restricted(chair, reviews["other"])
    # Deactivation ends it.
    assert not access.can_see_restricted(deactivate(chair), panel)
    assert not access.can_see_restricted(deactivate(review_manager), panel)


def test_manages_and_chairs(reviews, review_manager, medway_manager, chair, agency_member):
    panel = reviews["panel"]
    assert access.manages(review_manager, panel)
    assert not access.manages(medway_manager, panel)
    assert not access.manages(chair, panel)
    assert access.chairs(chair, panel)
    assert not access.chairs(review_manager, panel)
    assert not access.chairs(chair, reviews["other"])
    assert not access.chairs(agency_member, panel)


def test_is_agency_member_of(agency, agency_member, chair):
    assert access.is_agency_member_of(agency_member, agency.pk)
    assert not access.is_agency_member_of(agency_member, AgencyFactory(name="Kent Probation").pk)
    assert not access.is_agency_member_of(chair, agency.pk)
    assert not access.is_agency_member_of(deactivate(agency_member), agency.pk)
