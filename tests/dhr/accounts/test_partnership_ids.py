"""``User.partnership_ids``: read once per user object, read again when they change through it.

``cases.reviews.access.manages`` asks it on every review page, several times a request."""

from cases.models import Review
from cases.reviews import access
from dhr.models import User
from tests.dhr.factories import PartnershipFactory, UserFactory


def test_the_partnerships_are_read_once_for_a_user_object(db, django_assert_num_queries):
    first, second = PartnershipFactory(), PartnershipFactory()
    user = UserFactory(role="review_manager", partnerships=[first])
    user = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert user.partnership_ids == {first.pk}
        assert second.pk not in user.partnership_ids


def test_a_change_through_the_user_is_seen_at_once(db):
    first, second = PartnershipFactory(), PartnershipFactory()
    user = UserFactory(role="review_manager", partnerships=[first])
    assert user.partnership_ids == {first.pk}
    user.partnerships.add(second)
    assert user.partnership_ids == {first.pk, second.pk}
    user.partnerships.remove(first)
    assert user.partnership_ids == {second.pk}
    user.partnerships.set([first])
    assert user.partnership_ids == {first.pk}
    user.partnerships.clear()
    assert user.partnership_ids == frozenset()


def test_a_change_through_the_partnership_is_seen_after_refreshing_or_on_the_next_request(db):
    first, second = PartnershipFactory(), PartnershipFactory()
    user = UserFactory(role="review_manager", partnerships=[first])
    assert user.partnership_ids == {first.pk}
    second.users.add(user)
    user.refresh_from_db()
    assert user.partnership_ids == {first.pk, second.pk}
    assert User.objects.get(pk=user.pk).partnership_ids == {first.pk, second.pk}


def test_manages_follows_the_partnerships(db):
    review = Review(partnership=PartnershipFactory())  # manages() reads its partnership only
    user = UserFactory(role="review_manager", partnerships=[PartnershipFactory()])
    assert not access.manages(user, review)
    user.partnerships.add(review.partnership)
    assert access.manages(user, review)
